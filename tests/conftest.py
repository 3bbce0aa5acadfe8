from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def _docutils_registrations_undone() -> Iterator[None]:
    """Every test leaves docutils' registries as it found them.

    A Sphinx app registers its nodes, directives and roles with docutils, globally;
    only ``SphinxTestApp.cleanup()`` (or ``docutils_namespace()``) undoes that. A
    test that skips it makes every later app warn "node class ... is already
    registered", and the failure shows up in some unrelated test much later: this
    check fails the test that leaked instead, and undoes what it left.
    """
    from docutils.parsers.rst import directives, roles
    from sphinx.util.docutils import additional_nodes, unregister_node

    assert not additional_nodes, "an earlier fixture left docutils nodes registered"
    saved = (directives._directives.copy(), roles._roles.copy())  # type: ignore[attr-defined]
    yield
    leaked = sorted(node.__name__ for node in additional_nodes)
    for node in list(additional_nodes):
        unregister_node(node)
    additional_nodes.clear()
    directives._directives, roles._roles = saved  # type: ignore[attr-defined]
    assert not leaked, f"a Sphinx app was not cleaned up: {len(leaked)} nodes left registered"


RootBuild = Callable[..., "SphinxTestApp"]


@pytest.fixture(scope="session")
def built_root(tmp_path_factory: pytest.TempPathFactory) -> RootBuild:
    """``built_root(name, **kwargs)``: a clean HTML build of ``tests/roots/test-<name>``
    (``kwargs`` for SphinxTestApp, e.g. ``confoverrides``), made once per session.

    For tests that only read the output: the app is cleaned up (docutils'
    registries restored) before it is returned; its output directory, warnings
    and environment stay readable (``env.get_doctree`` reads the pickled
    doctrees). Never build with it again, never change what it wrote.
    """
    from sphinx.testing.util import SphinxTestApp

    cache: dict[str, SphinxTestApp] = {}

    def build(name: str, **kwargs: Any) -> SphinxTestApp:
        key = f"{name} {sorted(kwargs.items())!r}"
        if key not in cache:
            src = tmp_path_factory.mktemp(name) / "src"
            shutil.copytree(Path(__file__).parent / "roots" / f"test-{name}", src)
            app = SphinxTestApp("html", srcdir=src, freshenv=True, **kwargs)
            try:
                app.build()
            finally:
                app.cleanup()
            cache[key] = app
        return cache[key]

    return build


# -- confnotes build helpers (test_indexes, test_catalogue, test_incremental, test_parallel) --

import os  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from urllib.parse import unquote, urlsplit  # noqa: E402

from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Profiles for the incremental-build property test: short by default (CI),
# long with CONFNOTES_LONG=1. Used explicitly by that test, never loaded globally.
for _name, _examples in (("confnotes-short", 10), ("confnotes-long", 150)):
    hypothesis_settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
CONFNOTES_PROFILE = (
    "confnotes-long" if os.environ.get("CONFNOTES_LONG") == "1" else "confnotes-short"
)


@dataclass
class Built:
    """What one Sphinx build left behind."""

    outdir: Path
    status: str
    warnings: str
    written: list[str] = field(default_factory=list)  # pagenames (serial writes only)

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]


class SiteKit:
    """Build a copy of a test root and look at what came out."""

    SKIP_DIRS = ("_static", "_sources", "_images", "_downloads")

    def __init__(self, roots: Path) -> None:
        self.roots = roots

    def copy_root(self, name: str, dest: Path) -> Path:
        shutil.copytree(self.roots / f"test-{name}", dest, ignore=shutil.ignore_patterns("_build"))
        return dest

    @staticmethod
    def touch(path: Path) -> None:
        """Give an edited file an mtime after the last build, never in the future."""
        now = max(time.time_ns(), path.stat().st_mtime_ns + 1_000)
        os.utime(path, ns=(now, now))

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.touch(path)

    @staticmethod
    def build(srcdir: Path, builddir: Path, *, parallel: int = 0, freshenv: bool = False) -> Built:
        from sphinx.testing.util import SphinxTestApp
        from sphinx.util.console import strip_colors

        written: list[str] = []
        app = SphinxTestApp(
            "html", srcdir=srcdir, builddir=builddir, freshenv=freshenv, parallel=parallel
        )
        try:
            app.connect(
                "html-page-context",
                lambda _app, pagename, _tpl, _ctx, doctree: (
                    written.append(pagename) if doctree is not None else None
                ),
            )
            app.build()
            return Built(
                Path(app.outdir),
                strip_colors(app.status.getvalue()),
                strip_colors(app.warning.getvalue()),
                written,
            )
        finally:
            app.cleanup()

    # -- output ----------------------------------------------------------------------------

    def html_files(self, outdir: Path) -> list[Path]:
        return sorted(
            p
            for p in outdir.rglob("*.html")
            if not any(part in self.SKIP_DIRS for part in p.relative_to(outdir).parts)
        )

    @staticmethod
    def soup(path: Path):  # -> BeautifulSoup
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_text("utf-8"), "html.parser")

    def main(self, path: Path):  # -> Tag
        """The page's own content (theme chrome, scripts and search left out)."""
        found = self.soup(path).select_one("div.body, article, main")
        assert found is not None, f"no main content in {path}"
        for tag in found.select("script, style"):
            tag.decompose()
        return found

    def pages(self, outdir: Path) -> dict[str, str]:
        """Relative path -> main content HTML, for every generated page but search."""
        return {
            p.relative_to(outdir).as_posix(): str(self.main(p))
            for p in self.html_files(outdir)
            if p.name != "search.html"
        }

    @staticmethod
    def inventory(outdir: Path) -> set[tuple[str, str, str, str]]:
        from sphinx.util.inventory import InventoryFile

        inv = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="")
        return {
            (typ, name, item.uri, item.display_name)
            for typ, items in inv.data.items()
            for name, item in items.items()
        }

    def broken_links(self, outdir: Path, pages: list[Path] | None = None) -> list[str]:
        """Every internal href (in the given pages, default all) whose file or id is missing."""
        ids: dict[Path, set[str]] = {}

        def ids_of(path: Path) -> set[str]:
            if path not in ids:
                soup = self.soup(path)
                ids[path] = {t["id"] for t in soup.select("[id]")} | {
                    t["name"] for t in soup.select("a[name]")
                }
            return ids[path]

        broken = []
        for page in pages if pages is not None else self.html_files(outdir):
            for a in self.soup(page).select("a[href]"):
                href = a["href"]
                parts = urlsplit(href)
                if parts.scheme or parts.netloc:
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                where = f"{page.relative_to(outdir)}: {href}"
                if not target.is_file():
                    broken.append(f"{where} (no such file)")
                elif parts.fragment and unquote(parts.fragment) not in ids_of(target):
                    broken.append(f"{where} (no such id)")
        return broken


