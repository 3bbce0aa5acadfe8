"""Convert blog-style Markdown conference notes into a confnotes MyST report page.

``convert(text, options=...)`` is pure: text in, :class:`ImportResult` out (the page
text, the recognised talks and images, and findings with input line numbers).
The command line wrapper lives in :mod:`confnotes.cli`.

What it understands (see ``docs/authoring.md`` for the target syntax):

* Jekyll/fastpages front matter: ``title`` becomes the page title, ``description``
  the first paragraph, ``categories``/``tags`` the report's tags, ``author`` its
  authors, ``date`` its date; keys without meaning here are named in a comment.
* Talk headings ``## 7:00, [Title](url), Speaker`` and their everyday variants
  (no comma, ``H:MM``/``HH:MM``, time ranges, several speakers joined by "and",
  "&" or ",", speakers linked to their profiles, ``by Speaker``, "(cancelled)").
  A time heading without link and speaker (``## 12:45 Lunch break``) is kept as a
  rubric and reported as a non-talk section.
* Talk bodies run to the next heading of the talk level or higher; sub-headings
  ("Notes from talk", "My thoughts") stay in the body, where the ``talk``
  directive turns them into rubrics.
* Liquid: loops and conditions are removed, the removed source kept in a MyST
  comment (``% ...``); an "Other posts in series" loop becomes the site's
  ``{series}`` listing; fastpages ``include note.html`` becomes an admonition,
  ``{% highlight %}`` a code block; ``{{ site.baseurl }}`` image paths are
  rewritten to ``/gfx/``.

Speaker affiliations written in parentheses (``Jane Doe (Acme)``) are not part
of the ``:speaker:`` value (it names people, one index entry each); they are
kept as a comment line at the top of the talk body so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ...model import InputError, parse_date_range, parse_talk_time, zone
from ..writer import directive_lines as _directive
from ..writer import longest_colon_fence as _longest_colon_fence
from ..writer import tidy as _tidy
from ..writer import trim_blank as _trim_blank

__all__ = [
    "MAX_INPUT_CHARS",
    "ConversionError",
    "Finding",
    "ImageRef",
    "ImportOptions",
    "ImportResult",
    "ImportedTalk",
    "ToolCandidate",
    "ToolEntry",
    "ToolRegistry",
    "convert",
    "load_tool_registry",
    "lost_words",
    "parse_heading",
    "words",
]

MAX_INPUT_CHARS = 5_000_000
TOOL = "confnotes import"  # prefix of the comments this importer writes


class ConversionError(ValueError):
    """The input cannot be converted; ``str()`` is a message for people."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


# -- public records -------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something the importer recognised, changed or was unsure about."""

    line: int | None  # 1-based line in the input
    kind: str  # talk, cancelled, non-talk, image, liquid, link, tool, metadata, heading, text
    message: str
    unsure: bool = False

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class ImportedTalk:
    line: int
    title: str
    time: str = ""
    speakers: tuple[str, ...] = ()
    link: str = ""
    status: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (option, url) for slides/video/code


@dataclass(frozen=True)
class ImageRef:
    line: int
    original: str  # as written in the notes
    target: str  # as written in the output
    exists: bool | None  # None when no gfx directory was given to check against


@dataclass(frozen=True)
class ToolCandidate:
    name: str
    line: int
    count: int


@dataclass(frozen=True)
class ToolEntry:
    id: str
    names: tuple[str, ...]  # id, name, aliases, package: every spelling that marks it


@dataclass(frozen=True)
class ToolRegistry:
    tools: tuple[ToolEntry, ...] = ()

    def lookup(self) -> dict[str, ToolEntry]:
        return {_fold(n): t for t in self.tools for n in t.names}


@dataclass(frozen=True)
class ImportOptions:
    conference: str | None = None
    edition: str | None = None
    date: str | None = None
    timezone: str | None = None
    language: str | None = None
    location: str | None = None
    website: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    title: str | None = None
    source_name: str | None = None  # file name of the notes, for a fallback title/date
    tools: ToolRegistry | None = None
    tool_mentions: str = "first"  # "first" per talk (and once in the prose), or "all"
    gfx_files: frozenset[str] | None = None  # paths under /gfx that exist; None: unchecked


@dataclass
class ImportResult:
    text: str
    title: str
    metadata: dict[str, str]
    talks: list[ImportedTalk]
    images: list[ImageRef]
    findings: list[Finding]
    tool_candidates: list[ToolCandidate] = field(default_factory=list)
    tool_marks: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, tool id

    @property
    def unsure(self) -> list[Finding]:
        return [f for f in self.findings if f.unsure]

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind and not f.unsure)

    def summary_lines(self) -> list[str]:
        cancelled = sum(1 for t in self.talks if t.status == "cancelled")
        missing = sum(1 for i in self.images if i.exists is False)
        head = (
            f"{_plural(len(self.talks), 'talk')} ({cancelled} cancelled), "
            f"{_plural(self.count('non-talk'), 'non-talk section')}, "
            f"{_plural(len(self.images), 'image')} ({missing} missing), "
            f"{_plural(self.count('liquid'), 'Liquid removal')}, "
            f"{_plural(self.count('link'), 'link change')}"
        )
        lines = [head]
        lines += [f"  {f}" for f in self.findings if not f.unsure]
        if self.tool_marks:
            marked = Counter(tool for _, _, tool in self.tool_marks)
            shown = ", ".join(f"{tool} x{n}" for tool, n in sorted(marked.items()))
            lines.append(f"tool mentions marked: {shown}")
        if self.tool_candidates:
            names = ", ".join(f"{c.name} (line {c.line})" for c in self.tool_candidates)
            lines.append(f"tool candidates not in the registry: {names}")
        if self.unsure:
            lines.append(f"unsure ({len(self.unsure)}):")
            lines += [f"  {f}" for f in self.unsure]
        return lines


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- words: the "nothing is lost" check ---------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+")
# Words the importer turns into structure: "A and B" becomes "A; B".
CONNECTORS = frozenset({"and", "by", "with", "und", "en"})


def words(text: str) -> set[str]:
    """Case-folded words and numbers (numbers by value: '7' and '07' are one)."""
    found: set[str] = set()
    for word in _WORD_RE.findall(text):
        word = word.casefold()
        found.add(str(int(word)) if word.isascii() and word.isdigit() else word)
    return found


def lost_words(source: str, output: str) -> set[str]:
    """Words of the notes missing from the page (front matter keys are not prose)."""
    lines = _normalise_newlines(source.removeprefix("\ufeff")).split("\n")
    try:
        front = parse_front_matter(lines)
    except ConversionError:
        front = None
    if front is not None:
        lines = [*_front_matter_values(lines[1 : front.end - 1]), *lines[front.end :]]
    return words("\n".join(lines)) - words(output) - CONNECTORS


def _front_matter_values(lines: list[str]) -> list[str]:
    """The front matter as written, without the top-level keys."""
    return [m[2] if (m := _FM_LINE.match(line)) else line for line in lines]


def _flatten_value(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k} {_flatten_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten_value(v) for v in value)
    return "" if value is None else str(value)


