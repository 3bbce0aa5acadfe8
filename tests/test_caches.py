"""The query layer's joins follow the data and the registry they come from."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from confnotes.domain import ConfnotesDomain
from confnotes.model import ToolMention
from confnotes.query import speaker_key
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
    q = domain.query
    polars = q.tool_for("polars library")
    assert polars.id == "polars" and polars.known
    assert q.tool_for("polars library") is polars  # cached
    uses = q.tool_uses
    assert domain.query is q and q.tool_uses is uses  # computed once per state
    assert "polars" in uses

    # A build loads the registry anew: nothing from the old one may stick.
    domain.registry = Registry(
        tools={"polars": Tool(id="polars", name="Polars", aliases=("pl",))},
        lookup={"polars": "polars", "pl": "polars"},
    )
    fresh = domain.query
    assert fresh is not q
    assert not fresh.tool_for("polars library").known
    assert fresh.tool_for("pl").name == "Polars"
    assert fresh.tool_uses is not uses
    assert set(fresh.tool_uses) - {"polars"} <= {
        u.tool.id for u in fresh.tool_uses.values() if not u.tool.known
    }


def test_caches_follow_the_data(domain: ConfnotesDomain) -> None:
    before = domain.query
    duckdb = len(before.tool_uses["duckdb"].mentions)
    talks_of = {k: len(v) for k, v in before.speaker_talks.items()}
    domain.note_mention(ToolMention(target="DuckDB", docname="tools", lineno=1, anchor=""))
    assert domain.query is not before
    assert len(domain.query.tool_uses["duckdb"].mentions) == duckdb + 1
    assert domain.query.tool_conferences["duckdb"]["Other pages"] >= 1
    page, report = next(iter(domain.reports.items()))
    assert before.conferences[page][1] == report.name
    domain.note_report(dataclasses.replace(report, conference="Renamed"))
    assert domain.query.conferences[page][1] == domain.reports[page].name != report.name
    talks = list(domain.talks.get(page, []))
    domain.clear_doc(page)
    q = domain.query
    assert page not in q.conferences
    assert all(t.id not in q.talk_index or q.talk_index[t.id].docname != page for t in talks)
    gone = {k for t in talks for k in map(speaker_key, t.speakers)}
    assert all(len(q.speaker_talks.get(k, [])) < talks_of[k] for k in gone)