@pytest.fixture(scope="session")
def sitekit(rootdir: Path) -> SiteKit:
    return SiteKit(rootdir)


@pytest.fixture(scope="session")
def indexes_site(sitekit: SiteKit, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """test-indexes built once, serially, for the tests that only read it (test_indexes,
    test_catalogue, test_parallel's serial side); its sources are in
    ``outdir.parent.parent / "src"``."""
    base = tmp_path_factory.mktemp("indexes")
    src = sitekit.copy_root("indexes", base / "src")
    return sitekit.build(src, base / "build", freshenv=True)


# -- fuzzing profiles (test_fuzz.py) ------------------------------------------------------
# Two speeds: a Sphinx build per example is slow (a fraction of a second), the pure
# parts (registry loader, model rules) run thousands of examples per second. Short
# by default (CI); CONFNOTES_LONG=1 runs 1,500 builds and 25,000 pure examples per test.
FUZZ_LONG = os.environ.get("CONFNOTES_LONG") == "1"
for _name, _examples in (
    ("confnotes-fuzz-build", 13),
    ("confnotes-fuzz-build-long", 1500),
    ("confnotes-fuzz-fast", 2500),
    ("confnotes-fuzz-fast-long", 25000),
):
    hypothesis_settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
FUZZ_BUILD_PROFILE = "confnotes-fuzz-build-long" if FUZZ_LONG else "confnotes-fuzz-build"
FUZZ_FAST_PROFILE = "confnotes-fuzz-fast-long" if FUZZ_LONG else "confnotes-fuzz-fast"


# -- myst-parser's own warnings, as the newest supported release words them ---------------

import re  # noqa: E402
from collections.abc import Iterable  # noqa: E402

_MYST50_UNKNOWN_OPTIONS = re.compile(
    r"^(?P<path>.+?\.md)\.rst:(?P<line>\d+): WARNING: '(?P<directive>[^']+)': "
    r"Unknown option keys: \[(?P<keys>[^\]]*)\] (?P<allowed>\(allowed: .*\)) "
    r"\[myst\.directive_option\]$"
)


def myst_warnings_as_52(lines: Iterable[str], resolve: Callable[[str], Path]) -> list[str]:
    """Warning lines with myst-parser 5.0's unknown-option warning in 5.2's words.

    5.0 reports ``x.md.rst:<directive line>: ... Unknown option keys: ['a']``; 5.2
    reports ``x.md:<line of :a:>: ... Unknown option key: 'a'``. The tests expect
    5.2's (more precise) form; ``resolve`` maps a warning's path to its file.
    """
    out = []
    for line in lines:
        m = _MYST50_UNKNOWN_OPTIONS.match(line)
        if m is None:
            out.append(line)
            continue
        source = resolve(m["path"]).read_text("utf-8").split("\n")
        start = int(m["line"])
        for key in re.findall(r"'([^']+)'", m["keys"]):
            n = next(
                (i + 1 for i in range(start, len(source)) if source[i].startswith(f":{key}:")),
                start,
            )
            out.append(
                f"{m['path']}:{n}: WARNING: '{m['directive']}': Unknown option key: "
                f"'{key}' {m['allowed']} [myst.directive_option]"
            )
    return out
