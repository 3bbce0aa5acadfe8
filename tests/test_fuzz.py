"""Property-based fuzzing: whatever an author writes, confnotes never crashes.

Two speeds. Builds: hypothesis writes whole MyST pages (report blocks with random
option subsets and values, talk cards with random options and Markdown bodies,
roles with random targets, listings with random filters) and a random tool
registry, and Sphinx builds them; the build must finish without a traceback, warn
with a location, and write HTML free of control characters, script and unsafe
links. Pure parts: the registry loader and the model rules run thousands of
examples per second.

Short by default (CI); ``CONFNOTES_LONG=1`` runs thousands of builds and tens of
thousands of pure examples (profiles in conftest.py).

Control characters go everywhere: option values, titles, Markdown bodies, role
targets and the registry. What the generators leave out: raw HTML in Markdown
bodies (MyST passes it on by design; it is the author's own). A line break inside
an option value ends the option block and the rest is body text, so ``confine()``
applies that rule from there on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from confnotes.model import (
    InputError,
    TalkTime,
    check_url,
    clean_text,
    parse_date_range,
    parse_talk_time,
    slug,
)
from confnotes.registry import TOOL_ID, Registry, _Loader, normalise
from conftest import FUZZ_BUILD_PROFILE, FUZZ_FAST_PROFILE
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

if TYPE_CHECKING:
    from collections.abc import Iterator

BUILD = settings(settings.get_profile(FUZZ_BUILD_PROFILE))
FAST = settings(settings.get_profile(FUZZ_FAST_PROFILE))

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
URL_ATTRS = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")
SAFE_URL_SCHEMES = {"", "http", "https", "mailto"}
LOCATED = re.compile(r"^\S.*:\d+: WARNING: .* \[confnotes\.[a-z_]+\]$")

CONF = """\
project = "confnotes fuzz"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
confnotes_tools_file = "tools.yaml"
exclude_patterns = ["_build"]
"""

# -- the one build helper ---------------------------------------------------------------


@dataclass
class Result:
    html: dict[str, str]  # relative path -> HTML, every page Sphinx wrote
    warnings: str
    status: str
    catalogue: str


def build(files: dict[str, str]) -> Result:
    """Build ``files`` (name -> text; conf.py added) from scratch in a temporary dir."""
    with tempfile.TemporaryDirectory(prefix="confnotes-fuzz-") as tmp:
        src = Path(tmp, "src")
        src.mkdir()
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        for name, text in files.items():
            (src / name).write_text(text, encoding="utf-8")
        status, warning = StringIO(), StringIO()
        app = SphinxTestApp(
            "html",
            srcdir=src,
            builddir=Path(tmp, "build"),
            freshenv=True,
            status=status,
            warning=warning,
        )
        try:
            app.build()
        finally:
            app.cleanup()
        out = Path(app.outdir)
        html = {
            p.relative_to(out).as_posix(): p.read_text("utf-8")
            for p in out.rglob("*.html")
            if "_static" not in p.parts
        }
        catalogue = out / "confnotes.json"
        return Result(
            html,
            strip_colors(warning.getvalue()),
            strip_colors(status.getvalue()),
            catalogue.read_text("utf-8") if catalogue.exists() else "",
        )


def unsafe_urls(html: str) -> list[str]:
    """Every URL-carrying attribute whose scheme (as a browser reads it) is not safe."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attr in URL_ATTRS:
            value = tag.get(attr)
            if value is None:
                continue
            for url in value if isinstance(value, list) else [value]:
                # Browsers drop ASCII whitespace and controls before judging a scheme.
                squeezed = re.sub(r"[\x00-\x20\x7f]", "", url)
                scheme = urlsplit(squeezed).scheme.lower() if ":" in squeezed else ""
                if scheme not in SAFE_URL_SCHEMES:
                    found.append(f"<{tag.name} {attr}={url!r}>")
    return found


