"""THE MyST writer: model records -> report page text, for every source.

Untrusted text (titles, names, rooms, tracks, abstracts, conference names) reaches the
page in four shapes only, each made safe here and nowhere else:

* a directive argument (the talk title): one line, which the talk directive reads as
  plain text, never as markup;
* a one-line option value: quoted when MyST's option parser would read it otherwise;
* the body of an ``{abstract}`` block, which the directive shows as literal text; the
  only structure the parser could misread there is a closing fence, so the fence is
  longer than any colon run in the text;
* the page heading: Markdown inline text, every ASCII punctuation character escaped.

:func:`one_line` is the one normalisation of a value (control characters dropped,
whitespace folded, bidi overrides closed), the same the directives apply when reading,
so what is written and what is read back agree exactly.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt

from ..model import Programme, Report, Talk, clean_text, slug

__all__ = [
    "ADD_ONLY",
    "FIELDS",
    "abstract_block",
    "abstract_lines",
    "card_id",
    "directive_lines",
    "fence_for",
    "field_values",
    "heading_text",
    "longest_colon_fence",
    "marker",
    "one_line",
    "option_value",
    "render_page",
    "repeated_titles",
    "report_block",
    "report_options",
    "several_days",
    "talk_block",
    "talk_options",
    "tidy",
    "trim_blank",
]

# What a programme owns on a card it wrote: the title (the directive's argument), these
# options and the abstract. Changes to them are merged; any other option is the
# author's. ``ADD_ONLY`` links are filled in when missing and never replaced (the
# recordings command and authors add them too).
FIELDS = ("title", "time", "date", "speaker", "room", "track", "kind", "language", "link",
          "status", "abstract")  # fmt: skip
ADD_ONLY = ("slides", "video", "code")
TALK_OPTIONS = ("time", "date", "speaker", "room", "track", "kind", "language", "link",
                "slides", "video", "code", "status")  # fmt: skip

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COLONS = re.compile(r"^\s*(:{3,})")


def one_line(value: str) -> str:
    """Text as the directives will show it (see the module docstring)."""
    return clean_text(value)[0]


def option_value(value: str) -> str:
    """A one-line option value, double-quoted where MyST's option parser would read it
    otherwise (a leading quote, block indicator or '#', a comment after a space) or
    where a YAML reader would (flow and tag indicators, ': ')."""
    if re.search(r"^[\"'|>#\[{&*!%@`-]|\s#|:\s|\s$|^\s", value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def heading_text(text: str) -> str:
    """Inline Markdown showing exactly ``text``: every ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", one_line(text))


def longest_colon_fence(lines: Iterable[str]) -> int:
    longest = 0
    for line in lines:
        match = _COLONS.match(line)
        if match:
            longest = max(longest, len(match[1]))
    return longest


def fence_for(body: Sequence[str], minimum: int = 3) -> str:
    """A colon fence no line of ``body`` can close (longer than any colon run)."""
    return ":" * max(minimum, longest_colon_fence(body) + 1)


def directive_lines(
    name: str, argument: str, fence: str, options: Iterable[tuple[str, str]], body: list[str]
) -> list[str]:
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [f":{key}: {option_value(value)}" for key, value in options if value]
    if body:
        lines += ["", *body]
    return [*lines, fence]


def trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def tidy(lines: list[str]) -> str:
    """Join the lines, one blank line between blocks (outside code), one newline at the end."""
    text = "\n".join(lines).strip("\n")
    split = text.split("\n")
    keep: set[int] = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.map and token.type in ("fence", "code_block", "html_block"):
            keep.update(range(*token.map))
    out: list[str] = []
    for index, line in enumerate(split):
        blank = not line.strip()
        if blank and index not in keep and out and not out[-1].strip():
            continue
        out.append("" if blank and index not in keep else line)
    return "\n".join(out) + "\n"


# -- blocks -----------------------------------------------------------------------------


def report_options(report: Report) -> list[tuple[str, str]]:
    dates = report.start if report.end in ("", report.start) else f"{report.start}/{report.end}"
    return [
        ("conference", one_line(report.conference)),
        ("edition", one_line(report.edition)),
        ("date", dates),
        ("timezone", report.timezone),
        ("location", one_line(report.location)),
        ("website", report.website),
        ("language", report.language),
        ("author", names(report.authors)),
        ("tags", names(report.tags)),
    ]


def report_block(report: Report) -> list[str]:
    return directive_lines("report", "", ":::", report_options(report), [])


def names(values: Iterable[str]) -> str:
    """A ';'-separated list option; a ';' inside a name would split it, so it becomes ','."""
    return "; ".join(one_line(v).replace(";", ",") for v in values if one_line(v))