# -- input checks -----------------------------------------------------------------------


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_input(text: str) -> str:
    """Return the text with normalised newlines, or raise ConversionError."""
    if len(text) > MAX_INPUT_CHARS:
        raise ConversionError(
            f"the notes are {len(text):,} characters long; the limit is {MAX_INPUT_CHARS:,}"
        )
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise ConversionError("the notes are empty")
    if "\x00" in text:
        raise ConversionError("this is binary data (it contains NUL bytes), not Markdown notes")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if controls > max(8, len(text) // 200):
        raise ConversionError(
            f"this looks like binary data ({controls} control characters), not Markdown notes"
        )
    kind = _other_format(text)
    if kind:
        raise ConversionError(f"this looks like {kind}, not Markdown notes")
    return text


def _other_format(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "an HTML document"
    if head.startswith("<?xml"):
        return "an XML document"
    if head.startswith("%pdf-"):
        return "a PDF file"
    if head.startswith("{\\rtf"):
        return "an RTF document"
    if head.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        if isinstance(data, (dict, list)):
            return "a JSON file (a Jupyter notebook?)" if "cells" in data else "a JSON file"
    return ""


# -- front matter ---------------------------------------------------------------------


def _front_matter_span(lines: list[str]) -> tuple[int, int] | None:
    """(index of the opening '---', index after the closing line), if there is one."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, min(len(lines), 300)):
        if lines[i].rstrip() in ("---", "..."):
            return 0, i + 1
    return None


_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def _lenient_front_matter(lines: list[str]) -> dict[str, Any] | None:
    """`key: value` lines that YAML refused because of Liquid in a value: keep them as text."""
    if not _LIQUID_RE.search("\n".join(lines)):
        return None
    data: dict[str, Any] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FM_LINE.match(line)
        if not match:
            return None
        data[match[1]] = match[2].strip().strip("\"'")
    return data


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    end: int  # index of the first body line
    lenient: bool = False
    raw: dict[str, str] = field(default_factory=dict)  # key -> its lines as written
    raw_lines: tuple[str, ...] = ()  # the front matter between the --- lines

    def line(self, key: str) -> int:
        """1-based input line of a top-level key (the '---' line counts as 1)."""
        for number, text in enumerate(self.raw_lines, start=2):
            match = _FM_LINE.match(text)
            if match and match[1] == key:
                return number
        return 1


def parse_front_matter(lines: list[str]) -> FrontMatter | None:
    span = _front_matter_span(lines)
    if span is None:
        return None
    inner = lines[1 : span[1] - 1]
    try:
        data = yaml.safe_load("\n".join(inner))
    except yaml.YAMLError as err:
        lenient = _lenient_front_matter(inner)
        if lenient is None:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(err, "problem", None) or "syntax error"
            raise ConversionError(
                f"the front matter (lines 1-{span[1]}) is not valid YAML: {problem}", line
            ) from None
        return FrontMatter(
            lenient, span[1], lenient=True, raw=_raw_entries(inner), raw_lines=tuple(inner)
        )
    if data is None:
        return FrontMatter({}, span[1])
    if not isinstance(data, dict):
        return None  # '---' then text then '---': a rule and a heading, not front matter
    return FrontMatter(
        {str(k): v for k, v in data.items()},
        span[1],
        raw=_raw_entries(inner),
        raw_lines=tuple(inner),
    )


def _raw_entries(lines: list[str]) -> dict[str, str]:
    """Each top-level key's lines as written ('toc: true', not Python's True)."""
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = _FM_LINE.match(line)
        if match:
            current = entries.setdefault(match[1], [])
        if current is not None and line.strip():
            current.append(line.strip())
    return {key: " ".join(value) for key, value in entries.items()}


# -- parsed body --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class LinkPart:
    text: str
    href: str


Part = TextPart | LinkPart


@dataclass
class Heading:
    line: int  # body line index
    end: int  # exclusive
    level: int
    setext: bool
    content: str  # raw inline source
    parts: list[Part]
    role: str = "plain"  # plain, title, talk, break, series, subsection, removed
    talk: TalkHeading | None = None
    out_level: int = 0


@dataclass
class Body:
    lines: list[str]
    offset: int  # input line number (1-based) of body line 0, minus one
    tokens: list[Token]
    headings: list[Heading]
    code_lines: set[int]
    html_blocks: list[tuple[int, int]]
    block_start: dict[int, int]  # line -> first line of its top-level block

    def lineno(self, index: int) -> int:
        return self.offset + index + 1


def _parse_body(lines: list[str], offset: int) -> Body:
    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    code: set[int] = set()
    html: list[tuple[int, int]] = []
    starts: dict[int, int] = {}
    headings: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            code.update(range(start, end))
        if token.type == "html_block":
            html.append((start, end))
        if token.level == 0 and token.nesting >= 0:
            for line in range(start, end):
                starts.setdefault(line, start)
        if token.type == "heading_open":
            inline = tokens[i + 1]
            headings.append(
                Heading(
                    line=start,
                    end=end,
                    level=int(token.tag[1]),
                    setext=token.markup in ("=", "-"),
                    content=inline.content,
                    parts=_parts(inline.children or []),
                )
            )
    return Body(lines, offset, tokens, headings, code, html, starts)


def _parts(children: Sequence[Token]) -> list[Part]:
    """Heading inline tokens as plain text runs and links (markup dropped)."""
    parts: list[Part] = []
    link: tuple[str, list[str]] | None = None
    text: list[str] = []

    def flush() -> None:
        if text:
            parts.append(TextPart("".join(text)))
            text.clear()

    for child in children:
        if child.type == "link_open":
            flush()
            link = (str(child.attrGet("href") or ""), [])
        elif child.type == "link_close" and link is not None:
            parts.append(LinkPart(" ".join("".join(link[1]).split()), link[0]))
            link = None
        else:
            piece = _inline_text(child)
            (link[1] if link is not None else text).append(piece)
    if link is not None:  # unbalanced: keep its text
        text.extend(link[1])
    flush()
    return parts


def _inline_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return token.content
    return ""


# -- talk headings ------------------------------------------------------------------------

_TIME_RE = re.compile(
    r"""^\s*(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?:\s*(?P<ap>[ap])\.?m\.?(?!\w))?
    (?:\s*(?:-|–|—|to)\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})(?:\s*(?P<ap2>[ap])\.?m\.?(?!\w))?)?
    (?![\w:])""",
    re.VERBOSE | re.IGNORECASE,
)
_SEPARATORS = " \t,;:|-–—"
_BREAK_RE = re.compile(
    r"\b(lunch|break|coffee|tea|registration|check-?in|doors|welcome|opening|closing|"
    r"dinner|breakfast|social|networking|drinks|party|reception|lightning|posters?|"
    r"sponsors?|end of day|wrap-?up|pauze|lunchpauze|mittag|mittagspause)\b",
    re.IGNORECASE,
)
_CANCELLED_RE = re.compile(
    r"\(?\s*\b(?:talk\s+)?(?:was\s+|is\s+|has\s+been\s+)?(?:cancell?ed|canceled)\b\s*\)?[.!]*",
    re.IGNORECASE,
)
_CANCELLED_BODY_RE = re.compile(
    r"^\W*(?:this\s+)?(?:talk\s+)?(?:was\s+|is\s+|has\s+been\s+)?(?:cancell?ed|canceled)\W*$",
    re.IGNORECASE,
)
_LEAD_WORDS_RE = re.compile(r"^(?:presented\s+by|speakers?\s*:|by|with|von|door)\s+", re.IGNORECASE)
_EXTRA_LINK_RE = {
    "slides": re.compile(r"^(?:slides?|deck|presentation|pdf)$", re.IGNORECASE),
    "video": re.compile(r"^(?:video|recording|youtube|watch)$", re.IGNORECASE),
    "code": re.compile(r"^(?:code|repo(?:sitory)?|github|notebooks?|source)$", re.IGNORECASE),
}
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "le",
        "la",
        "del",
        "della",
        "dos",
        "das",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "zu",
        "y",
        "'t",
    ]
)


@dataclass(frozen=True)
class TalkHeading:
    time: str
    title: str
    speakers: tuple[str, ...]
    affiliations: tuple[str, ...]
    link: str
    link_note: str  # what was done to the link, '' if nothing
    links: tuple[tuple[str, str], ...]
    cancelled: bool
    doubts: tuple[str, ...]
    has_time: bool


@dataclass(frozen=True)
class BreakHeading:
    time: str
    text: str


@dataclass(frozen=True)
class ParsedTime:
    label: str
    rest: str
    dotted: bool


def parse_time(text: str) -> ParsedTime | None:
    """'7:00, rest' -> ParsedTime('07:00', 'rest'); None if it does not start with a time."""
    match = _TIME_RE.match(text)
    if not match:
        return None
    start = _clock(match["h"], match["m"], match["ap"])
    if start is None:
        return None
    label = start
    if match["h2"]:
        end = _clock(match["h2"], match["m2"], match["ap2"] or match["ap"])
        if end is None or end <= start:
            return None
        label = f"{start}-{end}"
    return ParsedTime(label, text[match.end() :].lstrip(_SEPARATORS), match["sep"] == ".")


def _clock(hours: str, minutes: str, ampm: str | None) -> str | None:
    h, m = int(hours), int(minutes)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    if h > 23 or m > 59:
        return None
    return f"{h:02d}:{m:02d}"


def parse_heading(markdown: str) -> TalkHeading | BreakHeading | None:
    """Classify one Markdown heading line, e.g. ``## 7:00, [Title](url), Speaker``."""
    body = _parse_body(markdown.split("\n"), 0)
    return classify_heading(body.headings[0].parts) if body.headings else None


def classify_heading(parts: Sequence[Part]) -> TalkHeading | BreakHeading | None:
    """A talk heading, a time-only (break) heading, or None for anything else."""
    if not parts:
        return None
    first = parts[0]
    parsed = parse_time(first.text) if isinstance(first, TextPart) else None
    if parsed is None:
        return _linked_talk_without_time(parts)
    rest: list[Part] = [TextPart(parsed.rest), *parts[1:]] if parsed.rest else list(parts[1:])
    rest = [p for p in rest if not (isinstance(p, TextPart) and not p.text.strip())]
    if any(isinstance(p, LinkPart) for p in rest):
        return _linked_talk(parsed.label, rest)
    if parsed.dotted:
        return None  # '3.10 What is new' is a version number, not a time
    return _unlinked_talk(parsed.label, " ".join(p.text for p in rest))


def _linked_talk(time: str, rest: list[Part]) -> TalkHeading | BreakHeading:
    index = next(i for i, p in enumerate(rest) if isinstance(p, LinkPart))
    link = rest[index]
    assert isinstance(link, LinkPart)
    prefix = " ".join(p.text for p in rest[:index]).strip(_SEPARATORS)
    speakers, affiliations, links, cancelled, leftover = _speakers(rest[index + 1 :])
    doubts: list[str] = []
    title = link.text
    if prefix and not speakers and _BREAK_RE.search(prefix):
        return BreakHeading(time, _parts_text(rest))
    if prefix and not speakers and _looks_like_person(link.text):
        # '9:00 Great Title - [Jane Doe](https://twitter.com/jane)': a profile link
        speakers, affiliations, links, cancelled, leftover = _speakers(rest[index:])
        doubts.append("the only link names a person: taken as the speaker, not the talk link")
        return TalkHeading(
            time,
            prefix,
            speakers,
            affiliations,
            "",
            "",
            links,
            cancelled,
            tuple(doubts),
            bool(time),
        )
    if prefix:
        doubts.append(f"text before the talk link ({prefix!r}) is not part of the title")
    if not title:
        title = prefix or "Untitled talk"
        doubts.append("the talk link has no text; check the title")
    if not speakers:
        doubts.append("no speaker found")
    if leftover:
        doubts.append(f"text after the speakers not understood: {leftover!r}")
    url, note = fix_url(link.href)
    if not url:
        doubts.append(f"talk link {link.href!r} is not a web address; left out")
    return TalkHeading(
        time, title, speakers, affiliations, url, note, links, cancelled, tuple(doubts), bool(time)
    )