def check(result: Result) -> None:
    """The properties every fuzzed build must have."""
    for text in (result.warnings, result.status):
        assert "Traceback" not in text, text
        assert "Exception" not in text, text
    assert "build succeeded" in result.status, result.status
    for line in result.warnings.splitlines():
        if re.search(r"\[confnotes\.[a-z_]+\]$", line):
            assert LOCATED.match(line), f"confnotes warning without file:line: {line!r}"
    for name, html in result.html.items():
        if name == "search.html":
            continue
        bad = CONTROL.search(html)
        assert bad is None, (
            f"{name}: {bad.group()!r} in {html[bad.start() - 150 : bad.end() + 30]!r}"
        )
        for raw in ("<script>alert", "<img src=x", '<img src="x"'):
            at = html.find(raw)
            assert at < 0, f"{name}: {html[at - 150 : at + 60]!r}"
        assert unsafe_urls(html) == [], name
    if result.catalogue:
        dirty = [s for s in strings(json.loads(result.catalogue)) if CONTROL.search(s)]
        assert dirty == [], "control characters in confnotes.json"


def strings(value: Any) -> Iterator[str]:
    """Every string (keys too) in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# -- strategies: text ---------------------------------------------------------------------

ANY = st.characters(exclude_categories=("Cs",))  # control characters, newlines, RTL, ...
INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "[x](javascript:alert(1))",
    "**bold** `code` _em_",
    "{tool}`pandas`",
    "&lt;b&gt; &amp;",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "Cafe\u0301",
    "\x07\x1b[31m\x00\x7f\x85",
    "\u2028\u2029",
    "x" * 600,
]


# What str.splitlines() (and so MyST, reading a directive's options) takes for a line break.
LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def confine(block: str) -> str:
    """No raw HTML from a directive's first non-option line on.

    A value with a line break ends the option block: the rest is the card's
    Markdown body, where ``<`` would start raw HTML.
    """
    out, body = [], False
    for line in LINE_BREAKS.split(block):
        body = body or not line.startswith(":")
        out.append(line.replace("<", "(") if body else line)
    return "\n".join(out)


def first_line(value: str, nested: bool = False) -> str:
    """A directive argument: Markdown ends the fence's first line at CR or LF.

    Inside a talk, MyST re-reads the body split with str.splitlines(): there any
    of LINE_BREAKS ends the line, and the rest would be body text.
    """
    return (LINE_BREAKS if nested else re.compile("[\r\n]")).split(value)[0]


def text(max_size: int = 30) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(ANY, max_size=max_size),
        st.sampled_from(INJECTIONS),
        st.lists(st.sampled_from(INJECTIONS), min_size=1, max_size=3).map(" ".join),
    )


def names_list() -> st.SearchStrategy[str]:
    name = st.one_of(
        st.sampled_from(["Ada Lovelace", "Ian Ozsvald", "张伟", "שלום", "<b>X</b>", ""]),
        st.text(ANY, max_size=12),
    )
    return st.lists(name, max_size=4).flatmap(
        lambda parts: st.sampled_from(["; ", ",", ";", " ; "]).map(lambda sep: sep.join(parts))
    )


CLOCK = st.builds(
    lambda h, m, sep: f"{h}{sep}{m:02d}",
    st.integers(0, 30),
    st.integers(0, 99),
    st.sampled_from([":", ".", "h", ""]),
)
TIMES = st.one_of(
    CLOCK,
    st.builds(
        lambda a, sep, b: f"{a}{sep}{b}",
        CLOCK,
        st.sampled_from(["-", "\u2013", " to ", "+", " + "]),
        st.one_of(CLOCK, st.sampled_from(["30m", "1h", "1h30m", "0m", "24h", "h", "99999h"])),
    ),
    st.sampled_from(["25:99", "7h", "07:00-06:00", "07:00+0m", "\u0667:\u0660\u0660", ""]),
    text(),
)
DAY = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
)
DATES = st.one_of(
    DAY,
    st.builds(
        lambda a, sep, b: f"{a}{sep}{b}",
        DAY,
        st.sampled_from(["/", "..", "\u2013", " to ", "//"]),
        DAY,
    ),
    st.sampled_from(["2023-02-30", "2023-05-10", "2023-05-10/2023-05-12", "10/05/2023"]),
    text(),
)


@st.composite
def valid_times(draw: st.DrawFn) -> tuple[str, TalkTime]:
    """A time as authors write it, every accepted form, with what it means."""

    def clock(minutes: int) -> str:
        h, m = divmod(minutes, 60)
        hours = draw(st.sampled_from([f"{h}", f"{h:02d}"]))
        return f"{hours}{draw(st.sampled_from([':', '.', 'h']))}{m:02d}"

    start = draw(st.integers(0, 24 * 60 - 2))
    form = draw(st.sampled_from(["start", "range", "duration"]))
    if form == "start":
        end = None
        written = clock(start)
    else:
        end = draw(st.integers(start + 1, 24 * 60 - 1))
        if form == "range":
            sep = draw(st.sampled_from(["-", " - ", "\u2013", "\u2014", " to ", "to", " TO "]))
            written = f"{clock(start)}{sep}{clock(end)}"
        else:
            h, m = divmod(end - start, 60)
            # Not "mins"/"minutes": the duration parser knows them, the time pattern
            # in front of it does not let them through (a confnotes bug).
            unit = draw(st.sampled_from(["m", "min", " m", " min", "M", ""]))
            minutes = f"{m}{unit}" if m or not h else ""
            hours = f"{h}{draw(st.sampled_from(['h', 'H', ' h']))}" if h else ""
            if hours and minutes and not unit:
                minutes = f"{m}m"
            written = f"{clock(start)}{draw(st.sampled_from(['+', ' + ', '+ ']))}{hours}{minutes}"
    pad = draw(st.sampled_from(["", " ", "  "]))

    def time(minutes: int) -> dt.time:
        return dt.time(*divmod(minutes, 60))

    return pad + written + pad, TalkTime(time(start), None if end is None else time(end))


@st.composite
def valid_date_ranges(draw: st.DrawFn) -> tuple[str, dt.date, dt.date]:
    """A date or date range in every accepted form, with its days."""
    start = draw(st.dates())
    if draw(st.booleans()):
        return start.isoformat(), start, start
    end = draw(st.dates(min_value=start))
    sep = draw(st.sampled_from(["/", " / ", "..", "\u2013", "\u2014", " to ", " \u2013 "]))
    return f"{start.isoformat()}{sep}{end.isoformat()}", start, end


def mostly(
    valid: st.SearchStrategy[str], anything: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """Three examples in four from ``valid``: a property about accepted values then
    reaches its assertion for most examples, and odd values are still tried."""
    return st.sampled_from([valid, valid, valid, anything]).flatmap(lambda part: part)


URLS = st.one_of(
    st.sampled_from(["https://example.org/", "http://x.y/a?b#c", "//evil.example/", "https://"]),
    st.sampled_from(INJECTIONS[2:8]),
    st.builds(
        lambda scheme, rest: f"{scheme}:{rest}",
        st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", "data", "file"]),
        st.text(ANY, max_size=20),
    ),
    text(),
)
ZONES = st.one_of(
    st.sampled_from(
        ["UTC", "Europe/London", "Asia/Kolkata", "Mars/Olympus", "../../etc/passwd", "Etc/GMT+5"]
    ),
    text(),
)
LANGUAGES = st.one_of(
    st.sampled_from(["en", "nl", "pt-BR", "zh-Hant-TW", "und", "xx", "not a language", "e\u0301n"]),
    st.from_regex(r"[a-zA-Z0-9]{1,4}(-[a-zA-Z0-9]{0,4}){0,3}", fullmatch=True),
    text(),
)
STATUSES = st.one_of(
    st.sampled_from(["cancelled", "canceled", "postponed", "scheduled", "maybe", "CANCELLED"]),
    text(),
)
IDS = st.one_of(st.sampled_from(["same-id", "Same Id!", "-x", "talk", "x" * 200]), text())

TALK_OPTIONS: dict[str, st.SearchStrategy[str]] = {
    "time": TIMES,
    "date": DATES,
    "speaker": names_list(),
    "link": URLS,
    "video": URLS,
    "slides": URLS,
    "code": URLS,
    "tags": names_list(),
    "status": STATUSES,
    "id": IDS,
}
REPORT_OPTIONS: dict[str, st.SearchStrategy[str]] = {
    "conference": st.one_of(st.sampled_from(["EuroPython", "PyData", "C"]), text()),
    "edition": st.one_of(st.sampled_from(["2020", "2023", ""]), text(10)),
    "series": text(),
    "date": DATES,
    "timezone": ZONES,
    "location": text(),
    "website": URLS,
    "language": LANGUAGES,
    "author": names_list(),
    "tags": names_list(),
}
LISTING_OPTIONS: dict[str, st.SearchStrategy[str]] = {
    "conference": st.one_of(st.sampled_from(["EuroPython 2020", "pydata-2023"]), text()),
    "tool": st.one_of(st.sampled_from(["pandas", "polars", "nonexistent"]), text()),
    "speaker": names_list(),
    "tag": text(),
    "status": STATUSES,
    "format": st.one_of(st.sampled_from(["list", "table", "pie", "TABLE"]), text()),
}


@st.composite
def options(draw: st.DrawFn, spec: dict[str, st.SearchStrategy[str]]) -> str:
    """Option lines for a random subset of ``spec`` (values may be empty or odd)."""
    names = draw(st.lists(st.sampled_from([*spec, "room", "foo"]), max_size=len(spec) + 2))
    lines = []
    for name in names:
        value = draw(spec.get(name, text()))
        lines.append(f":{name}: {value}".rstrip(" ") if value else f":{name}:")
    return confine("\n".join(lines))


# -- strategies: Markdown -----------------------------------------------------------------


def in_backticks(target: str) -> str:
    """A role target or code span that stays one: no backtick, and no line break.

    Inside a talk MyST re-reads the body split at every one of LINE_BREAKS; one in
    a code span would re-pair the backticks and turn a literal ``<img ...>`` into
    the author's own raw HTML.
    """
    return LINE_BREAKS.sub(" ", target.replace("`", ""))


ROLE_TARGETS = st.one_of(
    st.sampled_from(
        ["pandas", "Polars", "pl", "nonexistent", "Ada Lovelace", "same-id", "c-1-t", "x <y>"]
    ),
    st.sampled_from(INJECTIONS[:9]).map(in_backticks),
    st.text(ANY, min_size=1, max_size=15).map(in_backticks),
)
ROLE = st.builds(
    lambda role, target: f"{{{role}}}`{target}`" if target.strip() else "",
    st.sampled_from(["tool", "talk", "speaker", "report", "confnotes:tool", "confnotes:talk"]),
    ROLE_TARGETS,
)
PLAIN = st.text(ANY, max_size=40).map(lambda s: s.replace("<", "(").replace("`", "'"))
INLINE = st.lists(
    st.one_of(
        PLAIN,
        ROLE,
        # Link text is Markdown, where raw HTML is the author's own (MyST passes it on).
        ROLE_TARGETS.map(lambda t: f"[{t.replace('<', '(')}](https://example.org/){{.tool}}"),
        ROLE_TARGETS.map(lambda t: f"`{t}`{{.tool}}"),
    ),
    max_size=5,
).map(" ".join)


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(
            ["para", "heading", "list", "fence", "colon", "note", "talk" if depth < 1 else "para"]
        )
    )
    line = draw(INLINE).replace("\n", " ")
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + line
    if kind == "list":
        items = draw(st.lists(INLINE, min_size=1, max_size=3))
        return "\n".join(f"{draw(st.sampled_from(['*', '-', '1.']))} {i}" for i in items)
    if kind == "fence":
        return f"```{draw(st.sampled_from(['', 'python', '{note}']))}\n{line}\n```"
    if kind == "colon":
        return f"{':' * draw(st.integers(3, 5))}\n{line}\n:::"
    if kind == "note":
        return f":::{{note}}\n{line}\n:::"
    if kind == "talk":
        return draw(talk(depth + 1))
    return line


@st.composite
def talk(draw: st.DrawFn, depth: int = 0) -> str:
    fence = ":" * draw(st.integers(4, 6))
    title = first_line(draw(st.one_of(st.just(""), text(40))), nested=depth > 0)
    body = "\n\n".join(draw(st.lists(block(depth), max_size=3)))
    return (
        f"{fence}{{talk}} {title}".rstrip() + f"\n{draw(options(TALK_OPTIONS))}\n\n{body}\n{fence}"
    )


@st.composite
def report(draw: st.DrawFn) -> str:
    return f":::{{report}}\n{draw(options(REPORT_OPTIONS))}\n:::"


@st.composite
def listing(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["talk-list", "series", "tool-index", "speaker-index", "tool-matrix"])
    )
    if kind == "talk-list":
        return f":::{{talk-list}}\n{draw(options(LISTING_OPTIONS))}\n:::"
    if kind == "series":
        argument = first_line(draw(st.one_of(st.just(""), text(20))))
        return f":::{{series}} {argument}".rstrip() + "\n:::"
    return f":::{{{kind}}}\n:::"


@st.composite
def page(draw: st.DrawFn, n: int) -> str:
    parts = [f"# Page {n}"]
    if draw(st.booleans()):
        parts.append(draw(report()))
    parts += draw(st.lists(st.one_of(talk(), listing(), block(1)), max_size=6))
    if draw(st.booleans()):
        parts.append(draw(report()))  # a second or late report
    return "\n\n".join(parts) + "\n"


# -- strategies: registry -------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(ANY, max_size=20),
    st.sampled_from(INJECTIONS),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(ANY, max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
TOOL_KEYS = st.one_of(
    st.sampled_from(["pandas", "polars", "dask", "Polars", "a b", "-x", "x-", "1"]),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    st.text(ANY, max_size=10),
    st.integers(0, 5),
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": st.one_of(st.sampled_from(["pandas", "Polars", "pl", "PANDAS"]), VALUES),
    "aliases": st.one_of(st.lists(st.sampled_from(["pl", "pandas", "polars", "x"])), VALUES),
    "homepage": st.one_of(URLS, VALUES),
    "package": VALUES,
    "category": st.one_of(st.sampled_from(["data", "ml", "other", "nope"]), VALUES),
    "description": st.one_of(st.sampled_from(INJECTIONS), VALUES),
    "extra": VALUES,
}
ENTRY = st.one_of(
    st.dictionaries(st.sampled_from(list(FIELD_VALUES)), st.none(), max_size=0),  # an empty entry
    st.fixed_dictionaries({}, optional={name: strategy for name, strategy in FIELD_VALUES.items()}),
    VALUES,
)
REGISTRY_DATA = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "categories": st.one_of(
                st.dictionaries(st.sampled_from(["data", "ml", "<b>"]), VALUES, max_size=3),
                VALUES,
            ),
            "tools": st.one_of(st.dictionaries(TOOL_KEYS, ENTRY, max_size=6), VALUES),
            "unexpected": VALUES,
        },
    ),
    VALUES,
)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# -- build fuzzing ------------------------------------------------------------------------------


@BUILD
@given(
    pages=st.lists(st.integers(1, 3), min_size=1, max_size=3).flatmap(
        lambda ns: st.tuples(*(page(n) for n in range(len(ns))))
    ),
    registry=REGISTRY_DATA.map(dump),
    index=st.lists(listing(), max_size=2),
)
def test_fuzzed_site_builds(pages: tuple[str, ...], registry: str, index: list[str]) -> None:
    """Random report pages, a random registry, listings: the build always finishes cleanly."""
    files = {f"page{i}.md": text for i, text in enumerate(pages)}
    toctree = "\n".join(Path(name).stem for name in files)
    files["index.md"] = "# Index\n\n```{toctree}\n" + toctree + "\n```\n\n" + "\n\n".join(index)
    files["index.md"] += "\n\n:::{tool-index}\n:::\n\n:::{speaker-index}\n:::\n"
    files["tools.yaml"] = registry
    check(build(files))


@BUILD
@given(
    head=report(),
    talks=st.lists(
        st.fixed_dictionaries(
            {"title": text(40).map(first_line), "options": options(TALK_OPTIONS)}
        ),
        min_size=50,
        max_size=50,
    ),
)
def test_fuzzed_talk_options_many_per_page(head: str, talks: list[dict[str, str]]) -> None:
    """50 talks with random option subsets per page: validation never raises."""
    cards = [
        f"::::{{talk}} {t['title']}".rstrip() + f"\n{t['options']}\n\nBody {i}.\n::::"
        for i, t in enumerate(talks)
    ]
    index = "# Many talks\n\n" + head + "\n\n" + "\n\n".join(cards)
    index += "\n\n:::{talk-list}\n:::\n\n:::{speaker-index}\n:::\n"
    result = build({"index.md": index, "tools.yaml": ""})
    check(result)
    # Nothing is dropped: every card is on the page and in the listing.
    soup = BeautifulSoup(result.html["index.html"], "html.parser")
    cards_found = soup.select("section.confnotes-talk, div.confnotes-talk")
    assert len(cards_found) >= 50
    listed = soup.select(".confnotes-talk-list > li")
    assert len(listed) == len(cards_found)


@BUILD
@given(
    registry=st.one_of(REGISTRY_DATA.map(dump), st.text(ANY, max_size=200)),
    mentions=st.lists(ROLE_TARGETS.filter(str.strip), min_size=1, max_size=8),
)
def test_fuzzed_registry_and_mentions_build(registry: str, mentions: list[str]) -> None:
    """Any registry file (valid YAML or not) with tool mentions: the tool index is built."""
    notes = " ".join(f"{{tool}}`{m}`" for m in mentions)
    index = (
        "# Tools\n\n:::{report}\n:conference: C\n:edition: 1\n:date: 2023-05-10\n"
        ":timezone: UTC\n:::\n\n::::{talk} T\n:time: 10:00\n\n"
        + notes
        + "\n::::\n\n:::{tool-index}\n:::\n\n:::{tool-matrix}\n:::\n\n"
        ":::{talk-list}\n:tool: pandas\n:::\n"
    )
    result = build({"index.md": index, "tools.yaml": registry})
    check(result)
    # Every mention is listed (flagged when unknown), never lost.
    assert "confnotes-tool-index" in result.html["index.html"]


# -- fast fuzzing: the registry loader -------------------------------------------------------


class Collected:
    """Stand-in for confnotes.registry.warn: records (message, subtype, location)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, message: str, subtype: Any, location: Any) -> None:
        self.calls.append((message, str(subtype), location))


