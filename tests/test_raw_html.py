"""Raw HTML pasted into a talk's notes is shown as text, never run."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

PAGE = """\
# Raw

::::{talk} A talk
:time: 10:00

Inline <img src=x onerror=alert(1)> here.

<script>alert(1)</script>

* item <b>bold</b>
::::

Outside the talk <span class="keep">stays HTML</span>.
"""


def test_raw_html_in_talks_is_text(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text(PAGE, encoding="utf-8")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence"]\nconfnotes_tools_file = ""\n'
    )
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue()).splitlines()
        html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    lines = PAGE.splitlines()
    expected = [
        f"index.md:{n}: WARNING: raw HTML in a talk is shown as text [confnotes.html]"
        for n, text in enumerate(lines, 1)
        if "<" in text and "talk" not in text
    ]
    assert [w.split("/")[-1] for w in warnings] == expected
    assert "<script>alert" not in html and "<img src" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "item &lt;b&gt;bold&lt;/b&gt;" in html
    assert '<span class="keep">stays HTML</span>' in html
