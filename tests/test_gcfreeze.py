"""The collector is frozen during a build, released by the next, and left alone when asked."""

from __future__ import annotations

import gc
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confnotes.speedups import gcfreeze
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace


@pytest.fixture(autouse=True)
def clean_collector() -> Iterator[None]:
    gc.unfreeze()
    gcfreeze._state.update(ours=False)
    yield
    gc.unfreeze()
    gc.enable()
    gcfreeze._state.update(ours=False)


def build(
    rootdir: Path, tmp_path: Path, name: str, *, seen: list[Any] | None = None, **overrides: Any
) -> str:
    src = tmp_path / name
    if not src.exists():
        shutil.copytree(rootdir / "test-basic", src)
    app = SphinxTestApp("html", srcdir=src, confoverrides=overrides)
    if seen is not None:
        seen.append(("initialised", gc.isenabled()))
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
    # The second build started by handing the first one's objects back and
    # collecting the dead ones, so the count is that of one build, not two.
    assert gc.get_freeze_count() < 1.1 * first
    build(rootdir, tmp_path, "three")
    assert gc.get_freeze_count() < 1.1 * first


def test_paused_while_the_environment_loads(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    load = pickle.load

    def loading(file: Any, **kwargs: Any) -> Any:
        if Path(getattr(file, "name", "")).name == "environment.pickle":
            seen.append(("loading", gc.isenabled()))
        return load(file, **kwargs)

    monkeypatch.setattr(pickle, "load", loading)
    build(rootdir, tmp_path, "env", seen=seen)
    build(rootdir, tmp_path, "env", seen=seen)  # loads the pickled environment
    # The collector is paused while it loads, and on again once Sphinx's
    # initialisation is done (at builder-inited).
    assert seen == [("initialised", True), ("loading", False), ("initialised", True)]
    assert gc.isenabled()


def test_a_host_without_collector_is_left_alone(rootdir: Path, tmp_path: Path) -> None:
    gc.disable()
    try:
        build(rootdir, tmp_path, "nogc")
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


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


def test_a_failing_builder_inited_handler_leaves_the_collector_running(
    rootdir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "failing"
    shutil.copytree(rootdir / "test-basic", src)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text()
        + "\ndef setup(app):\n"
        + "    def boom(app):\n        raise RuntimeError('boom')\n"
        + "    app.connect('builder-inited', boom, priority=1)\n"
    )
    # docutils_namespace: the failed app never cleans up the nodes it registered.
    with docutils_namespace(), pytest.raises(Exception, match="boom"):
        SphinxTestApp("html", srcdir=src)
    assert gc.isenabled()


def test_a_failing_config_inited_handler_never_pauses(rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "failing-config"
    shutil.copytree(rootdir / "test-basic", src)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text()
        + "\ndef setup(app):\n"
        + "    def boom(app, config):\n        raise RuntimeError('boom')\n"
        + "    app.connect('config-inited', boom)\n"
    )
    # docutils_namespace: the failed app never cleans up the nodes it registered.
    with docutils_namespace(), pytest.raises(Exception, match="boom"):
        SphinxTestApp("html", srcdir=src)
    assert gc.isenabled()


def test_a_failure_while_loading_resumes_the_collector(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However loading the environment ends, the collector is on again."""
    build(rootdir, tmp_path, "broken-env")
    seen: list[Any] = []

    def failing(file: Any, **kwargs: Any) -> Any:
        seen.append(("loading", gc.isenabled()))
        raise EOFError("a truncated environment.pickle")

    monkeypatch.setattr(pickle, "load", failing)
    warnings = build(rootdir, tmp_path, "broken-env", seen=seen)  # Sphinx starts afresh
    assert seen == [("loading", False), ("initialised", True)]
    assert gc.isenabled()
    assert "WARNING" not in warnings


def test_the_pause_wraps_sphinx_loader_once(rootdir: Path, tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    build(rootdir, tmp_path, "once")
    build(rootdir, tmp_path, "twice")
    load = getattr(Sphinx, gcfreeze.LOADER)
    assert getattr(load, "confnotes_paused", False)
    assert not getattr(load.__wrapped__, "confnotes_paused", False)  # not wrapped twice