def _linked_talk_without_time(parts: Sequence[Part]) -> TalkHeading | None:
    """'## [Title](url), Speaker': a talk only if a person's name follows the link."""
    if not isinstance(parts[0], LinkPart):
        return None
    speakers, *_ = _speakers(parts[1:])
    if not speakers or not all(_looks_like_person(s) for s in speakers):
        return None
    talk = _linked_talk("", list(parts))
    return talk if isinstance(talk, TalkHeading) else None


def _unlinked_talk(time: str, text: str) -> TalkHeading | BreakHeading:
    """'10:00 Keynote: The Future, Maria Garcia' is a talk; '12:45 Lunch break' is not."""
    text = " ".join(text.split())
    cancelled = bool(_CANCELLED_RE.search(text))
    clean = _CANCELLED_RE.sub(" ", text).strip(_SEPARATORS) if cancelled else text
    for title, speaker_text in _title_speaker_splits(clean):
        if _BREAK_RE.search(title) and not re.search(r"\bkeynote\b", title, re.IGNORECASE):
            break
        speakers, affiliations, _, _, leftover = _speakers([TextPart(speaker_text)])
        if speakers and not leftover and all(_looks_like_person(s) for s in speakers):
            return TalkHeading(
                time,
                title,
                speakers,
                affiliations,
                "",
                "",
                (),
                cancelled,
                ("talk heading without a link; title and speakers guessed",),
                True,
            )
    return BreakHeading(time, text)


def _title_speaker_splits(text: str) -> Iterator[tuple[str, str]]:
    """Candidate (title, speakers) splits, the most likely first."""
    for pattern in (r"\s+by\s+", r"\s+[-–—|]\s+", r",\s+"):
        for match in reversed(list(re.finditer(pattern, text, re.IGNORECASE))):
            title = text[: match.start()].strip(_SEPARATORS)
            speakers = text[match.end() :].strip()
            if title and speakers:
                yield title, speakers


def _looks_like_person(name: str) -> bool:
    names = name.split()
    if not 2 <= len(names) <= 5 or any(c.isdigit() for c in name):
        return False
    capitalised = [w for w in names if w[:1].isupper()]
    rest_ok = all(w[:1].isupper() or w.lower() in _PARTICLES for w in names)
    return rest_ok and len(capitalised) >= 2


def _parts_text(parts: Sequence[Part]) -> str:
    return " ".join(" ".join(p.text.split()) for p in parts).strip()


def _speakers(
    parts: Sequence[Part],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], bool, str]:
    """Speakers, affiliations, extra links, cancelled flag and leftover text."""
    texts: list[str] = []
    links: list[tuple[str, str]] = []
    leftover: list[str] = []
    for part in parts:
        if isinstance(part, LinkPart):
            option = _extra_link_option(part.text)
            url, _ = fix_url(part.href)
            if option and url:
                links.append((option, url))
                continue
            texts.append(part.text)  # a speaker linked to a profile page
        else:
            texts.append(part.text)
    text = " ".join(" ".join(texts).split())
    cancelled = bool(_CANCELLED_RE.search(text))
    if cancelled:
        text = _CANCELLED_RE.sub(" ", text)
    text = _LEAD_WORDS_RE.sub("", text.strip(_SEPARATORS + ".")).strip(_SEPARATORS + ".")
    names: list[str] = []
    affiliations: list[str] = []
    groups = re.fullmatch(r"(?:\s*\([^()]*\))+\s*", text) and re.findall(r"\(([^()]*)\)", text)
    if groups:
        # '[Title](url) (Jane Doe) (JD)': speakers in parentheses, other groups left over
        people = [g for g in groups if all(_looks_like_person(n) for n in _split_outside_parens(g))]
        if people:
            rest = " ".join(f"({g})" for g in groups if g not in people)
            speakers = tuple(n for g in people for n in _split_outside_parens(g))
            return speakers, (), tuple(links), cancelled, rest
    for piece in _split_outside_parens(text):
        name, affiliation = _split_affiliation(piece)
        if not name:
            if affiliation:
                leftover.append(f"({affiliation})")
            continue
        names.append(name)
        if affiliation:
            affiliations.append(f"{name} ({affiliation})")
    return tuple(names), tuple(affiliations), tuple(links), cancelled, " ".join(leftover)


def _link_prefix(url: str) -> str:
    """'https://conf.example/talks/x' -> 'conf.example/talks/' ('' for a site's home page)."""
    parts = urlsplit(url)
    segments = [p for p in parts.path.split("/") if p]
    return f"{parts.netloc.lower()}/{segments[0]}/" if len(segments) >= 2 else ""


def _only_extra_link(parts: Sequence[Part]) -> bool:
    """A heading that is just a link to slides or a video ('## [YouTube link](...)')."""
    real = [p for p in parts if not (isinstance(p, TextPart) and not p.text.strip())]
    if len(real) != 1 or not isinstance(real[0], LinkPart):
        return False
    return bool(_extra_link_option(re.sub(r"\s+link$", "", real[0].text.strip(), flags=re.I)))


def _extra_link_option(text: str) -> str:
    for option, pattern in _EXTRA_LINK_RE.items():
        if pattern.match(text.strip()):
            return option
    return ""


_SPEAKER_SEPARATOR = re.compile(r"\s*[,;&+]\s*|\s+(?:and|und|en)\s+", re.IGNORECASE)


def _split_outside_parens(text: str) -> list[str]:
    """Split 'A (X, Y) and B' into ['A (X, Y)', 'B']."""
    pieces: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _SPEAKER_SEPARATOR.match(text, i)
            if match:
                pieces.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    pieces.append(text[start:])
    return [" ".join(p.split()).strip(_SEPARATORS + ".") for p in pieces if p.strip()]


def _split_affiliation(piece: str) -> tuple[str, str]:
    match = re.search(r"\s*\(([^()]*)\)\s*$", piece)
    if not match:
        return piece.strip(), ""
    return piece[: match.start()].strip(_SEPARATORS + "."), match[1].strip()


# -- URLs ------------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DOMAIN_RE = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,63})(?::\d+)?(?:[/?#]|$)",
    re.IGNORECASE,
)
_FILE_SUFFIXES = frozenset(
    [
        "md",
        "markdown",
        "html",
        "htm",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "pdf",
        "ipynb",
        "py",
        "txt",
        "csv",
        "json",
        "yml",
        "yaml",
        "zip",
        "rst",
        "mp4",
        "mov",
        "js",
        "css",
    ]
)
_LIQUID_RE = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.DOTALL)


def is_schemeless_web_address(target: str) -> bool:
    """'tinyurl.com/abc' or 'www.example.org' (but not 'notes.md')."""
    match = _DOMAIN_RE.match(target)
    return match is not None and match["tld"].lower() not in _FILE_SUFFIXES


def fix_url(target: str) -> tuple[str, str]:
    """(usable http(s) URL or '', note about a change)."""
    target = target.strip()
    if not target or _LIQUID_RE.search(unquote(target)):
        return "", ""
    if _SCHEME_RE.match(target):
        scheme = target.split(":", 1)[0].lower()
        return (target, "") if scheme in ("http", "https") else ("", "")
    if target.startswith("//"):
        return "https:" + target, f"'{target}' -> 'https:{target}'"
    if is_schemeless_web_address(target):
        return "https://" + target, f"added https:// to '{target}'"
    return "", ""


# -- inline scanning ------------------------------------------------------------------------


def mask_code_spans(line: str) -> str:
    """The line with code span contents replaced by NUL (same length)."""
    out = list(line)
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] != "`":
            i += 1
            continue
        j = i
        while j < len(line) and line[j] == "`":
            j += 1
        ticks = line[i:j]
        close = _find_closing_ticks(line, j, ticks)
        if close < 0:
            i = j
            continue
        for k in range(i, close + len(ticks)):
            out[k] = "\x00"
        i = close + len(ticks)
    return "".join(out)


def _find_closing_ticks(line: str, start: int, ticks: str) -> int:
    i = line.find(ticks, start)
    while i >= 0:
        end = i + len(ticks)
        if (end >= len(line) or line[end] != "`") and (i == 0 or line[i - 1] != "`"):
            return i
        while end < len(line) and line[end] == "`":
            end += 1
        i = line.find(ticks, end)
    return -1


@dataclass(frozen=True)
class InlineLink:
    start: int  # including '!' for images
    end: int
    image: bool
    text: str
    dest: str
    title: str  # raw title part including quotes, '' if none


def scan_links(line: str, masked: str | None = None) -> Iterator[InlineLink]:
    """Inline links and images (`[text](dest "title")`), outermost first."""
    masked = mask_code_spans(line) if masked is None else masked
    i = 0
    while True:
        j = masked.find("[", i)
        if j < 0:
            return
        if j > 0 and masked[j - 1] == "\\":
            i = j + 1
            continue
        close = _match(masked, j, "[", "]")
        if close < 0 or close + 1 >= len(masked) or masked[close + 1] != "(":
            i = j + 1
            continue
        paren = _match(_mask_liquid(masked), close + 1, "(", ")")
        if paren < 0:
            i = j + 1
            continue
        image = j > 0 and masked[j - 1] == "!"
        dest, title = _split_destination(line[close + 2 : paren])
        yield InlineLink(j - 1 if image else j, paren + 1, image, line[j + 1 : close], dest, title)
        i = paren + 1


