"""Finder index and page: read from a real build's output (feeds: test_feed.py;
JSON-LD and OpenGraph: test_jsonld.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from confnotes.listings.emit import talk_order
from conftest import RootBuild

BASE = "https://notes.example.org/site/"


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
    # In the order the finder page lists them (by when they took place).
    talks = sorted(domain.all_talks(), key=talk_order)
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
