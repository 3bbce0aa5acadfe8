"""The benchmark's corpus generator, and one tiny end-to-end run of ``confnotes.bench``."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
from confnotes import bench


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for variant, render in bench.RENDERERS.items():
        first = render(bench.generate(60))
        assert first == render(bench.generate(60)), variant
        bench.write_tree(tmp_path / variant, first)
        # Rewriting the same corpus touches nothing.
        assert bench.write_tree(tmp_path / variant, render(bench.generate(60))) == []
    assert bench.generate(60, seed=1) != bench.generate(60, seed=2)


def test_corpus_shape() -> None:
    corpus = bench.generate(400)
    talks = corpus.talks
    assert len(talks) == 400
    assert len(corpus.reports) == 20
    assert len(corpus.tools) == bench.N_TOOLS
    assert len({t.id for t in corpus.tools}) == bench.N_TOOLS
    assert len({(r.name, t.title) for r in corpus.reports for t in r.talks}) == 400
    for talk in talks:
        assert 110 <= talk.words <= 130
        assert len(set(talk.mentions)) == bench.MENTIONS_PER_TALK
        assert 1 <= len(talk.speakers) <= 2
        assert talk.link.startswith("https://")
    counts = Counter(m for t in talks for m in t.mentions)
    ranked = sorted((counts.get(t.id, 0) for t in corpus.tools), reverse=True)
    assert ranked[0] >= 10 * max(1, statistics.median(ranked))  # Zipf-like skew


def test_edit_changes_one_report() -> None:
    corpus = bench.generate(60)
    edited, path = bench.edit(corpus, 0)
    before, after = bench.render_confnotes(corpus), bench.render_confnotes(edited)
    assert [k for k in before if before[k] != after[k]] == [path + ".md"]
    changed = next(r for r in edited.reports if r.path == path).talks[0]
    assert "(revised 1)" in changed.title
    assert len(changed.mentions) == bench.MENTIONS_PER_TALK + 1


def test_tiny_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = bench.main(
        [
            "--talks", "20", "--runs", "2", "--no-growth",
            "--variants", "plain,confnotes", "--workdir", str(tmp_path),
            "--json", str(tmp_path / "figures.json"), "--quiet",
        ]
    )  # fmt: skip
    assert list(figures.variants) == ["plain", "confnotes"]
    cn = figures.variants["confnotes"]
    assert cn.median_s > 0 and cn.median_peak_mib > 0
    assert cn.x_plain is not None and cn.x_cards is None
    assert cn.median_incremental_s is not None and len(cn.incremental_s) == 2
    # -j 2 is compared with -j 1 before an edit changes the latter.
    assert cn.j2_over_j1 is not None and cn.j2_identical is True
    assert cn.median_noop_s is not None and cn.median_noop_s > 0
    assert cn.indexes_right is True
    assert cn.warnings == [] and figures.variants["plain"].warnings == []
    out = capsys.readouterr().out
    assert "confnotes" in out and "targets" in out
    assert (tmp_path / "figures.json").is_file()
