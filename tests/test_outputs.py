"""Finder index and page, Atom feeds, JSON-LD: read from a real build's output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import RootBuild

BASE = "https://notes.example.org/site/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(built_root: RootBuild) -> Any:
    return built_root("outputs", confoverrides={"html_baseurl": BASE})


def _finder_data(app: Any) -> dict[str, Any]:
    text = (Path(app.outdir) / "_static" / "confnotes-finder-data.js").read_text("utf-8")
    prefix = "window.confnotesFinderData="
    assert text.startswith(prefix) and "<" not in text
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))  # type: ignore[no-any-return]


def test_finder_index_lists_every_talk(built: Any) -> None:
    data = _finder_data(built)
    domain = built.env.domains["confnotes"]
    talks = list(domain.all_talks())
    assert len(data["t"]) == len(talks) >= 5
    facets = data["facets"]
    for row, talk in zip(data["t"], talks, strict=True):
        assert row[0] == talk.title
        assert row[1].endswith("#" + talk.id)
        status = data["values"]["status"][row[3 + facets.index("status")]][0]
        assert status == (talk.status or "scheduled")
        assert row[2] == (1 if talk.video else 0) | (2 if talk.slides else 0)  # media flags
    # The root has what the checks above tell apart.
    assert {row[2] for row in data["t"]} >= {0, 3}
    assert {talk.status or "scheduled" for talk in talks} >= {"scheduled", "cancelled"}


def test_finder_page_without_js_lists_links(built: Any) -> None:
    soup = BeautifulSoup((Path(built.outdir) / "finder.html").read_text("utf-8"), "html.parser")
    links = soup.select(".confnotes-finder-results li a")
    assert len(links) == len(list(built.env.domains["confnotes"].all_talks()))
    assert any("</script>" in a.get_text() for a in links)  # text, not markup
    assert soup.find("script", src=lambda s: bool(s and "confnotes-finder.js" in s))
    # Other pages do not load the finder.
    index = (Path(built.outdir) / "index.html").read_text("utf-8")
    assert "confnotes-finder" not in index


def test_feeds_valid_atom(built: Any) -> None:
    out = Path(built.outdir)
    feeds = [out / "reports.atom", *sorted((out / "feeds").glob("*.atom"))]
    assert len(feeds) >= 2
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        # RFC 4287 4.1.1/4.1.2: feed and entries carry id, title, updated; a self link.
        from xml.etree import ElementTree as ET

        root = ET.fromstring(path.read_bytes())
        for el in (root, *root.iter(ATOM + "entry")):
            for tag in ("id", "title", "updated"):
                assert el.find(ATOM + tag) is not None, (path, tag)
            assert el.find(ATOM + "id").text.startswith("urn:uuid:")  # type: ignore[union-attr]
        selfs = [ln.get("href") for ln in root.iter(ATOM + "link") if ln.get("rel") == "self"]
        assert selfs == [BASE + path.relative_to(out).as_posix()]
        dates = [e.find(ATOM + "published") for e in root.iter(ATOM + "entry")]
        days = [d.text for d in dates if d is not None]
        assert days == sorted(days, reverse=True)
        for link in root.iter(ATOM + "link"):
            assert link.get("href", "").startswith(BASE)


def test_jsonld_per_talk_page(built: Any) -> None:
    domain = built.env.domains["confnotes"]
    seen: set[str] = set()  # which of the checks below ran: all of them must
    for docname, talks in domain.talks.items():
        html = (Path(built.outdir) / f"{docname}.html").read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, docname
        graph = json.loads(scripts[0].string)["@graph"]
        assert len(graph) == len(talks)
        report = domain.reports.get(docname)
        for event, talk in zip(graph, talks, strict=True):
            assert event["@type"] == "Event" and event["name"] == talk.title
            assert event["url"].startswith(BASE) and event["url"].endswith("#" + talk.id)
            want = "EventCancelled" if talk.status == "cancelled" else "EventScheduled"
            assert event["eventStatus"] == "https://schema.org/" + want
            seen.add(want)
            if talk.start:
                assert event["startDate"] == talk.start
                seen.add("start")
            if talk.speakers:
                assert [p["name"] for p in event["performer"]] == list(talk.speakers)
                assert all(p["@type"] == "Person" for p in event["performer"])
                seen.add("speakers")
            if report and report.location == "online":
                assert event["location"]["@type"] == "VirtualLocation"
                seen.add("online")
            if talk.video:
                assert event["recordedIn"]["@type"] == "VideoObject"
                seen.add("video")
            if report and report.language:
                assert event["inLanguage"] == (talk.language or report.language)
                seen.add("language")
        assert "</script><b>" not in scripts[0].decode_contents()
    assert seen == {
        "EventScheduled", "EventCancelled", "start", "speakers", "online", "video", "language"
    }  # fmt: skip


def test_no_base_url_warns_once_and_writes_no_feed(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(rootdir / "test-outputs", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", freshenv=True)
    app.build()
    assert "no feed written" not in app.warning.getvalue()  # a local preview: info only
    assert not (Path(app.outdir) / "reports.atom").exists()


def test_no_base_url_on_read_the_docs_warns_once(
    make_app: Any, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setenv("READTHEDOCS", "True")
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    shutil.copytree(rootdir / "test-outputs", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", freshenv=True)
    app.build()
    assert app.warning.getvalue().count("no feed written") == 1
    assert "confnotes.feed" in app.warning.getvalue()
    assert not (Path(app.outdir) / "reports.atom").exists()


def test_finder_rewritten_when_a_talk_changes(rootdir: Path, tmp_path: Path) -> None:
    import shutil

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-outputs", src)
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    page = src / "reports" / "ep2020.md"
    page.write_text(page.read_text("utf-8").replace("& more", "& renamed"), "utf-8")
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    app.cleanup()
    assert "&amp; renamed" in (Path(app.outdir) / "finder.html").read_text("utf-8")
    assert "& renamed" in (Path(app.outdir) / "_static" / "confnotes-finder-data.js").read_text(
        "utf-8"
    )
