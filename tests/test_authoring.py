"""The authoring guide's examples are real: each one builds without a warning."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from site_sources import directives
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
        html = {p: (Path(app.outdir) / f"{p}.html").read_text(encoding="utf-8") for p in pages}
    finally:
        app.cleanup()
    # What each example shows, from the example's own source (not hard-coded here).
    kinds = set()
    for page, block in zip(pages, examples(), strict=True):
        soup = BeautifulSoup(html[page], "html.parser")
        found = directives(block)
        report = next((d.options for d in found if d.name == "report"), {})
        talks = [d for d in found if d.name == "talk"]
        cards = soup.select("section.confnotes-talk")
        assert len(cards) == len(talks), page
        for talk, card in zip(talks, cards, strict=True):
            kinds.add("talk")
            assert talk.argument in card.get_text(), page
            cancelled = talk.options.get("status") == "cancelled"
            assert ("confnotes-cancelled" in card["class"]) == cancelled, talk.argument
            if cancelled:
                kinds.add("cancelled")
            day = talk.options.get("date") or report.get("date", "").split("/")[0]
            zone = report.get("timezone")
            if day and zone:  # the start as an instant in the report's zone
                start = talk.options["time"].split("-")[0].split("+")[0].strip()
                when = dt.datetime.combine(
                    dt.date.fromisoformat(day), dt.time.fromisoformat(start), ZoneInfo(zone)
                )
                assert card.select_one(f'time[datetime="{when.isoformat()}"]'), talk.argument
                kinds.add("datetime")
        for listing in (d for d in found if d.name == "talk-list"):
            kinds.add("talk-list")
            table = listing.options.get("format") == "table"
            assert bool(soup.select("table.confnotes-talk-table")) == table, page
    # The guide shows each of these (a guide without them would test nothing here).
    assert kinds == {"talk", "cancelled", "datetime", "talk-list"}
