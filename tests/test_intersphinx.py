"""Other projects link to talks through our objects.inv (a local file, no network)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import RootBuild
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

BASE = "https://notes.example.org/"
DVC = "europython-2020-automating-machine-learning-workflow-with-dvc"


@pytest.fixture(scope="module")
def producer(built_root: RootBuild) -> Path:
    """The producer site, built once; its HTML output dir."""
    app = built_root("producer")
    assert strip_colors(app.warning.getvalue()) == ""
    return Path(app.outdir)


def _inventory(outdir: Path):
    with open(outdir / "objects.inv", "rb") as f:
        return InventoryFile.load(f, BASE, posixpath.join)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', html))


def test_inventory_lists_talks_tools_speakers_reports(producer: Path) -> None:
    inv = _inventory(producer)
    talks = inv["confnotes:talk"]
    assert set(talks) == {DVC, "ep2020-binder"}
    uri, dispname = talks[DVC].uri, talks[DVC].display_name
    assert dispname == "Automating machine learning workflow with DVC"
    assert uri == f"{BASE}ep2020.html#{DVC}"
    labels = inv["std:label"]
    assert labels[DVC].display_name == "Automating machine learning workflow with DVC"
    assert labels["ep2020-binder"].uri == f"{BASE}ep2020.html#ep2020-binder"
    assert inv["confnotes:tool"]["dvc"].uri == f"{BASE}tools.html#tool-dvc"
    assert inv["confnotes:speaker"]["hongjoo-lee"].display_name == "Hongjoo Lee"
    assert inv["confnotes:report"]["ep2020"].display_name == "EuroPython 2020, Day 2"
    # every anchor the inventory names exists in the HTML
    for kind, entries in inv.items():
        if not kind.startswith("confnotes:"):
            continue  # std:label also holds Sphinx's own pages (genindex, ...)
        for item in entries.values():
            uri = item.uri
            page, _, anchor = uri.removeprefix(BASE).partition("#")
            html = (producer / page).read_text(encoding="utf-8")
            if anchor:
                assert anchor in _ids(html), uri


@pytest.mark.parametrize(
    ("root", "page"),
    [
        ("consumer-rst", "index.html"),
        ("consumer-myst", "index.html"),
        ("consumer-confnotes", "index.html"),
    ],
)
def test_consumer_links_to_talk(
    root: str, page: str, producer: Path, rootdir: Path, tmp_path: Path
) -> None:
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / f"test-{root}", src)
    app = SphinxTestApp(
        "html",
        srcdir=src,
        confoverrides={
            "intersphinx_mapping": {"notes": (BASE, str(producer / "objects.inv"))},
            "nitpicky": True,
        },
    )
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        assert warnings == ""
        html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    finally:
        app.cleanup()
    hrefs = re.findall(r'href="(https://notes\.example\.org/[^"]+)"', html)
    assert f"{BASE}ep2020.html#{DVC}" in hrefs
    # without explicit text, the link shows the talk's title
    assert "Automating machine learning workflow with DVC" in html
    for href in hrefs:
        target, _, anchor = href.removeprefix(BASE).partition("#")
        assert anchor in _ids((producer / target).read_text(encoding="utf-8")), href