def load(text: str | bytes) -> tuple[Registry, list[tuple[str, str, str]]]:
    with tempfile.TemporaryDirectory(prefix="confnotes-registry-") as tmp:
        path = Path(tmp, "tools.yaml")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        collected = Collected()
        with mock.patch("confnotes.registry.warn", collected):
            registry = _Loader(path, "tools.yaml").load()
        return registry, collected.calls


def check_registry(registry: Registry, calls: list[tuple[str, str, str]], text: str) -> None:
    # YAML 1.1 (PyYAML) also breaks lines at NEL, LINE and PARAGRAPH SEPARATOR.
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    for message, subtype, location in calls:
        assert subtype == "registry"
        assert message.startswith("tool registry: ")
        name, _, line = location.rpartition(":")
        assert name == "tools.yaml"
        assert 1 <= int(line) <= lines, (location, text)
    for tool_id, tool in registry.tools.items():
        assert tool.id == tool_id
        assert TOOL_ID.match(tool_id)
        assert tool.name
        for value in (tool.name, tool.package, tool.description, tool.category, *tool.aliases):
            assert isinstance(value, str)
            assert not CONTROL.search(value)
        if tool.homepage:
            assert check_url(tool.homepage) == tool.homepage
    for key, tool_id in registry.lookup.items():
        assert tool_id in registry.tools
        assert key == normalise(key)
    for key, title in registry.categories.items():
        assert isinstance(key, str)
        assert isinstance(title, str)


