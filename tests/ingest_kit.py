"""Helpers for the ingest tests: run the CLI, build written pages with Sphinx."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from confnotes import cli

HERE = Path(__file__).parent
FIXTURES = HERE / "ingest"
ROOT = HERE / "roots" / "test-recordings"
REPO = HERE.parent


def confnotes(*args: str) -> int:
    return cli.main(list(args))


@dataclass
class Site:
    src: Path
    html: Path
    warnings: str

    def page(self, name: str) -> str:
        return (self.html / "reports" / f"{name}.html").read_text(encoding="utf-8")


def new_site(tmp: Path) -> Path:
    """A copy of the test root; pages go to ``reports/``."""
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    (src / "reports").mkdir(exist_ok=True)
    return src


def build(src: Path, *, nitpicky: bool = True) -> Site:
    """Build with Sphinx's test app (nitpicky): what the warnings and pages say."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    app = SphinxTestApp(
        "html", srcdir=src, builddir=src.parent / "_build", freshenv=True,
        confoverrides={"nitpicky": nitpicky},
    )  # fmt: skip
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        html = Path(app.outdir)
    finally:
        app.cleanup()
    return Site(src, html, warnings)
