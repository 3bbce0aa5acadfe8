"""`confnotes import`: Markdown notes (Jekyll/fastpages blog posts) -> MyST report pages.

Golden files live in tests/importer/: ``NAME.md`` is the input, ``NAME.out.md`` the
page and ``NAME.summary.txt`` the summary. Regenerate them after a deliberate change
with ``python -m tests.regen_importer`` (never by this test) and read the diff.
"""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from confnotes import cli
from confnotes.ingest.sources.notes_md import (
    BreakHeading,
    ConversionError,
    ImportOptions,
    ImportResult,
    TalkHeading,
    convert,
    lost_words,
    parse_heading,
)
from confnotes.registry import load_registry
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).parent
CASES = HERE / "importer"
REPO = HERE.parent
SEED = CASES / "europython-2020-day-2.md"
HAND_PORTED = REPO / "docs" / "reports" / "europython-2020-day-2.md"

# Images that exist in the site's gfx/ for these tests (fixed, so goldens do not
# change when someone adds a picture to the real gfx/ directory).
GFX = frozenset(
    {
        "kromhouthal.jpg",
        "terras.jpg",
        "game_on.jpg",
        "full_size/nachtwacht_notebook.jpg",
        "dask_dashboard.png",
        "natural_intelligence.jpg",
    }
)
TOOLS = load_registry(CASES, "tools.yaml")  # the build's own loader

GOLDEN: dict[str, dict[str, Any]] = {
    # The real post this feature is for, with the options the hand-ported page needed.
    "europython-2020-day-2": {"date": "2020-07-24", "timezone": "Europe/London"},
    # A Dutch page without front matter or talks: images under gfx/, language guess.
    "pydata-amsterdam-2023": {"date": "2023-09-14/2023-09-16", "timezone": "Europe/Amsterdam"},
    # fastpages style: H:MM without comma, "by", "and"/"&", breaks, include note, tools.
    "pycon-sweden-day-1": {"timezone": "Europe/Stockholm", "tools": TOOLS},
    # No front matter, H1 title, talks at ###, time ranges, Liquid raw, HTML image.
    "pydata-berlin-meetup": {"date": "2022-03-17", "timezone": "Europe/Berlin", "tools": TOOLS},
    # Series loop, H1 day sections, talks without links, profile/slides/video links, PM.
    "scipy-workshop-day": {"timezone": "Europe/Berlin", "conference": "SciPy Workshop Day"},
}


def options(**values: Any) -> ImportOptions:
    values.setdefault("gfx_files", GFX)
    return ImportOptions(**values)


def run(text: str, **values: Any) -> ImportResult:
    return convert(text, options=options(**values))


def report_block(text: str) -> dict[str, str]:
    block = re.search(r"^:::\{report\}\n(.*?)^:::$", text, re.MULTILINE | re.DOTALL)
    assert block, "no report block"
    return dict(re.findall(r"^:(\w+): (.*)$", block[1], re.MULTILINE))


