"""`confnotes schedule`: schedule JSON/XML -> report page -> -W build; merge keeps the author's lines."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from confnotes import cli

HERE = Path(__file__).parent / "ingest"
REPO = Path(__file__).parent.parent


def schedule(*args: str) -> int:
    return cli.main(["schedule", *args])


@pytest.mark.parametrize("name", ["pretalx-multi.json", "frab.xml"])
def test_page_builds_without_warnings(name: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "reports").mkdir(parents=True)
    (src / "conf.py").write_text(
        f"import sys; sys.path.insert(0, {str(REPO / 'ext')!r})\n"
        "extensions = ['myst_parser', 'sphinx_design', 'confnotes']\n"
        "myst_enable_extensions = ['colon_fence']\n",
        encoding="utf-8",
    )
    (src / "docs").mkdir()
    (src / "docs" / "tools.yaml").write_text("tools:\n  polars: {name: Polars}\n", encoding="utf-8")
    (src / "index.md").write_text("# Site\n\n```{toctree}\nreports/r\n```\n", encoding="utf-8")
    page = src / "reports" / "r.md"
    assert schedule(str(HERE / name), "-o", str(page)) == 0
    out = tmp_path / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    html = (out / "reports" / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    if name.endswith(".json"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Polars in Anger" in html and "Coffee Break" not in html
        assert "# not a heading" in html and "confnotes-abstract" in html
    else:  # every event of the frab file is a card, its title and abstract as text
        events = ET.parse(HERE / name).getroot().iter("event")
        soup = BeautifulSoup(html, "html.parser")
        cards = soup.select("section.confnotes-talk")
        titles = [e.findtext("title", "") for e in events]
        assert len(cards) == len(titles) >= 2
        shown = " ".join(c.get_text(" ") for c in cards)
        assert all(title in shown for title in titles), titles
        assert "Short <b>abstract</b>" in shown


def test_merge_keeps_notes_and_second_run_changes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "r.md"
    source = HERE / "pretalx-multi.json"
    assert schedule(str(source), "-o", str(page)) == 0
    text = page.read_text(encoding="utf-8")
    notes = "\nMy own notes: {tool}`Polars` rocks.\n"
    text = text.replace(":programme: PDQ12 (0b8b082c)\n", ":programme: PDQ12 (0b8b082c)\n" + notes)
    text = text.replace(":room: B09\n:track:", ":room: Hall by hand\n:track:")
    text += "\nText after the talks.\n"
    page.write_text(text, encoding="utf-8")
    changed = source.read_text(encoding="utf-8").replace(
        '"Lightning Talks"', '"Lightning talks, renamed"'
    )
    changed = changed.replace('"code": "XKCD9"', '"code": "GONE1"')
    new_source = tmp_path / "s.json"
    new_source.write_text(changed, encoding="utf-8")
    assert schedule(str(new_source), "-o", str(page)) == 0
    merged = page.read_text(encoding="utf-8")
    assert notes in merged and merged.endswith("\nText after the talks.\n")
    assert ":room: Hall by hand" in merged  # the author's value is kept
    assert "Lightning talks, renamed" in merged
    assert ":status: cancelled" in merged  # XKCD9 left the programme
    assert merged.count("{talk} Opening keynote") == 2  # kept, and re-added as GONE1
    assert schedule(str(new_source), "-o", str(page)) == 0
    assert page.read_text(encoding="utf-8") == merged


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("laughs.xml", "entities"),
        ("{not json", "malformed JSON at line 1"),
        ('{"x": 1}', "expected a schedule JSON object"),
        ("<schedule><day", "malformed XML at line 1"),
        ("plain text", "not a schedule"),
    ],
)
def test_bad_input_exit_2_nothing_written(
    content: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = HERE / content if content.endswith(".xml") else tmp_path / "in"
    if not content.endswith(".xml"):
        source.write_text(content, encoding="utf-8")
    page = tmp_path / "out.md"
    assert schedule(str(source), "-o", str(page)) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
    assert not page.exists()