def _mask_liquid(text: str) -> str:
    return _LIQUID_RE.sub(lambda m: "\x01" * len(m.group()), text)


def _match(text: str, start: int, opening: str, closing: str) -> int:
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_destination(inner: str) -> tuple[str, str]:
    inner = inner.strip()
    if inner.startswith("<"):
        end = inner.find(">")
        if end > 0:
            return inner[1:end], inner[end + 1 :].strip()
    masked = _mask_liquid(inner)
    match = re.search(r"\s", masked)
    if not match:
        return inner, ""
    return inner[: match.start()], inner[match.end() :].strip()


def _format_destination(dest: str, title: str) -> str:
    shown = f"<{dest}>" if re.search(r"[\s()<>]", dest) else dest
    return f"{shown} {title}" if title else shown


# -- image paths --------------------------------------------------------------------------


def gfx_path(src: str) -> str | None:
    """Where an image of the notes lives on the site: '/gfx/...', or None if remote."""
    plain = _LIQUID_RE.sub("", src).strip()
    if _SCHEME_RE.match(plain) or plain.startswith("//"):
        return None
    path = unquote(plain.split("#", 1)[0].split("?", 1)[0])
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    if not parts:
        return None
    if "gfx" in parts:
        index = len(parts) - 1 - parts[::-1].index("gfx")
        kept = parts[index + 1 :] or parts[-1:]
    else:
        kept = parts[-1:]
    return "/gfx/" + "/".join(kept)


# -- Liquid -----------------------------------------------------------------------------------

_LIQUID_BLOCK_TAGS = frozenset(
    {"for", "if", "unless", "case", "capture", "comment", "tablerow", "raw"}
)
_LIQUID_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
_INCLUDE_CONTENT = re.compile(
    r"^\{%-?\s*include\s+(?P<kind>[\w.-]+?)(?:\.html)?\s+(?:content|text)\s*=\s*(?P<q>[\"'])(?P<text>.*)(?P=q)\s*-?%\}$",
    re.DOTALL,
)
_EMBED = re.compile(r"^\{%-?\s*(?:twitter|youtube|video|vimeo)\s+(?P<url>\S+)\s*-?%\}$")
_ADMONITIONS = {
    "note": "note",
    "info": "note",
    "tip": "tip",
    "warning": "warning",
    "alert": "warning",
    "important": "important",
}


@dataclass(frozen=True)
class LiquidBlock:
    start: int
    end: int  # inclusive
    tag: str


def find_liquid_blocks(lines: Sequence[str], code: set[int]) -> list[LiquidBlock]:
    """Liquid block tags ({% for %} ... {% endfor %}) that take up whole lines."""
    blocks: list[LiquidBlock] = []
    i = 0
    while i < len(lines):
        match = _LIQUID_TAG_NAME.match(lines[i].lstrip())
        if i in code or not match or match[1] not in _LIQUID_BLOCK_TAGS:
            i += 1
            continue
        end = _liquid_block_end(lines, i, match[1])
        if end is None:
            i += 1
            continue
        blocks.append(LiquidBlock(i, end, match[1]))
        i = end + 1
    return blocks


def _liquid_block_end(lines: Sequence[str], start: int, tag: str) -> int | None:
    depth = 0
    opaque = tag in ("raw", "comment")
    for index in range(start, min(len(lines), start + 2000)):
        line = lines[index]
        for match in _LIQUID_TAG_NAME.finditer(line):
            name = match[1]
            if name == tag and not (opaque and depth):
                depth += 1
            elif name == "end" + tag:
                depth -= 1
                if depth == 0:
                    tail = line[line.find("%}", match.end()) + 2 :]
                    if index == start or tail.strip():
                        return None  # inline use: handled tag by tag
                    return index
    return None


