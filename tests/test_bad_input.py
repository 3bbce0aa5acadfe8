"""Bad author input: every problem is a located warning and the page still renders.

The test-warnings root holds one bad input per talk or report. Lines are found by
searching the sources for a marker, so the root can be edited freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import RootBuild, myst_warnings_as_52
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOT = Path(__file__).parent / "roots" / "test-warnings"
DIRECTIVE = re.compile(r"^:{3,}\{(talk|report)\}")


def _lines(file: str) -> list[str]:
    return (ROOT / file).read_text("utf-8").splitlines()


def line_of(file: str, marker: str) -> int:
    """1-based number of the one line of ``file`` that contains ``marker``."""
    found = [n for n, line in enumerate(_lines(file), 1) if marker in line]
    assert len(found) == 1, f"marker {marker!r} found on lines {found} of {file}"
    return found[0]


def directive_of(file: str, marker: str) -> int:
    """Line of the talk/report directive whose block contains ``marker``."""
    lines = _lines(file)
    n = line_of(file, marker)
    while not DIRECTIVE.match(lines[n - 1]):
        n -= 1
        assert n > 0, f"no directive above {marker!r} in {file}"
    return n


def option_of(file: str, marker: str, option: str) -> int:
    """Line of ``:option:`` in the directive whose block contains ``marker``."""
    lines = _lines(file)
    n = directive_of(file, marker) + 1
    while not lines[n - 1].startswith(f":{option}:"):
        assert lines[n - 1].startswith(":"), f"no :{option}: in the block of {marker!r}"
        n += 1
    return n


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int
    subtype: str  # as shown at the end of the warning, without brackets
    message: tuple[str, ...]  # fragments the warning text must contain
    rendered: tuple[str, ...]  # text that must still be on the page

    def __str__(self) -> str:
        return self.name


CASES = [
    Case(
        "missing title",
        "index.md",
        directive_of("index.md", "NO-TITLE-SPEAKER"),
        "confnotes.title",
        ("talk has no title",),
        ("Untitled talk", "NO-TITLE-SPEAKER", "Body after a talk without a title NO-TITLE-BODY."),
    ),
    Case(
        "time 25:99",
        "index.md",
        line_of("index.md", ":time: 25:99"),
        "confnotes.time",
        ("malformed time '25:99'", "not a time of day"),
        ("Bad clock talk", "Body BAD-CLOCK-BODY."),
    ),
    Case(
        "time 7h",
        "index.md",
        line_of("index.md", ":time: 7h"),
        "confnotes.time",
        ("malformed time '7h'",),
        ("Hours only talk", "Body HOURS-ONLY-BODY."),
    ),
    Case(
        "time with markup",
        "index.md",
        option_of("index.md", "Clock with markup talk", "time"),
        "confnotes.time",
        ("malformed time '<b>BOLD-TIME</b>'",),
        ("Clock with markup talk", "<b>BOLD-TIME</b>", "Body MARKUP-TIME-BODY."),
    ),
    Case(
        "unknown option",
        "index.md",
        line_of("index.md", ":foo: bar"),
        "myst.directive_option",
        ("Unknown option key: 'foo'",),
        ("Unknown option talk", "Body UNKNOWN-OPTION-BODY."),
    ),
    Case(
        "duplicate id on the page",
        "index.md",
        option_of("index.md", "Second of a pair", "id"),
        "confnotes.duplicate",
        (
            "duplicate talk id 'same-id-here'",
            f"index.md:{directive_of('index.md', 'First of a pair')}",
        ),
        ("First of a pair", "Second of a pair", "Body SECOND-PAIR-BODY."),
    ),
    Case(
        "duplicate id across pages",
        "other.md",
        directive_of("other.md", "Shared across pages, again"),
        "confnotes.duplicate",
        (
            "duplicate talk id 'cross-page-id'",
            f"index.md:{directive_of('index.md', 'Shared across pages')}",
        ),
        ("Shared across pages, again", "Body CROSS-OTHER-BODY."),
    ),
    Case(
        "id that is not an anchor",
        "index.md",
        option_of("index.md", "Not a slug id talk", "id"),
        "confnotes.option",
        ("id 'Not A Slug!' is not a valid anchor", "'not-a-slug'"),
        ("Not a slug id talk", "Body BAD-ID-BODY."),
    ),
    Case(
        "javascript link",
        "index.md",
        line_of("index.md", ":link: javascript:alert(1)"),
        "confnotes.link",
        ("'javascript:alert(1)' is not an absolute http(s) URL", "(option :link:)"),
        ("Script link talk", "Body SCRIPT-LINK-BODY."),
    ),
    Case(
        "JavaScript video link",
        "index.md",
        line_of("index.md", ":video: JavaScript:alert(2)"),
        "confnotes.link",
        ("'JavaScript:alert(2)' is not an absolute http(s) URL", "(option :video:)"),
        ("Script link talk",),
    ),
    Case(
        "data link",
        "index.md",
        line_of("index.md", ":slides: data:text/html"),
        "confnotes.link",
        ("'data:text/html,", "is not an absolute http(s) URL", "(option :slides:)"),
        ("Data link talk", "Body DATA-LINK-BODY."),
    ),
    Case(
        "control characters in title",
        "index.md",
        line_of("index.md", "Control\x07 characters"),
        "confnotes.text",
        ("control characters removed from the title",),
        ("Control characters here", "Body CONTROL-BODY."),
    ),
    Case(
        "control characters in speaker",
        "index.md",
        line_of("index.md", ":speaker: Bell"),
        "confnotes.text",
        ("control characters removed from the option :speaker:",),
        ("Bell Speaker",),
    ),
    Case(
        "title of control characters only (text)",
        "index.md",
        directive_of("index.md", "ONLY-CONTROL-SPEAKER"),
        "confnotes.text",
        ("control characters removed from the title",),
        ("Untitled talk", "ONLY-CONTROL-SPEAKER", "Body ONLY-CONTROL-BODY."),
    ),
    Case(
        "title of control characters only (title)",
        "index.md",
        directive_of("index.md", "ONLY-CONTROL-SPEAKER"),
        "confnotes.title",
        ("talk has no title",),
        ("Body ONLY-CONTROL-BODY.",),
    ),
    Case(
        "unknown status",
        "index.md",
        line_of("index.md", ":status: rescheduled-ish"),
        "confnotes.option",
        ("unknown status 'rescheduled-ish'", "cancelled, postponed"),
        ("Strange status talk", "Body STATUS-BODY."),
    ),
    Case(
        "unknown talk reference",
        "index.md",
        line_of("index.md", "{talk}`no-such-talk-id`"),
        "ref.talk",
        ("unknown talk 'no-such-talk-id'",),
        ("Reference to nowhere:", "no-such-talk-id"),
    ),
    Case(
        "report declared twice",
        "index.md",
        directive_of("index.md", ":conference: EuroPython Again"),
        "confnotes.duplicate",
        (
            "report metadata declared twice",
            f"first at line {directive_of('index.md', ':edition: 2020')}",
        ),
        ("EuroPython Again", "Closing text TRAILING-BODY."),
    ),
    Case(
        "report after talks",
        "late-report.md",
        directive_of("late-report.md", ":conference: LateConf"),
        "confnotes.report",
        (
            "report metadata must come before the first talk",
            f"(line {directive_of('late-report.md', 'Talk before the report')})",
        ),
        ("Talk before the report", "Body LATE-REPORT-BODY.", "LateConf"),
    ),
    Case(
        "report without conference",
        "report-bad.md",
        directive_of("report-bad.md", ":date: 2020-13-45"),
        "confnotes.report",
        ("report has no :conference:",),
        ("Talk under a bad report", "Body BAD-REPORT-BODY."),
    ),
    Case(
        "malformed report date",
        "report-bad.md",
        line_of("report-bad.md", ":date: 2020-13-45"),
        "confnotes.time",
        ("malformed date '2020-13-45'",),
        ("Talk under a bad report",),
    ),
    Case(
        "unknown timezone",
        "report-bad.md",
        line_of("report-bad.md", ":timezone: Mars/Olympus_Mons"),
        "confnotes.time",
        ("unknown timezone 'Mars/Olympus_Mons'",),
        ("Talk under a bad report",),
    ),
    Case(
        "javascript website",
        "report-bad.md",
        line_of("report-bad.md", ":website: javascript:void(0)"),
        "confnotes.link",
        ("'javascript:void(0)' is not an absolute http(s) URL", "(option :website:)"),
        ("Report with bad metadata",),
    ),
    Case(
        "bad language",
        "report-bad.md",
        line_of("report-bad.md", ":language: not a language"),
        "confnotes.option",
        ("language 'not a language' is not a language code",),
        ("Report with bad metadata",),
    ),
    Case(
        "multi-day report, talk without date",
        "multiday.md",
        option_of("multiday.md", "Talk without a day", "time"),
        "confnotes.time",
        ("the report spans 2021-07-12 to 2021-07-14: give this talk a :date:",),
        ("Talk without a day", "Body NO-DATE-BODY."),
    ),
    Case(
        "talk date outside a multi-day report",
        "multiday.md",
        option_of("multiday.md", "Talk on a day outside the report", "date"),
        "confnotes.time",
        ("date 2021-08-01 is outside the report's dates",),
        ("Talk on a day outside the report", "Body OUTSIDE-BODY."),
    ),
]

WARNING_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<text>.*) \[(?P<subtype>[\w.]+)\]$"
)


@dataclass
class Built:
    app: SphinxTestApp
    warnings: str

    @property
    def lines(self) -> list[str]:
        lines = [line for line in self.warnings.splitlines() if line.strip()]
        return myst_warnings_as_52(lines, Path)

    def html(self, file: str) -> str:
        return (self.app.outdir / Path(file).with_suffix(".html")).read_text("utf-8")

    def text(self, file: str) -> str:
        page = BeautifulSoup(self.html(file), "html.parser").select_one("div.body")
        assert page is not None
        return " ".join(page.get_text(" ").split())


@pytest.fixture(scope="module")
def built(built_root: RootBuild) -> Built:
    """One build of the test-warnings root, shared by the table-driven tests."""
    app = built_root("warnings")
    return Built(app, strip_colors(app.warning.getvalue()))


def _matching(built: Built, case: Case) -> list[str]:
    found = []
    for line in built.lines:
        m = WARNING_RE.match(line)
        if (
            m
            and Path(m["path"]).name == case.file
            and int(m["line"]) == case.line
            and m["subtype"] == case.subtype
            and all(fragment in m["text"] for fragment in case.message)
        ):
            found.append(line)
    return found


@pytest.mark.parametrize("case", CASES, ids=str)
def test_warning_is_located(built: Built, case: Case) -> None:
    found = _matching(built, case)
    assert len(found) == 1, (
        f"expected one warning at {case.file}:{case.line} [{case.subtype}] "
        f"containing {case.message}; got:\n{built.warnings}"
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_page_still_renders(built: Built, case: Case) -> None:
    text = built.text(case.file)
    for fragment in case.rendered:
        assert fragment in text


def test_every_warning_is_expected(built: Built) -> None:
    """No other warnings (and none twice): each line belongs to exactly one case."""
    unexpected = [
        line for line in built.lines if not any(line in _matching(built, c) for c in CASES)
    ]
    assert unexpected == []
    assert len(built.lines) == len(CASES)


def test_warnings_are_one_line_each_without_traceback(built: Built) -> None:
    assert "Traceback" not in built.warnings
    assert "Exception" not in built.warnings
    for line in built.lines:
        assert WARNING_RE.match(line), line


def test_no_script_urls_in_output(built: Built) -> None:
    pages = [
        p
        for p in built.app.outdir.rglob("*.html")
        if "_sources" not in p.parts and p.name != "search.html"  # Sphinx's "activate JavaScript"
    ]
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text("utf-8")
        assert "javascript" not in html.lower(), page.name
        assert "vbscript" not in html.lower(), page.name
        assert "data:text/html" not in html, page.name
        assert "DATA-URL-PAYLOAD" not in html, page.name
    catalogue = built.app.outdir / "confnotes.json"
    assert "javascript" not in catalogue.read_text("utf-8").lower()


def test_rejected_links_are_left_out(built: Built) -> None:
    page = BeautifulSoup(built.html("index.md"), "html.parser")
    for title in ("Script link talk", "Data link talk"):
        card = next(c for c in page.select("section.confnotes-talk") if title in c.get_text())
        assert card.select("a.confnotes-talk-link, a.confnotes-resource") == []
        assert card.select("a[href]") == card.select("a.headerlink")
    header = BeautifulSoup(built.html("report-bad.md"), "html.parser").select_one(
        ".confnotes-report"
    )
    assert header.select_one("a") is None


def test_markup_in_title_and_speaker_is_escaped(built: Built) -> None:
    for page in built.app.outdir.rglob("*.html"):
        if "_sources" in page.parts:
            continue
        html = page.read_text("utf-8")
        assert "<script>alert" not in html, page.name
        assert '<img src="x"' not in html and "<img src=x" not in html, page.name
        assert "<b>BOLD-TIME" not in html, page.name
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script")
        assert not [
            s for s in scripts if "alert" in s.get_text() and s.get("type") != "application/ld+json"
        ]
        # JSON-LD carries the title as data, with "<" escaped: it cannot close the script.
        assert not [
            s for s in scripts if s.get("type") == "application/ld+json" and "<" in s.string
        ]
        assert not [i for i in soup.find_all("img") if i.get("onerror")]
    page = BeautifulSoup(built.html("index.md"), "html.parser")
    card = next(c for c in page.select("section.confnotes-talk") if "Markup title" in c.get_text())
    heading = card.find("h2").get_text()
    assert "<script>alert(1)</script> Markup title" in heading
    assert [s.get_text() for s in card.select(".confnotes-speaker")] == [
        "<img src=x onerror=alert(1)>"
    ]
    # The index entry shows the same text, escaped.
    genindex = built.app.outdir.joinpath("genindex.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Markup title" in genindex


def test_control_characters_are_stripped(built: Built) -> None:
    html = built.html("index.md")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    page = BeautifulSoup(html, "html.parser")
    card = next(c for c in page.select("section.confnotes-talk") if "Control" in c.get_text())
    assert card["id"] == "europython-2020-control-characters-here"
    assert card.find("h2").get_text().startswith("Control characters here")


def test_bad_times_keep_the_written_text_without_datetime(built: Built) -> None:
    page = BeautifulSoup(built.html("index.md"), "html.parser")
    shown = {
        c.select_one(".confnotes-time").get_text(): c.select_one(".confnotes-time").name
        for c in page.select("section.confnotes-talk")
        if c.select_one(".confnotes-time-invalid")
    }
    assert shown == {"25:99": "span", "7h": "span", "<b>BOLD-TIME</b>": "span"}


def test_talks_without_usable_date_have_plain_times(built: Built) -> None:
    for file in ("late-report.md", "report-bad.md", "multiday.md"):
        page = BeautifulSoup(built.html(file), "html.parser")
        first = page.select_one("section.confnotes-talk time.confnotes-time")
        assert first is not None, file
        expected = "09:30" if file == "multiday.md" else "10:00"
        assert first["datetime"] == expected, file


def test_duplicate_ids_stay_unique(built: Built) -> None:
    page = BeautifulSoup(built.html("index.md"), "html.parser")
    ids = [t["id"] for t in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    by_title = {
        c.find("h2").get_text().rstrip("¶"): c["id"] for c in page.select("section.confnotes-talk")
    }
    assert by_title["First of a pair"] == "same-id-here"
    assert by_title["Second of a pair"] != "same-id-here"
    assert by_title["Second of a pair"].startswith("same-id-here")


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_build_with_app_fixture(app: SphinxTestApp) -> None:
    """The same root through sphinx.testing's own fixture: builds, warns, writes pages."""
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "[confnotes.time]" in warnings
    assert "Traceback" not in warnings
    for name in ("index", "other", "report-bad", "late-report", "multiday"):
        assert (app.outdir / f"{name}.html").is_file()
