"""The HTML fast paths (long link lists, the tool matrix) give the same page as the docutils nodes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from confnotes.listings.emit import FastHtml
from confnotes.speedups import fast_html
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp


def _pages(src: Path, builder: str = "html", **overrides: object) -> dict[str, bytes]:
    """Every page the build wrote, as bytes."""
    app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides)
    try:
        app.build()
        out = Path(app.outdir)
        return {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*.html"))
            if "_static" not in p.parts and "_sources" not in p.parts
        }
    finally:
        app.cleanup()


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shapes the fast path answered for."""
    answered: list[str] = []
    original = fast_html.write

    def counting(request: FastHtml) -> object:
        result = original(request)
        if result is not None:
            answered.append(request.shape)
        return result

    monkeypatch.setattr(fast_html, "write", counting)
    return answered


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_fast_html_equals_docutils_nodes(
    rootdir: Path, tmp_path: Path, builder: str, taken: list[str]
) -> None:
    """Whole pages, byte for byte, with the fast path and with Sphinx's own."""
    for name in ("fast", "slow"):
        shutil.copytree(rootdir / "test-indexes", tmp_path / name)
    fast = _pages(tmp_path / "fast", builder)
    assert "link-list" in taken and "table-body" in taken, "the fast path was not taken"
    taken.clear()
    slow = _pages(tmp_path / "slow", builder, confnotes_fast_html=False)
    assert taken == []
    assert fast.keys() == slow.keys()
    for page in fast:
        assert fast[page] == slow[page], page


def test_fast_html_escapes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence"]\nconfnotes_tools_file = ""\n'
    )
    (src / "index.md").write_text(
        "# R\n\n```{toctree}\ntools\nspeakers\n```\n\n"
        '::::{talk} <script>alert("t")</script> & "q"\n:time: 07:00\n'
        ":speaker: <img src=x onerror=alert(1)>\n\n{tool}`x<b>`\n::::\n",
        encoding="utf-8",
    )
    (src / "tools.md").write_text("# T\n\n```{tool-index}\n```\n")
    (src / "speakers.md").write_text("# S\n\n```{speaker-index}\n```\n")
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        pages = [(Path(app.outdir) / f"{p}.html").read_text("utf-8") for p in ("tools", "speakers")]
    finally:
        app.cleanup()
    for html in pages:
        assert "<script>alert" not in html and "<img src" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &quot;q&quot;" in html


# -- the tool matrix: rows as ready HTML, byte for byte what the writer makes of the nodes --

MATRIX_CONF = (
    'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
    'myst_enable_extensions = ["colon_fence"]\nconfnotes_tools_file = "tools.yaml"\n'
)
# Names, descriptions and conferences with every character the writer escapes (& < > " @)
# and one it does not (').
MATRIX_TOOLS = """\
categories:
  data: Data & <more>
tools:
  amp:
    name: A & B <tool>
    description: Says "hi" & 'bye' <b>bold</b> @home
  quoted:
    name: "Q \\"quoted\\" 'single' @x"
    aliases: [qq]
  plain:
    name: Plain
  silent:
    name: Never mentioned
"""


def _report(conference: str, edition: str, day: str, notes: str) -> str:
    return (
        f"# {conference} {edition}\n\n:::{{report}}\n:conference: {conference}\n"
        f":edition: {edition}\n:date: {day}\n:timezone: UTC\n:::\n\n"
        f"::::{{talk}} A talk\n:time: 10:00\n\n{notes}\n::::\n"
    )


def _matrix_site(src: Path, *, same_page: bool) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(MATRIX_CONF)
    (src / "tools.yaml").write_text(MATRIX_TOOLS, encoding="utf-8")
    pages = {
        "r1": _report(
            'R&D "<Conf>"',
            "2024",
            "2024-05-01",
            '{tool}`amp`, {tool}`qq`, {tool}`X<b>&"y"` and {tool}`Unknown\'@tool`.',
        ),
        "r2": _report("Py'Con @home", "2023", "2023-01-02", "{tool}`amp` and {tool}`plain`."),
        "r3": _report('R&D "<Conf>"', "2024", "2024-05-02", "{tool}`quoted`, {tool}`amp`."),
        "other": "# No report here\n\nJust {tool}`plain` and {tool}`Unknown'@tool`.\n",
        "tools": "# Tools\n\n:::{tool-index}\n:::\n"
        + ("\n:::{tool-matrix}\n:::\n" if same_page else ""),
    }
    if not same_page:
        pages["matrix"] = "# Matrix\n\n:::{tool-matrix}\n:::\n"
    toctree = "\n".join(pages)
    pages["index"] = f"# Site\n\n```{{toctree}}\n{toctree}\n```\n"
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")


def _matrix_build(src: Path, builder: str, **overrides: object) -> dict[str, bytes]:
    app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides)
    try:
        app.build()
        out = Path(app.outdir)
        return {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*.html"))
            if "_static" not in p.parts
        }
    finally:
        app.cleanup()


def test_escaping_is_the_html_writers() -> None:
    from docutils.writers.html5_polyglot import HTMLTranslator

    assert HTMLTranslator.special_characters == fast_html.HTML_SPECIAL


@given(st.text())
def test_encode_is_the_translation_table(text: str) -> None:
    """``_encode`` (chained replaces, for speed) does what the table does."""
    assert fast_html.encode(text) == text.translate(fast_html.HTML_SPECIAL)
    assert fast_html.encode(text + '&amp;<@>"') == (text + '&amp;<@>"').translate(
        fast_html.HTML_SPECIAL
    )


def _matrix_table(html: bytes) -> bytes:
    start = html.index(b'<table class="confnotes-tool-matrix')
    return html[start : html.index(b"</table>", start) + len(b"</table>")]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("same_page", [False, True], ids=["own-page", "with-tool-index"])
def test_fast_matrix_is_byte_identical(
    builder: str, same_page: bool, tmp_path: Path, taken: list[str]
) -> None:
    _matrix_site(tmp_path / "fast" / "src", same_page=same_page)
    _matrix_site(tmp_path / "slow" / "src", same_page=same_page)
    fast = _matrix_build(tmp_path / "fast" / "src", builder)
    assert "table-body" in taken, "the fast path was not taken"
    taken.clear()
    slow = _matrix_build(tmp_path / "slow" / "src", builder, confnotes_fast_html=False)
    assert taken == []
    page = next(p for p in fast if p.startswith("tools" if same_page else "matrix"))
    table = _matrix_table(fast[page])
    # What it shows: escaped names and titles, unknown tools, empty cells, the other-pages column.
    assert b"A &amp; B &lt;tool&gt;" in table
    assert b"title=\"Says &quot;hi&quot; &amp; 'bye' &lt;b&gt;bold&lt;/b&gt; &#64;home\"" in table
    assert b"Q &quot;quoted&quot; 'single' &#64;x" in table
    assert b"X&lt;b&gt;&amp;&quot;y&quot;" in table and b"Unknown'&#64;tool" in table
    assert b"R&amp;D &quot;&lt;Conf&gt;&quot; 2024" in table and b"Other pages" in table
    assert b"<td></td>" in table
    assert b"Never mentioned" not in table
    # The heat map's parts: shaded cells, tool names as row headers, the caption.
    assert b'<td class="confnotes-heat-4"><p>' in table
    assert b'<th class="stub"><p><a class="reference internal"' in table
    assert b'<th class="head stub"><p>Tool</p></th>' in table
    assert b"<caption>" in table
    assert fast.keys() == slow.keys()
    for name in fast:  # every page, not only the table
        assert fast[name] == slow[name], name
