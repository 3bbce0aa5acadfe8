"""The fast sidebar toctree writes exactly the HTML Sphinx writes, and is used.

Every page of a site with nested, captioned, numbered, hidden, glob, ``self``,
URL and generated entries, pages in several directories, a page listed twice and
an orphan is built with ``confnotes_fast_sidebar`` on and off, for sidebars that
collapse and that don't, and the files must be byte-identical.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from confnotes.speedups import sidebar
from sphinx.testing.util import SphinxTestApp

# sphinx.testing builds with the "basic" theme unless told otherwise.
ALABASTER = {"html_theme": "alabaster"}
THEMES: dict[str, dict[str, Any]] = {
    "alabaster": ALABASTER,
    "alabaster-open": {**ALABASTER, "html_theme_options": {"sidebar_collapse": False}},
    "alabaster-no-hidden": {**ALABASTER, "html_theme_options": {"sidebar_includehidden": False}},
    "classic-globaltoc": {
        "html_theme": "classic",
        "html_sidebars": {"**": ["globaltoc.html", "localtoc.html"]},
        "html_theme_options": {"globaltoc_maxdepth": 3, "globaltoc_collapse": True},
    },
    "classic-globaltoc-open": {
        "html_theme": "classic",
        "html_sidebars": {"**": ["globaltoc.html"]},
        "html_theme_options": {"globaltoc_maxdepth": -1, "globaltoc_collapse": False},
    },
}


def build(
    src: Path, out: Path, overrides: dict[str, Any], buildername: str = "html", parallel: int = 0
) -> tuple[dict[str, bytes], sidebar.Sidebar | None, str]:
    app = SphinxTestApp(
        buildername, srcdir=src, builddir=out, confoverrides=overrides, parallel=parallel
    )
    try:
        app.build()
        pages = {
            p.relative_to(app.outdir).as_posix(): p.read_bytes()
            for p in sorted(Path(app.outdir).rglob("*.html"))
            if "_static" not in p.parts
        }
        return pages, sidebar._SIDEBARS.get(app.builder), app.warning.getvalue()
    finally:
        app.cleanup()


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(rootdir / "test-sidebar", tmp_path / "src"))


Pages = dict[str, bytes]


@pytest.fixture(scope="module")
def sphinxs_own(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Pages]:
    """``sphinxs_own(overrides, buildername="html")``: the pages of test-sidebar built
    with the fast sidebar off (Sphinx's own toctrees), once per setting for the
    module: what the fast path must equal."""
    base = tmp_path_factory.mktemp("sidebar-sphinx")
    src = Path(shutil.copytree(rootdir / "test-sidebar", base / "src"))
    built: dict[str, Pages] = {}

    def pages(overrides: dict[str, Any], buildername: str = "html") -> Pages:
        key = f"{buildername} {sorted(overrides.items())!r}"
        if key not in built:
            off = {**overrides, "confnotes_fast_sidebar": False}
            built[key], unused, _ = build(src, base / f"out-{len(built)}", off, buildername)
            assert unused is None, "the fast sidebar ran while switched off"
        return built[key]

    return pages


@pytest.fixture(autouse=True)
def verify_one_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """One page per directory Sphinx's way: the fast path writes all the others,
    even in the test site's small directories."""
    monkeypatch.setattr(sidebar, "VERIFY_PAGES", 1)


@pytest.mark.parametrize("theme", list(THEMES))
def test_same_html_as_sphinx(
    src: Path, tmp_path: Path, theme: str, sphinxs_own: Callable[..., Pages]
) -> None:
    overrides = THEMES[theme]
    fast, used, warnings = build(src, tmp_path / "fast", overrides)
    slow = sphinxs_own(overrides)
    assert "WARNING" not in warnings
    assert len(fast) == len(slow) > 12
    for page in slow:
        assert fast[page] == slow[page], page
    # The fast path really ran: a cached set per directory, none given up.
    assert used is not None and used.sets
    assert all(found is not None for found in used.sets.values())
    directories = {key[0] for key in used.sets}
    assert {"", "conf-a", "conf-b", "conf-b/notes"} <= directories


def test_the_current_page_is_marked(src: Path, tmp_path: Path) -> None:
    pages, _, _ = build(src, tmp_path / "fast", ALABASTER)
    page = pages["conf-a/index.html"].decode()
    nav = page[page.index("<h3>Navigation</h3>") : page.index('<div class="relations">')]
    assert '<li class="toctree-l1 current"><a class="current reference internal" href="#">' in nav
    assert 'href="#days"' in nav  # this page's branch is open (collapse) ...
    assert 'href="../conf-b/index.html"' in nav  # ... links are relative to this page ...
    assert "deep.html" not in nav  # ... and the other conference's branch is closed
    assert 'href="../hidden-page.html"' in nav  # alabaster includes hidden toctrees


def test_small_directories_keep_sphinxs_way(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sphinxs_own: Callable[..., Pages]
) -> None:
    """Building a directory's set costs about VERIFY_PAGES pages: a directory (or
    a rebuild) that writes no more pages than that never builds one."""
    monkeypatch.setattr(sidebar, "VERIFY_PAGES", 4)
    fast, used, _ = build(src, tmp_path / "fast", ALABASTER)
    assert fast == sphinxs_own(ALABASTER)
    assert used is not None
    # The top directory writes 7 pages (with genindex and search), the others 2 or 3.
    assert {key[0] for key in used.sets} == {""}
    assert all(found is not None for found in used.sets.values())


def test_a_difference_falls_back_to_sphinx(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sphinxs_own: Callable[..., Pages]
) -> None:
    """A wrong rendering is caught on the pages built both ways, and never written."""
    monkeypatch.setattr(sidebar.Sidebar, "_render", lambda *args: "<ul>wrong</ul>\n")
    fast, used, _ = build(src, tmp_path / "fast", ALABASTER)
    assert fast == sphinxs_own(ALABASTER)
    assert used is not None and used.sets
    assert all(found is None for found in used.sets.values())


@pytest.mark.parametrize("buildername", ["dirhtml", "singlehtml"])
def test_other_html_builders(
    src: Path, tmp_path: Path, buildername: str, sphinxs_own: Callable[..., Pages]
) -> None:
    fast, used, _ = build(src, tmp_path / "fast", ALABASTER, buildername)
    assert fast == sphinxs_own(ALABASTER, buildername)
    if buildername == "singlehtml":  # one page: nothing to share, Sphinx's way
        assert used is None
    else:
        assert used is not None


def test_dirhtml_uses_the_fast_sidebar(src: Path, tmp_path: Path) -> None:
    """Without this, the dirhtml case above compares Sphinx's sidebar with itself."""
    _, used, _ = build(src, tmp_path / "fast", ALABASTER, "dirhtml")
    assert used is not None
    assert any(found is not None for found in used.sets.values())


def test_parallel_writes(src: Path, tmp_path: Path, sphinxs_own: Callable[..., Pages]) -> None:
    """Pages written by -j 2 workers (each with its own cache) match Sphinx's own."""
    fast, _, _ = build(src, tmp_path / "fast", ALABASTER, parallel=2)
    assert fast == sphinxs_own(ALABASTER)


def test_after_an_edit(rootdir: Path, tmp_path: Path) -> None:
    """Incremental builds (new titles, a new page in the tree) match Sphinx's own."""
    sites = {}
    for name, fast in (("fast", True), ("slow", False)):
        src = Path(shutil.copytree(rootdir / "test-sidebar", tmp_path / name / "src"))
        overrides = {**ALABASTER, "confnotes_fast_sidebar": fast}
        build(src, tmp_path / name / "out", overrides)
        sitekit_write(src / "conf-b" / "day-2.rst", "Conference B, day 2\n===================\n")
        day = src / "conf-a" / "day-2.rst"
        sitekit_write(day, day.read_text().replace("Conference A, day 2", "Day two of A"))
        sites[name] = build(src, tmp_path / name / "out", overrides)[0]
    assert sites["fast"] == sites["slow"]
    assert b"Day two of A" in sites["fast"]["conf-a/day-2.html"]
    assert "conf-b/day-2.html" in sites["fast"]


def sitekit_write(path: Path, text: str) -> None:
    from conftest import SiteKit

    path.write_text(text, encoding="utf-8")
    SiteKit.touch(path)