def test_registry_warnings_are_one_clean_line() -> None:
    text = dump(
        {"categories": {"a\x1eb\x01": "A"}, "tools": {"x": {"name": "X", "category": "nope"}}}
    )
    _, calls = load(text)
    assert calls
    for message, _, _ in calls:
        assert len(message.splitlines()) == 1 and not CONTROL.search(message), message


@FAST
@given(REGISTRY_DATA)
def test_fuzzed_registry_data(data: Any) -> None:
    text = dump(data)
    registry, calls = load(text)
    check_registry(registry, calls, text)


@FAST
@given(st.one_of(st.text(ANY, max_size=300), st.binary(max_size=100)))
@example("tools:\n  x: &a\n    name: X\n  y: *a\n")  # one entry aliasing another
@example("tools:\n  x: &a\n    name: X\n    self: *a\n")  # an entry containing itself
@example("&r\ntools:\n  x: {name: X}\ncategories: *r\n")  # the document inside itself
@example("tools:\n  x: {name: X}\n  x: {name: Y}\n")  # the same id twice
@example("tools: [a, b]\n")
@example('[tools.polars]\nname = "Polars"\n')  # TOML
@example("\ufefftools:\n  x: {name: X}\n")  # byte order mark
@example(b"\xff\xfe\x00t")  # UTF-16 / not UTF-8
def test_fuzzed_registry_text(text: str | bytes) -> None:
    registry, calls = load(text)
    shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
    check_registry(registry, calls, shown)


