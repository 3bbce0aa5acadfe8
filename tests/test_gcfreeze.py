"""The collector is frozen during a build, released by the next, and left alone when asked."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confnotes import gcfreeze
from sphinx.testing.util import SphinxTestApp


@pytest.fixture(autouse=True)
def clean_collector() -> Iterator[None]:
    gc.unfreeze()
    gcfreeze._state["ours"] = False
    yield
    gc.unfreeze()
    gcfreeze._state["ours"] = False


def build(rootdir: Path, tmp_path: Path, name: str, **overrides: Any) -> str:
    src = Path(shutil.copytree(rootdir / "test-basic", tmp_path / name))
    app = SphinxTestApp("html", srcdir=src, confoverrides=overrides)
    try:
        app.build()
        return app.warning.getvalue()
    finally:
        app.cleanup()


def test_frozen_after_a_build_and_released_by_the_next(rootdir: Path, tmp_path: Path) -> None:
    build(rootdir, tmp_path, "one")
    first = gc.get_freeze_count()
    assert first > 10_000  # the environment, Sphinx and the pages' data
    build(rootdir, tmp_path, "two")
    # The second build started by handing the first one's objects back, so the
    # count is that of one build again, not two.
    assert gc.get_freeze_count() < 2 * first


def test_left_alone_when_switched_off(rootdir: Path, tmp_path: Path) -> None:
    build(rootdir, tmp_path, "off", confnotes_freeze_gc=False)
    assert gc.get_freeze_count() == 0


def test_a_host_that_freezes_is_left_alone(rootdir: Path, tmp_path: Path) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen
    build(rootdir, tmp_path, "host")
    # Nothing more frozen, nothing released (a few frozen objects may have died).
    assert frozen * 0.9 < gc.get_freeze_count() <= frozen
    assert not gcfreeze._state["ours"]


def test_same_site_either_way(rootdir: Path, tmp_path: Path) -> None:
    on = build(rootdir, tmp_path, "on")
    off = build(rootdir, tmp_path, "off2", confnotes_freeze_gc=False)
    pages = {
        name: sorted(
            p.relative_to(tmp_path / name / "_build").as_posix()
            for p in (tmp_path / name / "_build").rglob("*.html")
        )
        for name in ("on", "off2")
    }
    assert pages["on"] == pages["off2"]
    assert on.replace("/on/", "/X/") == off.replace("/off2/", "/X/")
