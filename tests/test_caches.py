"""The domain's per-build caches follow the data and the registry they come from."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from confnotes.domain import ConfnotesDomain
from confnotes.model import ToolMention
from confnotes.registry import Registry, Tool
from sphinx.testing.util import SphinxTestApp


@pytest.fixture
def domain(rootdir: Path, tmp_path: Path) -> Iterator[ConfnotesDomain]:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-indexes", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        yield app.env.domains["confnotes"]  # type: ignore[misc]
    finally:
        app.cleanup()


def test_tool_lookups_follow_the_registry(domain: ConfnotesDomain) -> None:
    polars = domain.tool_for("polars library")
    assert polars.id == "polars" and polars.known
    assert domain.tool_for("polars library") is polars  # cached
    mentions = domain.tool_mentions()
    assert domain.tool_mentions() is mentions
    assert "polars" in mentions

    # A build loads the registry anew: nothing from the old one may stick.
    domain.registry = Registry(
        tools={"polars": Tool(id="polars", name="Polars", aliases=("pl",))},
        lookup={"polars": "polars", "pl": "polars"},
    )
    assert not domain.tool_for("polars library").known
    assert domain.tool_for("pl").name == "Polars"
    fresh = domain.tool_mentions()
    assert fresh is not mentions
    assert set(fresh) - {"polars"} <= {t.id for t, _ in fresh.values() if not t.known}


def test_caches_follow_the_data(domain: ConfnotesDomain) -> None:
    before = domain.tool_mentions()
    duckdb = len(before["duckdb"][1])
    conferences = domain.conferences()
    domain.note_mention(ToolMention(target="DuckDB", docname="tools", lineno=1, anchor=""))
    assert len(domain.tool_mentions()["duckdb"][1]) == duckdb + 1
    page, report = next(iter(domain.reports.items()))
    assert conferences[page][1] == report.name
    domain.note_report(dataclasses.replace(report, conference="Renamed"))
    assert domain.conferences()[page][1] == domain.reports[page].name != report.name
    domain.clear_doc(page)
    assert page not in domain.conferences()
