"""The HTML fast path for long link lists gives the same page as the docutils nodes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from confnotes import indexes
from sphinx.testing.util import SphinxTestApp


def _build(rootdir: Path, tmp: Path) -> dict[str, str]:
    src = tmp / "src"
    shutil.copytree(rootdir / "test-indexes", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        out = Path(app.outdir)
        return {p: (out / f"{p}.html").read_text("utf-8") for p in ("tools", "speakers")}
    finally:
        app.cleanup()


def _lists(html: str) -> list[str]:
    """Each generated list as normalised markup (tag names, classes, hrefs, titles, text)."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for entry in soup.select(".confnotes-tool-entry, .confnotes-speaker-entry"):
        # top-level lists of the entry (the fast path wraps them in a classed div)
        tops = [ul for ul in entry.find_all("ul") if ul.find_parent("li") is None]
        for ul in tops:
            for tag in [ul, *ul.find_all(True)]:
                attrs = {k: v for k, v in tag.attrs.items() if k in ("href", "title")}
                # 'simple' (compact list) is the writer's layout hint, not content
                classes = sorted(c for c in tag.get("class", []) if c != "simple")
                if classes:
                    attrs["class"] = classes
                tag.attrs = attrs
            out.append(" ".join(str(ul).split()))
    return out


def test_fast_html_equals_docutils_nodes(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _build(rootdir, tmp_path / "fast")
    monkeypatch.setattr(indexes, "FAST_HTML_BUILDERS", frozenset())
    slow = _build(rootdir, tmp_path / "slow")
    for page in fast:
        assert _lists(fast[page]), page
        assert _lists(fast[page]) == _lists(slow[page]), page


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
