"""Generated listings (tool index, matrix, speakers, talk lists, series) on the test-indexes root.

Two conferences: PyData Alpha 2023 (two report pages, one series) and EuroSci 2024
(one page). Ada Lovelace speaks at both. Tools are mentioned through the ``{tool}``
role (plain and with explicit text), a ``{.tool}`` link and ``{.tool}`` code spans,
by id, name, alias and package; ``frobnicator`` is not in the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from conftest import Built, SiteKit

ALPHA, EUROSCI = "PyData Alpha 2023", "EuroSci 2024"
DAY1, DAY2, REPORT_B = "conf-a/day-1", "conf-a/day-2", "conf-b/report"
FL_EDGE = "pydata-alpha-2023-federated-learning-at-the-edge"
DF = "pydata-alpha-2023-dataframes-compared"
RETIRED = "pydata-alpha-2023-retired-talk"
PIPELINES = "pydata-alpha-2023-pipelines-with-dvc"
FL_PRACTICE = "eurosci-2024-federated-analytics-in-practice"
QUERY = "eurosci-2024-query-engines"
TALKS = {
    FL_EDGE: (DAY1, "Federated learning at the edge"),
    DF: (DAY1, "DataFrames compared"),
    RETIRED: (DAY1, "Retired talk"),
    PIPELINES: (DAY2, "Pipelines with DVC"),
    FL_PRACTICE: (REPORT_B, "Federated analytics in practice"),
    QUERY: (REPORT_B, "Query engines"),
}
REGISTRY = ["DuckDB", "DVC", "Flower", "MLflow", "pandas", "Polars", "scikit-learn"]


@pytest.fixture(scope="module")
def site(indexes_site: Built) -> Built:
    return indexes_site


@pytest.fixture(scope="module")
def srcdir(site: Built) -> Path:
    return site.outdir.parent.parent / "src"


def main(sitekit: SiteKit, site: Built, page: str) -> Tag:
    return sitekit.main(site.outdir / f"{page}.html")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def text(node: Tag) -> str:
    return " ".join(node.get_text().split())


def entries(sitekit: SiteKit, site: Built) -> dict[str, Tag]:
    index = main(sitekit, site, "tools").select_one(".confnotes-tool-index")
    assert index is not None
    out = {}
    for entry in index.select(".confnotes-tool-entry"):
        name = entry.select_one(".confnotes-tool-name strong")
        assert name is not None
        out[name.get_text()] = entry
    return out


def mention_groups(entry: Tag) -> list[tuple[str, list[str]]]:
    """(conference, [href of each mention]) in the order shown."""
    groups = []
    for item in entry.select(".confnotes-mentions > ul > li"):
        conf = item.select_one(".confnotes-conference")
        assert conf is not None
        hrefs = [a["href"] for a in item.select("ul a[href]")]
        groups.append((conf.get_text(), hrefs))
    return groups


def section(sitekit: SiteKit, site: Built, page: str, section_id: str) -> Tag:
    found = main(sitekit, site, page).select_one(f"section#{section_id}")
    assert found is not None, section_id
    return found


def talk_titles(node: Tag) -> list[str]:
    return [a.get_text() for a in node.select("a.reference.internal[href*='#']")]


# -- whole site ---------------------------------------------------------------------------


def test_every_internal_link_resolves(sitekit: SiteKit, site: Built) -> None:
    assert sitekit.broken_links(site.outdir) == []


def test_only_the_expected_warnings(site: Built, srcdir: Path) -> None:
    frob = line_of(srcdir / f"{DAY2}.md", "{tool}`frobnicator`")
    nothing = line_of(srcdir / "lists.md", ":speaker: Nobody At All") - 1
    lines = site.warning_lines()
    assert len(lines) == 2, lines
    unknown = next(line for line in lines if "frobnicator" in line)
    assert f"day-2.md:{frob}:" in unknown
    assert "[confnotes.unknown_tool]" in unknown
    assert "tools.yaml" in unknown  # says where to add it
    empty = next(line for line in lines if "Nobody At All" in line)
    assert f"lists.md:{nothing}:" in empty
    assert "[confnotes.listing]" in empty


# -- tool index -----------------------------------------------------------------------------


def test_tool_index_lists_every_tool_a_to_z(sitekit: SiteKit, site: Built) -> None:
    names = list(entries(sitekit, site))
    assert sorted(names, key=str.casefold) == names
    assert set(names) == {*REGISTRY, "frobnicator"}


def test_tool_index_letter_navigation(sitekit: SiteKit, site: Built) -> None:
    body = main(sitekit, site, "tools")
    nav = body.select_one(".confnotes-letters")
    assert nav is not None
    letters = [a.get_text() for a in nav.select("a")]
    assert letters == ["D", "F", "M", "P", "S"]
    ids = {t["id"] for t in body.select("[id]")}
    for a in nav.select("a"):
        assert a["href"].startswith("#") and a["href"][1:] in ids, a
    # each entry sits under the rubric of its initial
    for name, entry in entries(sitekit, site).items():
        rubric = entry.find_previous("p", class_="confnotes-letter")
        assert rubric is not None and rubric.get_text() == name[0].upper(), name


def test_tool_index_by_category(sitekit: SiteKit, site: Built) -> None:
    body = main(sitekit, site, "tools")
    cats = {
        p["id"]: [a.get_text() for a in p.select("a")] for p in body.select("p.confnotes-category")
    }
    assert list(cats) == [
        "tools-category-dataframes",
        "tools-category-ml",
        "tools-category-mlops",
        "tools-category-unknown",
    ]
    assert cats["tools-category-dataframes"] == ["DuckDB", "pandas", "Polars"]
    assert cats["tools-category-ml"] == ["Flower", "scikit-learn"]
    assert cats["tools-category-mlops"] == ["DVC", "MLflow"]
    assert cats["tools-category-unknown"] == ["frobnicator"]
    titles = [text(p.strong) for p in body.select("p.confnotes-category")]
    assert titles[:3] == [
        "DataFrames and data processing",
        "Machine learning",
        "ML workflow and MLOps",
    ]


@pytest.mark.parametrize(
    ("tool", "facts"),
    [
        ("Flower", "2 conferences"),
        ("scikit-learn", "2 conferences"),
        ("DuckDB", "2 conferences"),
        ("Polars", "1 conference"),
        ("MLflow", "not mentioned yet"),
        ("frobnicator", "1 conference"),
    ],
)
def test_tool_counts(sitekit: SiteKit, site: Built, tool: str, facts: str) -> None:
    # On the entry's one line (the summary of its details).
    shown = entries(sitekit, site)[tool].select_one("summary .confnotes-tool-count")
    assert shown is not None
    assert text(shown) == facts


def test_tool_facts(sitekit: SiteKit, site: Built) -> None:
    flower = entries(sitekit, site)["Flower"]
    line = flower.select_one("details > summary.confnotes-tool-name")
    assert text(line.strong) == "Flower"
    assert (
        text(line.select_one(".confnotes-tool-desc")) == "A friendly federated learning framework."
    )
    facts = flower.select_one("details > .confnotes-tool-facts")
    assert facts.select_one("a")["href"] == "https://flower.dev/"
    assert text(facts) == "Homepage · package flwr · Machine learning"  # no finder on this site


def test_mentions_grouped_by_conference(sitekit: SiteKit, site: Built) -> None:
    found = entries(sitekit, site)
    assert mention_groups(found["Flower"]) == [
        (ALPHA, [f"{DAY1}.html#{FL_EDGE}"]),
        (EUROSCI, [f"{REPORT_B}.html#{FL_PRACTICE}"]),
    ]
    assert mention_groups(found["DuckDB"]) == [
        (ALPHA, [f"{DAY1}.html#{DF}"]),
        (EUROSCI, [f"{REPORT_B}.html#{QUERY}"]),
    ]
    assert mention_groups(found["MLflow"]) == []
    # a mention links to the talk, with the talk's time, title and speakers
    item = found["Polars"].select_one(".confnotes-mentions > ul ul li")
    assert text(item) == "09:00–09:45 DataFrames compared — Grace Hopper, Alan Turing"
    cancelled = found["DVC"].select_one(f"a[href$='#{RETIRED}']").parent
    assert "Cancelled" in text(cancelled)


def test_conference_over_two_pages_is_one_conference(sitekit: SiteKit, site: Built) -> None:
    dvc = entries(sitekit, site)["DVC"]
    assert mention_groups(dvc) == [
        (ALPHA, [f"{DAY1}.html#{RETIRED}", f"{DAY2}.html#{PIPELINES}"]),
    ]
    assert text(dvc.select_one(".confnotes-tool-count")) == "1 conference"


def test_aliases_resolve_to_the_registry_tool(sitekit: SiteKit, site: Built) -> None:
    found = entries(sitekit, site)
    # [flwr](...){.tool} on day 1 counts for Flower; 'sklearn' and 'scikit learn' for
    # scikit-learn; 'Data Version Control' for DVC; 'the polars library <polars>' for Polars
    assert f"{DAY1}.html#{FL_EDGE}" in mention_groups(found["Flower"])[0][1]
    assert [g for g, _ in mention_groups(found["scikit-learn"])] == [ALPHA, EUROSCI]
    dvc_links = [h for _, hrefs in mention_groups(found["DVC"]) for h in hrefs]
    assert f"{DAY2}.html#{PIPELINES}" in dvc_links
    assert not {"flwr", "sklearn", "scikit learn", "Data Version Control"} & set(found)


def test_unknown_tool_is_flagged(sitekit: SiteKit, site: Built) -> None:
    frob = entries(sitekit, site)["frobnicator"]
    assert frob["id"] == "tool-frobnicator"
    badge = frob.select_one(".confnotes-tool-name .sd-badge")
    assert badge is not None and badge.get_text() == "not in the tool registry"
    assert mention_groups(frob) == [(ALPHA, [f"{DAY2}.html#{PIPELINES}"])]


def test_tool_links_in_pages(sitekit: SiteKit, site: Built) -> None:
    day1 = main(sitekit, site, DAY1)
    links = {a.get_text(): a for a in day1.select("a.reference.internal[href*='tools.html']")}
    assert set(links) == {"sklearn", "pandas", "the polars library", "dvc"}
    assert links["sklearn"]["href"] == "../tools.html#tool-scikit-learn"
    assert "Classic machine learning in Python." in links["sklearn"]["title"]
    assert "Fast DataFrames written in Rust." in links["the polars library"]["title"]
    # the class-marked link keeps its own URL; the code span stays a code span
    flwr = day1.select_one("a.tool")
    assert flwr is not None and flwr["href"].startswith("https://flower.dev/")
    assert day1.select_one("code.tool").get_text() == "duckdb"
    day2 = main(sitekit, site, DAY2)
    frob = next(a for a in day2.select("a") if a.get_text() == "frobnicator")
    assert frob["href"] == "../tools.html#tool-frobnicator"
    assert "not in the tool registry" in frob["title"]


# -- tools x conferences ------------------------------------------------------------------------


def test_tool_matrix(sitekit: SiteKit, site: Built) -> None:
    table = main(sitekit, site, "matrix").select_one("table.confnotes-tool-matrix")
    assert table is not None
    head = [text(th) for th in table.select("thead th")]
    assert head == ["Tool", ALPHA, EUROSCI, "Conferences"]
    rows = [[text(td) for td in tr.select("th, td")] for tr in table.select("tbody tr")]
    names = [r[0] for r in rows]
    # most conferences first, then by name; MLflow (never mentioned) is left out
    assert names == ["DuckDB", "Flower", "pandas", "scikit-learn", "DVC", "frobnicator", "Polars"]
    by_name = {r[0]: r[1:] for r in rows}
    assert by_name["Flower"] == ["1", "1", "2"]
    assert by_name["DVC"] == ["2", "", "1"]
    assert by_name["Polars"] == ["1", "", "1"]
    link = table.select_one("tbody a")
    assert link["href"] == "tools.html#tool-duckdb"
    assert link["title"] == "An in-process analytical SQL database."


# -- speakers ------------------------------------------------------------------------------------


def test_speaker_index(sitekit: SiteKit, site: Built) -> None:
    body = main(sitekit, site, "speakers")
    names = [text(e.select_one("strong")) for e in body.select(".confnotes-speaker-entry")]
    assert names == ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Linus Query", "Nobody Known"]
    ada = body.select_one("#speaker-ada-lovelace")
    items = [text(li) for li in ada.select("li")]
    assert items == [
        f"{ALPHA} · 10:30–11:00 Federated learning at the edge — Ada Lovelace",
        f"{EUROSCI} · 13:00–13:40 Federated analytics in practice — Ada Lovelace",
    ]
    assert [a["href"] for a in ada.select("a")] == [
        f"{DAY1}.html#{FL_EDGE}",
        f"{REPORT_B}.html#{FL_PRACTICE}",
    ]
    nav = body.select_one(".confnotes-letters")
    ids = {t["id"] for t in body.select("[id]")}
    assert [a.get_text() for a in nav.select("a")] == ["A", "G", "L", "N"]
    assert all(a["href"][1:] in ids for a in nav.select("a"))


def test_speaker_links_on_cards(sitekit: SiteKit, site: Built) -> None:
    for page in (DAY1, REPORT_B):
        card = main(sitekit, site, page)
        link = next(
            a for a in card.select(".confnotes-talk-meta a") if a.get_text() == "Ada Lovelace"
        )
        assert link["href"] == "../speakers.html#speaker-ada-lovelace"


# -- talk lists ----------------------------------------------------------------------------------


def test_talk_list_by_conference(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "at-eurosci")
    assert talk_titles(found) == ["Federated analytics in practice", "Query engines"]


def test_talk_list_by_tool_alias(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "using-flower")
    assert talk_titles(found) == [
        "Federated learning at the edge",
        "Federated analytics in practice",
    ]


def test_talk_list_by_speaker_as_table(sitekit: SiteKit, site: Built) -> None:
    table = section(sitekit, site, "lists", "by-ada-lovelace").select_one(
        "table.confnotes-talk-table"
    )
    assert table is not None
    assert [text(th) for th in table.select("thead th")] == ["When", "Talk", "Speakers", "Tools"]
    rows = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        [
            f"{ALPHA} 2023-05-10 10:30–11:00",
            "Federated learning at the edge",
            "Ada Lovelace",
            "Flower, scikit-learn",
        ],
        [
            f"{EUROSCI} 2024-03-01 13:00–13:40",
            "Federated analytics in practice",
            "Ada Lovelace",
            "Flower, pandas, scikit-learn",
        ],
    ]


def test_talk_list_by_tag(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "tagged-mlops")
    assert talk_titles(found) == ["Pipelines with DVC", "Federated analytics in practice"]


def test_talk_list_cancelled(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "cancelled")
    assert talk_titles(found) == ["Retired talk"]
    assert "Cancelled" in text(found.select_one("li"))


def test_talk_list_sorted_by_time(sitekit: SiteKit, site: Built) -> None:
    # day 1 is written 10:30, 09:00, 11:30: the list is in time order
    table = section(sitekit, site, "lists", "everything").select_one("table")
    rows = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[1] for r in rows] == [
        "DataFrames compared",
        "Federated learning at the edge",
        "Retired talk (cancelled)",
        "Pipelines with DVC",
        "Federated analytics in practice",
        "Query engines",
    ]
    assert rows[3][3] == "DVC, frobnicator"


def test_talk_list_matching_nothing(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "nothing")
    assert text(found.select_one(".confnotes-empty")) == "No talks match."


# -- series and talk references ---------------------------------------------------------------------


def test_series_lists_the_other_days(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, DAY1, "more-from-this-series").select_one("ul.confnotes-series")
    assert found is not None
    assert [a["href"] for a in found.select("a")] == ["day-2.html"]
    assert text(found) == "PyData Alpha 2023, Day 2 (May 11, 2023)"


def test_series_named_by_argument(sitekit: SiteKit, site: Built) -> None:
    found = section(sitekit, site, "lists", "the-eurosci-series").select_one("ul.confnotes-series")
    assert found is not None
    assert [a["href"] for a in found.select("a")] == [f"{REPORT_B}.html"]


def test_talk_roles(sitekit: SiteKit, site: Built) -> None:
    refs = section(sitekit, site, "lists", "references").select("p a")
    assert [(a.get_text(), a["href"], a["title"]) for a in refs] == [
        ("DataFrames compared", f"{DAY1}.html#{DF}", "DataFrames compared"),
        ("the EuroSci query talk", f"{REPORT_B}.html#{QUERY}", "Query engines"),
    ]
    across = main(sitekit, site, REPORT_B).select_one(f"a[href$='#{DF}']")
    assert across is not None and across.get_text() == "DataFrames compared"
    assert across["href"] == f"../{DAY1}.html#{DF}"


# -- inventory -----------------------------------------------------------------------------------------


def test_inventory(sitekit: SiteKit, site: Built) -> None:
    inv = sitekit.inventory(site.outdir)
    by_type: dict[str, dict[str, tuple[str, str]]] = {}
    for typ, name, uri, display in inv:
        by_type.setdefault(typ, {})[name] = (uri, display)
    talks = by_type["confnotes:talk"]
    assert set(talks) == set(TALKS)
    for talk_id, (page, title) in TALKS.items():
        assert talks[talk_id][0] == f"{page}.html#{talk_id}"
        assert talks[talk_id][1] in (title, "-")
        assert by_type["std:label"][talk_id][0] == f"{page}.html#{talk_id}"
        assert by_type["std:label"][talk_id][1] == title
    tools = by_type["confnotes:tool"]
    assert set(tools) == {"duckdb", "dvc", "flower", "mlflow", "pandas", "polars", "scikit-learn"}
    assert tools["flower"] == ("tools.html#tool-flower", "Flower")
    assert by_type["confnotes:speaker"]["ada-lovelace"] == (
        "speakers.html#speaker-ada-lovelace",
        "Ada Lovelace",
    )
    assert by_type["confnotes:report"][DAY1] == (f"{DAY1}.html", "PyData Alpha 2023, Day 1")
    assert set(by_type["confnotes:report"]) == {DAY1, DAY2, REPORT_B}


def test_inventory_targets_exist(sitekit: SiteKit, site: Built) -> None:
    missing = []
    for typ, name, uri, _ in sitekit.inventory(site.outdir):
        if not typ.startswith("confnotes:"):
            continue
        page, _, anchor = uri.partition("#")
        path = site.outdir / page
        ids = {t["id"] for t in sitekit.soup(path).select("[id]")} if path.is_file() else set()
        if not path.is_file() or (anchor and anchor not in ids):
            missing.append((typ, name, uri))
    assert missing == []


# -- mentions outside talks ------------------------------------------------------------------------------


def test_mention_in_a_plain_section(sitekit: SiteKit, site: Built) -> None:
    pandas = entries(sitekit, site)["pandas"]
    link = pandas.select_one(f"a[href='{DAY2}.html#hallway-track']")
    assert link is not None and link.get_text() == "Hallway track"
    assert [g for g, _ in mention_groups(pandas)][-1] == EUROSCI


def test_mention_on_a_page_without_report(sitekit: SiteKit, tmp_path: Path) -> None:
    src = sitekit.copy_root("indexes", tmp_path / "src")
    (src / "other.md").write_text("# Other notes\n\nA word on {tool}`polars`.\n", "utf-8")
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("lists\n", "lists\nother\n"), "utf-8")
    site = sitekit.build(src, tmp_path / "build", freshenv=True)
    polars = entries(sitekit, site)["Polars"]
    # grouped apart and not counted as a conference
    assert mention_groups(polars) == [
        (ALPHA, [f"{DAY1}.html#{DF}"]),
        ("Other pages", ["other.html#other-notes"]),
    ]
    assert polars.select_one("a[href='other.html#other-notes']").get_text() == "Other notes"
    assert text(polars.select_one(".confnotes-tool-count")) == "1 conference"
    assert sitekit.broken_links(site.outdir) == []
    assert len(site.warning_lines()) == 2, site.warning_lines()


def test_talk_list_by_programme_fields(tmp_path: Path) -> None:
    """:room:, :track:, :kind: and :language: (a talk's own, else its report's)."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence"]\nconfnotes_tools_file = ""\n'
    )
    talk = "::::{{talk}} {}\n:time: {}\n{}\n::::\n\n"
    (src / "r.md").write_text(
        "# R\n\n:::{report}\n:conference: Conf\n:date: 2024-05-01\n:language: nl\n:::\n\n"
        + talk.format("Alpha", "09:00", ":room: Hall A\n:track: Data\n:kind: keynote")
        + talk.format("Beta", "10:00", ":room: hall a\n:kind: workshop\n:language: en-GB")
        + talk.format("Gamma", "11:00", ":track: Web")
    )
    lists = ["room: Hall A", "track: data", "kind: keynote", "language: nl", "language: en"]
    (src / "lists.md").write_text(
        "# Lists\n\n" + "".join(f"## {q}\n\n:::{{talk-list}}\n:{q}\n:::\n\n" for q in lists)
    )
    (src / "index.md").write_text("# Site\n\n```{toctree}\nr\nlists\n```\n")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = app.warning.getvalue()
        html = (Path(app.outdir) / "lists.html").read_text("utf-8")
    finally:
        app.cleanup()
    assert "WARNING" not in warnings, warnings
    soup = BeautifulSoup(html, "html.parser")
    found = {
        s.find(["h2"]).get_text().rstrip("¶").strip(): [  # type: ignore[union-attr]
            a.get_text() for a in s.select(".confnotes-talk-list a")
        ]
        for s in soup.select("section section")
    }
    assert found == {
        "room: Hall A": ["Alpha", "Beta"],  # case aside
        "track: data": ["Alpha"],
        "kind: keynote": ["Alpha"],
        "language: nl": ["Alpha", "Gamma"],  # the report's language
        "language: en": ["Beta"],  # en matches en-GB
    }
