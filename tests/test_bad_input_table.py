"""Bad input, table-driven: every class of bad input is a located warning, never a crash.

The test-badinput root holds one page per kind of bad input (times, links,
injection, control characters, Unicode, duplicates, roles, listings, reports) and
a tool registry full of bad entries; registries/ holds registry files that are
broken as a whole, each built in a small site of its own. Lines are found by
searching the sources (split at LF, as Markdown counts lines), never hard-coded.

For each case: the exact warning line (``path:line: WARNING: text [subtype]``),
the build finishes, the rest of the page is intact (a sentinel after the bad
input is in the HTML), and the output is escaped. Cases that show a bug in
confnotes are strict xfails whose reason says what is wrong.

The end of the file checks that builds are reproducible: two clean builds of
this root, and of the real site, give byte-identical output.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
import zlib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from confnotes.model import slug
from conftest import myst_warnings_as_52
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).parent / "roots" / "test-badinput"
REGISTRIES = ROOT / "registries"
SITE = Path(__file__).parent.parent  # the repository root: conf.py of the real site
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WARNING_RE = re.compile(
    r"^(?P<where>\S.*?):(?P<line>\d+): WARNING: (?P<text>.*) \[(?P<sub>[\w.]+)\]$"
)
URL_ATTRS = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")
PAGES = [
    "index",
    "times",
    "links",
    "injection",
    "control",
    "unicode",
    "dup-a",
    "dup-b",
    "roles",
    "listings",
    "no-report",
    "report-bad",
    "report-nodate",
    "report-range",
]


# -- finding lines in the sources -------------------------------------------------------------


def source(file: str, root: Path = ROOT) -> list[str]:
    """Lines as Markdown and YAML parsers number them (LF only; U+2028 and friends are text)."""
    return (root / file).read_text("utf-8").split("\n")


def line_of(file: str, marker: str, root: Path = ROOT) -> int:
    """1-based number of the one line of ``file`` containing ``marker``."""
    found = [n for n, line in enumerate(source(file, root), 1) if marker in line]
    assert len(found) == 1, f"marker {marker!r} on lines {found} of {file}"
    return found[0]


def exact_line(file: str, text: str) -> int:
    """1-based number of the one line of ``file`` that is exactly ``text``."""
    found = [n for n, line in enumerate(source(file), 1) if line == text]
    assert len(found) == 1, f"line {text!r} found on lines {found} of {file}"
    return found[0]


def block_of(file: str, marker: str) -> int:
    """Line of the directive (``:::{...}``) whose block contains ``marker``."""
    lines = source(file)
    n = line_of(file, marker)
    while not re.match(r"^:{3,}\{", lines[n - 1]):
        n -= 1
        assert n > 0, f"no directive above {marker!r} in {file}"
    return n


def option_of(file: str, marker: str, option: str) -> int:
    """Line of ``:option:`` in the directive block that contains ``marker``."""
    lines = source(file)
    n = block_of(file, marker) + 1
    while not lines[n - 1].startswith(f":{option}:"):
        assert lines[n - 1].startswith(":"), f"no :{option}: in the block of {marker!r}"
        n += 1
    return n


def yaml_line(*path: str, file: str = "tools.yaml", root: Path = ROOT) -> int:
    """Line of a mapping key in a block-style YAML file: yaml_line('tools', 'polars', 'name')."""
    lines = source(file, root)
    n = 0
    for depth, key in enumerate(path):
        pattern = re.compile(rf"^{' ' * (2 * depth)}{re.escape(key)}:")
        while not pattern.match(lines[n]):
            n += 1
        n += 1
    return n


# -- one build helper ---------------------------------------------------------------------------


@dataclass
class Build:
    srcdir: Path
    outdir: Path
    status: str
    warnings: str  # colours stripped, the source directory shown as <src>

    @property
    def lines(self) -> list[str]:
        lines = [line for line in self.warnings.splitlines() if line.strip()]
        return myst_warnings_as_52(lines, lambda p: self.srcdir / p.removeprefix("<src>/"))

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text("utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(page), "html.parser")

    def body(self, page: str) -> Any:
        found = self.soup(page).select_one("div.body")
        assert found is not None, page
        return found

    def text(self, page: str) -> str:
        return " ".join(self.body(page).get_text(" ").split())

    def html_files(self) -> list[Path]:
        return sorted(self.outdir.rglob("*.html"))


def build(srcdir: Path, builddir: Path) -> Build:
    """A clean HTML build of ``srcdir`` into ``builddir`` (never raises for bad input)."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=builddir,
        freshenv=True,
        status=status,
        warning=warning,
    )
    # cleanup() deletes srcdir/docutils.conf: for the real site that is the repository's.
    app.docutils_conf_path = builddir / "docutils.conf"
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(
        srcdir,
        Path(app.outdir),
        strip_colors(status.getvalue()),
        strip_colors(warning.getvalue()).replace(str(srcdir), "<src>"),
    )


def mini_site(tmp: Path, registry: bytes | None = None, page: str | None = None) -> Build:
    """A one-page site with the root's conf.py: registries/index.md (or ``page``) and a registry."""
    src = tmp / "src"
    src.mkdir(parents=True)
    shutil.copy(ROOT / "conf.py", src / "conf.py")
    (src / "index.md").write_text(
        page if page is not None else (REGISTRIES / "index.md").read_text("utf-8"), "utf-8"
    )
    if registry is not None:
        (src / "tools.yaml").write_bytes(registry)
    return build(src, tmp / "build")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("badinput")
    shutil.copytree(ROOT, base / "src")
    return build(base / "src", base / "build-1")


# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # the class of bad input
    file: str  # page (relative .md path) or the registry 'tools.yaml'
    line: int
    subtype: str
    message: str  # the exact warning text
    sentinel: str = ""  # text after the bad input that must still be on the page
    rendered: tuple[str, ...] = ()  # more text that must be on the page
    bug: str = ""  # a confnotes bug: the case is a strict xfail

    def __str__(self) -> str:
        return self.name

    @property
    def page(self) -> str:
        return "listings" if self.file == "tools.yaml" else self.file.removesuffix(".md")

    @property
    def expected(self) -> str:
        return f"{self.where}:{self.line}: WARNING: {self.message} [{self.subtype}]"

    @property
    def where(self) -> str:
        return self.file if self.file == "tools.yaml" else f"<src>/{self.file}"

    def found(self, lines: list[str]) -> list[str]:
        return [line for line in lines if line == self.expected]


def _talk(
    name: str,
    kind: str,
    file: str,
    marker: str,
    option: str,
    subtype: str,
    message: str,
    sentinel: str,
    *rendered: str,
    **extra: Any,
) -> Case:
    """A case whose warning is at ``:option:`` of the block holding ``marker`` ('' = directive)."""
    line = option_of(file, marker, option) if option else block_of(file, marker)
    return Case(name, kind, file, line, subtype, message, sentinel, rendered, **extra)


def _reg(
    name: str,
    kind: str,
    path: tuple[str, ...],
    message: str,
    subtype: str = "confnotes.registry",
    **extra: Any,
) -> Case:
    """A case in the root's registry, at the line of the key ``path``.

    The registry feeds the tool index on listings.md: that page must be complete.
    """
    line = yaml_line(*path)
    message = f"tool registry: {message}"
    return Case(name, kind, "tools.yaml", line, subtype, message, "AFTER-LISTINGS", **extra)


T, TIME, LINK, OPT = "times.md", "confnotes.time", "confnotes.link", "confnotes.option"
NOT_HTTP = "is not an absolute http(s) URL; it is left out"
MYST_TALK_OPTIONS = (
    "['code', 'date', 'id', 'kind', 'language', 'link', 'programme', 'room', 'slides', "
    "'speaker', 'status', 'tags', 'time', 'track', 'video']"
)
MYST_LIST_OPTIONS = "['conference', 'format', 'kind', 'language', 'room', 'speaker', 'status', 'tag', 'tool', 'track']"

