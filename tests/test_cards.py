"""Talk cards and report headers as built by Sphinx from the test-basic root."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag
from confnotes.nodes import talk_time
from docutils import nodes
from sphinx.util.console import strip_colors

if TYPE_CHECKING:
    from conftest import RootBuild
    from sphinx.testing.util import SphinxTestApp

EP = "reports/ep2020"
DVC = "europython-2020-automating-machine-learning-workflow-with-dvc"
CLEANING = "europython-2020-tips-for-data-cleaning"
SCALING = "scaling-talk"  # explicit :id:
CANCELLED = "europython-2020-a-talk-that-did-not-happen"
EP_IDS = [DVC, CLEANING, SCALING, CANCELLED]
EP_TITLES = [
    "Automating machine learning workflow with DVC",
    "Tips for Data Cleaning",
    "Scaling pandas",
    "A talk that did not happen",
]


@pytest.fixture(scope="module")
def built(built_root: RootBuild) -> SphinxTestApp:
    """One build of test-basic, shared by every test that only reads it."""
    return built_root("basic")


def soup(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def body(app: SphinxTestApp, docname: str) -> Tag:
    found = soup(app, docname).select_one("div.body, article, main")
    assert found is not None
    return found


def cards(app: SphinxTestApp, docname: str) -> list[Tag]:
    return body(app, docname).select("section.confnotes-talk")


def heading(card: Tag) -> Tag:
    found = card.find(re.compile(r"^h[1-6]$"))
    assert found is not None
    return found


def title_text(card: Tag) -> str:
    """The talk title as shown in the heading, without time and permalink."""
    h = heading(card)
    parts = [
        child.get_text() if isinstance(child, Tag) else str(child)
        for child in h.children
        if not (
            isinstance(child, Tag)
            and (child.name == "time" or "headerlink" in child.get("class", []))
        )
    ]
    text = "".join(parts).strip()
    return text.lstrip("\u2013").strip()


def times(card: Tag) -> list[tuple[str, str]]:
    return [(t.get_text(), t["datetime"]) for t in heading(card).find_all("time")]


# -- cards on a report page ----------------------------------------------------------


def test_no_warnings_for_valid_input(built: SphinxTestApp) -> None:
    assert strip_colors(built.warning.getvalue()).strip() == ""


def test_one_card_per_talk_with_titles_in_order(built: SphinxTestApp) -> None:
    found = cards(built, EP)
    assert len(found) == 4
    assert [title_text(c) for c in found] == EP_TITLES
    # The cards sit under "## Talks", so their headings are one level below it.
    assert {heading(c).name for c in found} == {"h3"}
    assert all("sd-card" in c["class"] for c in found)


def test_card_anchors(built: SphinxTestApp) -> None:
    assert [c["id"] for c in cards(built, EP)] == EP_IDS
    ids = [t["id"] for t in soup(built, EP).find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids in the page"
    permalinks = [heading(c).select_one("a.headerlink")["href"] for c in cards(built, EP)]
    assert permalinks == [f"#{i}" for i in EP_IDS]


def test_title_links_to_talk_page(built: SphinxTestApp) -> None:
    first, *others = cards(built, EP)
    link = heading(first).select_one("a.confnotes-talk-link")
    assert link is not None
    assert link.get_text() == EP_TITLES[0]
    assert link["href"] == (
        "https://ep2020.europython.eu/talks/CXG7TcM-automating-machine-learning-workflow-with-dvc/"
    )
    for card in others:  # no :link: given
        assert heading(card).select_one("a.confnotes-talk-link") is None


def test_time_elements_carry_offset(built: SphinxTestApp) -> None:
    found = cards(built, EP)
    assert times(found[0]) == [("07:00", "2020-07-24T07:00:00+01:00")]
    assert times(found[1]) == [
        ("07:30", "2020-07-24T07:30:00+01:00"),
        ("08:00", "2020-07-24T08:00:00+01:00"),
    ]
    assert times(found[2]) == [  # 08:15+45min
        ("08:15", "2020-07-24T08:15:00+01:00"),
        ("09:00", "2020-07-24T09:00:00+01:00"),
    ]
    assert times(found[3]) == [  # "09:00 – 10:30"
        ("09:00", "2020-07-24T09:00:00+01:00"),
        ("10:30", "2020-07-24T10:30:00+01:00"),
    ]
    # 07:00 in London (BST) is 06:00 UTC.
    start = dt.datetime.fromisoformat(times(found[0])[0][1])
    assert start.astimezone(dt.UTC) == dt.datetime(2020, 7, 24, 6, 0, tzinfo=dt.UTC)
    # Shown as a range with an en dash between the two <time> elements.
    assert "07:30\u201308:00" in heading(found[1]).get_text()


def test_speakers(built: SphinxTestApp) -> None:
    speakers = [[s.get_text() for s in c.select(".confnotes-speaker")] for c in cards(built, EP)]
    assert speakers == [
        ["Hongjoo Lee"],
        ["Hui Ziang Chua", "Second Speaker"],
        ["Pat Scale"],
        ["Nobody Here"],
    ]


def test_tags_and_resources(built: SphinxTestApp) -> None:
    dvc, cleaning, *_ = cards(built, EP)
    assert [t.get_text() for t in dvc.select(".confnotes-tag")] == ["mlops", "data versioning"]
    assert [(a.get_text(), a["href"]) for a in cleaning.select("a.confnotes-resource")] == [
        ("Video", "https://www.youtube.com/watch?v=abc"),
        ("Slides", "https://example.org/slides.pdf"),
        ("Code", "https://github.com/example/cleaning"),
    ]
    assert dvc.select("a.confnotes-resource") == []


def test_cancelled_talk_is_marked(built: SphinxTestApp) -> None:
    found = cards(built, EP)
    marked = [c["id"] for c in found if "confnotes-cancelled" in c["class"]]
    assert marked == [CANCELLED]
    badges = [b.get_text() for c in found for b in c.select(".confnotes-status")]
    assert badges == ["Cancelled"]
    assert found[3].select_one(".confnotes-status").get_text() == "Cancelled"
    # Still a full card: title, speaker and body.
    assert "The speaker was ill." in found[3].get_text()


def test_body_headings_are_rubrics_inside_the_card(built: SphinxTestApp) -> None:
    dvc, cleaning, *_ = cards(built, EP)
    assert dvc.find("section") is None
    assert [r.get_text() for r in dvc.select(".confnotes-talk-body p.rubric")] == [
        "Notes from talk",
        "My thoughts",
    ]
    assert [r.get_text() for r in cleaning.select(".confnotes-talk-body p.rubric")] == [
        "Notes from talk",
        "My thoughts",
    ]
    # Only the card's own title is a heading inside the card.
    assert len(dvc.find_all(re.compile(r"^h[1-6]$"))) == 1
    # The text after "### My thoughts" stays in the card it belongs to.
    assert "DVC-THOUGHTS-MARKER" in dvc.get_text()
    assert "CLEANING-THOUGHTS-MARKER" in cleaning.get_text()
    assert "CLEANING-THOUGHTS-MARKER" not in dvc.get_text()
    # The next section of the page is not swallowed by the last card.
    after = body(built, EP).find(id="after-the-talks")
    assert after is not None and after.name == "section"
    assert after.find_parent("section", class_="confnotes-talk") is None
    assert "AFTER-TALKS-MARKER" in after.get_text()


def test_body_headings_in_doctree(built: SphinxTestApp) -> None:
    doctree = built.env.get_doctree(EP)
    card = next(s for s in doctree.findall(nodes.section) if DVC in s["ids"])
    inner = [n for n in card.findall(nodes.section) if n is not card]
    assert inner == []
    rubrics = [r.astext() for r in card.findall(nodes.rubric)]
    assert rubrics == ["Notes from talk", "My thoughts"]
    # Section titles of the page: the talk cards and the page's own sections only.
    titles = [s.next_node(nodes.title).astext() for s in doctree.findall(nodes.section)]
    assert not any(t in {"Notes from talk", "My thoughts"} for t in titles)


def test_rich_body_content(built: SphinxTestApp) -> None:
    dvc = cards(built, EP)[0]
    content = dvc.select_one(".confnotes-talk-body")
    assert content is not None
    nested = content.select("ul > li > ul > li")
    assert [li.get_text(strip=True) for li in nested] == [
        "Often getting data requires domain expertise",
        "Often software engineers are needed for deployment",
    ]
    code = content.select_one("div.highlight-python pre")
    assert code is not None and 'print("dvc repro")' in code.get_text()
    figure = content.select_one("figure")
    assert figure is not None
    img = figure.find("img")
    assert img["alt"] == "A pipeline chart"
    assert img["src"].endswith("chart.png")
    assert (built.outdir / "_images" / "chart.png").is_file()
    assert figure.find("figcaption").get_text(strip=True).startswith("The DVC pipeline")


# -- table of contents ----------------------------------------------------------------


def toc_anchors(app: SphinxTestApp, docname: str) -> list[str]:
    return [
        r["anchorname"].lstrip("#")
        for r in app.env.tocs[docname].findall(nodes.reference)
        if r["anchorname"]
    ]


def test_talks_in_toc_in_written_order(built: SphinxTestApp) -> None:
    assert toc_anchors(built, EP) == ["talks", *EP_IDS, "after-the-talks"]
    toc = built.env.tocs[EP]
    assert list(toc.findall(talk_time)) == []
    texts = [r.astext() for r in toc.findall(nodes.reference)]
    assert "07:00 Automating machine learning workflow with DVC" in texts


def test_toc_in_html_has_no_time_element(built: SphinxTestApp) -> None:
    toctree = body(built, "index").select_one("div.toctree-wrapper")
    assert toctree is not None
    entries = {a["href"]: a for a in toctree.find_all("a")}
    entry = entries[f"reports/ep2020.html#{DVC}"]
    assert entry.find("time") is None
    assert "Automating machine learning workflow with DVC" in entry.get_text()
    assert toctree.find("time") is None
    # The talk's <time> stays on the card.
    assert heading(cards(built, EP)[0]).find("time") is not None


# -- general index ---------------------------------------------------------------------


def test_genindex_lists_talks(built: SphinxTestApp) -> None:
    index = soup(built, "genindex")
    links = {(a.get_text(" ", strip=True), a["href"]) for a in index.select("div.body a[href]")}
    text = index.get_text(" ", strip=True)
    assert "Automating machine learning workflow with DVC (EuroPython 2020)" in text
    assert "Scaling pandas (EuroPython 2020)" in text
    assert "Polars in de praktijk (PyData Amsterdam 2023)" in text
    hrefs = {href for _, href in links}
    assert f"reports/ep2020.html#{DVC}" in hrefs
    assert f"reports/ep2020.html#{SCALING}" in hrefs
    # Speakers are in the speaker index, not here (unless asked for).
    for speaker in ("Hongjoo Lee", "Hui Ziang Chua", "Second Speaker", "Jan Jansen"):
        assert speaker not in text


def test_genindex_lists_speakers_when_asked(built_root: RootBuild) -> None:
    app = built_root("basic", confoverrides={"confnotes_index_speakers": True})
    index = soup(app, "genindex")
    links = {(a.get_text(" ", strip=True), a["href"]) for a in index.select("div.body a[href]")}
    text = index.get_text(" ", strip=True)
    for speaker in ("Hongjoo Lee", "Hui Ziang Chua", "Second Speaker", "Jan Jansen"):
        assert speaker in text
    # A speaker entry points at the talk, under the speaker's name.
    assert ("Tips for Data Cleaning", f"reports/ep2020.html#{CLEANING}") in links
    assert "Scaling pandas (EuroPython 2020)" in text


# -- page language ----------------------------------------------------------------------


def test_page_in_other_language_gets_lang(built: SphinxTestApp) -> None:
    section = body(built, "reports/nl").find("section", recursive=False)
    assert section is not None
    assert section.get("lang") == "nl"
    assert section["id"] == "pydata-amsterdam-2023"
    header = section.select_one(".confnotes-report")
    # The header speaks the page's language: Dutch, saying it is written in Dutch.
    assert header.get("lang") == "nl"
    assert header.select_one(".confnotes-language").get_text() == "geschreven in het Nederlands"
    assert header.select_one(".confnotes-timezone").get_text().startswith("tijden in ")


def test_page_in_site_language_has_no_lang(built: SphinxTestApp) -> None:
    content = body(built, EP)
    section = content.find("section", recursive=False)
    assert section is not None
    assert section.get("lang") is None
    # Nothing in the page's content claims another language.
    assert {t["lang"] for t in content.find_all(lang=True)} <= {"en"}
    assert content.select_one(".confnotes-language") is None
    # Pages without a report never get one.
    assert body(built, "plain").find(lang=True) is None


# -- report header ----------------------------------------------------------------------


def test_report_header(built: SphinxTestApp) -> None:
    header = body(built, EP).select_one(".confnotes-report")
    assert header is not None
    conference = header.select_one("a.confnotes-conference")
    assert conference.get_text() == "EuroPython 2020"
    assert conference["href"] == "https://ep2020.europython.eu/"
    date = header.select_one("time.confnotes-date")
    assert date.get_text() == "Friday, July 24, 2020"
    assert date["datetime"] == "2020-07-24"
    assert header.select_one(".confnotes-location").get_text() == "online"
    assert header.select_one(".confnotes-timezone").get_text() == "times in Europe/London"
    assert header.select_one(".confnotes-authors").get_text() == "by Jane Doe and John Roe"
    assert [t.get_text() for t in header.select(".confnotes-tag")] == ["python", "data science"]
    # The header comes right after the page title, before the intro prose.
    assert header.find_previous_sibling().name == "h1"


def test_report_without_website_shows_plain_name(built: SphinxTestApp) -> None:
    header = body(built, "reports/nl").select_one(".confnotes-report")
    assert header.select_one("a.confnotes-conference") is None
    assert header.find("strong").get_text() == "PyData Amsterdam 2023"


def test_multi_day_report(built: SphinxTestApp) -> None:
    page = body(built, "reports/multiday")
    date = page.select_one(".confnotes-report time.confnotes-date")
    assert date["datetime"] == "2021-07-12"
    shown = date.get_text()
    assert re.search(r"\b12\b", shown) and re.search(r"\b14\b", shown) and "2021" in shown
    (card,) = cards(built, "reports/multiday")
    assert card["id"] == "scipy-2021-day-two-keynote"
    # The talk's own :date:, in the report's zone (Chicago, CDT = UTC-5).
    assert times(card) == [
        ("09:30", "2021-07-13T09:30:00-05:00"),
        ("10:30", "2021-07-13T10:30:00-05:00"),
    ]


def test_talk_without_report(built: SphinxTestApp) -> None:
    (card,) = cards(built, "plain")
    assert card["id"] == "plain-a-talk-without-a-report"
    assert times(card) == [("07:00", "07:00")]
    assert title_text(card) == "A talk without a report"
    assert [s.get_text() for s in card.select(".confnotes-speaker")] == ["Solo Speaker"]
    assert body(built, "plain").select_one(".confnotes-report") is None


# -- references ---------------------------------------------------------------------------


def refs(app: SphinxTestApp) -> list[Tag]:
    return body(app, "refs").select("p")


def test_talk_role_by_id_shows_title(built: SphinxTestApp) -> None:
    by_id, explicit_id, *_ = refs(built)
    link = by_id.find("a")
    assert link["href"] == f"reports/ep2020.html#{DVC}"
    assert link.get_text() == "Automating machine learning workflow with DVC"
    link = explicit_id.find("a")
    assert link["href"] == f"reports/ep2020.html#{SCALING}"
    assert link.get_text() == "Scaling pandas"


def test_talk_role_with_explicit_text(built: SphinxTestApp) -> None:
    link = refs(built)[2].find("a")
    assert link["href"] == f"reports/ep2020.html#{DVC}"
    assert link.get_text(" ", strip=True) == "the DVC talk"


def test_talk_role_with_explicit_text_is_prose(built: SphinxTestApp) -> None:
    link = refs(built)[2].find("a")
    assert link.find("code") is None
    assert link.get_text() == "the DVC talk"


def test_std_ref_to_talk_id(built: SphinxTestApp) -> None:
    link = refs(built)[3].find("a")
    assert link["href"] == f"reports/ep2020.html#{DVC}"
    assert link.get_text() == "Automating machine learning workflow with DVC"


def test_domain_records_talks(built: SphinxTestApp) -> None:
    domain = built.env.domains["confnotes"]
    talks = domain.talks[EP]
    assert [t.id for t in talks] == EP_IDS
    assert [t.title for t in talks] == EP_TITLES
    assert talks[0].conference == "EuroPython 2020"
    assert talks[0].start == "2020-07-24T07:00:00+01:00"
    assert talks[1].speakers == ("Hui Ziang Chua", "Second Speaker")
    assert talks[3].status == "cancelled"
    report = domain.reports[EP]
    assert report.title == "EuroPython Conference 2020, Day 2"
    assert (report.start, report.end) == ("2020-07-24", "2020-07-24")