def talk_options(talk: Talk, with_date: bool) -> list[tuple[str, str]]:
    values = {
        "time": talk.time,
        "date": talk.start[:10] if with_date and talk.start[:4].isdigit() else "",
        "speaker": names(talk.speakers),
        "room": one_line(talk.room),
        "track": one_line(talk.track),
        "kind": talk.kind,
        "language": talk.language,
        "link": talk.link,
        "slides": talk.slides,
        "video": talk.video,
        "code": talk.code,
        "status": talk.status,
    }
    return [(key, values[key]) for key in TALK_OPTIONS]


def field_values(talk: Talk, with_date: bool) -> dict[str, str]:
    """The programme-owned values of a card, as written (FIELDS)."""
    values = dict(talk_options(talk, with_date))
    values["title"] = one_line(talk.title)
    values["abstract"] = "\n".join(abstract_lines(talk.abstract))
    return {key: values[key] for key in FIELDS}


def digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:4]


def marker(programme_id: str, values: dict[str, str]) -> str:
    """``:programme:`` value: the programme's id, then a short hash of each field as
    last written, so a merge can tell a value the author changed from one it may update."""
    ident = re.sub(r"\s+", "-", one_line(programme_id)) or "-"
    return f"{ident} {''.join(digest(values.get(key, '')) for key in FIELDS)}"


def read_marker(value: str) -> tuple[str, dict[str, str]]:
    """(programme id, field -> hash as last written); no hashes for a hand-written id."""
    ident, _, hashes = value.strip().partition(" ")
    hashes = hashes.strip()
    if not re.fullmatch(f"[0-9a-f]{{{4 * len(FIELDS)}}}", hashes):
        return ident, {}
    return ident, {key: hashes[4 * i : 4 * i + 4] for i, key in enumerate(FIELDS)}


def abstract_lines(text: str) -> list[str]:
    """The abstract's lines, safe as the raw body of an ``{abstract}`` block."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    return trim_blank([_CONTROL.sub("", line).rstrip() for line in text.split("\n")])


def abstract_block(text: str) -> list[str]:
    body = abstract_lines(text)
    if not body:
        return []
    fence = fence_for(body)
    return [f"{fence}{{abstract}}", ":format: text", "", *body, fence]


def talk_block(
    talk: Talk,
    body: Sequence[str] = (),
    *,
    with_date: bool = False,
    with_marker: bool = False,
    ident: str = "",
) -> list[str]:
    """A talk card: options, then the programme's abstract, then ``body`` (the notes)."""
    options = talk_options(talk, with_date)
    if ident:
        options.append(("id", ident))
    if with_marker:
        options.append(("programme", marker(talk.programme_id, field_values(talk, with_date))))
    inner = abstract_block(talk.abstract)
    if inner and body:
        inner.append("")
    inner += body
    title = one_line(talk.title) or one_line(talk.programme_id) or "Untitled talk"
    return directive_lines("talk", title, fence_for(inner, 4), options, inner)


def repeated_titles(talks: Iterable[Talk]) -> frozenset[str]:
    """Titles the programme gives more than one talk ('Lightning Talks' every day)."""
    counts = Counter(one_line(t.title).casefold() for t in talks)
    return frozenset(title for title, n in counts.items() if n > 1)


def card_id(report: Report, talk: Talk, repeated: frozenset[str]) -> str:
    """An explicit ``:id:`` for a talk whose title the programme repeats: the default
    (conference and title) would be the same on every page that has one, so the day
    and time join it."""
    if one_line(talk.title).casefold() not in repeated:
        return ""
    when = re.sub(r"\D", "", talk.start[:16])  # 202404221700
    day, clock = when[:8], when[8:12]
    return "-".join(p for p in (report.conference_key, slug(talk.title), day, clock) if p)


def several_days(talks: Iterable[Talk]) -> bool:
    return len({t.start[:10] for t in talks if t.start[:4].isdigit()}) > 1


def render_page(
    programme: Programme,
    preamble: Sequence[str] = (),
    repeated: frozenset[str] | None = None,
) -> str:
    """A new report page for a programme: heading, report block, one card per talk.

    ``repeated``: the titles the whole programme repeats (a page may hold some of its
    talks only); they get an explicit ``:id:``. The blocks are laid out here with one blank line between them (no :func:`tidy`,
    which parses the page: blank lines inside an abstract are the programme's)."""
    report = programme.report
    lines = [f"# {heading_text(report.title) or 'Programme'}", "", *report_block(report), ""]
    if preamble:
        lines += [*preamble, ""]
    lines += ["## Talks", ""]
    days = several_days(programme.talks)
    if repeated is None:
        repeated = repeated_titles(programme.talks)
    for talk in programme.talks:
        ident = card_id(report, talk, repeated)
        lines += [*talk_block(talk, with_date=days, with_marker=True, ident=ident), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