CASES: list[Case] = [
    # -- talk: missing, empty and huge values --------------------------------------------------
    _talk("talk without title", "missing value", T, "MISSING-TITLE-SPEAKER", "", "confnotes.title",
          "talk has no title", "AFTER-MISSING-TITLE", "Untitled talk", "MISSING-TITLE-BODY"),
    _talk("empty :speaker:", "empty value", T, "Empty speaker talk", "speaker", OPT,
          "option :speaker: is empty; it is ignored", "AFTER-EMPTY-SPEAKER",
          "EMPTY-SPEAKER-BODY"),
    _talk("10,000-character title", "huge value", T, "HUGE-TITLE xxx", "", OPT,
          "title is 10000 characters long; cut to 500", "AFTER-HUGE-TITLE", "HUGE-TITLE-BODY"),
    # -- talk: malformed times and dates ------------------------------------------------------
    _talk("time 25:99", "malformed time", T, "Bad clock talk", "time", TIME,
          "malformed time '25:99': 25:99 is not a time of day", "AFTER-BAD-CLOCK", "25:99"),
    _talk("time 7h", "malformed time", T, "Hours only talk", "time", TIME,
          "malformed time '7h': expected HH:MM, HH:MM-HH:MM or HH:MM+30m", "AFTER-HOURS-ONLY"),
    _talk("time 07:00-06:00", "malformed time", T, "Backwards talk", "time", TIME,
          "time '07:00-06:00' ends before it starts", "AFTER-BACKWARDS"),
    _talk("time 07:00+0m", "malformed time", T, "Zero length talk", "time", TIME,
          "duration in '07:00+0m' must be between 1 minute and 24 hours", "AFTER-ZERO-LENGTH"),
    _talk("talk date 2023-02-30", "malformed date", T, "February thirtieth", "date", TIME,
          "malformed date '2023-02-30': expected YYYY-MM-DD", "AFTER-FEB-30", "FEB-30-BODY"),
    _talk("talk date outside the report", "date outside the report", T, "Talk on another day",
          "date", TIME, "date 2023-06-01 is outside the report's dates (2023-05-10 to 2023-05-10)",
          "AFTER-OTHER-DAY"),
    _talk("talk date without time", "malformed date", T, "Date without a time", "date", TIME,
          "malformed date '2023-13-01': expected YYYY-MM-DD", "AFTER-DATE-NO-TIME"),
    # -- talk: wrong types, unknown options and values ---------------------------------------------
    _talk("time given as a list", "wrong type", T, "Wrongly typed", "time", TIME,
          "malformed time '[1, 2]': expected HH:MM, HH:MM-HH:MM or HH:MM+30m",
          "AFTER-WRONG-TYPES", "[1, 2]", "WRONG-TYPES-BODY"),
    _talk("empty :tags:", "empty value", T, "Wrongly typed", "tags", OPT,
          "option :tags: is empty; it is ignored", "AFTER-WRONG-TYPES"),
    _talk("date given as a mapping", "wrong type", T, "Wrongly typed", "date", TIME,
          """malformed date '{"a": 1}': expected YYYY-MM-DD""", "AFTER-WRONG-TYPES"),
    _talk("status maybe", "unknown value", T, "Maybe talk", "status", OPT,
          "unknown status 'maybe': use one of cancelled, postponed", "AFTER-MAYBE", "Maybe talk"),
    _talk("unknown talk option", "unknown option", T, "Unknown option talk", "venue",
          "myst.directive_option",
          f"'talk': Unknown option key: 'venue' (allowed: {MYST_TALK_OPTIONS})",
          "AFTER-UNKNOWN-OPTION", "UNKNOWN-OPTION-BODY"),
    _talk("id that is not an anchor", "bad id", T, "Bad anchor talk", "id", OPT,
          "id 'Not An Anchor!' is not a valid anchor; using 'not-an-anchor'", "AFTER-BAD-ANCHOR"),
    _talk("duplicate id on one page", "duplicate id", T, "Second twin", "id", "confnotes.duplicate",
          f"duplicate talk id 'twin-id': also used at <src>/{T}:{block_of(T, 'First twin')}",
          "AFTER-TWINS", "First twin", "Second twin", "SECOND-TWIN-BODY"),
    # -- links ------------------------------------------------------------------------------------------
    Case("website vbscript:", "unsafe URL", "links.md", line_of("links.md", ":website:"), LINK,
         f"link 'vbscript:msgbox(1)' {NOT_HTTP} (option :website:)", "AFTER-JS-LINK",
         ("LinkConf 2023",)),
    _talk("link javascript:", "unsafe URL", "links.md", "Javascript link talk", "link", LINK,
          f"link 'javascript:alert(1)' {NOT_HTTP} (option :link:)", "AFTER-JS-LINK", "JS-LINK-BODY"),
    _talk("video JaVaScRiPt:", "unsafe URL", "links.md", "Mixed case javascript", "video", LINK,
          f"link 'JaVaScRiPt:alert(1)' {NOT_HTTP} (option :video:)", "AFTER-MIXED-CASE"),
    _talk("slides ' javascript:'", "unsafe URL", "links.md", "Leading space", "slides", LINK,
          f"link 'javascript:alert(1)' {NOT_HTTP} (option :slides:)", "AFTER-LEADING-SPACE"),
    _talk("code data:text/html", "unsafe URL", "links.md", "Data URL talk", "code", LINK,
          f"link 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' {NOT_HTTP} "
          "(option :code:)", "AFTER-DATA-URL"),
    _talk("link vbscript:", "unsafe URL", "links.md", "Vbscript talk", "link", LINK,
          f"link 'vbscript:msgbox(1)' {NOT_HTTP} (option :link:)", "AFTER-VBSCRIPT"),
    _talk("scheme-relative link", "unsafe URL", "links.md", "Scheme relative", "link", LINK,
          f"link '//evil.example/steal' {NOT_HTTP} (option :link:)", "AFTER-SCHEME-RELATIVE"),
    _talk("Markdown link as a URL", "Markdown injection", "links.md", "Markdown link in option",
          "video", LINK, f"link '[x](javascript:alert(1))' {NOT_HTTP} (option :video:)",
          "AFTER-MARKDOWN-LINK-OPTION"),
    # -- control characters ------------------------------------------------------------------------------
    Case("control characters in :location:", "control characters", "control.md",
         line_of("control.md", ":location: Bell"), "confnotes.text",
         "control characters removed from the option :location:", "AFTER-CONTROL-REPORT",
         ("BellHall",)),
    Case("control characters in :author:", "control characters", "control.md",
         line_of("control.md", ":author: Esc"), "confnotes.text",
         "control characters removed from the option :author:", "AFTER-CONTROL-REPORT",
         ("by Esc[31mAuthor",)),
    _talk("ESC in title", "control characters", "control.md", "red title", "", "confnotes.text",
          "control characters removed from the title", "AFTER-ESCAPE-TITLE", "Escape[31m red title"),
    _talk("BEL in :speaker:", "control characters", "control.md", "red title", "speaker",
          "confnotes.text", "control characters removed from the option :speaker:",
          "AFTER-ESCAPE-TITLE", "BellSpeaker"),
    _talk("C1 controls in title", "control characters", "control.md", "C1-TITLE-BODY", "", "confnotes.text",
          "control characters removed from the title", "AFTER-C1-TITLE", "C1control title"),
    _talk("control characters in :tags: below a title with NEL", "control characters",
          "control.md", "C1-TITLE-BODY", "tags", "confnotes.text",
          "control characters removed from the option :tags:", "AFTER-C1-TITLE", "tabback"),
    # -- Unicode -------------------------------------------------------------------------------------------
    _talk("U+2028 in a title, then a bad time", "RTL and combining Unicode", "unicode.md",
          "separator title", "time", TIME,
          "malformed time '8h': expected HH:MM, HH:MM-HH:MM or HH:MM+30m", "AFTER-LINE-SEPARATOR",
          "LINE-SEPARATOR-BODY"),
    Case("unknown tool in CJK", "unknown tool", "unicode.md", line_of("unicode.md", "数据工具"),
         "confnotes.unknown_tool", "unknown tool '数据工具': add it to the tool registry (tools.yaml)",
         "CJK-ONE-BODY"),
    Case("unknown tool in kana", "unknown tool", "unicode.md", line_of("unicode.md", "データ"),
         "confnotes.unknown_tool", "unknown tool 'データ': add it to the tool registry (tools.yaml)",
         "CJK-TWO-BODY"),
    # -- duplicates across pages -----------------------------------------------------------------------------
    _talk("explicit id on two pages", "duplicate id across pages", "dup-b.md",
          "Explicit id on the second page", "", "confnotes.duplicate",
          "duplicate talk id 'shared-explicit-id': also used at "
          f"<src>/dup-a.md:{block_of('dup-a.md', 'Explicit id on the first page')}; "
          "give one of them an explicit :id:", "AFTER-DUP-B-EXPLICIT", "DUP-B-EXPLICIT-BODY"),
    _talk("same title on two pages", "duplicate id across pages", "dup-b.md",
          "DUP-B-KEYNOTE-BODY", "", "confnotes.duplicate",
          "duplicate talk id 'dupconf-2023-keynote': also used at "
          f"<src>/dup-a.md:{block_of('dup-a.md', 'DUP-A-KEYNOTE-BODY')}; "
          "give one of them an explicit :id:", "AFTER-DUP-B-KEYNOTE", "DUP-B-KEYNOTE-BODY"),
    # -- roles -------------------------------------------------------------------------------------------------
    Case("unknown tool", "unknown tool", "roles.md", line_of("roles.md", "nonexistent-tool-xyz"),
         "confnotes.unknown_tool",
         "unknown tool 'nonexistent-tool-xyz': add it to the tool registry (tools.yaml)",
         "AFTER-UNKNOWN-TOOL"),
    Case("unknown speaker", "unknown speaker", "roles.md", line_of("roles.md", "Nobody Knows"),
         "ref.speaker", "unknown speaker 'Nobody Knows Me'", "AFTER-UNKNOWN-SPEAKER"),
    Case("unknown talk", "unknown talk", "roles.md", line_of("roles.md", "no-such-talk"),
         "ref.talk", "unknown talk 'no-such-talk-anywhere'", "AFTER-UNKNOWN-TALK"),
    Case("tool role with <script>", "HTML injection", "roles.md", line_of("roles.md", "script tool"),
         "confnotes.unknown_tool", "unknown tool '/script': add it to the tool registry (tools.yaml)",
         "AFTER-SCRIPT-TOOL", ("<script>alert(1)",)),
    Case("talk role with javascript:", "unsafe URL", "roles.md", line_of("roles.md", "script talk"),
         "ref.talk", "unknown talk 'javascript:alert(1)'", "AFTER-SCRIPT-TALK"),
    # -- listings ---------------------------------------------------------------------------------------------
    _talk("talk-list filter naming nothing", "listing filter naming nothing", "listings.md",
          ":tool: nonexistent", "", "confnotes.listing",
          "talk-list: no talk matches tool 'nonexistent'", "AFTER-FILTER-NOTHING"),
    _talk("talk-list :format: pie", "bad listing option", "listings.md", ":format: pie", "format",
          "confnotes.listing", "unknown format 'pie': use 'list' or 'table'", "AFTER-FORMAT-PIE",
          "Bad clock talk"),
    _talk("unknown listing option", "bad listing option", "listings.md", ":sort: title", "sort",
          "myst.directive_option",
          f"'talk-list': Unknown option key: 'sort' (allowed: {MYST_LIST_OPTIONS})",
          "AFTER-UNKNOWN-LISTING-OPTION"),
    _talk("code as a filter", "listing filter naming nothing", "listings.md", "__import__", "",
          "confnotes.listing",
          "talk-list: no talk matches conference \"__import__('os').system('touch PWNED')\"",
          "AFTER-CODE-FILTER"),
    _talk("status filter maybe", "listing filter naming nothing", "listings.md", ":status: maybe",
          "", "confnotes.listing", "talk-list: no talk matches status 'maybe'",
          "AFTER-STATUS-FILTER"),
    Case("series on a page without report", "series without report", "no-report.md",
         exact_line("no-report.md", ":::{series}"), "confnotes.listing",
         "series: this page has no report metadata; name the series, e.g. "
         "```{series} europython-2020```", "AFTER-SERIES-NO-REPORT"),
    Case("series naming nothing", "listing filter naming nothing", "no-report.md",
         line_of("no-report.md", "no-such-series"), "confnotes.listing",
         "series: no report belongs to series 'no-such-series'", "AFTER-SERIES-UNKNOWN",
         ("NO-REPORT-TALK-BODY",)),
    # -- report metadata ----------------------------------------------------------------------------------------
    Case("report without conference", "missing value", "report-bad.md",
         line_of("report-bad.md", ":::{report}"), "confnotes.report", "report has no :conference:",
         "AFTER-BAD-REPORT", ("BAD-REPORT-TALK-BODY",)),
    Case("report date 2023-02-30", "malformed date", "report-bad.md",
         line_of("report-bad.md", ":date:"), TIME,
         "malformed date '2023-02-30': expected YYYY-MM-DD", "AFTER-BAD-REPORT"),
    Case("report timezone Mars/Olympus", "unknown timezone", "report-bad.md",
         line_of("report-bad.md", ":timezone:"), TIME,
         "unknown timezone 'Mars/Olympus': use an IANA name such as 'Europe/London'",
         "AFTER-BAD-REPORT"),
    Case("report language", "unknown value", "report-bad.md",
         line_of("report-bad.md", ":language:"), OPT,
         "language 'not a language' is not a language code such as 'en' or 'nl'",
         "AFTER-BAD-REPORT"),
    Case("report website JaVaScRiPt:", "unsafe URL", "report-bad.md",
         line_of("report-bad.md", ":website:"), LINK,
         f"link 'JaVaScRiPt:alert(1)' {NOT_HTTP} (option :website:)", "AFTER-BAD-REPORT"),
    Case("report without date", "missing value", "report-nodate.md",
         line_of("report-nodate.md", ":::{report}"), "confnotes.report", "report has no :date:",
         "AFTER-NODATE-REPORT", ("NoDateConf 2023",)),
    Case("report date range backwards", "malformed date", "report-range.md",
         line_of("report-range.md", ":date:"), TIME,
         "date range '2023-05-20/2023-05-18' ends before it starts", "AFTER-RANGE-REPORT"),
    # -- the tool registry (tools.yaml of the root) ------------------------------------------------------------
    _reg("registry alias is the tool's own id", "registry entry aliasing itself",
         ("tools", "polars", "aliases"), "tool 'polars': alias 'polars' is the tool's own id or name"),
    _reg("registry alias shared by two tools", "registry alias clash", ("tools", "pandas"),
         "tool 'pandas': a name or alias is already used by tool 'polars'; "
         "the clashing names are ignored"),
    _reg("registry id with uppercase", "registry bad id", ("tools", "BadCase"),
         "tool id 'BadCase' must be lowercase letters, digits and '-'"),
    _reg("registry unknown category", "registry unknown category", ("tools", "weird", "category"),
         "tool 'weird': unknown category 'nosuchcategory' (known: data, scary)"),
    _reg("registry entry not a mapping", "wrong type", ("tools", "listy"),
         "tool 'listy': expected a mapping of fields"),
    _reg("registry homepage javascript:", "unsafe URL", ("tools", "scripted", "homepage"),
         f"tool 'scripted': link 'javascript:alert(1)' {NOT_HTTP}"),
    _reg("registry homepage data:", "unsafe URL", ("tools", "datahome", "homepage"),
         f"tool 'datahome': link 'data:text/html;base64,PHNjcmlwdD4=' {NOT_HTTP}"),
    _reg("registry unknown field", "unknown option", ("tools", "typed", "extra"),
         "tool 'typed': unknown field 'extra' is ignored"),
    _reg("registry name is a list", "wrong type", ("tools", "typed", "name"),
         "tool 'typed': name must be text"),
    _reg("registry name missing after a bad one", "missing value", ("tools", "typed"),
         "tool 'typed': missing name; using the id"),
    _reg("registry aliases a mapping", "wrong type", ("tools", "typed", "aliases"),
         "tool 'typed': aliases must be a list"),
    _reg("registry unknown top-level key", "unknown option", ("unexpected",),
         "unknown top-level key 'unexpected' is ignored"),
    _reg("registry control characters", "control characters", ("tools", "belled", "name"),
         "tool 'belled': name: control characters removed"),
    _reg("registry control characters in a description", "control characters",
         ("tools", "belled", "description"),
         "tool 'belled': description: control characters removed"),
]  # fmt: skip


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason=c.bug))
        if c.bug
        else pytest.param(c, id=c.name)
        for c in cases
    ]