# -- tools --------------------------------------------------------------------------------------


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def load_tool_registry(text: str, *, name: str = "tool registry") -> ToolRegistry:
    """Read the site's tool registry YAML (``tools: {id: {name, aliases, package}}``)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConversionError(f"{name} is not valid YAML{where}") from None
    if data is None:
        return ToolRegistry()
    entries: Any = data.get("tools", data) if isinstance(data, dict) else data
    if isinstance(entries, dict):
        items = [(str(k), v) for k, v in entries.items() if k != "categories"]
    elif isinstance(entries, list):
        items = [(_entry_id(v), v) for v in entries]
    else:
        raise ConversionError(f"{name}: expected 'tools:' with a mapping of tool id to fields")
    tools = [_tool_entry(key, value) for key, value in items if key]
    return ToolRegistry(tuple(t for t in tools if t is not None))


def _entry_id(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("id") or value.get("name") or "")
    return str(value) if isinstance(value, str) else ""


def _tool_entry(key: str, value: Any) -> ToolEntry | None:
    names = [key]
    if isinstance(value, dict):
        for field_name in ("name", "package"):
            if isinstance(value.get(field_name), (str, int, float)):
                names.append(str(value[field_name]))
        aliases = value.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if isinstance(aliases, list):
            names.extend(str(a) for a in aliases if isinstance(a, (str, int, float)))
    names = [" ".join(n.split()) for n in names if n and n.strip()]
    unique = list(dict.fromkeys(names))
    return ToolEntry(key, tuple(unique)) if unique else None


_PROTECTED_RE = re.compile(
    r"\x00+"  # masked code spans
    r"|<[^<>\n]*>"  # autolinks and inline HTML
    r"|\{[\w:+-]+\}`[^`]*`"  # existing roles
    r"|\b[a-z][a-z0-9+.-]*://\S+"  # URLs
    r"|(?<![\w@])(?:www\.)?[\w-]+(?:\.[\w-]+)+/\S*"  # scheme-less URLs
    r"|\S+@\S+\.\w+",  # e-mail addresses
    re.IGNORECASE,
)
_CAMEL_RE = re.compile(r"(?<![\w./-])([A-Za-z]*[a-z][A-Z][A-Za-z0-9]*)(?![\w/-]|\.\w)")
_LIST_LEAD_RE = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])\s+([a-z][a-z0-9_-]*[a-z0-9])(?:\s*[.:]\s|\s+-\s|\s*$)"
)
_NOT_TOOLS = frozenset(
    ["iphone", "ipad", "ebay", "macos", "ios", "youtube", "linkedin", "facebook", "mckinsey"]
)


@dataclass
class ToolMarker:
    registry: ToolRegistry
    mode: str = "first"
    pattern: re.Pattern[str] | None = None
    table: dict[str, ToolEntry] = field(default_factory=dict)
    marked: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, id)
    candidates: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.table = self.registry.lookup()
        names = sorted({n for t in self.registry.tools for n in t.names}, key=len, reverse=True)
        if names:
            alternatives = "|".join(re.escape(n) for n in names)
            self.pattern = re.compile(
                rf"(?<![\w\-./@#`{{])(?:{alternatives})(?![\w\-@`]|[./]\w)", re.IGNORECASE
            )

    def mark(self, line: str, lineno: int, seen: set[str]) -> str:
        masked = mask_code_spans(line)
        protected = self._protected(line, masked)
        self._collect_candidates(line, masked, protected, lineno)
        if self.pattern is None:
            return line
        out: list[str] = []
        last = 0
        for match in self.pattern.finditer(line):
            if any(a <= match.start() < b or a < match.end() <= b for a, b in protected):
                continue
            tool = self.table.get(_fold(match.group()))
            if tool is None or (self.mode == "first" and tool.id in seen):
                continue
            seen.add(tool.id)
            text = match.group()
            # Every registered spelling (id, name, alias, package) is a valid target.
            out.append(line[last : match.start()] + f"{{tool}}`{text}`")
            last = match.end()
            self.marked.append((lineno, text, tool.id))
        out.append(line[last:])
        return "".join(out)

    def _protected(self, line: str, masked: str) -> list[tuple[int, int]]:
        spans = [(link.start, link.end) for link in scan_links(line, masked)]
        spans += [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(masked)]
        spans += [(m.start(), m.end()) for m in _LIQUID_RE.finditer(line)]
        return spans

    def _collect_candidates(
        self, line: str, masked: str, protected: list[tuple[int, int]], lineno: int
    ) -> None:
        found = [m for m in _CAMEL_RE.finditer(masked)]
        lead = _LIST_LEAD_RE.match(masked)
        for match in [*found, *([lead] if lead else [])]:
            start = match.start(1)
            if any(a <= start < b for a, b in protected):
                continue
            name = match[1]
            key = _fold(name)
            if key in self.table or key in _NOT_TOOLS or len(name) < 3:
                continue
            self.candidates.setdefault(name, []).append(lineno)

    def candidate_list(self, limit: int = 40) -> list[ToolCandidate]:
        merged: dict[str, list[int]] = {}
        shown: dict[str, str] = {}
        for name, lines in self.candidates.items():
            key = _fold(name)
            merged.setdefault(key, []).extend(lines)
            shown.setdefault(key, name)
        ordered = sorted(merged.items(), key=lambda item: min(item[1]))
        return [ToolCandidate(shown[k], min(v), len(v)) for k, v in ordered[:limit]]


# -- language -----------------------------------------------------------------------------------

_STOPWORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "in",
            "that",
            "it",
            "for",
            "with",
            "was",
            "this",
            "are",
            "not",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "niet",
            "op",
            "voor",
            "met",
            "zijn",
            "ook",
            "maar",
            "naar",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "ein",
            "eine",
            "zu",
            "auf",
            "für",
            "den",
            "dem",
            "auch",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "pour",
            "dans",
            "que",
            "pas",
            "sur",
            "avec",
            "du",
        ]
    ),
}


def guess_language(text: str) -> str:
    counts: Counter[str] = Counter()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        for language, stopwords in _STOPWORDS.items():
            if word in stopwords:
                counts[language] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 5:
        return ""
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return ""
    return ranked[0][0]


# -- the conversion ------------------------------------------------------------------------------

_SUBSECTION_RE = re.compile(
    r"^\s*(?:notes?|my\s+notes|my\s+thoughts|thoughts|summary|takeaways?|key\s+takeaways|"
    r"comments?|q\s*&\s*a|questions?|resources|links|slides|"
    r"notes?\s+(?:from|of|on)\s+(?:the\s+)?talk|aantekeningen|gedachten)\s*:?\s*$",
    re.IGNORECASE,
)
_SERIES_RE = re.compile(
    r"^\s*(?:other\s+posts(?:\s+in\s+(?:this\s+)?series)?|posts\s+in\s+(?:this\s+)?series|"
    r"(?:this\s+)?series|related\s+posts)\s*:?\s*$",
    re.IGNORECASE,
)
_TITLE_PREFIX_RE = re.compile(
    r"^(?:my\s+)?(?:notes|summary|recap|report|thoughts|takeaways|highlights)\s+"
    r"(?:from|of|on|about)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_TITLE_CONFERENCE_RE = re.compile(
    r"^(?P<name>.+?)\s+(?:conference\s+|conf\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
_ESCAPE_RE = re.compile(r"^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+|>\s*)*)(%|\+\+\+|\(\S*\)=)")


@dataclass
class Segment:
    kind: str  # prose, talk, break, series
    start: int
    end: int
    heading: Heading | None = None


class _Converter:
    def __init__(self, text: str, options: ImportOptions) -> None:
        self.options = options
        self.findings: list[Finding] = []
        self.images: list[ImageRef] = []
        self.talks: list[ImportedTalk] = []
        lines = text.split("\n")
        self.front_matter = parse_front_matter(lines)
        offset = self.front_matter.end if self.front_matter else 0
        self.replace: dict[int, list[str]] = {}  # body line -> output lines
        self.before: dict[int, list[str]] = {}  # body line -> comments before its block
        body_lines, highlights = highlight_to_fences(lines[offset:])
        self.body = _parse_body(body_lines, offset)
        for start, end, tags in highlights:
            self.before[start] = _comment_lines(f"{TOOL}: Liquid {tags} made a code block")
            self.note(
                start,
                "liquid",
                f"Liquid highlight block made a code block (to line {self.body.lineno(end)})",
            )
        self.raw_lines: set[int] = set()
        self.marker = ToolMarker(options.tools, options.tool_mentions) if options.tools else None
        self.prose_seen: set[str] = set()
        self.liquid_removed: set[int] = set()
        self.liquid_end: dict[int, int] = {}  # first line of a removed Liquid block -> last
        self.metadata: dict[str, str] = {}
        self.talk_level = 0
        self.talks_heading: tuple[int, int] | None = None  # (segment index, level)
        self.rendered = 0
        self.title_comment: list[str] = []

    @property
    def html_lines(self) -> set[int]:
        return {i for a, b in self.body.html_blocks for i in range(a, b)}

    # findings

    def note(self, index: int | None, kind: str, message: str, *, unsure: bool = False) -> None:
        """A finding at a body line index (None: about the whole file)."""
        line = self.body.lineno(index) if index is not None else None
        self.findings.append(Finding(line, kind, message, unsure))

    def note_input(self, line: int, kind: str, message: str, *, unsure: bool = False) -> None:
        """A finding at a 1-based input line (e.g. in the front matter)."""
        self.findings.append(Finding(line, kind, message, unsure))

    def comment_before(self, index: int, text: str) -> None:
        start = self.body.block_start.get(index, index)
        self.before.setdefault(start, []).extend(_comment_lines(text))

    # the steps

    def run(self) -> ImportResult:
        self._liquid_blocks()
        self._classify_headings()
        self._inline_everywhere()

        segments = self._segments()
        title, title_source = self._title()
        self._assign_heading_levels(segments, title_source)
        metadata = self.metadata = self._metadata(title)
        out = [f"# {title}", ""]
        out += _directive("report", "", ":::", list(metadata.items()), [])
        out += [""]
        out += [*self.title_comment, *self._front_matter_comment()]
        out += self._description()
        for segment in segments:
            out += self._render_segment(segment)
        text = _tidy(out)
        self.findings.sort(key=lambda f: f.line or 0)
        candidates = self.marker.candidate_list() if self.marker else []
        marks = self.marker.marked if self.marker else []
        return ImportResult(
            text, title, metadata, self.talks, self.images, self.findings, candidates, marks
        )

    # Liquid blocks and inline rewriting

    def _liquid_blocks(self) -> None:
        lines = self.body.lines
        for block in find_liquid_blocks(lines, self.body.code_lines):
            span = f"{self.body.lineno(block.start)}-{self.body.lineno(block.end)}"
            if block.tag == "raw":
                for index in (block.start, block.end):
                    rest = _LIQUID_RE.sub("", lines[index]).rstrip()
                    note = f"{TOOL}: removed Liquid {lines[index].strip()}"
                    self.replace[index] = [*_comment_lines(note), *([rest] if rest.strip() else [])]
                self.raw_lines.update(range(block.start + 1, block.end))
                self.note(
                    block.start, "liquid", f"Liquid {{% raw %}} markers removed (lines {span})"
                )
                continue
            what = "comment" if block.tag == "comment" else f"'{block.tag}' block"
            removed = lines[block.start : block.end + 1]
            self.replace[block.start] = _comment_lines(
                f"{TOOL}: removed Liquid {what} (lines {span}); it has no meaning on this site:",
                *removed,
            )
            for index in range(block.start + 1, block.end + 1):
                self.replace[index] = []
            self.liquid_removed.update(range(block.start, block.end + 1))
            self.liquid_end[block.start] = block.end

            self.note(block.start, "liquid", f"Liquid {what} removed (lines {span})")

    def _kramdown_toc(self) -> None:
        """`* TOC` + `{:toc}`: kramdown's table of contents (the theme shows one)."""
        lines = self.body.lines
        for index in range(1, len(lines)):
            if _KRAMDOWN_TOC.match(lines[index]) and re.match(
                r"^\s*[-*+]\s+TOC\s*$", lines[index - 1]
            ):
                if {index - 1, index} & (self.body.code_lines | set(self.replace)):
                    continue
                self.replace[index - 1] = _comment_lines(
                    f"{TOOL}: removed kramdown table of contents:", lines[index - 1], lines[index]
                )
                self.replace[index] = []
                self.note(index - 1, "liquid", "kramdown table of contents removed")

    def _inline_everywhere(self) -> None:
        self._kramdown_toc()
        html_lines = self.html_lines
        for a, b in self.body.html_blocks:
            if not self.liquid_removed.intersection(range(a, b)):
                self._html_block(a, b)
        talk_lines = {h.line for h in self.body.headings if h.role == "talk"}
        for index, line in enumerate(self.body.lines):
            if index in self.replace or index in self.body.code_lines or index in html_lines:
                continue
            if index in talk_lines:
                continue  # its links become directive options
            new = self._inline(line, index)
            if new != line:
                self.replace[index] = new if isinstance(new, list) else [new]

    def _inline(self, line: str, index: int) -> str | list[str]:
        whole = self._whole_line_liquid(line, index)
        if whole is not None:
            return whole
        definition = self._reference_definition(line, index)
        if definition is not None:
            return definition
        masked = mask_code_spans(line)
        out: list[str] = []
        last = 0
        for link in scan_links(line, masked):
            out.append(self._inline_text(line[last : link.start], masked[last : link.start], index))
            out.append(self._link(link, index))
            last = link.end
        out.append(self._inline_text(line[last:], masked[last:], index))
        new = _glue(out)
        if (new.strip() == "" or _EMPTY_ITEM.fullmatch(new)) and not _EMPTY_ITEM.fullmatch(line):
            return ""
        new = self._kramdown_attributes(new, index)
        return self._escape_myst(new, index)

    def _inline_text(self, text: str, masked: str, index: int) -> str:
        """Remove inline Liquid outside code spans and links."""
        if index in self.raw_lines or "{" not in masked:
            return text
        out: list[str] = []
        last = 0
        for match in _LIQUID_RE.finditer(masked):
            tag = text[match.start() : match.end()]
            out.append(text[last : match.start()])
            out.append(self._liquid_inline(tag, index))
            last = match.end()
        out.append(text[last:])
        return _glue(out)

    def _liquid_inline(self, tag: str, index: int) -> str:
        include = _INCLUDE_CONTENT.match(tag)
        embed = _EMBED.match(tag)
        if include:
            self.comment_before(index, f"{TOOL}: Liquid include replaced by its content: {tag}")
            self.note(index, "liquid", f"Liquid include replaced by its text: {_short(tag)}")
            return include["text"]
        if embed:
            self.comment_before(index, f"{TOOL}: Liquid embed replaced by a link: {tag}")
            self.note(index, "liquid", f"Liquid embed replaced by a link: {_short(tag)}")
            return f"<{embed['url']}>"
        self.comment_before(index, f"{TOOL}: removed Liquid (no meaning on this site): {tag}")
        self.note(index, "liquid", f"Liquid removed: {_short(tag)}")
        return ""

    def _kramdown_attributes(self, line: str, index: int) -> str:
        """Jekyll's kramdown `{: .class}` / `{:toc}` attribute lists mean nothing here."""
        masked = mask_code_spans(line)
        found = list(_KRAMDOWN_IAL.finditer(masked))
        if not found:
            return line
        for match in reversed(found):
            line = line[: match.start()] + line[match.end() :]
        removed = " ".join(m.group().strip() for m in found)
        self.comment_before(index, f"{TOOL}: removed kramdown attributes {removed}")
        self.note(index, "liquid", f"kramdown attributes removed: {_short(removed)}")
        return "" if not line.strip() or _EMPTY_ITEM.fullmatch(line) else line.rstrip()

    def _reference_definition(self, line: str, index: int) -> str | None:
        """`[ref]: target` lines: the same rules as inline links, where possible."""
        match = _REFERENCE_DEF_TARGET.match(line)
        if not match or _SCHEME_RE.match(match["dest"]):
            return None
        url, change = fix_url(match["dest"])
        if url:
            self.note(index, "link", f"link target {change}")
            return f"{match['head']}{url}{match['tail']}"
        self.note(
            index, "link", f"link definition to {match['dest']!r} is not a web address", unsure=True
        )
        return None

    def _whole_line_liquid(self, line: str, index: int) -> list[str] | None:
        """A fastpages `{% include note.html content="..." %}` line becomes an admonition."""
        if index in self.raw_lines:
            return None
        match = _INCLUDE_CONTENT.match(line.strip())
        if line[:1].isspace() or not match:
            return None
        kind = match["kind"].rsplit("/", 1)[-1].lower()
        if kind not in _ADMONITIONS:
            return None
        self.note(index, "liquid", f"Liquid include {kind}.html turned into a {_ADMONITIONS[kind]}")
        return [
            *_comment_lines(f"{TOOL}: was {line.strip()}"),
            f":::{{{_ADMONITIONS[kind]}}}",
            match["text"],
            ":::",
            "",
        ]

    def _link(self, link: InlineLink, index: int) -> str:
        text = link.text
        if "[" in text and "]" in text:
            inner = self._inline(text, index)
            text = inner if isinstance(inner, str) else text
        if link.image:
            return self._image(link, text, index)
        written = f"[{link.text}]({link.dest}{' ' + link.title if link.title else ''})"
        dest = link.dest
        if _SCHEME_RE.match(dest) or dest.startswith("mailto:"):
            return f"[{text}]({_format_destination(dest, link.title)})"
        url, change = fix_url(dest)
        if url:
            self.note(index, "link", f"link target {change}")
            return f"[{text}]({_format_destination(url, link.title)})"
        self.comment_before(
            index, f"{TOOL}: link removed, its target is not a web address: {written}"
        )
        self.note(index, "link", f"link to {dest!r} removed (kept its text)", unsure=True)
        return text

    def _image(self, link: InlineLink, alt: str, index: int) -> str:
        target = gfx_path(link.dest)
        if target is None:
            url, change = fix_url(link.dest)
            if url and change:
                self.note(index, "link", f"image address {change}")
                return f"![{alt}]({_format_destination(url, link.title)})"
            self.note(index, "image", f"remote image kept: {link.dest}", unsure=not url)
            return f"![{alt}]({link.dest}{' ' + link.title if link.title else ''})"
        exists = self._image_exists(target)
        self.images.append(ImageRef(self.body.lineno(index), link.dest, target, exists))
        status = {True: "", False: " (MISSING in gfx/)", None: ""}[exists]
        self.note(index, "image", f"image {link.dest} -> {target}{status}", unsure=exists is False)
        if target.lstrip("/") != link.dest.lstrip("/"):
            self.comment_before(index, f"{TOOL}: image path was {link.dest}")
        return f"![{alt}]({_format_destination(target, link.title)})"

    def _image_exists(self, target: str) -> bool | None:
        files = self.options.gfx_files
        if files is None:
            return None
        return target.removeprefix("/gfx/") in files

    def _html_block(self, start: int, end: int) -> None:
        """`<img src=...>` blocks become Markdown images (raw HTML would not find /gfx)."""
        block = "\n".join(self.body.lines[start:end])
        images = list(re.finditer(r"<img\b[^>]*>", block, re.IGNORECASE))
        if not images:
            if _LIQUID_RE.search(block):
                self.note(start, "liquid", "Liquid inside an HTML block left as is", unsure=True)
            return
        rest = re.sub(r"<img\b[^>]*>|</?(?:p|div|center|figure|a)\b[^>]*>", "", block)
        if rest.strip():
            self.note(start, "image", "image inside an HTML block left as is", unsure=True)
            return
        new = _comment_lines(f"{TOOL}: HTML image(s) converted:", *block.split("\n"))
        for tag in images:
            src = _html_attr(tag.group(), "src")
            alt = _html_attr(tag.group(), "alt")
            if src is None:
                continue
            link = InlineLink(0, 0, True, alt or "", src, "")
            new += ["", self._image(link, alt or "", start)]
        self.replace[start] = [*new, ""]
        for index in range(start + 1, end):
            self.replace[index] = []

    def _escape_myst(self, line: str, index: int | None) -> str:
        """Plain Markdown that MyST would read as a comment, block break or target."""
        match = _ESCAPE_RE.match(line)
        if not match:
            return line
        self.note(index, "text", f"escaped {match[2]!r} at the line start (MyST syntax)")
        return f"{line[: match.start(2)]}\\{line[match.start(2) :]}"

    # headings and segments

    def _classify_headings(self) -> None:
        headings = self.body.headings
        for heading in headings:
            if heading.line in self.liquid_removed:
                heading.role = "removed"
                continue
            kind = classify_heading(heading.parts)
            if isinstance(kind, TalkHeading):
                heading.role, heading.talk = "talk", kind
            elif isinstance(kind, BreakHeading):
                heading.role = "break"
            elif _SERIES_RE.match(heading.content):
                heading.role = "series"
        self.talk_level = self._talk_level()
        self._talks_like_siblings()
        previous: Heading | None = None
        for heading in headings:
            if heading.role == "talk" and heading.level != self.talk_level:
                self.note(
                    heading.line,
                    "heading",
                    f"talk-like heading at level {heading.level} (talks are at level "
                    f"{self.talk_level}) kept as a heading",
                    unsure=True,
                )
                heading.role = "plain"
            elif heading.role == "break" and heading.level != self.talk_level:
                heading.role = "plain"
            if (
                heading.level == self.talk_level
                and heading.role == "plain"
                and previous is not None
                and previous.role in ("talk", "subsection")
                and (_SUBSECTION_RE.match(heading.content) or _only_extra_link(heading.parts))
            ):
                heading.role = "subsection"
            if heading.level <= self.talk_level:
                previous = heading

    def _talks_like_siblings(self) -> None:
        """'## [Title](https://conf/session/x) (JD)': a talk if its link is like the others'."""
        prefixes = {
            _link_prefix(h.talk.link)
            for h in self.body.headings
            if h.talk and h.talk.link and h.level == self.talk_level
        }
        prefixes.discard("")
        for heading in self.body.headings:
            first = heading.parts[0] if heading.parts else None
            if heading.role != "plain" or heading.level != self.talk_level:
                continue
            if (
                not isinstance(first, LinkPart)
                or _link_prefix(fix_url(first.href)[0]) not in prefixes
            ):
                continue
            talk = _linked_talk("", list(heading.parts))
            if isinstance(talk, TalkHeading):
                heading.role, heading.talk = "talk", talk

    def _talk_level(self) -> int:
        timed = Counter(h.level for h in self.body.headings if h.talk and h.talk.has_time)
        untimed = Counter(h.level for h in self.body.headings if h.talk and not h.talk.has_time)
        counts = timed or untimed
        if not counts:
            return 0
        best = max(counts.values())
        return min(level for level, n in counts.items() if n == best)

    def _segments(self) -> list[Segment]:
        headings = self.body.headings
        segments: list[Segment] = []
        cursor = 0
        i = 0
        while i < len(headings):
            heading = headings[i]
            if heading.role not in ("talk", "break", "series"):
                i += 1
                continue
            if heading.line > cursor:
                segments.append(Segment("prose", cursor, heading.line))
            level = self.talk_level if heading.role == "talk" else heading.level
            j = i + 1
            if heading.role != "break":
                while j < len(headings) and not self._ends(headings[j], level):
                    j += 1
            end = headings[j].line if j < len(headings) else len(self.body.lines)
            if heading.role == "break":
                end = heading.end
            segments.append(Segment(heading.role, heading.line, end, heading))
            cursor = end
            i = j
        if cursor < len(self.body.lines):
            segments.append(Segment("prose", cursor, len(self.body.lines)))
        return segments

    @staticmethod
    def _ends(heading: Heading, level: int) -> bool:
        return heading.level <= level and heading.role not in ("subsection", "removed")

    def _title(self) -> tuple[str, str]:
        """Page title and where it came from: option, front matter, heading, file name."""
        if self.options.title:
            return _one_line(self.options.title), "option"
        if isinstance(self.front("title"), (str, int, float)):
            return _one_line(str(self.front("title"))), "front matter"
        first = self._leading_h1()
        if first is not None:
            first.role = "title"
            title = _one_line(_parts_text(first.parts) or first.content)
            if words(first.content) - words(title):
                self.title_comment = _comment_lines(
                    f"{TOOL}: title heading in the notes: {first.content}"
                )
            return title, "heading"
        name = (self.options.source_name or "notes").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        name = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name)
        title = " ".join(w.capitalize() if w.islower() else w for w in re.split(r"[-_\s]+", name))
        self.note(None, "metadata", f"no title found; using {title!r} (use --title)", unsure=True)
        return title or "Notes", "file name"

    def _leading_h1(self) -> Heading | None:
        h1 = [h for h in self.body.headings if h.level == 1]
        if len(h1) != 1 or h1[0].role != "plain":
            return None
        before = [
            line
            for index, line in enumerate(self.body.lines[: h1[0].line])
            if line.strip()
            and self.replace.get(index, [line]) != []
            and not all(x.startswith("%") for x in self.replace.get(index, [line]))
        ]
        return None if before else h1[0]

    def _assign_heading_levels(self, segments: list[Segment], title_source: str) -> None:
        """Consecutive heading levels under the page title (MyST warns about jumps)."""
        has_h1 = any(h.level == 1 and h.role != "title" for h in self.body.headings)
        shift = 1 if has_h1 else 0
        previous = 1

        for number, segment in enumerate(segments):
            if segment.kind == "talk" and self.talks_heading is None:
                if previous >= self.talk_level + shift and previous > 1:
                    level = min(self.talk_level + shift, previous + 1)
                    self.talks_heading = (number, level)
                    previous = level
                else:
                    self.talks_heading = (number, 0)
            if segment.kind not in ("prose", "series"):
                continue
            for heading in self._headings_in(segment.start, segment.end):
                if heading.role in ("title", "removed"):
                    continue
                level = min(heading.level + shift, previous + 1, 6)
                heading.out_level = level
                if level != heading.level:
                    self.note(heading.line, "heading", f"heading level {heading.level} -> {level}")
                previous = level

    def _headings_in(self, start: int, end: int) -> list[Heading]:
        return [h for h in self.body.headings if start <= h.line < end]

    # metadata

    def _metadata(self, title: str) -> dict[str, str]:
        conference, edition = self._conference(title)
        meta: dict[str, str] = {}
        meta["conference"] = conference
        meta["edition"] = edition
        meta["date"] = self._date()
        meta["timezone"] = self._timezone()
        meta["location"] = self._location()
        meta["website"] = self._website(conference)
        meta["language"] = self._language()
        meta["author"] = "; ".join(
            self.options.authors or _as_list(self.front("author") or self.front("authors"))
        )
        tags = [
            *_as_list(self.front("categories"), split_words=True),
            *_as_list(self.front("tags"), split_words=True),
        ]
        meta["tags"] = "; ".join(
            dict.fromkeys(t.replace(";", ",") for t in [*tags, *self.options.tags])
        )
        return {k: _one_line(v) for k, v in meta.items() if v}

    def _conference(self, title: str) -> tuple[str, str]:
        conference = self.options.conference or ""
        edition = self.options.edition or ""
        if conference and edition:
            return conference, edition
        match = _TITLE_CONFERENCE_RE.match(_TITLE_PREFIX_RE.sub("", title))
        if match:
            guessed = _conference_name(match["name"])
            conference = conference or guessed
            edition = edition or match["year"]
            self.note(
                None,
                "metadata",
                f"conference {conference!r}, edition {edition!r} taken from the title "
                "(check, or use --conference/--edition)",
                unsure=not (self.options.conference and self.options.edition),
            )
        if not conference:
            self.note(None, "metadata", "no conference name found; use --conference", unsure=True)
        return conference, edition

    def _date(self) -> str:
        if self.options.date:
            value = self.options.date.strip()
            try:
                parse_date_range(value)
            except InputError as err:
                raise ConversionError(f"--date: {err}") from None
            return value
        written = self.front("date")
        found = ""
        if isinstance(written, (dt.date, dt.datetime)):
            day = written.date() if isinstance(written, dt.datetime) else written
            found = day.isoformat()
        elif isinstance(written, str) and re.match(r"\d{4}-\d{2}-\d{2}", written):
            found = written[:10]
        source = "front matter"
        if not found and self.options.source_name:
            match = re.match(r"(\d{4}-\d{2}-\d{2})-", self.options.source_name.rsplit("/", 1)[-1])
            found, source = (match[1], "file name") if match else ("", source)
        if found:
            try:
                parse_date_range(found)
            except InputError:
                return ""
            self.note(
                None,
                "metadata",
                f"date {found} taken from the {source} (the post's date?); check, or use --date",
                unsure=True,
            )
        else:
            self.note(None, "metadata", "no date found; use --date", unsure=True)
        return found

    def _timezone(self) -> str:
        value = (self.options.timezone or "").strip()
        if not value:
            self.note(
                None, "metadata", "no timezone given; use --timezone for talk times", unsure=True
            )
            return ""
        try:
            zone(value)
        except InputError as err:
            raise ConversionError(f"--timezone: {err}") from None
        return value

    def _location(self) -> str:
        if self.options.location:
            return self.options.location
        prose = "\n".join(self.body.lines)
        if re.search(
            r"\b(?:online|virtual)\s+(?:conference|event|edition)\b|\battend\w*\s+(?:it\s+)?online\b",
            prose,
            re.I,
        ):
            self.note(None, "metadata", "location 'online' guessed from the text", unsure=True)
            return "online"
        return ""

    def _website(self, conference: str) -> str:
        if self.options.website:
            url, _ = fix_url(self.options.website)
            if not url:
                raise ConversionError(f"--website: {self.options.website!r} is not a web address")
            return url
        if conference:
            for line in self.body.lines:
                for link in scan_links(line):
                    url, _ = fix_url(link.dest)
                    if url and not link.image and _fold(conference) in _fold(link.text):
                        self.note(
                            None, "metadata", f"website {url} guessed from a link", unsure=True
                        )
                        return url
        hosts = Counter(
            urlsplit(h.talk.link).netloc
            for h in self.body.headings
            if h.talk and h.talk.link and h.role == "talk"
        )
        if hosts:
            host, n = hosts.most_common(1)[0]
            if n >= 2 and host:
                url = f"https://{host}/"
                self.note(
                    None, "metadata", f"website {url} guessed from the talk links", unsure=True
                )
                return url
        return ""

    def _language(self) -> str:
        if self.options.language:
            value = self.options.language.strip()
            if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", value):
                raise ConversionError(f"--language: {value!r} is not a language code such as 'en'")
            return value
        guessed = guess_language("\n".join(self.body.lines))
        if guessed:
            self.note(
                None,
                "metadata",
                f"language {guessed!r} guessed from the text (--language)",
                unsure=True,
            )
        else:
            self.note(None, "metadata", "language not recognised; use --language", unsure=True)
        return guessed

    _FRONT_USES: ClassVar[dict[str, str]] = {
        "title": "the page title",
        "description": "the first paragraph",
        "categories": "the report's tags",
        "tags": "the report's tags",
        "author": "the report's authors",
        "authors": "the report's authors",
        "date": "the report's date",
    }

    def front(self, key: str) -> Any:
        """A front matter value this page uses, or None (absent, nested, or overridden)."""
        if not self.front_matter or not _is_plain(self.front_matter.data.get(key)):
            return None
        overridden = {
            "title": self.options.title,
            "date": self.options.date,
            "author": self.options.authors,
            "authors": self.options.authors,
        }
        return None if overridden.get(key) else self.front_matter.data[key]

    def _front_matter_comment(self) -> list[str]:
        if not self.front_matter:
            return []
        data, raw = self.front_matter.data, self.front_matter.raw
        taken = [
            f"{raw.get(k) if k == 'date' else k} -> {self._FRONT_USES[k]}"
            for k in data
            if k in self._FRONT_USES and self.front(k) is not None
        ]
        dropped = [
            raw.get(k) or f"{k}: {_flatten_value(v)}"
            for k, v in data.items()
            if k not in self._FRONT_USES or self.front(k) is None
        ]
        for key in data:
            if key not in self._FRONT_USES:
                self.note_input(
                    self.front_matter.line(key),
                    "metadata",
                    f"front matter '{key}' dropped (no meaning here)",
                )
            elif self.front(key) is None:
                self.note_input(
                    self.front_matter.line(key),
                    "metadata",
                    f"front matter '{key}' not used (kept in a comment)",
                    unsure=True,
                )
        if self.front_matter.lenient:
            self.note_input(
                1,
                "metadata",
                "front matter is not valid YAML; read as simple key: value lines",
                unsure=True,
            )
        text = [f"{TOOL}: front matter used: {', '.join(taken) or 'nothing'}"]
        if dropped:
            text.append(f"not used (no meaning on this site, or overridden): {'; '.join(dropped)}")
        return [*_comment_lines(*text), ""]

    def _description(self) -> list[str]:
        value = self.front("description")
        text = _flatten_value(value).strip() if value is not None else ""
        if not text:
            return []
        return [self._escape_myst(" ".join(text.split()), None), ""]

    # rendering

    def _render_segment(self, segment: Segment) -> list[str]:
        out: list[str] = []
        if self.talks_heading and segment.kind == "talk":
            index, level = self.talks_heading
            if index == self.rendered and level:
                out += ["#" * level + " Talks", ""]
        self.rendered += 1
        if segment.kind == "talk":
            return out + self._render_talk(segment)
        if segment.kind == "break":
            return out + self._render_break(segment)
        if segment.kind == "series":
            return out + self._render_series(segment)
        return out + self._render_lines(segment.start, segment.end, self.prose_seen)

    def _render_lines(self, start: int, end: int, seen: set[str]) -> list[str]:
        out: list[str] = []
        headings = {h.line: h for h in self._headings_in(start, end) if h.role != "removed"}
        html_lines = self.html_lines
        skip_to = start
        for index in range(start, end):
            if index < skip_to:
                continue
            out += self.before.get(index, [])
            heading = headings.get(index)
            if heading is not None:
                out += self._render_heading(heading)
                skip_to = heading.end
                continue
            lines = self.replace.get(index, [self.body.lines[index]])
            plain = index not in self.body.code_lines and index not in html_lines
            if self.marker is not None and plain:
                lines = [self._mark(line, index, seen) for line in lines]
            out += lines
        return out

    def _mark(self, line: str, index: int, seen: set[str]) -> str:
        assert self.marker is not None
        if line.lstrip().startswith(("%", ":::", "```", "~~~")) or _REFERENCE_DEF.match(line):
            return line
        return self.marker.mark(line, self.body.lineno(index), seen)

    def _render_heading(self, heading: Heading) -> list[str]:
        if heading.role == "title":
            return []
        content = self.replace.get(heading.line, [self.body.lines[heading.line]])
        text = heading.content
        if not heading.setext and content:
            text = re.sub(r"^\s{0,3}#{1,6}(?:\s+|$)", "", content[0])
            text = re.sub(r"\s+#+\s*$", "", text).rstrip()
        elif heading.setext:
            pieces = [
                self.replace.get(i, [self.body.lines[i]])
                for i in range(heading.line, heading.end - 1)
            ]
            text = " ".join(" ".join(p).strip() for p in pieces)
        level = heading.out_level or heading.level
        if heading.role == "subsection":
            level = min(6, self.talk_level + 1)
            self.note(
                heading.line, "heading", f"'{text}' kept inside the talk above (level {level})"
            )
        return [("#" * level + " " + text).rstrip()]

    def _render_break(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None
        text = " ".join(self._render_heading(heading)[0].lstrip("#").split())
        self.note(heading.line, "non-talk", f"non-talk section (kept as a rubric): {text}")
        return [*self.before.get(heading.line, []), f":::{{rubric}} {text}", ":::", ""]

    def _render_series(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None
        body = self._render_lines(heading.end, segment.end, self.prose_seen)
        first = next(
            (i for i in range(heading.end, segment.end) if self.body.lines[i].strip()), None
        )
        if first is None or first not in self.liquid_removed:
            self.note(heading.line, "heading", "series section without a Liquid listing kept")
            return self._render_heading(heading) + body
        if not (self.metadata.get("conference") or self.metadata.get("edition")):
            # The series directive needs the report's conference to know its series.
            self.note(heading.line, "liquid", f"section '{heading.content}' replaced by a comment")
            comment = _comment_lines(
                f'{TOOL}: section "{heading.content}" removed: the site generates series listings.'
            )
            return [*self.before.get(heading.line, []), *comment, *body]
        self.note(heading.line, "liquid", "series listing: Liquid loop replaced by {series}")
        end = self.liquid_end[first] + 1
        listing = self._render_lines(heading.end, end, self.prose_seen)
        rest = self._render_lines(end, segment.end, self.prose_seen)
        return [*self._render_heading(heading), "", *listing, "```{series}", "```", "", *rest]

    def _render_talk(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None and heading.talk is not None
        talk = heading.talk
        seen: set[str] = set()
        body = _trim_blank(self._render_lines(heading.end, segment.end, seen))
        status = (
            "cancelled" if talk.cancelled or self._cancelled_in(heading.end, segment.end) else ""
        )
        options = [
            ("time", talk.time),
            ("speaker", "; ".join(talk.speakers)),
            ("link", talk.link),
            *talk.links,
            ("status", status),
        ]
        preamble = self.before.get(heading.line, [])
        if talk.affiliations:
            preamble = [
                *preamble,
                *_comment_lines(f"{TOOL}: speaker affiliation: {'; '.join(talk.affiliations)}"),
            ]
        lost = self._heading_words_lost(heading, talk, options)
        if lost:
            preamble = [
                *preamble,
                *_comment_lines(f"{TOOL}: heading in the notes: {heading.content}"),
            ]
        if preamble:
            body = [*preamble, *([""] if body else []), *body]
        fence = ":" * max(4, _longest_colon_fence(body) + 1)
        self._record_talk(heading, talk, status, options)
        return [*_directive("talk", _one_line(talk.title), fence, options, body), ""]

    def _heading_words_lost(
        self, heading: Heading, talk: TalkHeading, options: list[tuple[str, str]]
    ) -> set[str]:
        kept = " ".join(
            [
                talk.title,
                *(v for _, v in options),
                *talk.affiliations,
                "cancelled" if talk.cancelled else "",
            ]
        )
        return words(heading.content) - words(kept) - CONNECTORS

    def _record_talk(
        self, heading: Heading, talk: TalkHeading, status: str, options: list[tuple[str, str]]
    ) -> None:
        record = ImportedTalk(
            self.body.lineno(heading.line),
            talk.title,
            talk.time,
            talk.speakers,
            talk.link,
            status,
            talk.links,
        )
        self.talks.append(record)
        who = f" ({'; '.join(talk.speakers)})" if talk.speakers else ""
        when = f"{talk.time} " if talk.time else ""
        kind = "cancelled" if status else "talk"
        label = "cancelled talk" if status else "talk"
        self.note(heading.line, kind, f'{label} {when}"{talk.title}"{who}')
        if talk.link_note:
            self.note(heading.line, "link", f"talk link: {talk.link_note}")
        if talk.affiliations:
            self.note(
                heading.line,
                "talk",
                f"affiliation kept as a comment: {'; '.join(talk.affiliations)}",
            )
        for doubt in talk.doubts:
            self.note(heading.line, "talk", f'{doubt} (talk "{talk.title}")', unsure=True)
        if talk.time:
            try:
                parse_talk_time(talk.time)
            except InputError as err:
                self.note(heading.line, "talk", str(err), unsure=True)

    def _cancelled_in(self, start: int, end: int) -> bool:
        for token in self.body.tokens:
            if token.type != "inline" or token.map is None:
                continue
            if start <= token.map[0] < end and _CANCELLED_BODY_RE.match(token.content.strip()):
                return True
        return False


_EMPTY_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s*")
_KRAMDOWN_TOC = re.compile(r"^\s*\{:\s*\.?toc\s*\}\s*$")
_KRAMDOWN_IAL = re.compile(r"\s*\{:[^{}\n]*\}")
_REFERENCE_DEF_TARGET = re.compile(
    r"^(?P<head>\s{0,3}\[[^\]]+\]:\s*)(?P<dest>[^\s<>]+)(?P<tail>.*)$"
)
_HIGHLIGHT_START = re.compile(r"^\s*\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%\}\s*$")
_HIGHLIGHT_END = re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")


def highlight_to_fences(lines: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Jekyll `{% highlight py %}` ... `{% endhighlight %}` become code fences, line for line."""
    out = list(lines)
    found: list[tuple[int, int, str]] = []
    start: int | None = None
    for index, line in enumerate(lines):
        if start is None and _HIGHLIGHT_START.match(line):
            start = index
        elif start is not None and _HIGHLIGHT_END.match(line):
            inner = lines[start + 1 : index]
            ticks = max([3, *(len(m) + 1 for text in inner for m in re.findall(r"`{3,}", text))])
            lang = _HIGHLIGHT_START.match(lines[start])["lang"]  # type: ignore[index]  # it matched above
            out[start], out[index] = "`" * ticks + lang, "`" * ticks
            found.append((start, index, f"{lines[start].strip()} ... {line.strip()}"))
            start = None
    return out, found


_REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]


def _conference_name(text: str) -> str:
    """'EuroPython Conference' -> 'EuroPython'; 'PyData Berlin Meetup, March' -> '... Meetup'."""
    name = re.split(r"\s*[,:;|–—]\s*|\s+-\s+", text.strip(_SEPARATORS))[0]
    words_ = name.split()
    while len(words_) > 1 and words_[-1].lower().strip(".") in (*_MONTHS, "conference", "conf"):
        words_.pop()
    return " ".join(words_)


def _glue(pieces: list[str]) -> str:
    """Join rewritten pieces of a line; a space where two words would run together."""
    out = ""
    for piece in pieces:
        if out and piece and out[-1].isalnum() and piece[0].isalnum():
            out += " "
        out += piece
    return out


def _html_attr(tag: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", tag, re.IGNORECASE)
    if not match:
        return None
    return next(g for g in match.groups() if g is not None)


def _comment_lines(*texts: str) -> list[str]:
    out: list[str] = []
    for text in texts:
        for line in text.split("\n"):
            out.append(f"% {line}".rstrip())
    return out


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _is_plain(value: Any) -> bool:
    scalar = (str, int, float, dt.date)
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, scalar) for v in value)
    return isinstance(value, scalar) and str(value).strip() != ""


def _as_list(value: Any, *, split_words: bool = False) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [_one_line(str(v)) for v in value if v is not None and str(v).strip()]
    text = str(value)
    if "," in text or ";" in text:
        return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    return text.split() if split_words else [text.strip()] if text.strip() else []


def convert(text: str, *, options: ImportOptions | None = None) -> ImportResult:
    """Convert Markdown notes to a report page (raises ConversionError on bad input)."""
    checked = check_input(text)
    return _Converter(checked, options or ImportOptions()).run()