# -- fast fuzzing: the model rules (test_model.py has the per-function properties) ----------


@FAST
@given(valid_times())
def test_fuzzed_valid_times_mean_what_they_say(case: tuple[str, TalkTime]) -> None:
    written, meant = case
    parsed = parse_talk_time(written)
    assert parsed == meant
    # The label shown on the card parses back to the same time (after an en dash too).
    assert parse_talk_time(parsed.label) == parsed


@FAST
@given(mostly(valid_times().map(lambda case: case[0]), TIMES))
def test_fuzzed_talk_time_label_round_trips(value: str) -> None:
    """Any value: refused with InputError (and nothing else), or its label round-trips."""
    try:
        parsed = parse_talk_time(value)
    except InputError:
        parsed = None
    assume(parsed is not None)  # the property is about the accepted ones
    assert parse_talk_time(parsed.label) == parsed


@FAST
@given(valid_date_ranges())
def test_fuzzed_valid_date_ranges_mean_what_they_say(case: tuple[str, dt.date, dt.date]) -> None:
    written, start, end = case
    assert parse_date_range(written) == (start, end)


@FAST
@given(mostly(valid_date_ranges().map(lambda case: case[0]), DATES))
def test_fuzzed_date_ranges(value: str) -> None:
    """Any value: refused with InputError (and nothing else), or an ordered range that
    reads back the same."""
    try:
        parsed = parse_date_range(value)
    except InputError:
        parsed = None
    assume(parsed is not None)  # the property is about the accepted ones
    start, end = parsed
    assert start <= end
    assert parse_date_range(f"{start.isoformat()}/{end.isoformat()}") == (start, end)


