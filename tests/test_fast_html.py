"""The HTML fast paths (long link lists, the tool matrix) give the same page as the docutils nodes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from confnotes import indexes
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

Pages = dict[str, bytes]
LISTING_PAGES = ("tools.html", "speakers.html")  # test-indexes' pages with long link lists


def _pages(outdir: Path) -> Pages:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*.html"))
        if "_static" not in p.parts
    }


def _build_indexes(src: Path, *, fast: bool) -> Pages:
    calls: list[int] = []
    list_html = indexes.Writer._list_html

    def counting(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        return list_html(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(indexes.Writer, "_list_html", counting)
        if not fast:
            mp.setattr(indexes, "FAST_HTML_BUILDERS", frozenset())
        app = SphinxTestApp("html", srcdir=src)
        try:
            app.build()
        finally:
            app.cleanup()
    assert bool(calls) == fast, f"the fast path {'did not run' if fast else 'ran'}"
    return _pages(Path(app.outdir))


@pytest.fixture(scope="module")
def both_ways(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Pages, Pages]:
    """test-indexes built with the fast HTML paths (and proof that they ran), then
    with every listing written from docutils nodes."""
    built = []
    for fast in (True, False):
        src = tmp_path_factory.mktemp("fast-html") / "src"
        shutil.copytree(rootdir / "test-indexes", src)
        built.append(_build_indexes(src, fast=fast))
    return built[0], built[1]


def test_pages_without_long_lists_are_identical(both_ways: tuple[Pages, Pages]) -> None:
    fast, nodes = both_ways
    assert sorted(fast) == sorted(nodes)
    others = [page for page in nodes if page not in LISTING_PAGES]
    assert len(others) >= 8
    for page in others:
        assert fast[page] == nodes[page], page


@pytest.mark.xfail(
    strict=True,
    reason="confnotes bug (indexes.Writer.link_list/_list_html): the fast path wraps each "
    'list in a <div class="..."> (a raw node with classes), writes class="simple '
    'confnotes-mentions no-search" where the writer writes class="confnotes-mentions '
    'no-search simple", and gives nested lists class="simple" where the writer gives none',
)
def test_fast_html_equals_docutils_nodes(both_ways: tuple[Pages, Pages]) -> None:
    """The listing pages, byte for byte: the fast path writes what the HTML writer
    writes for the same nodes, no wrapper, attribute or whitespace of its own."""
    fast, nodes = both_ways
    for page in LISTING_PAGES:
        assert fast[page] == nodes[page], page


def _shown(html: bytes) -> tuple[list[tuple[str, str]], str]:
    """A page's links (href, text) in order and its visible text."""
    body = BeautifulSoup(html, "html.parser").select_one("div.body")
    assert body is not None
    links = [(a["href"], a.get_text()) for a in body.select("a[href]")]
    return links, " ".join(body.get_text().split())


def test_fast_listings_show_the_same_links_and_text(both_ways: tuple[Pages, Pages]) -> None:
    fast, nodes = both_ways
    for page in LISTING_PAGES:
        links, text = _shown(nodes[page])
        assert len(links) > 10, page
        assert _shown(fast[page]) == (links, text), page


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


def _matrix_build(src: Path, builder: str) -> dict[str, bytes]:
    app = SphinxTestApp(builder, srcdir=src)
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

    assert HTMLTranslator.special_characters == indexes._HTML_SPECIAL


@given(st.text())
def test_encode_is_the_translation_table(text: str) -> None:
    """``_encode`` (chained replaces, for speed) does what the table does."""
    assert indexes._encode(text) == text.translate(indexes._HTML_SPECIAL)
    assert indexes._encode(text + '&amp;<@>"') == (text + '&amp;<@>"').translate(
        indexes._HTML_SPECIAL
    )


def _matrix_table(html: bytes) -> bytes:
    start = html.index(b'<table class="confnotes-tool-matrix')
    return html[start : html.index(b"</table>", start) + len(b"</table>")]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("same_page", [False, True], ids=["own-page", "with-tool-index"])
def test_fast_matrix_is_byte_identical(
    builder: str, same_page: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _matrix_site(tmp_path / "fast" / "src", same_page=same_page)
    _matrix_site(tmp_path / "slow" / "src", same_page=same_page)
    raws: list[int] = []
    table_html = indexes._table_html

    def counting(*args: object, **kwargs: object) -> object:
        raws.append(1)
        return table_html(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(indexes, "_table_html", counting)
    fast = _matrix_build(tmp_path / "fast" / "src", builder)
    assert raws, "the fast path was not taken"
    monkeypatch.setattr(indexes, "FAST_HTML_BUILDERS", frozenset())
    raws.clear()
    slow = _matrix_build(tmp_path / "slow" / "src", builder)
    assert not raws
    page = next(p for p in fast if p.startswith("tools" if same_page else "matrix"))
    table = _matrix_table(fast[page])
    assert table == _matrix_table(slow[page])
    # What it shows: escaped names and titles, unknown tools, empty cells, the other-pages column.
    assert b"A &amp; B &lt;tool&gt;" in table
    assert b"title=\"Says &quot;hi&quot; &amp; 'bye' &lt;b&gt;bold&lt;/b&gt; &#64;home\"" in table
    assert b"Q &quot;quoted&quot; 'single' &#64;x" in table
    assert b"X&lt;b&gt;&amp;&quot;y&quot;" in table and b"Unknown'&#64;tool" in table
    assert b"R&amp;D &quot;&lt;Conf&gt;&quot; 2024" in table and b"Other pages" in table
    assert b"<td></td>" in table and b"Never mentioned" not in table
    if not same_page:
        assert fast[page] == slow[page]  # the whole page, not only the table
