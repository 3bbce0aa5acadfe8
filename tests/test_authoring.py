"""The authoring guide's examples are real: each one builds without a warning."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

REPO = Path(__file__).parent.parent
GUIDE = REPO / "docs" / "authoring.md"


def examples() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"^````md\n(.*?)^````$", text, flags=re.DOTALL | re.MULTILINE)


def test_guide_has_examples() -> None:
    assert len(examples()) >= 3


def test_guide_examples_build_cleanly(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    pages = []
    for i, block in enumerate(examples()):
        if not block.lstrip().startswith("#"):
            block = f"# Example {i}\n\n{block}"
        (src / f"example{i}.md").write_text(block, encoding="utf-8")
        pages.append(f"example{i}")
    (src / "index.md").write_text(
        "# Examples\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", encoding="utf-8"
    )
    (src / "tools.md").write_text("---\norphan: true\n---\n# Tools\n\n```{tool-index}\n```\n")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
        f"confnotes_tools_file = {str(REPO / 'docs' / 'tools.yaml')!r}\n"
    )
    app = SphinxTestApp("html", srcdir=src, confoverrides={"nitpicky": True})
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ""
        html = "".join((Path(app.outdir) / f"{p}.html").read_text(encoding="utf-8") for p in pages)
    finally:
        app.cleanup()
    assert 'datetime="2020-07-24T14:15:00+01:00"' in html
    assert "confnotes-cancelled" in html
    assert 'class="confnotes-talk-table' in html or "confnotes-talk-table" in html
