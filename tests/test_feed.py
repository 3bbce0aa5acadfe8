"""Atom feeds: valid RFC 4287 (a real validator), complete, discoverable, stable."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from atom_validator import problems
from bs4 import BeautifulSoup
from confnotes.i18n import STATUS_LABELS, messages
from confnotes.outputs import feed
from lxml import etree

BASE = "https://notes.example.org/site/"  # the test root's html_baseurl
MIRROR = "https://mirror.example.net/notes"  # no trailing slash on purpose
A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _build(src_root: Path, dest: Path, builder: str = "html", **overrides: Any) -> Any:
    from sphinx.testing.util import SphinxTestApp

    src = dest / "src"
    shutil.copytree(src_root, src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides, freshenv=True)
    app.build()
    app.cleanup()
    return app


@pytest.fixture(scope="module")
def site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _build(rootdir / "test-outputs", tmp_path_factory.mktemp("feed-html"))


@pytest.fixture(scope="module")
def mirror(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    # Another host, another builder, and a site feed cut to the two newest reports.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(feed, "SITE_FEED_LENGTH", 2)
        yield _build(
            rootdir / "test-outputs",
            tmp_path_factory.mktemp("feed-dirhtml"),
            "dirhtml",
            html_baseurl=MIRROR,
        )


def _feeds(app: Any) -> dict[str, etree._Element]:
    out = Path(app.outdir)
    paths = [out / "reports.atom", *sorted((out / "feeds").glob("*.atom"))]
    return {p.relative_to(out).as_posix(): etree.fromstring(p.read_bytes()) for p in paths}


def _entry_pages(root: etree._Element, base: str) -> list[str]:
    """Each entry's page (its alternate link, relative to the base), in feed order."""
    pages = []
    for entry in root.iter(A + "entry"):
        (href,) = [ln.get("href") for ln in entry.iter(A + "link") if ln.get("rel") == "alternate"]
        assert href.startswith(base)
        pages.append(href[len(base) :])
    return pages


# -- validity -------------------------------------------------------------------------------


def test_every_feed_is_valid_atom(site: Any) -> None:
    feeds = _feeds(site)
    assert len(feeds) == 1 + len({r.conference_key for r in _domain(site).reports.values()})
    for name in feeds:
        data = (Path(site.outdir) / name).read_bytes()
        assert problems(data) == [], name
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"


def _valid() -> bytes:
    return b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <title>Example</title>
  <updated>2020-07-24T00:00:00+01:00</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/reports.atom"/>
  <author><name>Jane Doe</name></author>
  <entry>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <title>Day 2</title>
    <updated>2020-07-24T00:00:00+01:00</updated>
    <link rel="alternate" type="text/html" href="https://example.org/day2.html"/>
    <summary type="text">Two talks</summary>
  </entry>