def talk_blocks(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(title, options, body) of each talk directive in a page."""
    talks = []
    for match in re.finditer(
        r"^(?P<fence>:{4,})\{talk\} (?P<title>[^\n]*)\n(?P<inner>.*?)^(?P=fence)$",
        text,
        re.MULTILINE | re.DOTALL,
    ):
        inner = match["inner"]
        opts = dict(re.findall(r"^:(\w+): (.*)$", inner.split("\n\n", 1)[0], re.MULTILINE))
        talks.append((match["title"], opts, inner))
    return talks


# -- golden files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(name: str) -> None:
    source = (CASES / f"{name}.md").read_text(encoding="utf-8")
    result = run(source, source_name=f"{name}.md", **GOLDEN[name])
    summary = "\n".join(result.summary_lines()) + "\n"
    page_file, summary_file = CASES / f"{name}.out.md", CASES / f"{name}.summary.txt"
    assert result.text == page_file.read_text(encoding="utf-8")
    assert summary == summary_file.read_text(encoding="utf-8")
    assert lost_words(source, result.text) == set()


# -- the EuroPython seed ----------------------------------------------------------------


@pytest.fixture(scope="module")
def europython() -> ImportResult:
    text = SEED.read_text(encoding="utf-8")
    return run(text, date="2020-07-24", timezone="Europe/London")


def test_seed_has_14_talks_one_cancelled(europython: ImportResult) -> None:
    assert len(europython.talks) == 14
    assert len(talk_blocks(europython.text)) == 14
    cancelled = [t.title for t in europython.talks if t.status == "cancelled"]
    assert cancelled == ["Analytical Functions in SQL"]


def test_seed_metadata_equals_hand_ported_page(europython: ImportResult) -> None:
    expected = {
        "conference": "EuroPython",
        "edition": "2020",
        "date": "2020-07-24",
        "timezone": "Europe/London",
        "location": "online",
        "website": "https://ep2020.europython.eu/",
        "language": "en",
        "tags": "python; data science; conference",
    }
    assert europython.metadata == expected
    assert report_block(europython.text) == expected
    assert report_block(HAND_PORTED.read_text(encoding="utf-8")) == expected
    assert europython.text.startswith("# EuroPython Conference 2020, Day 2\n")


def test_seed_talk_details(europython: ImportResult) -> None:
    talks = {t.title: t for t in europython.talks}
    intel = talks["Fast and Scalable ML in Python"]
    assert intel.speakers == ("Victoriya Fedotova", "Frank Schlimbach")
    assert intel.time == "13:15"
    small = talks["Small Big Data in Pandas, Dask and Vaex"]  # '14:15 , [...]'
    assert (small.time, small.speakers) == ("14:15", ("Ian Ozsvald",))
    assert small.link == "https://ep2020.europython.eu/talks/A7TniMV-making-pandas-fly/"
    first = europython.talks[0]
    assert (first.time, first.title, first.speakers) == (
        "07:00",
        "Automating machine learning workflow with DVC",
        ("Hongjoo Lee",),
    )
    assert talks["Data Visualisation Landscape"].speakers == ("Bence Arato",)  # trailing space
    blocks = {title: opts for title, opts, _ in talk_blocks(europython.text)}
    assert (
        blocks["Fast and Scalable ML in Python"]["speaker"]
        == "Victoriya Fedotova; Frank Schlimbach"
    )
    assert blocks["Analytical Functions in SQL"]["status"] == "cancelled"


def test_seed_talks_match_hand_ported_page(europython: ImportResult) -> None:
    hand = talk_blocks(HAND_PORTED.read_text(encoding="utf-8"))
    ours = talk_blocks(europython.text)
    assert [(t, o) for t, o, _ in ours] == [(t, o) for t, o, _ in hand]


def test_seed_liquid_and_series_section(europython: ImportResult) -> None:
    text = europython.text
    assert "{%" not in strip_comments(text) and "{{" not in strip_comments(text)
    # The Liquid loop listing the other posts becomes the site's own series listing.
    assert "## Other posts in series\n\n% confnotes import: removed Liquid 'for' block" in text
    assert "% {% for post in site.posts %}" in text  # what was removed stays visible
    assert "% {% endfor %}\n```{series}\n```\n" in text
    assert "## Talks" in text
    kinds = [f.kind for f in europython.findings if not f.unsure]
    assert kinds.count("talk") == 13 and kinds.count("cancelled") == 1


def test_seed_bodies_keep_their_sub_sections(europython: ImportResult) -> None:
    for _title, _opts, body in talk_blocks(europython.text):
        assert "### Notes from talk" in body
        assert "### My thoughts" in body


def strip_comments(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith("%"))


# -- heading variants ------------------------------------------------------------------

TALK_HEADINGS = [
    # (heading, time, title, speakers, link)
    (
        "## 7:00, [Automating ML with DVC](https://ep.example/t/1), Hongjoo Lee",
        "07:00",
        "Automating ML with DVC",
        ("Hongjoo Lee",),
        "https://ep.example/t/1",
    ),
    (
        "## 7:00 [No comma after the time](https://x.example/t) Hongjoo Lee",
        "07:00",
        "No comma after the time",
        ("Hongjoo Lee",),
        "https://x.example/t",
    ),
    (
        "## 14:15 , [Small Big Data](https://x.example/t), Ian Ozsvald",
        "14:15",
        "Small Big Data",
        ("Ian Ozsvald",),
        "https://x.example/t",
    ),
    (
        "## 13:15, [Fast ML](https://x.example/t), Victoriya Fedotova and Frank Schlimbach",
        "13:15",
        "Fast ML",
        ("Victoriya Fedotova", "Frank Schlimbach"),
        "https://x.example/t",
    ),
    (
        "## 10:00, [Trailing spaces](https://x.example/t), Bence Arato   ",
        "10:00",
        "Trailing spaces",
        ("Bence Arato",),
        "https://x.example/t",
    ),
    (
        "## 09:30 [By speaker](https://x.example/t) by Anna Lindqvist",
        "09:30",
        "By speaker",
        ("Anna Lindqvist",),
        "https://x.example/t",
    ),
    (
        "## 9:45 - [Three speakers](x.example/t) - Ann Lee, Bo Chen & Cy Diaz",
        "09:45",
        "Three speakers",
        ("Ann Lee", "Bo Chen", "Cy Diaz"),
        "https://x.example/t",
    ),
    (
        "### 19:00–19:30 - [A range](https://x.example/t) - Jonas Weber & Lea Hoffmann",
        "19:00-19:30",
        "A range",
        ("Jonas Weber", "Lea Hoffmann"),
        "https://x.example/t",
    ),
    (
        "## 2:15 PM [Afternoon](https://x.example/t), Leo Fang",
        "14:15",
        "Afternoon",
        ("Leo Fang",),
        "https://x.example/t",
    ),
    (
        "## 7:00, [Title with `code` and <b>html</b>](https://x.example/t), Jane Doe",
        "07:00",
        "Title with code and html",
        ("Jane Doe",),
        "https://x.example/t",
    ),
    (
        "## 9:30, Keynote: Reproducible science, Maria Garcia Lopez",
        "09:30",
        "Keynote: Reproducible science",
        ("Maria Garcia Lopez",),
        "",
    ),
    (
        "## 10:15 - Array API standard - Ralf de Vries",
        "10:15",
        "Array API standard",
        ("Ralf de Vries",),
        "",
    ),
    (
        "## [A talk without a time](https://x.example/t), Jane Doe",
        "",
        "A talk without a time",
        ("Jane Doe",),
        "https://x.example/t",
    ),
    (
        "## 9:00 Great Title - [Jane Doe](https://twitter.com/jane)",
        "09:00",
        "Great Title",
        ("Jane Doe",),
        "",
    ),
    (
        "Setext 9:00, [Underlined](https://x.example/t), Jane Doe\n---",
        "",
        "",
        (),
        "",
    ),
]


@pytest.mark.parametrize(
    ("heading", "time", "title", "speakers", "link"),
    TALK_HEADINGS[:-1],
    ids=[h[0][:40] for h in TALK_HEADINGS[:-1]],
)
def test_talk_heading_variants(
    heading: str, time: str, title: str, speakers: tuple[str, ...], link: str
) -> None:
    talk = parse_heading(heading)
    assert isinstance(talk, TalkHeading)
    assert (talk.time, talk.title, talk.speakers, talk.link) == (time, title, speakers, link)


def test_setext_talk_heading() -> None:
    talk = parse_heading("9:00, [Underlined](https://x.example/t), Jane Doe\n---")
    assert isinstance(talk, TalkHeading)
    assert (talk.time, talk.title, talk.speakers) == ("09:00", "Underlined", ("Jane Doe",))


def test_heading_affiliation_slides_video_and_cancelled() -> None:
    talk = parse_heading(
        "## 11:00, [Plots](https://x.example/t), [Philipp Rudiger](https://twitter.com/p) "
        "(Anaconda) [slides](https://s.example/x) [video](https://youtu.be/abc) (cancelled)"
    )
    assert isinstance(talk, TalkHeading)
    assert talk.speakers == ("Philipp Rudiger",)
    assert talk.affiliations == ("Philipp Rudiger (Anaconda)",)
    assert talk.links == (("slides", "https://s.example/x"), ("video", "https://youtu.be/abc"))
    assert talk.cancelled


@pytest.mark.parametrize(
    "heading",
    [
        "## 12:45 Lunch break",
        "## 10:30 Coffee break",
        "## 12:00, Lunch, coffee and networking",
        "## 12:45 Lunch - Coffee Corner",
        "## 9:00 Registration",
        "## 17:00 closing words",
    ],
)
def test_time_headings_that_are_not_talks(heading: str) -> None:
    assert isinstance(parse_heading(heading), BreakHeading)


@pytest.mark.parametrize(
    "heading",
    [
        "## Introduction",
        "## 3.10 What is new in Python",
        "## 25:00 [Not a time](https://x.example/t), Jane Doe",
        "## [EuroPython 2020](https://ep2020.europython.eu/)",
        "## Other posts in series",
        "## 2020: a year online",
    ],
)
def test_headings_that_are_neither(heading: str) -> None:
    assert parse_heading(heading) is None


# -- conversion behaviour --------------------------------------------------------------

FRONT = "---\ntitle: DemoCon 2024, Day 1\ncategories: [python]\n---\n\n"


def test_talk_body_runs_to_next_heading_of_same_level() -> None:
    text = FRONT + (
        "## 9:00, [One](https://d.example/1), Ann Lee\n\n### Notes from talk\n* a\n\n"
        "### My thoughts\nGood.\n\n## 9:30, [Two](https://d.example/2), Bo Chen\nText two.\n\n"
        "## Conclusion\nThe end.\n"
    )
    result = run(text)
    talks = talk_blocks(result.text)
    assert [t for t, _, _ in talks] == ["One", "Two"]
    assert "### Notes from talk" in talks[0][2] and "### My thoughts" in talks[0][2]
    assert "Text two." in talks[1][2] and "The end." not in talks[1][2]
    assert "## Conclusion\nThe end." in result.text


def test_colon_fences_in_a_body_get_a_longer_talk_fence() -> None:
    text = FRONT + "## 9:00, [One](https://d.example/1), Ann Lee\n\n::::{note}\nHi\n::::\n"
    result = run(text)
    assert ":::::{talk} One" in result.text
    assert result.text.rstrip().endswith("::::\n:::::")


def test_cancelled_in_the_body() -> None:
    for line in ("* TALK CANCELLED", "Talk was cancelled.", "- canceled"):
        text = FRONT + f"## 9:00, [One](https://d.example/1), Ann Lee\n\n{line}\n"
        result = run(text)
        assert result.talks[0].status == "cancelled", line
        assert line.lstrip("*- ") in result.text
    text = FRONT + "## 9:00, [One](https://d.example/1), Ann Lee\n\nThe cancelled talk next door.\n"
    assert run(text).talks[0].status == ""


def test_break_is_a_rubric_and_reported() -> None:
    text = FRONT + (
        "## 9:00, [One](https://d.example/1), Ann Lee\nx\n\n## 12:45 Lunch break\nFood.\n\n"
        "## 13:30, [Two](https://d.example/2), Bo Chen\ny\n"
    )
    result = run(text)
    assert ":::{rubric} 12:45 Lunch break\n:::" in result.text
    assert [f.line for f in result.findings if f.kind == "non-talk"] == [9]
    assert len(result.talks) == 2


def test_images_are_rewritten_and_missing_ones_listed() -> None:
    text = FRONT + (
        "![Venue]({{ site.baseurl }}/images/venue.jpg)\n\n![Scan](gfx/full_size/nachtwacht_notebook.jpg)"
        "\n\n![Remote](https://img.example/a.png)\n"
    )
    result = run(text)
    assert "![Venue](/gfx/venue.jpg)" in result.text
    assert "% confnotes import: image path was {{ site.baseurl }}/images/venue.jpg" in result.text
    assert "![Scan](/gfx/full_size/nachtwacht_notebook.jpg)" in result.text
    assert "![Remote](https://img.example/a.png)" in result.text
    missing = [(i.line, i.target) for i in result.images if i.exists is False]
    assert missing == [(6, "/gfx/venue.jpg")]


def test_links_without_scheme_and_links_to_other_posts() -> None:
    text = FRONT + (
        "See [slides](tinyurl.com/y5b3y7to) and [day 1]({{ site.baseurl }}{% post_url x %}).\n"
        "Bare tinyurl.com/abc stays text.\n"
    )
    result = run(text)
    assert "[slides](https://tinyurl.com/y5b3y7to)" in result.text
    assert "and day 1." in result.text
    assert "Bare tinyurl.com/abc stays text." in result.text
    assert any(f.kind == "link" and f.line == 6 for f in result.findings)


def test_liquid_is_removed_with_a_visible_comment() -> None:
    text = FRONT + (
        "{% include toc.html %}\n\nIntro {{ page.title }} text.\n\n"
        "{% if page.comments %}\nComments here.\n{% endif %}\n\n"
        '{% include note.html content="Watch this space." %}\n\n'
        "```python\nprint('{{ not liquid in code }}')\n```\n"
    )
    result = run(text)
    out = result.text
    assert (
        "% confnotes import: removed Liquid (no meaning on this site): {% include toc.html %}"
        in out
    )
    assert "Intro  text." in out
    assert "% Comments here." in out
    assert ":::{note}\nWatch this space.\n:::" in out
    assert "print('{{ not liquid in code }}')" in out
    assert lost_words(text, out) == set()


def test_percent_lines_are_escaped() -> None:
    result = run(FRONT + "Some magic:\n%timeit f()\n\n* %pwd\n")
    assert "\\%timeit f()" in result.text and "* \\%pwd" in result.text


def test_heading_levels_are_made_consecutive() -> None:
    text = FRONT + "# Morning\n\n### Deep\n\nx\n\n# Afternoon\n"
    out = run(text).text
    assert "## Morning\n" in out and "### Deep\n" in out and "## Afternoon\n" in out


def test_sub_section_at_talk_level_stays_in_the_talk() -> None:
    text = FRONT + "## 9:00, [One](https://d.example/1), Ann Lee\nx\n\n## My thoughts\nNice.\n"
    talks = talk_blocks(run(text).text)
    assert "### My thoughts\nNice." in talks[0][2]


def test_title_fallbacks() -> None:
    assert run("# My Notes\n\nText.\n").title == "My Notes"
    result = run("Just text.\n", source_name="2020-07-24-some-notes.md")
    assert result.title == "Some Notes"
    assert result.metadata.get("date") == "2020-07-24"
    assert run("Text.\n", title="Given").text.startswith("# Given\n")


def test_options_override_and_validate() -> None:
    result = run(
        FRONT + "x\n",
        conference="DC",
        edition="24",
        date="2024-05-01",
        language="de",
        location="Berlin",
        website="democon.example",
        authors=("A B", "C D"),
        tags=("t",),
    )
    assert result.metadata == {
        "conference": "DC",
        "edition": "24",
        "date": "2024-05-01",
        "location": "Berlin",
        "website": "https://democon.example",
        "language": "de",
        "author": "A B; C D",
        "tags": "python; t",
    }
    for bad in ({"date": "24 May"}, {"timezone": "Mars/Olympus"}, {"language": "english!"}):
        with pytest.raises(ConversionError):
            run(FRONT + "x\n", **bad)


def test_option_values_that_need_quotes() -> None:
    text = FRONT + "## 9:00, [T](https://d.example/1), Ann Lee # the boss\n"
    out = run(text).text
    assert ':speaker: "Ann Lee # the boss"' in out


def test_jekyll_highlight_kramdown_and_reference_definitions() -> None:
    text = FRONT + (
        "* TOC\n{:toc}\n\n"
        'An image ![x](/images/a.png){: width="50%"} inline.\n\n'
        "{% highlight python %}\n# not a heading\nprint('{{ x }}')\n{% endhighlight %}\n\n"
        "See [the docs][d].\n\n[d]: docs.example.org/x\n\n"
        '{% include alert.html text="Careful!" %}\n'
    )
    result = run(text)
    out = result.text
    assert "% * TOC\n% {:toc}" in out
    assert "An image ![x](/gfx/a.png) inline." in out
    assert "```python\n# not a heading\nprint('{{ x }}')\n```" in out
    assert not [f for f in result.findings if f.kind == "heading"]
    assert "[d]: https://docs.example.org/x" in out
    assert ":::{warning}\nCareful!\n:::" in out
    assert lost_words(text, out) == set()


def test_speakers_in_parentheses_and_sibling_talk_links() -> None:
    text = (
        "# Notes EuroPython 2022\n\n"
        "## [PyArrow](https://ep.example/session/pyarrow) (Alessandro Molina) (MP)\n"
        "## [YouTube link](https://youtu.be/abc)\nNotes.\n\n"
        "## [Animated charts](https://ep.example/session/charts) (MP)\nMore.\n\n"
        "## [EuroPython](https://ep.example/)\nNot a talk.\n"
    )
    result = run(text)
    assert [(t.title, t.speakers) for t in result.talks] == [
        ("PyArrow", ("Alessandro Molina",)),
        ("Animated charts", ()),
    ]
    first = talk_blocks(result.text)[0][2]
    assert "### [YouTube link](https://youtu.be/abc)" in first
    assert "## [EuroPython](https://ep.example/)\nNot a talk." in result.text
    assert any("no speaker found" in f.message for f in result.unsure)


# -- tools -------------------------------------------------------------------------------

TOOL_NOTES = FRONT + (
    "## 9:00, [Pandas talk](https://d.example/1), Ann Lee\n\n"
    "### pandas notes\n"
    "* pandas is great; pandas again. Polars too.\n"
    "* Code `pandas.read_csv` and [pandas docs](https://pandas.pydata.org) and "
    "https://github.com/pandas-dev/pandas are left alone, as is pandas-bokeh.\n"
    "* HoloViews and hvPlot are not in the registry.\n"
    "* plotnine. A grammar of graphics.\n\n"
    "## 9:30, [Other](https://d.example/2), Bo Chen\n\nUses PANDAS and numpy.\n"
)


def test_tool_mentions_first_per_talk() -> None:
    result = run(TOOL_NOTES, tools=TOOLS)
    talks = talk_blocks(result.text)
    first = talks[0][2]
    assert "### pandas notes" in first  # never in headings
    assert "* {tool}`pandas` is great; pandas again. {tool}`Polars` too." in first
    assert "`pandas.read_csv`" in first and "[pandas docs](https://pandas.pydata.org)" in first
    assert "https://github.com/pandas-dev/pandas" in first and "pandas-bokeh" in first
    assert "Uses {tool}`PANDAS` and {tool}`numpy`." in talks[1][2]
    names = [c.name for c in result.tool_candidates]
    assert names == ["HoloViews", "hvPlot", "plotnine"]
    assert lost_words(TOOL_NOTES, result.text) == set()


def test_tool_mentions_all() -> None:
    result = run(TOOL_NOTES, tools=TOOLS, tool_mentions="all")
    assert "{tool}`pandas` is great; {tool}`pandas` again" in result.text


def test_registry_is_read_by_the_builds_loader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path / "tools.yaml"
    registry.write_text("tools:\n  scikit-learn:\n    name: scikit-learn\n    aliases: [sklearn]\n")
    notes = tmp_path / "n.md"
    notes.write_text(FRONT + "## 9:00, [T](https://d.example/1), Ann Lee\n\nUses sklearn.\n")
    assert cli.main(["import", str(notes), "--tools", str(registry), "--dry-run", "-q"]) == 0
    assert "{tool}`sklearn`" in capsys.readouterr().out
    registry.write_text("tools: [\n")
    assert cli.main(["import", str(notes), "--tools", str(registry), "--dry-run", "-q"]) == 1
    err = capsys.readouterr().err
    assert f"{registry.name}:2: not valid YAML" in err and len(err.splitlines()) == 1


# -- nothing is lost (property tests) ------------------------------------------------------

WORD = st.text(alphabet=string.ascii_letters + "äöéñß", min_size=1, max_size=9)
SENTENCE = st.lists(WORD, min_size=1, max_size=10).map(" ".join)
CAPITALISED = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=8).map(str.capitalize)
PERSON = st.tuples(CAPITALISED, CAPITALISED).map(" ".join)
SPEAKERS = st.tuples(
    st.lists(PERSON, min_size=1, max_size=3), st.sampled_from([" and ", ", ", " & "])
).map(lambda t: t[1].join(t[0]))
CLOCK = st.tuples(st.integers(0, 23), st.integers(0, 59), st.booleans()).map(
    lambda t: f"{t[0]:02d}:{t[1]:02d}" if t[2] else f"{t[0]}:{t[1]:02d}"
)
URL = st.tuples(st.sampled_from(["https://", "http://", ""]), WORD).map(
    lambda t: f"{t[0]}conf.example/talks/{t[1]}"
)
TALK = st.builds(
    lambda time, sep, title, url, speakers, pad: f"## {time}{sep}[{title}]({url}), {speakers}{pad}",
    CLOCK,
    st.sampled_from([", ", " ", " , ", " - "]),
    SENTENCE,
    URL,
    SPEAKERS,
    st.sampled_from(["", "  "]),
)
BREAK = st.builds(lambda t, w: f"## {t} {w} break", CLOCK, st.sampled_from(["Lunch", "Coffee"]))
BLOCK = st.one_of(
    SENTENCE,
    st.lists(SENTENCE, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"* {i}" for i in items)
    ),
    SENTENCE.map(lambda s: f"```\n{s}\n{{{{ x }}}}\n```"),
    SENTENCE.map(lambda s: f"{{% for p in site.posts %}}\n* {s}\n{{% endfor %}}"),
    WORD.map(lambda w: f"![{w}]({{{{ site.baseurl }}}}/images/{w}.png)"),
    st.tuples(SENTENCE, WORD).map(lambda t: f"See [{t[0]}]({t[1]}.example.com/x) now."),
    st.tuples(SENTENCE, WORD).map(lambda t: f"Read [{t[0]}](../{t[1]}.html) too."),
    st.just("* TALK CANCELLED"),
    st.just("### Notes from talk"),
    st.just("### My thoughts"),
    SENTENCE.map(lambda s: f"%{s}"),
    SENTENCE.map(lambda s: f"::::{{note}}\n{s}\n::::"),
    SENTENCE.map(lambda s: f'{{% include note.html content="{s}" %}}'),
    SENTENCE.map(lambda s: f"Inline {{{{ page.x }}}} {s}"),
)
SECTION = st.tuples(
    st.one_of(TALK, TALK, BREAK, SENTENCE.map(lambda s: f"## {s}")),
    st.lists(BLOCK, max_size=5),
)
FRONT_MATTER = st.one_of(
    st.just(""),
    st.builds(
        lambda t, d: f"---\ntitle: {t}\ndescription: {d}\ncategories: [a, b c]\ntoc: true\n---\n",
        SENTENCE,
        SENTENCE,
    ),
)


@st.composite
def notes(draw: st.DrawFn) -> tuple[str, int]:
    """A notes file in the blog style and its number of talk headings."""
    front = draw(FRONT_MATTER)
    intro = draw(st.lists(BLOCK, max_size=3))
    sections = draw(st.lists(SECTION, max_size=6))
    parts = [front, *intro]
    for heading, blocks in sections:
        parts += [heading, *blocks]
    talks = sum(1 for heading, _ in sections if "](" in heading)
    return "\n\n".join(parts) + "\n", talks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_property_blog_style_notes_lose_nothing(case: tuple[str, int]) -> None:
    text, talks = case
    try:
        result = convert(text)
    except ConversionError:
        assert not text.strip()
        return
    assert lost_words(text, result.text) == set()
    assert len(result.talks) == talks
    assert len(talk_blocks(result.text)) == talks


MARKDOWNISH = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("#[]()`*_-:>!%{}<>\n\n\n     ")),
        st.sampled_from(["{%", "%}", "{{", "}}", "---\n", "## 9:00 ", "](", "![", "\n\n"]),
        WORD,
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
@example("---\n## 9:00 \n---\n")  # only a YAML comment between the rules: Markdown, kept
def test_property_any_text_loses_nothing_or_is_refused(text: str) -> None:
    try:
        result = convert(text)
    except ConversionError as err:
        assert str(err)
        return
    assert lost_words(text, result.text) == set()


@settings(max_examples=60, deadline=None)
@given(notes())
def test_property_output_options_are_readable_by_myst(case: tuple[str, int]) -> None:
    from myst_parser.parsers.options import options_to_items

    text, talks = case
    assume(talks > 0)  # the property is about talk blocks: some to read
    result = convert(text)
    blocks = talk_blocks(result.text)
    assert len(blocks) == talks
    for _title, opts, inner in blocks:
        block = inner.split("\n\n", 1)[0]
        items, _ = options_to_items("\n".join(line[1:] for line in block.split("\n") if line))
        assert dict(items) == opts


# -- the command line ------------------------------------------------------------------------


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "docs" / "reports" / "ep.md"
    argv = [
        "import",
        str(SEED),
        "-o",
        str(target),
        "--date",
        "2020-07-24",
        "--timezone",
        "Europe/London",
    ]
    code, out, err = call(argv, capsys)
    assert code == 0 and out == ""
    assert "14 talks (1 cancelled)" in err and "line 496: cancelled talk 19:00" in err
    assert target.read_text(encoding="utf-8").count("{talk}") == 14
    target.write_text("mine", encoding="utf-8")
    code, _, err = call(argv, capsys)
    assert code == 1 and "exists; use --force" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "mine"
    code, _, _ = call([*argv, "--force"], capsys)
    assert code == 0 and target.read_text(encoding="utf-8").count("{talk}") == 14


def test_cli_dry_run_prints_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    code, out, err = call(["import", str(SEED), "-o", str(target), "--dry-run"], capsys)
    assert code == 0 and out.startswith("# EuroPython Conference 2020, Day 2\n")
    assert not target.exists() and "would be created" in err


def test_cli_output_directory_and_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(
        ["import", str(SEED), "-o", f"{tmp_path}/", "--tools", str(CASES / "tools.yaml"), "-q"],
        capsys,
    )
    assert code == 0 and err == ""
    assert "{tool}`pandas`" in (tmp_path / "europython-2020-day-2.md").read_text(encoding="utf-8")


def test_cli_lists_missing_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "post.md"
    notes.write_text("# T 2024\n\n![a]({{ site.baseurl }}/images/a.png)\n", encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    gfx = tmp_path / "gfx"
    gfx.mkdir()
    code, _, err = call(["import", str(notes), "--gfx-dir", str(gfx)], capsys)
    assert code == 0
    assert f"missing image /gfx/a.png (line 3); copy {tmp_path / 'images' / 'a.png'}" in err


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("empty.md", b"", "empty"),
    ("blank.md", b"  \n\n\t\n", "empty"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("picture.png", b"\x89PNG\r\n", "an image"),
    ("latin1.md", "# Caf\u00e9 notes\n".encode("latin-1"), "cannot decode it as utf-8"),
    ("page.html", b"<html><body>x</body></html>", "HTML"),
    ("page.md", b"<!DOCTYPE html>\n<html><body>x</body></html>", "HTML document"),
    ("data.md", b'{"cells": []}', "JSON"),
    ("front.md", b"---\ntitle: [unclosed\nfoo: {\n---\ntext\n", "front matter"),
    ("controls.md", bytes(range(1, 9)) * 20, "binary"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_cli_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = call(["import", str(path)], capsys)
    assert code == 1 and out == ""
    assert err.startswith("confnotes: error: ") and message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_cli_huge_missing_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"word " * (2 * 1024 * 1024))  # 10 MB
    code, _, err = call(["import", str(huge)], capsys)
    assert code == 1 and "10.5 MB" in err
    code, _, err = call(["import", str(tmp_path / "nope.md")], capsys)
    assert code == 1 and "no such file" in err
    code, _, err = call(["import", str(tmp_path)], capsys)
    assert code == 1 and "directory" in err
    code, _, err = call(["import", str(SEED), "--timezone", "Mars/Olympus"], capsys)
    assert code == 1 and "unknown timezone" in err
    code, _, err = call(["import", str(SEED), "--tools", str(tmp_path / "none.yaml")], capsys)
    assert code == 1 and "tool registry" in err


def test_cli_other_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cp.md"
    path.write_bytes("# Caf\u00e9 2024\n\nNotes.\n".encode("cp1252"))
    code, out, _ = call(["import", str(path), "--encoding", "cp1252"], capsys)
    assert code == 0 and out.startswith("# Caf\u00e9 2024\n")


def test_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "ext")}
    done = subprocess.run(
        [sys.executable, "-m", "confnotes", "import", str(SEED), "--dry-run", "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("{talk}") == 14
    bad = subprocess.run(
        [sys.executable, "-m", "confnotes", "import", str(tmp_path / "x.md")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


# -- the converted seed builds ------------------------------------------------------------------


def test_converted_seed_builds_without_warnings(tmp_path: Path, europython: ImportResult) -> None:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    (src / "reports").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block",'
        ' "fieldlist", "substitution", "smartquotes"]\n'
        "myst_heading_anchors = 3\n"
        'confnotes_tools_file = ""\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Site\n\n```{toctree}\nreports/ep\n```\n", encoding="utf-8")
    (src / "reports" / "ep.md").write_text(europython.text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build", freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
        talks = app.env.domains["confnotes"].talks["reports/ep"]
    finally:
        app.cleanup()
    assert warnings == ""
    assert len(talks) == 14
    assert [t.title for t in talks if t.status == "cancelled"] == ["Analytical Functions in SQL"]
    intel = next(t for t in talks if t.title == "Fast and Scalable ML in Python")
    assert intel.speakers == ("Victoriya Fedotova", "Frank Schlimbach")
    assert intel.start == "2020-07-24T13:15:00+01:00"


def test_yaml_registry_file_is_valid() -> None:
    data = yaml.safe_load((CASES / "tools.yaml").read_text(encoding="utf-8"))
    assert set(data) == {"categories", "tools"}


def test_converted_seed_builds_in_the_site_without_warnings(
    europython: ImportResult, tmp_path: Path
) -> None:
    """The converted EuroPython post builds with -W semantics inside a site."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_colors

    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text("# Site\n\n```{toctree}\nreport\n```\n", encoding="utf-8")
    (src / "report.md").write_text(europython.text, encoding="utf-8")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design", "confnotes"]\n'
        'myst_enable_extensions = ["colon_fence", "attrs_inline"]\n'
        'confnotes_tools_file = ""\n'
    )
    app = SphinxTestApp("html", srcdir=src, confoverrides={"nitpicky": True})
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ""
        html = (Path(app.outdir) / "report.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    assert html.count('class="confnotes-talk ') == 14
    assert 'datetime="2020-07-24T07:00:00+01:00"' in html
    assert html.count("confnotes-cancelled") == 1