def test_the_table_covers_at_least_20_classes() -> None:
    kinds = {c.kind for c in [*CASES, *REGISTRY_CASES] if not c.bug}
    assert len(kinds) >= 20, sorted(kinds)
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", _params(CASES))
def test_warning_is_exact_and_located(built: Build, case: Case) -> None:
    assert len(case.found(built.lines)) == 1, (
        f"expected exactly once:\n  {case.expected}\ngot:\n" + "\n".join(built.lines)
    )


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_rest_of_page_is_intact(built: Build, case: Case) -> None:
    text = built.text(case.page)
    for fragment in (case.sentinel, *case.rendered):
        assert fragment in text, f"{fragment!r} missing from {case.page}.html"


def test_every_warning_is_expected(built: Build) -> None:
    """Nothing else is warned, nothing twice, and each warning is one well-formed line."""
    expected = {c.expected for c in CASES}
    assert [line for line in built.lines if line not in expected] == []
    assert len(built.lines) == len(set(built.lines))
    for line in built.lines:
        assert WARNING_RE.match(line), line
    assert "Traceback" not in built.warnings
    assert "Exception" not in built.warnings


def test_build_finished_and_wrote_every_page(built: Build) -> None:
    assert "build succeeded" in built.status
    for page in PAGES:
        assert (built.outdir / f"{page}.html").is_file(), page
    assert (built.outdir / "confnotes.json").is_file()
    assert (built.outdir / "objects.inv").is_file()
    assert "INDEX-SENTINEL" in built.text("index")