</feed>
"""


def _edit(change: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(_valid())
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _entry(root: etree._Element) -> etree._Element:
    return root.find(A + "entry")  # type: ignore[return-value]


def _set(path: str, text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        root.find(path).text = text  # type: ignore[union-attr]

    return change


def _remove(*paths: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        for path in paths:
            el = root.find(path)
            el.getparent().remove(el)  # type: ignore[union-attr]

    return change


def _append(path: str, xml: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        root.find(path).append(etree.fromstring(xml))  # type: ignore[union-attr]

    return change


ATOM_NS = 'xmlns="http://www.w3.org/2005/Atom"'
# (what is broken, the edit, a word of the expected complaint, the layer that finds it)
BROKEN = [
    ("feed without updated", _remove(A + "updated"), "updated", "schema"),
    (
        "date with a space",
        _set(f"{A}entry/{A}updated", "2020-07-24 00:00:00"),
        "dateTime",
        "schema",
    ),
    ("date without zone", _set(f"{A}entry/{A}updated", "2020-07-24T00:00:00"), "RFC 3339", "rule"),
    ("lower-case t and z", _set(f"{A}updated", "2020-07-24t00:00:00z"), "updated", "schema"),
    (
        "two updated",
        _append(A + "entry", f"<updated {ATOM_NS}>2020-07-25T00:00:00Z</updated>"),
        "updated",
        "schema",
    ),
    ("relative id", _set(f"{A}entry/{A}id", "reports/day2"), "absolute IRI", "rule"),
    ("id with a space", _set(A + "id", "urn:uuid:60a76c80 d399"), "absolute IRI", "rule"),
    ("no author anywhere", _remove(A + "author"), "atom:author", "rule"),
    ("entry without link or content", _remove(f"{A}entry/{A}link"), "alternate link", "rule"),
    (
        "two alternate links of one type",
        _append(
            A + "entry",
            f'<link {ATOM_NS} rel="alternate" type="text/html" href="https://example.org/x"/>',
        ),
        "alternate links",
        "rule",
    ),
    ("unknown Atom element", _append(A + "entry", f"<bogus {ATOM_NS}/>"), "bogus", "schema"),
    (
        "link without href",
        _append(A + "entry", f'<link {ATOM_NS} rel="related"/>'),
        "href",
        "schema",
    ),
    (
        "media type without slash",
        _append(A + "entry", f'<link {ATOM_NS} rel="related" type="html" href="https://x.org/"/>'),
        "link",
        "schema",
    ),
    ("language tag with a space", lambda r: r.set(XML_LANG, "en GB"), "lang", "schema"),
    (
        "summary twice",
        _append(A + "entry", f"<summary {ATOM_NS}>again</summary>"),
        "summary",
        "schema",
    ),
]


def test_validator_accepts_the_valid_document() -> None:
    assert problems(_valid()) == []
    assert problems(_edit(lambda root: None)) == []


@pytest.mark.parametrize(("case", "change", "word", "layer"), BROKEN, ids=[b[0] for b in BROKEN])
def test_validator_rejects_broken_feeds(
    case: str, change: Callable[[etree._Element], None], word: str, layer: str
) -> None:
    found = problems(_edit(change))
    assert found, f"{case}: accepted"
    assert any(word in p for p in found), found
    # Both layers do real work: the schema (libxml2) and the rules the schema cannot express.
    assert any(p.startswith("schema") for p in found) == (layer == "schema"), found


def test_validator_rejects_what_is_not_a_feed() -> None:
    assert problems(b"<feed") and "well-formed" in problems(b"<feed")[0]
    assert problems(b'<feed xmlns="urn:not-atom"/>')
    # feedparser alone takes a feed without id, updated or author as fine:
    # that is why the schema and the rules check it.
    bare = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    assert not feedparser.parse(bare).bozo
    assert len(problems(bare)) >= 3


# -- content --------------------------------------------------------------------------------


def _domain(app: Any) -> Any:
    return app.env.domains["confnotes"]


def test_site_feed_lists_reports_newest_first(site: Any) -> None:
    domain = _domain(site)
    root = _feeds(site)["reports.atom"]
    pages = _entry_pages(root, BASE)
    reports = sorted(domain.reports.values(), key=lambda r: r.start, reverse=True)
    assert pages == [site.builder.get_target_uri(r.docname) for r in reports]
    published = [e.findtext(A + "published") for e in root.iter(A + "entry")]
    instants = [dt.datetime.fromisoformat(p) for p in published]
    assert instants == sorted(instants, reverse=True)


def test_conference_feeds_hold_their_conference(site: Any) -> None:
    domain = _domain(site)
    feeds = _feeds(site)
    by_key: dict[str, set[str]] = {}
    for r in domain.reports.values():
        by_key.setdefault(r.conference_key, set()).add(site.builder.get_target_uri(r.docname))
    assert max(len(v) for v in by_key.values()) >= 2  # the root has a two-day conference
    for key, pages in by_key.items():
        root = feeds[f"feeds/{key}.atom"]
        assert set(_entry_pages(root, BASE)) == pages
        name = next(r.name for r in domain.reports.values() if r.conference_key == key)
        m = messages(site.config.language or "en")
        assert root.findtext(A + "title") == feed.conference_title(m, site.config.project, name)
        assert name in root.findtext(A + "title")  # type: ignore[operator]


def test_links_are_absolute_and_self_links_name_the_file(site: Any) -> None:
    out = Path(site.outdir)
    for name, root in _feeds(site).items():
        selfs = [ln.get("href") for ln in root.iter(A + "link") if ln.get("rel") == "self"]
        assert selfs == [BASE + name]
        for link in root.iter(A + "link"):
            href = link.get("href")
            if link.get("rel") == "related":
                assert href.startswith("https://")  # the conference's website
                continue
            assert href.startswith(BASE), href
            assert (out / href[len(BASE) :]).is_file(), href


def test_entries_carry_the_report_and_its_talks(site: Any) -> None:
    domain = _domain(site)
    root = _feeds(site)["reports.atom"]
    for entry, page in zip(root.iter(A + "entry"), _entry_pages(root, BASE), strict=True):
        docname = page.removesuffix(".html")
        report, talks = domain.reports[docname], domain.talks.get(docname, [])
        assert entry.findtext(A + "title") == report.title
        assert [c.get("term") for c in entry.iter(A + "category")] == [
            report.conference_key,
            *report.tags,
        ]
        assert [a.findtext(A + "name") for a in entry.iter(A + "author")] == list(report.authors)
        summary = entry.find(A + "summary")
        assert summary is not None and summary.get("type") == "text"
        assert summary.text.startswith(feed.facts(report, talks))  # type: ignore[union-attr]
        for talk in talks[: feed.SUMMARY_TALKS]:
            assert talk.title in summary.text  # type: ignore[operator]
        content = entry.find(A + "content")
        assert content is not None and content.get("type") == "html"
        soup = BeautifulSoup(content.text, "html.parser")
        assert soup.p is not None and report.name in soup.p.get_text()
        assert report.start in soup.p.get_text()
        items = soup.select("li")
        assert len(items) == len(talks)
        for li, talk in zip(items, talks, strict=True):
            # Untrusted titles come out as the same text, linked to their card.
            assert li.a.get_text() == talk.title  # type: ignore[union-attr]
            assert li.a["href"] == f"{BASE}{page}#{talk.id}"  # type: ignore[index]
            for name in talk.speakers:
                assert name in li.get_text()
            m = feed.entry_messages(report, site.config.language or "")
            label = m.text(STATUS_LABELS[talk.status]) if talk.status else ""
            assert (f"({label})" in li.get_text()) == bool(label), li.get_text()
            assert not li.find_all(["script", "b"])


def test_entry_dates_and_language_follow_the_report(site: Any) -> None:
    domain = _domain(site)
    root = _feeds(site)["reports.atom"]
    site_lang = root.get(XML_LANG)
    assert site_lang == "en"
    for entry, page in zip(root.iter(A + "entry"), _entry_pages(root, BASE), strict=True):
        report = domain.reports[page.removesuffix(".html")]
        tz = ZoneInfo(report.timezone) if report.timezone else dt.UTC
        first = dt.datetime.combine(dt.date.fromisoformat(report.start), dt.time(0), tzinfo=tz)
        last = dt.datetime.combine(dt.date.fromisoformat(report.end), dt.time(0), tzinfo=tz)
        assert dt.datetime.fromisoformat(entry.findtext(A + "published")) == first  # type: ignore[arg-type]
        updated = entry.findtext(A + "updated")
        assert dt.datetime.fromisoformat(updated) == last  # type: ignore[arg-type]
        assert updated.endswith("Z") == (not report.timezone)  # type: ignore[union-attr]
        lang = entry.get(XML_LANG)
        assert lang == (report.language if report.language not in ("", site_lang) else None)
    assert any(e.get(XML_LANG) == "nl" for e in root.iter(A + "entry"))


def test_ids_survive_a_move_to_another_host(site: Any, mirror: Any) -> None:
    here, there = _feeds(site), _feeds(mirror)
    assert set(here) == set(there)
    for name in here:
        assert here[name].findtext(A + "id") == there[name].findtext(A + "id")
        ids = {e.findtext(A + "title"): e.findtext(A + "id") for e in here[name].iter(A + "entry")}
        for entry in there[name].iter(A + "entry"):
            assert ids[entry.findtext(A + "title")] == entry.findtext(A + "id")
    all_ids = [e.findtext(A + "id") for e in here["reports.atom"].iter(A + "entry")]
    assert len(set(all_ids)) == len(all_ids) == len(_domain(site).reports)


def test_dirhtml_urls_and_the_site_feed_length(mirror: Any) -> None:
    feeds = _feeds(mirror)
    for name in feeds:
        assert problems((Path(mirror.outdir) / name).read_bytes()) == [], name
    pages = _entry_pages(feeds["reports.atom"], MIRROR + "/")
    assert len(pages) == 2  # SITE_FEED_LENGTH, patched: the two newest reports
    assert all(p.endswith("/") for p in pages)
    newest = sorted(_domain(mirror).reports.values(), key=lambda r: r.start, reverse=True)[:2]
    assert pages == [mirror.builder.get_target_uri(r.docname) for r in newest]
    # A conference's feed is not cut.
    assert len(_entry_pages(feeds["feeds/europython-2020.atom"], MIRROR + "/")) == 2


# -- discovery --------------------------------------------------------------------------------


def _feed_links(html: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        (link["title"], link["href"])
        for link in soup.head.find_all("link", rel="alternate", type="application/atom+xml")  # type: ignore[union-attr]
    ]


def test_pages_link_their_feeds_in_the_head(site: Any) -> None:
    out = Path(site.outdir)
    domain = _domain(site)
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 5
    for path in pages:
        links = _feed_links(path.read_text("utf-8"))
        docname = path.relative_to(out).with_suffix("").as_posix()
        report = domain.reports.get(docname)
        expected = [BASE + "reports.atom"]
        if report is not None:
            expected.append(f"{BASE}feeds/{report.conference_key}.atom")
        assert [href for _, href in links] == expected, docname
        for _, href in links:
            assert (out / href[len(BASE) :]).is_file()
        m = messages(site.config.language or "en")
        assert links[0][0] == feed.site_title(m, site.config.project)
        assert site.config.project in links[0][0]


# -- when there is no feed, and rebuilds ------------------------------------------------------


def test_no_base_url_in_a_local_build_is_only_mentioned(rootdir: Path, tmp_path: Path) -> None:
    app = _build(rootdir / "test-outputs", tmp_path, html_baseurl="", ogp_site_url="")
    assert "no feed written" not in app.warning.getvalue()  # a local preview: info only
    assert "no feed written" in app.status.getvalue()
    out = Path(app.outdir)
    assert not (out / "reports.atom").exists() and not (out / "feeds").exists()
    assert _feed_links((out / "reports" / "ep2020.html").read_text("utf-8")) == []


def test_no_base_url_on_read_the_docs_warns_once(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READTHEDOCS", "True")
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    # Without the canonical URL sphinxext-opengraph stops the build on Read the Docs.
    extensions = ["myst_parser", "sphinx_design", "confnotes"]
    app = _build(rootdir / "test-outputs", tmp_path, html_baseurl="", extensions=extensions)
    warnings = app.warning.getvalue()
    assert warnings.count("no feed written") == 1
    assert "[confnotes.feed]" in warnings
    assert not (Path(app.outdir) / "reports.atom").exists()


def test_read_the_docs_canonical_url_is_the_base(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canonical = "https://confnotes.readthedocs.io/en/latest/"
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)
    app = _build(rootdir / "test-outputs", tmp_path, html_baseurl="", ogp_site_url="")
    data = (Path(app.outdir) / "reports.atom").read_bytes()
    assert problems(data) == []
    root = etree.fromstring(data)
    assert [ln.get("href") for ln in root.iter(A + "link") if ln.get("rel") == "self"] == [
        canonical + "reports.atom"
    ]
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert _feed_links(html)[0][1] == canonical + "reports.atom"


def test_feed_switched_off(rootdir: Path, tmp_path: Path) -> None:
    app = _build(rootdir / "test-outputs", tmp_path, confnotes_feed="")
    out = Path(app.outdir)
    assert not (out / "reports.atom").exists() and not (out / "feeds").exists()
    assert _feed_links((out / "reports" / "ep2020.html").read_text("utf-8")) == []
    assert "feed" not in app.warning.getvalue()


def test_rebuild_drops_a_gone_conference_and_keeps_unchanged_files(
    rootdir: Path, tmp_path: Path
) -> None:
    from sphinx.testing.util import SphinxTestApp

    app = _build(rootdir / "test-outputs", tmp_path)
    out, src = Path(app.outdir), Path(app.srcdir)
    gone, kept = out / "feeds" / "pycon-hybrid-2022.atom", out / "feeds" / "scipy-2021.atom"
    assert gone.is_file()
    before = kept.stat().st_mtime_ns
    (src / "reports" / "hybrid.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("reports/hybrid\n", ""), "utf-8")
    again = SphinxTestApp("html", srcdir=src)
    again.build()
    again.cleanup()
    assert not gone.exists()
    assert kept.stat().st_mtime_ns == before  # same bytes: not rewritten
    site = etree.fromstring((out / "reports.atom").read_bytes())
    assert "reports/hybrid.html" not in _entry_pages(site, BASE)
