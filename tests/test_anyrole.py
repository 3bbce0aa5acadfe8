"""``{any}`` and ``default_role = "any"`` on a site with confnotes: only existing
objects are offered, never a warning, and the author's labels keep their place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-anyrole"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BeautifulSoup]:
    src = tmp_path_factory.mktemp("anyrole") / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"nitpicky": True})
    try:
        app.build()
        html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
        return app.warning.getvalue(), BeautifulSoup(html, "html.parser")
    finally:
        app.cleanup()


def test_no_confnotes_or_ambiguity_warnings(built: tuple[str, BeautifulSoup]) -> None:
    warnings, _ = built
    assert "unknown tool" not in warnings
    assert "more than one target found" not in warnings
    assert "confnotes" not in warnings
    # The one real dangling reference is Sphinx's own warning, once per use.
    assert warnings.count("'any' reference target not found: nothing-at-all") == 1


def test_existing_objects_link(built: tuple[str, BeautifulSoup]) -> None:
    _, soup = built
    hrefs = {a.get_text(): a["href"] for a in soup.select("a.reference.internal")}
    assert hrefs["Polars"].startswith("tools.html#tool-polars")
    assert hrefs["Ada Lovelace"].startswith("speakers.html#speaker-ada-lovelace")
    assert hrefs["Fast frames"] == "report.html#any-conf-2024-fast-frames"
    # The section the label marks (myst-parser 5.0 links its first id, 5.2 the label's).
    own = soup.find(id=hrefs["Own label"].removeprefix("#"))
    assert own is not None
    assert own.find(["h1", "h2"]).get_text().startswith("Own label")
    assert "Any Conf 2024" in hrefs  # `report` with the default role: the report page


def test_a_talk_id_that_is_an_authors_label(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    index = src / "index.md"
    index.write_text(index.read_text().replace("(my-label)=", "(any-conf-2024-fast-frames)="))
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = app.warning.getvalue()
        std = app.env.domains.standard_domain
        assert std.labels["any-conf-2024-fast-frames"][0] == "index"  # the author's label
        assert "talk id 'any-conf-2024-fast-frames' is also a label defined at" in warnings
        assert "index.md" in warnings
        assert "report.md:" in warnings
        assert "[confnotes.duplicate]" in warnings
    finally:
        app.cleanup()


def _build(src: Path) -> str:
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        return (Path(app.outdir) / "refs.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()


def test_references_follow_their_targets_after_an_edit(tmp_path: Path) -> None:
    # refs.md sits outside every toctree, so Sphinx never rewrites it on its own.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "refs.md").write_text(
        "---\norphan: true\n---\n# Refs\n\n"
        "{speaker}`Grace Hopper` and {confnotes:report}`report` and {tool}`Polars`.\n"
    )
    html = _build(src)
    assert 'href="speakers.html#speaker-grace-hopper"' not in html
    assert ">Any Conf 2024<" in html
    report = src / "report.md"
    text = report.read_text()
    text = text.replace("# Any Conf 2024", "# Any Conf 2024, renamed")
    text += "\n::::{talk} Compilers\n:time: 11:00\n:speaker: Grace Hopper\n::::\n"
    report.write_text(text)
    html = _build(src)  # incremental: same srcdir, outdir and doctrees
    assert 'href="speakers.html#speaker-grace-hopper"' in html
    assert ">Any Conf 2024, renamed<" in html
