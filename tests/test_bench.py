"""The benchmark's corpus generator, and one tiny end-to-end run of ``benchmarks``."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
from confnotes.model import Report, Talk
from confnotes.registry import Tool

from benchmarks import corpus as bc
from benchmarks import run, variants


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for variant, render in variants.RENDERERS.items():
        first = render(bc.generate(60))
        assert first == render(bc.generate(60)), variant
        run.write_tree(tmp_path / variant, first)
        # Rewriting the same corpus touches nothing.
        assert run.write_tree(tmp_path / variant, render(bc.generate(60))) == []
    assert bc.generate(60, seed=1) != bc.generate(60, seed=2)


def test_corpus_shape() -> None:
    corpus = bc.generate(400)
    talks = corpus.all_talks
    assert len(talks) == 400
    assert len(corpus.reports) == 20
    assert len(corpus.tools) == bc.N_TOOLS
    assert len({t.id for t in corpus.tools}) == bc.N_TOOLS
    # The model's own records, not the benchmark's.
    assert all(isinstance(t, Tool) for t in corpus.tools)
    assert all(isinstance(r, Report) for r in corpus.reports)
    assert all(isinstance(t, Talk) for t in talks)
    assert len({(t.conference, t.title) for t in talks}) == 400
    for talk in talks:
        assert 110 <= corpus.words(talk) <= 130
        assert len(set(corpus.mentions(talk))) == bc.MENTIONS_PER_TALK
        assert 1 <= len(talk.speakers) <= 2
        assert talk.link.startswith("https://")
    counts = Counter(m for t in talks for m in corpus.mentions(t))
    ranked = sorted((counts.get(t.id, 0) for t in corpus.tools), reverse=True)
    assert ranked[0] >= 10 * max(1, statistics.median(ranked))  # Zipf-like skew


def test_edit_changes_one_report() -> None:
    corpus = bc.generate(60)
    edited, docname = bc.edit(corpus, 0)
    before, after = variants.render_confnotes(corpus), variants.render_confnotes(edited)
    assert [k for k in before if before[k] != after[k]] == [docname + ".md"]
    changed = edited.talks[docname][0]
    assert "(revised 1)" in changed.title
    assert len(edited.mentions(changed)) == bc.MENTIONS_PER_TALK + 1


def test_light_cards_name_tools_as_text() -> None:
    corpus = bc.generate(60)
    light, linked = variants.render_cards_light(corpus), variants.render_cards(corpus)
    report = corpus.reports[0].docname + ".md"
    assert "{ref}" not in light[report]
    assert light[report].count("{ref}") < linked[report].count("{ref}")
    assert linked[report].count("{ref}`") == sum(
        len(corpus.mentions(t)) for t in corpus.talks[corpus.reports[0].docname]
    )
    assert light["tools.md"] == linked["tools.md"]  # the same static index page


def test_confnotes_variant_has_every_listing() -> None:
    files = variants.render_confnotes(bc.generate(60))
    for kind in ("tool-index", "tool-matrix", "tool-trends", "speaker-index"):
        assert sum(f"{{{kind}}}" in text for text in files.values()) == 1, kind


def test_tiny_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = run.main(
        [
            "--talks", "20", "--runs", "2", "--no-growth",
            "--variants", "plain,cards-light,confnotes", "--workdir", str(tmp_path),
            "--json", str(tmp_path / "figures.json"), "--quiet",
        ]
    )  # fmt: skip
    assert list(figures.variants) == ["plain", "cards-light", "confnotes"]
    cn = figures.variants["confnotes"]
    assert cn.median_s > 0 and cn.median_peak_mib > 0
    assert cn.x_plain is not None and cn.x_cards is None
    assert cn.x_cards_light is not None and cn.peak_x_cards_light is not None
    assert cn.median_incremental_s is not None and len(cn.incremental_s) == 2
    # -j 2 is compared with -j 1 before an edit changes the latter.
    assert cn.j2_over_j1 is not None and cn.j2_identical is True
    assert cn.median_noop_s is not None and cn.median_noop_s > 0
    assert cn.indexes_right is True
    for figs in figures.variants.values():
        assert figs.warnings == [], figs.variant
    out = capsys.readouterr().out
    assert "confnotes" in out and "targets" in out and "cards-light" in out
    assert (tmp_path / "figures.json").is_file()


def test_ingest_benchmark_runs() -> None:
    """The programme-import benchmark runs end to end (its figures are for the README,
    not asserted: timing is the benchmark's job, not a test's)."""
    from benchmarks import ingest

    figures = ingest.main(["--runs", "1"])
    assert len(figures) == 4 and all(best > 0 for _, best in figures.values())


def test_features_benchmark_builds_both_sites(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import features

    sites = features.sites(40)
    assert "finder.md" in sites["with"] and "trends.md" not in sites["without"]
    times = features.main(["--talks", "40", "--rounds", "1"])
    assert all(len(v) == 1 and v[0] > 0 for v in times.values())
    assert "added:" in capsys.readouterr().out
