"""`confnotes recordings`: real pyvideo data against the site's own EuroPython report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from confnotes.ingest import fetch
from confnotes.ingest.match import match, resolve
from confnotes.ingest.recordings import plan
from confnotes.ingest.sources import load
from confnotes.model import Talk
from ingest_kit import FIXTURES, REPO, build, confnotes, new_site, serve

EVENT = FIXTURES / "pyvideo" / "europython-2020"
REPORT = REPO / "docs" / "reports" / "europython-2020-day-2.md"
# The report's cards and the video each must get (from the real pyvideo files).
EXPECTED = {
    "Automating machine learning workflow with DVC": "u3NysDLdCR0",
    "Tips for Data Cleaning": "-Vlqwtbg1wg",  # speaker spelled "Hui Ziang Chua" in the notes
    "Neural Style Transfer and GANs": "Qd50-uRerZc",
    "Data Visualisation Landscape": "35e0Chuxqi0",  # speakers ["TODO"]; "Arató" in the title
    "Binder": "wTVMHallSSA",
    "Data pipelines with Python": "O-0Z6NKRfvk",
    "Probabilistic Forecasting with DeepAR": "zQvHESgqFcU",
    "Fast and Scalable ML in Python": "reconstr001",
    "Small Big Data in Pandas, Dask and Vaex": "JgBV7p9jNo0",  # the link says making-pandas-fly
    "IPython": "Zmo2ZN1SJ_Q",
    "NLPeasy": "N5pdZIJ_Whw",
    "30 Golden Rules for Deep Learning Performance": "B98m2k7CKYc",
    "Collaborative data pipelines with Kedro": "4sCpfCiJLgs",
}


def talk(title: str, speakers: tuple[str, ...] = (), **kw: str) -> Talk:
    return Talk(id="", docname="", lineno=0, title=title, speakers=speakers, **kw)


def videos(text: str) -> dict[str, str]:
    """Card title -> YouTube id of its :video:."""
    found = {}
    for head, body in re.findall(r"^:{4,}\{talk\} ([^\n]*)\n(.*?)^:{4,}$", text, re.M | re.S):
        video = re.search(r"^:video: https://www\.youtube\.com/watch\?v=(\S+)$", body, re.M)
        if video:
            found[head] = video[1]
    return found


# -- the real data ----------------------------------------------------------------------------


def test_every_recorded_talk_gets_its_own_video_and_the_cancelled_none() -> None:
    recordings = [t for t in load(str(EVENT)).programme.talks if t.video]
    outcome = plan(REPORT.read_text(encoding="utf-8"), recordings)
    assert videos(outcome.text) == EXPECTED
    assert "Analytical Functions in SQL" not in videos(outcome.text)  # cancelled
    assert outcome.unsure == [] and outcome.conflicts == []
    assert sorted(outcome.skipped) == [
        "EuroPython 2020 - Lightning Talks 07/24",  # no lightning talks card on the page
        "Europython 2020 - Opening Session",
        "Practical Optimisations for Pandas",  # pandas, but another speaker, another day
        "Static Typing in Python",
        "Your Name Is Invalid!",
    ]
    # relative slide links are joined to the conference site
    assert (
        ":slides: https://ep2020.europython.eu/media/conference/slides/"
        "CivrR5y-top-15-python-tips-for-data-cleaning-understanding.pdf\n"
    ) in outcome.text


def test_only_video_and_slides_lines_are_added_and_a_second_run_changes_nothing() -> None:
    recordings = [t for t in load(str(EVENT)).programme.talks if t.video]
    before = REPORT.read_text(encoding="utf-8")
    first = plan(before, recordings)
    added = [line for line in first.text.splitlines() if line not in before.splitlines()]
    assert added and all(
        line.startswith((":video: https://", ":slides: https://")) for line in added
    )
    assert [line for line in before.splitlines() if line not in first.text.splitlines()] == []
    again = plan(first.text, recordings)
    assert again.text == first.text and again.added == []


def test_the_updated_report_builds(tmp_path: Path) -> None:
    recordings = [t for t in load(str(EVENT)).programme.talks if t.video]
    src = new_site(tmp_path)
    (src / "reports" / "ep.md").write_text(plan(REPORT.read_text(), recordings).text)
    (src / "references.bib").write_bytes((REPO / "docs" / "references.bib").read_bytes())
    (src / "conf.py").write_text(  # what the site's conf.py adds for this page
        (src / "conf.py").read_text()
        + f"confnotes_tools_file = {str(REPO / 'docs' / 'tools.yaml')!r}\n"
        + "extensions.append('sphinxcontrib.bibtex')\nbibtex_bibfiles = ['references.bib']\n"
        + "bibtex_reference_style = 'author_year'\nmyst_footnote_sort = False\n"
    )
    site = build(src)
    assert site.warnings == ""
    html = site.page("ep")
    assert "https://www.youtube.com/watch?v=JgBV7p9jNo0" in html


# -- matching rules ----------------------------------------------------------------------------


def test_identifier_beats_title() -> None:
    talks = [talk("Something else entirely", link="https://x.org/talk/ABC12XY/")]
    recs = [talk("Other title", link="https://x.org/talk/ABC12XY/")]
    sure, unsure = match(recs, talks)
    assert [(m.talk, m.recording, m.reason) for m in sure] == [(0, 0, "identifier")]
    assert unsure == []


def test_identifiers_in_queries_and_slide_names() -> None:
    talks = [talk("T", link="https://ep.eu/talks/CXG7TcM-automating-ml/")]
    by_query = [talk("Unrelated", link="/schedule/24-july?selected=CXG7TcM-automating-ml")]
    by_slides = [talk("Unrelated", slides="/media/slides/CXG7TcM-automating-ml.pdf")]
    assert match(by_query, talks)[0][0].reason == "identifier"
    assert match(by_slides, talks)[0][0].reason == "identifier"


def test_spelling_variant_and_different_title_match() -> None:
    talks = [talk("Tips for Data Cleaning", ("Hui Ziang Chua",))]
    recs = [talk("Top 15 Python Tips for Data Cleaning - Understanding", ("Hui Xiang Chua",))]
    sure, _ = match(recs, talks)
    assert [(m.talk, m.recording) for m in sure] == [(0, 0)]


def test_accents_and_case_in_names() -> None:
    talks = [talk("Your name is invalid!", ("Miroslav Šedivý",))]
    recs = [talk("Your Name is Invalid", ("miroslav sedivy",))]
    assert len(match(recs, talks)[0]) == 1


def test_cancelled_talk_never_matches() -> None:
    talks = [talk("Making Pandas Fly", ("Ian Ozsvald",), status="cancelled")]
    recs = [talk("Making Pandas Fly", ("Ian Ozsvald",))]
    assert match(recs, talks) == ([], [])


def test_one_recording_per_talk_best_first() -> None:
    talks = [talk("Static typing in Python", ("Dustin Ingram",))]
    recs = [
        talk("Static typing in Python", ("Dustin Ingram",)),
        talk("Static typing", ("Dustin Ingram",)),
    ]
    sure, unsure = match(recs, talks)
    assert [(m.talk, m.recording) for m in sure] == [(0, 0)] and unsure == []


def test_same_title_other_speaker_is_unsure_at_most() -> None:
    talks = [talk("Lightning talks", ("Alice Example",))]
    recs = [talk("Lightning talks", ("Bob Other",))]
    sure, unsure = match(recs, talks)
    assert sure == [] and all(not m.sure for m in unsure)


def test_outside_the_report_dates_is_skipped() -> None:
    talks = [talk("Making Pandas Fly", ("Ian Ozsvald",))]
    recs = [talk("Making Pandas Fly", ("Ian Ozsvald",), start="2019-07-10")]
    assert match(recs, talks, start="2020-07-24", end="2020-07-24") == ([], [])


def test_resolve_relative_urls() -> None:
    assert resolve("media/s.pdf", "https://ep.eu") == "https://ep.eu/media/s.pdf"
    assert resolve("/s.pdf", "https://ep.eu/2020/") == "https://ep.eu/s.pdf"
    assert resolve("https://a.b/s", "https://ep.eu") == "https://a.b/s"


# -- the page edits ------------------------------------------------------------------------------

PAGE = """# Conf 2024

