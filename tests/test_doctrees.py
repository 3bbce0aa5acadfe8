"""Only the page being read or written is in memory; the site comes out the same."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.testing.util import SphinxTestApp


def _build(src: Path, **overrides: Any) -> tuple[dict[str, bytes], list[int]]:
    app = SphinxTestApp("html", srcdir=src, confoverrides=overrides)
    cached: list[int] = []  # doctrees held in memory when writing starts
    app.connect(
        "write-started", lambda app, *a: cached.append(len(app.env._write_doc_doctree_cache))
    )
    try:
        app.build()
        out = Path(app.outdir)
        pages = {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*.html"))
            if "_static" not in p.parts
        }
    finally:
        app.cleanup()
    return pages, cached


def test_read_pages_leave_memory_and_the_site_is_the_same(rootdir: Path, tmp_path: Path) -> None:
    for name in ("on", "off"):
        shutil.copytree(rootdir / "test-basic", tmp_path / name)
    lean, cached_lean = _build(tmp_path / "on")
    sphinx, cached_sphinx = _build(tmp_path / "off", confnotes_release_doctrees=False)
    assert cached_lean == [0]
    assert cached_sphinx and cached_sphinx[0] >= 5  # Sphinx's way: every page read
    assert lean.keys() == sphinx.keys()
    for page in lean:
        assert lean[page] == sphinx[page], page


def test_written_pages_are_released_without_the_collector(rootdir: Path, tmp_path: Path) -> None:
    """Each page's doctree is freed once written, although the collector is frozen.

    (The document object itself stays: TOC entries copied from its titles point
    to it. Its content must go.)"""
    src = tmp_path / "release"
    shutil.copytree(rootdir / "test-basic", src)
    app = SphinxTestApp("html", srcdir=src)
    written: list[weakref.ref[Any]] = []

    def note(app: Any, page: str, template: str, context: Any, doctree: Any) -> None:
        if doctree is not None:
            written.extend(
                weakref.ref(n) for n in doctree.findall(nodes.Element) if n is not doctree
            )

    app.connect("html-page-context", note, priority=1)
    try:
        app.build()
    finally:
        app.cleanup()
    assert gc.get_freeze_count() > 10_000  # frozen: only reference counting frees now
    assert len(written) > 200
    # A few nodes detached during writing but still pointed to (a replaced
    # reference's old parent) may stay; the pages' content must not.
    alive = [ref() for ref in written if ref() is not None]
    assert len(alive) < 0.1 * len(written), alive