# -- escaping ---------------------------------------------------------------------------------------


def unsafe_urls(html: str) -> list[str]:
    """URL attributes whose scheme, read the way browsers read it, is not http(s)/mailto."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attr in URL_ATTRS:
            value = tag.get(attr)
            if value is None:
                continue
            squeezed = re.sub(r"[\x00-\x20\x7f]", "", str(value))
            scheme = urlsplit(squeezed).scheme.lower() if ":" in squeezed else ""
            if scheme not in ("", "http", "https", "mailto"):
                found.append(f"<{tag.name} {attr}={value!r}>")
    return found


def test_no_raw_script_or_event_handlers(built: Build) -> None:
    for path in built.html_files():
        html = path.read_text("utf-8")
        name = path.relative_to(built.outdir).as_posix()
        for raw in ("<script>alert", "<img src=x", '<img src="x"', "<b>tag</b>", "<b>X</b>"):
            assert raw not in html, f"{raw} in {name}"
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script")
        # JSON-LD carries titles as data, and the tool index filter tool names, with
        # "<" escaped: they cannot close the script, and browsers do not run them.
        data = [s for s in scripts if s.get("type") in ("application/ld+json", "application/json")]
        assert not [s for s in scripts if "alert" in s.get_text() and s not in data], name
        assert not [s for s in data if "<" in s.string], name
        handlers = [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.startswith("on")]
        assert handlers == [], name


def test_no_unsafe_links_in_any_attribute(built: Build) -> None:
    for path in built.html_files():
        assert unsafe_urls(path.read_text("utf-8")) == [], path.name
    catalogue = json.loads((built.outdir / "confnotes.json").read_text("utf-8"))
    urls = [v for k, v in _items(catalogue) if k in ("url", "link", "video", "slides", "code",
                                                     "homepage", "website") and v]  # fmt: skip
    assert urls, "the catalogue lists URLs"
    for url in urls:
        assert urlsplit(url).scheme in ("", "http", "https"), url


def _items(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _items(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _items(v, key)
    else:
        yield key, value


def test_no_control_characters_in_output(built: Build) -> None:
    for path in built.html_files():
        html = path.read_text("utf-8")
        assert not CONTROL.search(html), (path.name, CONTROL.findall(html))
    catalogue = json.loads((built.outdir / "confnotes.json").read_text("utf-8"))
    assert [v for _, v in _items(catalogue) if isinstance(v, str) and CONTROL.search(v)] == []
    raw = (built.outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw[raw.index(b"\n", raw.index(b"zlib")) + 1 :]).decode("utf-8")
    assert not CONTROL.search(body)


def _card(built: Build, page: str, marker: str) -> Any:
    cards = [c for c in built.body(page).select("section.confnotes-talk") if marker in c.get_text()]
    assert len(cards) == 1, f"{len(cards)} cards with {marker!r} on {page}"
    return cards[0]


def _heading(card: Any) -> str:
    return card.find("h2").get_text().removesuffix("¶").strip()


@pytest.mark.parametrize(
    ("marker", "title", "speakers", "tags"),
    [
        (
            "Script title",
            "<script>alert(1)</script> Script title",
            ["<img src=x onerror=alert(1)>"],
            ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"],
        ),
        (
            "Markdown link title",
            "[x](javascript:alert(1)) Markdown link title",
            ["[Speaker](javascript:alert(1))"],
            [],
        ),
        ("_em_ title", "**bold** and `code` and _em_ title", ["**Bold Speaker**"], []),
        ("Entity", "Entity &lt;script&gt; &amp; title", [], []),
    ],
    ids=["html", "markdown link", "markdown emphasis", "entities"],
)
def test_injection_is_shown_literally(
    built: Build, marker: str, title: str, speakers: list[str], tags: list[str]
) -> None:
    card = _card(built, "injection", marker)
    heading = card.find("h2")
    assert heading.get_text().endswith(title + "¶")
    assert heading.find(["strong", "em", "code", "script", "img"]) is None
    assert [a["class"] for a in heading.find_all("a")] == [["headerlink"]]
    assert [s.get_text() for s in card.select(".confnotes-speaker")] == speakers
    assert [t.get_text() for t in card.select(".confnotes-tag")] == tags
    # Listings and the general index show the same text, escaped (';' as ',' in the
    # index, where it would split the entry: see the next test).
    assert title in built.text("listings")
    assert in_genindex(built, title.replace(";", ","))


def genindex_entries(built: Build) -> set[str]:
    """Text of the top-level entries of the general index."""
    soup = BeautifulSoup((built.outdir / "genindex.html").read_text("utf-8"), "html.parser")
    entries = set()
    for item in soup.select("table.genindextable > tr > td > ul > li"):
        link = item.find("a", recursive=False)
        own = link.get_text() if link else "".join(item.find_all(string=True, recursive=False))
        entries.add(" ".join(own.split()))
    return entries


def in_genindex(built: Build, title: str) -> bool:
    """The title is a top-level entry (as written, or followed by ' (conference)')."""
    return any(e == title or e.startswith(title + " (") for e in genindex_entries(built))


def test_title_with_semicolon_is_one_index_entry(built: Build) -> None:
    # ';' separates an index entry from its sub-entry and cannot be escaped: the
    # entry shows ',' instead, and the title is not split in two.
    assert in_genindex(built, "Semicolons, in a title")


def test_injection_in_report_fields_is_shown_literally(built: Build) -> None:
    header = built.body("injection").select_one(".confnotes-report")
    assert header.find(["script", "img", "b", "a"]) is None
    shown = {
        cls: header.select_one(f".{cls}").get_text()
        for cls in ("confnotes-location", "confnotes-authors")
    }
    assert shown == {
        "confnotes-location": "<img src=x onerror=alert(1)> Hall",
        "confnotes-authors": "by <script>alert(1)</script> and **Bold Author**",
    }
    assert header.find("strong").get_text() == (
        "<script>alert(1)</script> InjConf <img src=x onerror=alert(1)>"
    )
    assert [t.get_text() for t in header.select(".confnotes-tag")] == [
        "<b>tag</b>",
        "[x](javascript:alert(1))",
    ]
    assert "AFTER-INJECTION-REPORT" in built.text("injection")


def test_injection_in_the_registry_is_shown_literally(built: Build) -> None:
    entry = built.body("listings").select_one("#tool-scripted")
    assert entry is not None
    assert entry.find("strong").get_text() == "<script>alert(1)</script> Scripted"
    assert "<img src=x onerror=alert(1)>" in entry.get_text()
    assert entry.select("a[href]") == []  # the javascript: homepage is left out
    assert "<script>alert(1)</script> category" in built.text("listings")
    assert built.body("listings").select_one("#tool-datahome a[href]") is None


def test_rejected_links_are_left_out(built: Build) -> None:
    for marker in ("Javascript link", "Mixed case", "Leading space", "Data URL", "Vbscript",
                   "Scheme relative", "Markdown link in option"):  # fmt: skip
        card = _card(built, "links", marker)
        assert card.select("a[href]") == card.select("a.headerlink"), marker
    assert built.body("links").select_one(".confnotes-report a") is None
    assert built.body("report-bad").select_one(".confnotes-report a") is None


# -- control characters and Unicode ------------------------------------------------------------------


def test_nul_byte_becomes_a_replacement_character(built: Build) -> None:
    """A NUL never reaches confnotes: Markdown (CommonMark) turns it into U+FFFD, unwarned."""
    assert "\x00" in (ROOT / "control.md").read_text("utf-8")
    card = _card(built, "control", "NUL-TITLE-BODY")
    assert _heading(card).endswith("Nul\ufffdbyte title")
    assert card["id"] == "ctrlconf-2023-nulbyte-title"
    assert "AFTER-NUL-TITLE" in built.text("control")
    assert not [
        line for line in built.lines if f"control.md:{block_of('control.md', 'Nul')}:" in line
    ]


def test_rtl_and_combining_text_is_kept_nfc_and_ids_are_stable(built: Build) -> None:
    raw = (ROOT / "unicode.md").read_text("utf-8")
    assert "Cafe\u0301" in raw and "\u202e" in raw  # the root is written decomposed, with RLO
    rtl = _card(built, "unicode", "RTL-TITLE-BODY")
    # the override is kept, and closed (U+202C) so it cannot reverse what follows
    assert _heading(rtl).endswith(
        "\u202e\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 RTL-TITLE\u202c"
    )
    assert [s.get_text() for s in rtl.select(".confnotes-speaker")] == ["\u200f\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd"]  # fmt: skip
    combining = _card(built, "unicode", "COMBINING-TITLE-BODY")
    assert _heading(combining).endswith("Caf\u00e9 COMBINING-TITLE")  # NFC
    assert [s.get_text() for s in combining.select(".confnotes-speaker")] == ["Jos\u00e9 Combining"]
    # The id is the one the composed spelling gets, so links do not depend on the keyboard.
    composed = slug("UniConf 2023 " + unicodedata.normalize("NFC", "Cafe\u0301 COMBINING-TITLE"))
    assert combining["id"] == composed == "uniconf-2023-cafe-combining-title"
    assert rtl["id"] == "uniconf-2023-rtl-title"
    html = built.html("unicode")
    assert "Cafe\u0301" not in html and "Caf\u00e9 COMBINING-TITLE" in html
    catalogue = json.loads((built.outdir / "confnotes.json").read_text("utf-8"))
    assert composed in {t["id"] for t in catalogue["talks"]}
    for sentinel in ("AFTER-RTL-TITLE", "AFTER-COMBINING-TITLE", "AFTER-CJK"):
        assert sentinel in built.text("unicode")


def test_speakers_without_latin_letters_stay_apart(built: Build) -> None:
    entries = {
        e.find("strong").get_text()
        for e in built.body("listings").select(".confnotes-speaker-entry")
    }
    assert {
        "张伟",
        "李娜",
        "\u200f\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd",
    } <= entries


def test_unknown_tools_without_latin_letters_stay_apart(built: Build) -> None:
    names = {
        e.find("strong").get_text() for e in built.body("listings").select(".confnotes-tool-entry")
    }
    assert {"数据工具", "データ"} <= names


# -- nothing is dropped, nothing is evaluated --------------------------------------------------------------


def test_talks_with_bad_times_and_dates_are_still_listed(built: Build) -> None:
    catalogue = json.loads((built.outdir / "confnotes.json").read_text("utf-8"))
    ids = {t["id"] for t in catalogue["talks"]}
    assert len(ids) >= 40
    body = built.body("listings")
    every = body.select_one("#every-talk ul.confnotes-talk-list")
    listed = {a["href"].split("#")[1] for a in every.select("a[href]")}
    table = body.select_one("#every-talk-as-a-table table")
    in_table = {a["href"].split("#")[1] for a in table.select("a[href]")}
    assert listed == in_table == ids
    # Counted, not only as sets: duplicate ids across pages are two talks, both listed.
    cards = sum(len(built.body(p).select("section.confnotes-talk")) for p in PAGES)
    rows = len(table.select("tbody tr"))
    assert len(every.select(":scope > li")) == rows == len(catalogue["talks"]) == cards
    bad = {
        "timeconf-2023-bad-clock-talk",  # 25:99
        "timeconf-2023-hours-only-talk",  # 7h
        "timeconf-2023-backwards-talk",
        "timeconf-2023-zero-length-talk",
        "timeconf-2023-february-thirtieth-talk",  # date 2023-02-30
        "timeconf-2023-talk-on-another-day",
        "timeconf-2023-wrongly-typed-options-talk",
        "timeconf-2023-date-without-a-time-talk",
        "report-bad-talk-under-a-bad-report",  # report date and zone unusable
    }
    assert bad <= listed
    # A filtered listing on another page keeps them too, and so does the speaker index.
    filtered = body.select_one("#unknown-format").get_text(" ")
    assert "Bad clock talk" in filtered and "Talk under a bad report" in filtered
    clock = body.select_one("#speaker-clock-speaker").get_text(" ")
    assert "Bad clock talk" in clock and "25:99" in clock


def test_filter_strings_are_never_evaluated(built: Build) -> None:
    for where in (built.srcdir, built.outdir, Path.cwd()):
        assert not (where / "PWNED").exists(), where
    section = built.body("listings").select_one("#code-in-a-filter")
    assert "No talks match." in section.get_text()


# -- registries broken as a whole (each in a one-page site) ------------------------------------------------


@dataclass(frozen=True)
class RegistryCase:
    name: str
    kind: str
    file: str | None  # in registries/; None: no registry file at all
    message: str  # the exact text after 'tool registry: '
    line: int = 1
    bug: str = ""  # a confnotes bug: the case is a strict xfail

    def __str__(self) -> str:
        return self.name


def _rline(file: str, marker: str) -> int:
    return line_of(file, marker, REGISTRIES)


REGISTRY_CASES = [
    RegistryCase("not valid YAML", "registry not valid YAML", "not-yaml.yaml",
                 "not valid YAML: expected ',' or ']', but got ':'",
                 _rline("not-yaml.yaml", "pandas:")),
    RegistryCase("TOML instead of YAML", "registry not valid YAML", "toml.yaml",
                 "not valid YAML: expected '<document start>', but found '<scalar>'",
                 _rline("toml.yaml", "name =")),
    RegistryCase("a list, not a mapping", "wrong type", "list.yaml",
                 "expected a mapping with 'categories' and 'tools'"),
    RegistryCase("tools as a list", "wrong type", "tools-list.yaml",
                 "'tools' must be a mapping of tool id to its fields",
                 yaml_line("tools", file="tools-list.yaml", root=REGISTRIES)),
    RegistryCase("categories as a list", "wrong type", "categories-list.yaml",
                 "'categories' must be a mapping of id to title"),
    RegistryCase("not UTF-8", "registry not valid YAML", "not-utf8.yaml",
                 "cannot read the file ('utf-8' codec can't decode byte 0xff in position 0: "
                 "invalid start byte)"),
    RegistryCase("file missing", "missing value", None,
                 "file not found; tool mentions will all be flagged as unknown"),
    RegistryCase("an entry that is a YAML alias of itself", "registry entry aliasing itself",
                 "self-anchor.yaml", "tool 'polars': unknown field 'itself' is ignored",
                 _rline("self-anchor.yaml", "itself:")),
    RegistryCase("the same tool id twice", "duplicate id", "duplicate-key.yaml",
                 "duplicate key 'polars' (first at line 2); the later one is used",
                 _rline("duplicate-key.yaml", "name: Polars again") - 1),
    RegistryCase("a category title that is a mapping", "wrong type", "category-not-text.yaml",
                 "category 'data': the title must be text; using the id",
                 _rline("category-not-text.yaml", "data:")),
]  # fmt: skip


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason=c.bug))
        if c.bug
        else pytest.param(c, id=c.name)
        for c in REGISTRY_CASES
    ],
)
def test_broken_registry(tmp_path: Path, case: RegistryCase) -> None:
    registry = (REGISTRIES / case.file).read_bytes() if case.file else None
    site = mini_site(tmp_path, registry)
    expected = (
        f"tools.yaml:{case.line}: WARNING: tool registry: {case.message} [confnotes.registry]"
    )
    # Exactly this one registry warning: no cascade of follow-up warnings.
    assert [line for line in site.lines if "[confnotes.registry]" in line] == [expected]
    assert "build succeeded" in site.status
    # The page is intact and the mentions are listed, flagged, never lost.
    assert "REGISTRY-SENTINEL" in site.text("index")
    entries = site.body("index").select(".confnotes-tool-entry")
    names = {e.find("strong").get_text().casefold() for e in entries}
    assert "pandas" in names
    assert any(n.startswith("polars") for n in names)  # a repeated id: the later entry


# -- control characters outside option values (one-page sites: exact warnings, clean HTML) -----------

REPORT = ":::{report}\n:conference: C\n:edition: 1\n:date: 2023-05-10\n:timezone: UTC\n:::\n\n"


def test_control_characters_in_role_targets(tmp_path: Path) -> None:
    page = (
        "# Roles\n\n" + REPORT + "::::{talk} T\n:time: 10:00\n:speaker: Ann\n\n"
        "Uses {tool}`bell\x07tool`, {speaker}`An\x07n` and {talk}`c-1-t\x07`.\n::::\n\n"
        "```{tool-index}\n```\n\n```{speaker-index}\n```\n"
    )
    site = mini_site(tmp_path, b"tools: {}\n", page)
    line = page.split("\n").index(next(x for x in page.split("\n") if x.startswith("Uses"))) + 1
    removed = "WARNING: control characters removed from the confnotes:{} reference {!r}"
    assert site.lines == [
        f"<src>/index.md:{line}: {removed.format('tool', 'belltool')} [confnotes.text]",
        f"<src>/index.md:{line}: {removed.format('speaker', 'Ann')} [confnotes.text]",
        f"<src>/index.md:{line}: {removed.format('talk', 'c-1-t')} [confnotes.text]",
        f"<src>/index.md:{line}: WARNING: unknown tool 'belltool': add it to the tool registry "
        "(tools.yaml) [confnotes.unknown_tool]",
    ]
    assert not CONTROL.search(site.html("index"))
    body = site.body("index")
    assert body.select_one("#speaker-ann") is not None  # {speaker}`An\x07n` found Ann
    assert body.select_one(".confnotes-talk-body a[href='#c-1-t']") is not None
    assert "belltool" in body.select_one(".confnotes-tool-index").get_text()


def test_control_characters_in_a_talk_body(tmp_path: Path) -> None:
    page = (
        "# Body\n\n"
        + REPORT
        + "::::{talk} T\n:time: 10:00\n\nBell \x07 and escape \x1b[1m.\n::::\n"
    )
    site = mini_site(tmp_path, b"tools: {}\n", page)
    line = page.split("\n").index("Bell \x07 and escape \x1b[1m.") + 1
    assert site.lines == [
        f"<src>/index.md:{line}: WARNING: control characters removed from the text [confnotes.text]"
    ]
    assert not CONTROL.search(site.html("index"))
    assert "Bell and escape [1m." in site.text("index")


# -- reproducible builds -------------------------------------------------------------------------------------

COMPARED = ("*.html", "objects.inv", "confnotes.json", "searchindex.js")


def output_files(outdir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for pattern in COMPARED:
        for path in outdir.rglob(pattern) if pattern.startswith("*") else [outdir / pattern]:
            if path.is_file():
                files[path.relative_to(outdir).as_posix()] = path.read_bytes()
    return files


def assert_identical(a: Build, b: Build) -> None:
    first, second = output_files(a.outdir), output_files(b.outdir)
    for name in ("objects.inv", "confnotes.json", "searchindex.js", "genindex.html"):
        assert name in first, name
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"differ between two clean builds: {differ}"


def test_two_clean_builds_of_the_root_are_identical(built: Build, tmp_path: Path) -> None:
    again = build(built.srcdir, tmp_path / "build-2")
    assert again.warnings == built.warnings
    assert_identical(built, again)


def _site_sources() -> str:
    """Fingerprint of what the real site is built from (others may be editing it)."""
    digest = hashlib.sha256()
    for path in sorted(
        [SITE / "conf.py", *(SITE / "docs").rglob("*"), *(SITE / "ext").rglob("*.py")]
    ):
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_two_clean_builds_of_the_site_are_identical(tmp_path: Path) -> None:
    """The real site (repository root, conf.py there), built twice into two build dirs."""
    before = _site_sources()
    first = build(SITE, tmp_path / "site-1")
    second = build(SITE, tmp_path / "site-2")
    if _site_sources() != before:  # pragma: no cover - someone edited the site meanwhile
        pytest.skip("the site's sources changed during the builds")
    assert "build succeeded" in first.status
    assert len(first.html_files()) >= 10
    assert_identical(first, second)