:::{report}
:conference: Conf
:edition: 2024
:date: 2020-07-24
:::

::::{talk} Static typing in Python
:speaker: Dustin Ingram
:video: https://vimeo.com/12345

Notes.
::::

::::{talk} Lightning talks
:speaker: Alice Example
::::
"""


def test_a_link_already_on_a_card_is_kept_and_reported() -> None:
    recs = [talk("Static typing in Python", ("Dustin Ingram",), video="https://youtu.be/x")]
    outcome = plan(PAGE, recs)
    assert outcome.text == PAGE
    assert outcome.conflicts == [
        "Static typing in Python: video 'https://vimeo.com/12345' kept (recording: 'https://youtu.be/x')"
    ]


def test_unsure_matches_are_listed_unless_accepted() -> None:
    recs = [talk("Lightning talks", ("Bob Other",), video="https://youtu.be/lt")]
    outcome = plan(PAGE, recs)
    assert outcome.text == PAGE and [u[:2] for u in outcome.unsure] == [
        ("Lightning talks", "Lightning talks")
    ]
    accepted = plan(PAGE, recs, accept=("lightning TALKS",))
    assert ":speaker: Alice Example\n:video: https://youtu.be/lt\n::::" in accepted.text


def test_unsafe_links_are_not_written() -> None:
    recs = [
        talk("Lightning talks", ("Alice Example",), video="javascript:alert(1)", slides="/rel.pdf")
    ]
    assert plan(PAGE, recs).text == PAGE  # no website to join the relative link to


# -- the command ---------------------------------------------------------------------------------


def test_cli_dry_run_write_and_second_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "ep.md"
    page.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    assert confnotes("recordings", str(EVENT), "--report", str(page), "--dry-run") == 0
    captured = capsys.readouterr()
    assert "+:video: https://www.youtube.com/watch?v=u3NysDLdCR0\n" in captured.out
    assert re.search(r"matched\s+13 ", captured.err) and re.search(r"skipped\s+5 ", captured.err)
    assert page.read_text() == REPORT.read_text(encoding="utf-8")
    assert confnotes("recordings", str(EVENT), "--report", str(page)) == 0
    written = page.read_text()
    assert videos(written) == EXPECTED
    assert confnotes("recordings", str(EVENT), "--report", str(page)) == 0
    assert page.read_text() == written and sorted(tmp_path.iterdir()) == [page]


def test_recordings_from_a_programme_source(tmp_path: Path) -> None:
    page = tmp_path / "s.md"
    source = str(FIXTURES / "sessionize-all.json")
    assert confnotes("schedule", source, "-o", str(page), "--timezone", "Europe/Berlin") == 0
    text = page.read_text()
    assert ":video: https://www.youtube.com/watch?v=sessionize01" in text  # from the schedule
    page.write_text(text.replace(":video: https://www.youtube.com/watch?v=sessionize01\n", ""))
    assert confnotes("recordings", source, "--report", str(page)) == 0
    assert ":video: https://www.youtube.com/watch?v=sessionize01" in page.read_text()


@pytest.mark.parametrize(
    ("source", "page_text", "expected"),
    [("bad.json", PAGE, "malformed JSON: Expecting property name"),
     ("pretalx-democon.json", PAGE, "no video or slide links in it"),
     ("pyvideo/europython-2020", "# Notes\n\nNo cards.\n", "no talk cards in it"),
     ("pyvideo/europython-2020", None, "no such report page")],
)  # fmt: skip
def test_cli_bad_input_exit_2_nothing_written(
    source: str,
    page_text: str | None,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = tmp_path / "report.md"
    if page_text is not None:
        page.write_text(page_text)
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    path = bad if source == "bad.json" else FIXTURES / source
    assert confnotes("recordings", str(path), "--report", str(page)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err
    assert (page.read_text() if page.exists() else None) == page_text


# -- over http -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    video = EVENT / "videos" / "dustin-ingram-static-typing-in-python.json"
    routes = {"/ok": video.read_bytes(), "/html": b"<html>no</html>", "/notjson": b"[1, 2",
              "/big": b"{" + b" " * 5000 + b"}"}  # fmt: skip
    with serve(routes) as url:
        yield url


def test_url_ok(server: str, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(PAGE.replace(":video: https://vimeo.com/12345\n", ""))
    assert confnotes("recordings", server + "/ok", "--report", str(page)) == 0
    assert ":video: https://www.youtube.com/watch?v=cmmPDYa0gWo" in page.read_text()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/missing", "answered 404"), ("/html", "is an HTML page"), ("/notjson", "malformed JSON"),
     ("/big", "larger than the limit of 1,000 bytes"), ("/slow", "timed out")],
)  # fmt: skip
def test_url_errors(
    path: str, expected: str, server: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr(fetch.fetch, "__kwdefaults__", {"limit": 1000, "timeout": 0.3})
    page = tmp_path / "p.md"
    page.write_text(PAGE)
    assert confnotes("recordings", server + path, "--report", str(page)) == 2
    assert expected in capsys.readouterr().err and page.read_text() == PAGE


def test_authoring_guide_example_is_what_the_command_writes() -> None:
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = guide.split("## Add the recordings", 1)[1].split("`````markdown\n", 1)[1]
    example = example.split("`````", 1)[0]
    recordings = [t for t in load(str(EVENT)).programme.talks if t.video]
    assert example in plan(REPORT.read_text(encoding="utf-8"), recordings).text
