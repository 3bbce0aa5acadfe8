"""A talk nested in a list, an admonition or another talk: warned, shown, no broken structure."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

PAGE = """\
# Nesting

* item

  ::::{talk} In a list
  body in list
  ::::

:::::{talk} Outer
::::{talk} Inner
inner body
::::
:::::

::::{note}
:::{talk} In a note
note body
:::
::::

## Later section

::::{talk} Top level
top body
::::
"""


def test_nested_talks_warn_and_keep_structure(tmp_path: Path) -> None:
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
        warnings = strip_colors(app.warning.getvalue())
        html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
        toc = app.env.tocs["index"].astext()
    finally:
        app.cleanup()
    lines = PAGE.splitlines()
    for title, kind in [("In a list", "list"), ("Inner", "block"), ("In a note", "note")]:
        line = next(
            i for i, text in enumerate(lines, 1) if text.strip().endswith(f"{{talk}} {title}")
        )
        message = (
            f"WARNING: talk {title!r} is nested in a {kind}: it is shown, "
            "but not in the page's table of contents; put talks directly under a heading "
            "[confnotes.nesting]"
        )
        # myst-parser 5 numbers directives nested in another directive's body one
        # line too far (its own warnings, e.g. a missing image in a note, too).
        assert any(f"index.md:{n}: {message}" in warnings for n in (line, line + 1)), title
    assert warnings.count("[confnotes.nesting]") == 3
    for text in ("body in list", "inner body", "note body", "top body"):
        assert text in html
    # the later heading stays a heading and the top-level talk stays a section in the TOC
    assert "<h2>Later section" in html
    assert 'section class="confnotes-talk' in html and 'id="index-top-level"' in html
    assert "Top level" in toc and "Outer" in toc
    assert "In a list" not in toc and "Inner" not in toc