@FAST
@given(
    scheme=st.sampled_from(["javascript", "vbscript", "data", "file", "jar", "about"]),
    noise=st.lists(
        st.tuples(st.integers(0, 12), st.sampled_from(list("\t\n\r \x00\x07\x0b\x0c\x1b\x7f"))),
        max_size=4,
    ),
    case=st.lists(st.booleans(), min_size=12, max_size=12),
    rest=st.text(ANY, max_size=20),
)
def test_fuzzed_dangerous_schemes_with_noise_anywhere(
    scheme: str, noise: list[tuple[int, str]], case: list[bool], rest: str
) -> None:
    written = "".join(c.upper() if up else c for c, up in zip(scheme, case, strict=False))
    for position, char in sorted(noise, reverse=True):
        written = written[:position] + char + written[position:]
    # Never a link, however it is written (noise can only hide the scheme, not make it http).
    with pytest.raises(InputError):
        check_url(f"{written}://example.org/{rest}")


@FAST
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_fuzzed_ids_do_not_depend_on_normalisation(value: str) -> None:
    """The same title written composed or decomposed gets the same id (stable anchors)."""
    composed = slug(clean_text(unicodedata.normalize("NFC", value))[0])
    decomposed = slug(clean_text(unicodedata.normalize("NFD", value))[0])
    assert composed == decomposed == slug(clean_text(value)[0])
