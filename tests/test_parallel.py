"""Parallel builds (``-j 2``) give the same site as serial builds, also incrementally."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Built, SiteKit

EXPECTED_WARNINGS = [
    "<src>/conf-a/day-2.md:20: WARNING: unknown tool 'frobnicator': add it to the tool registry "
    "(tools.yaml) [confnotes.unknown_tool]",
    "<src>/lists.md:42: WARNING: talk-list: no talk matches speaker 'Nobody At All' "
    "[confnotes.listing]",
]


def warnings_of(built: Built, src: Path) -> list[str]:
    return sorted(line.replace(str(src), "<src>") for line in built.warning_lines())


def same_site(sitekit: SiteKit, a: Built, b: Built) -> None:
    """``a`` shows what ``b`` shows (``a`` may keep stale files of deleted pages)."""
    pages_a, pages_b = sitekit.pages(a.outdir), sitekit.pages(b.outdir)
    assert {page: pages_a.get(page) for page in pages_b} == pages_b
    assert (a.outdir / "confnotes.json").read_bytes() == (b.outdir / "confnotes.json").read_bytes()
    assert sitekit.inventory(a.outdir) == sitekit.inventory(b.outdir)


@pytest.fixture(scope="module")
def builds(
    sitekit: SiteKit, indexes_site: Built, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, Built]]:
    base = tmp_path_factory.mktemp("parallel")
    src = sitekit.copy_root("indexes", base / "src")
    return {
        "serial": (indexes_site.outdir.parent.parent / "src", indexes_site),
        "parallel": (src, sitekit.build(src, base / "build", parallel=2, freshenv=True)),
    }


def test_parallel_build_was_parallel(builds: dict[str, tuple[Path, Built]]) -> None:
    # Sphinx reports chunks ('a .. b') when it reads and writes in worker processes
    status = builds["parallel"][1].status
    assert any("reading sources" in line and " .. " in line for line in status.splitlines())
    assert any("writing output" in line and " .. " in line for line in status.splitlines())


def test_parallel_equals_serial(sitekit: SiteKit, builds: dict[str, tuple[Path, Built]]) -> None:
    same_site(sitekit, builds["serial"][1], builds["parallel"][1])
    assert sitekit.broken_links(builds["parallel"][1].outdir) == []


def test_parallel_warnings(builds: dict[str, tuple[Path, Built]]) -> None:
    lines = {name: warnings_of(built, src) for name, (src, built) in builds.items()}
    assert lines["serial"] == lines["parallel"] == EXPECTED_WARNINGS


def _edit(sitekit: SiteKit, path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    sitekit.write(path, text.replace(old, new))


def test_parallel_incremental_equals_clean(sitekit: SiteKit, tmp_path: Path) -> None:
    src = sitekit.copy_root("indexes", tmp_path / "src")
    sitekit.build(src, tmp_path / "inc", parallel=2, freshenv=True)

    # 1. a talk title, a speaker and a new tool mention on two pages
    _edit(sitekit, src / "conf-a/day-2.md", "Pipelines with DVC", "Pipelines with DVC, revisited")
    _edit(sitekit, src / "conf-b/report.md", ":speaker: Linus Query", ":speaker: Grace Hopper")
    _edit(sitekit, src / "conf-b/report.md", "everywhere.", "everywhere, and {tool}`polars`.")
    # 2. a new report page of a third conference, so that reading is split over workers
    sitekit.write(
        src / "conf-c/report.md",
        "# SciPy Beta 2025\n\n:::{report}\n:conference: SciPy Beta\n:edition: 2025\n"
        ":date: 2025-07-01\n:timezone: Asia/Tokyo\n:::\n\n"
        "::::{talk} Arrays everywhere\n:time: 10:00\n:speaker: Ada Lovelace\n\n"
        "About {tool}`DuckDB` and {tool}`flwr`.\n::::\n",
    )
    _edit(sitekit, src / "index.md", "conf-b/report\n", "conf-b/report\nconf-c/report\n")
    incremental = sitekit.build(src, tmp_path / "inc", parallel=2)
    clean = sitekit.build(src, tmp_path / "clean-1", freshenv=True)
    same_site(sitekit, incremental, clean)

    # 3. a report page renamed, another deleted; the registry changes
    (src / "conf-b/report.md").rename(src / "conf-b/summary.md")
    sitekit.touch(src / "conf-b/summary.md")
    (src / "conf-c/report.md").unlink()
    _edit(sitekit, src / "index.md", "conf-b/report\nconf-c/report\n", "conf-b/summary\n")
    _edit(sitekit, src / "tools.yaml", "aliases: [flwr]", "aliases: [flwr, frobnicator]")
    incremental = sitekit.build(src, tmp_path / "inc", parallel=2)
    clean = sitekit.build(src, tmp_path / "clean-2", freshenv=True)
    same_site(sitekit, incremental, clean)
    data = json.loads((incremental.outdir / "confnotes.json").read_text("utf-8"))
    assert "frobnicator" not in {t["id"] for t in data["tools"]}  # now an alias of Flower
    pages = [incremental.outdir / page for page in sitekit.pages(clean.outdir)]
    assert sitekit.broken_links(incremental.outdir, pages) == []
