"""Talk headings: ``## 7:00, [Title](url), Speaker`` and the everyday variants.

Where the time is and what follows it is read here; what the time *means* (a valid
clock, an end after the start) is the model's :func:`~confnotes.model.parse_talk_time`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ....model import InputError, parse_talk_time
from .links import fix_url
from .markdown import LinkPart, Part, TextPart, parse_body, parts_text

__all__ = [
    "BreakHeading",
    "ParsedTime",
    "TalkHeading",
    "classify_heading",
    "extra_link_option",
    "link_prefix",
    "linked_talk",
    "looks_like_person",
    "only_extra_link",
    "parse_heading",
    "parse_time",
]

# A time at the start of a heading, as people write it: 7:00, 07.00, 7:00 pm, 9:00-9:30.
_TIME_RE = re.compile(
    r"""^\s*(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?:\s*(?P<ap>[ap])\.?m\.?(?!\w))?
    (?:\s*(?:-|–|—|to)\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})(?:\s*(?P<ap2>[ap])\.?m\.?(?!\w))?)?
    (?![\w:])""",
    re.VERBOSE | re.IGNORECASE,
)
SEPARATORS = " \t,;:|-–—"
BREAK_RE = re.compile(
    r"\b(lunch|break|coffee|tea|registration|check-?in|doors|welcome|opening|closing|"
    r"dinner|breakfast|social|networking|drinks|party|reception|lightning|posters?|"
    r"sponsors?|end of day|wrap-?up|pauze|lunchpauze|mittag|mittagspause)\b",
    re.IGNORECASE,
)
CANCELLED_RE = re.compile(
    r"\(?\s*\b(?:talk\s+)?(?:was\s+|is\s+|has\s+been\s+)?(?:cancell?ed|canceled)\b\s*\)?[.!]*",
    re.IGNORECASE,
)
_LEAD_WORDS_RE = re.compile(r"^(?:presented\s+by|speakers?\s*:|by|with|von|door)\s+", re.IGNORECASE)
_EXTRA_LINK_RE = {
    "slides": re.compile(r"^(?:slides?|deck|presentation|pdf)$", re.IGNORECASE),
    "video": re.compile(r"^(?:video|recording|youtube|watch)$", re.IGNORECASE),
    "code": re.compile(r"^(?:code|repo(?:sitory)?|github|notebooks?|source)$", re.IGNORECASE),
}
# Lower-case name particles: 'Guido van Rossum' is still a person's name.
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
_SPEAKER_SEPARATOR = re.compile(r"\s*[,;&+]\s*|\s+(?:and|und|en)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class TalkHeading:
    time: str
    title: str
    speakers: tuple[str, ...]
    affiliations: tuple[str, ...]
    link: str
    link_note: str  # what was done to the link, '' if nothing
    links: tuple[tuple[str, str], ...]  # (slides|video|code, url), as written
    cancelled: bool
    doubts: tuple[str, ...]
    has_time: bool


@dataclass(frozen=True)
class BreakHeading:
    time: str
    text: str


@dataclass(frozen=True)
class ParsedTime:
    label: str  # 'HH:MM' or 'HH:MM-HH:MM'
    rest: str
    dotted: bool


def parse_time(text: str) -> ParsedTime | None:
    """'7:00, rest' -> ParsedTime('07:00', 'rest'); None if it does not start with a time."""
    match = _TIME_RE.match(text)
    if not match:
        return None
    start = _twenty_four(match["h"], match["m"], match["ap"])
    end = _twenty_four(match["h2"], match["m2"], match["ap2"] or match["ap"]) if match["h2"] else ""
    if start is None or end is None:
        return None
    try:
        clock = parse_talk_time(f"{start}-{end}" if end else start)
    except InputError:
        return None  # 25:00, 9:60, or an end before the start: not a time
    label = clock.start.strftime("%H:%M")
    if clock.end is not None:
        label += "-" + clock.end.strftime("%H:%M")
    return ParsedTime(label, text[match.end() :].lstrip(SEPARATORS), match["sep"] == ".")


def _twenty_four(hours: str, minutes: str, ampm: str | None) -> str | None:
    """12-hour notation as 24-hour text ('7', '15', 'p' -> '19:15'); None if impossible."""
    h = int(hours)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    return f"{h}:{minutes}"


def parse_heading(markdown: str) -> TalkHeading | BreakHeading | None:
    """Classify one Markdown heading line, e.g. ``## 7:00, [Title](url), Speaker``."""
    body = parse_body(markdown.split("\n"), 0)
    return classify_heading(body.headings[0].parts) if body.headings else None


def classify_heading(found: Sequence[Part]) -> TalkHeading | BreakHeading | None:
    """A talk heading, a time-only (break) heading, or None for anything else."""
    if not found:
        return None
    first = found[0]
    parsed = parse_time(first.text) if isinstance(first, TextPart) else None
    if parsed is None:
        return _linked_talk_without_time(found)
    rest: list[Part] = [TextPart(parsed.rest), *found[1:]] if parsed.rest else list(found[1:])
    rest = [p for p in rest if not (isinstance(p, TextPart) and not p.text.strip())]
    if any(isinstance(p, LinkPart) for p in rest):
        return linked_talk(parsed.label, rest)
    if parsed.dotted:
        return None  # '3.10 What is new' is a version number, not a time
    return _unlinked_talk(parsed.label, " ".join(p.text for p in rest))


def linked_talk(time: str, rest: list[Part]) -> TalkHeading | BreakHeading:
    index = next(i for i, p in enumerate(rest) if isinstance(p, LinkPart))
    link = rest[index]
    assert isinstance(link, LinkPart)
    prefix = " ".join(p.text for p in rest[:index]).strip(SEPARATORS)
    speakers, affiliations, links, cancelled, leftover = _speakers(rest[index + 1 :])
    doubts: list[str] = []
    title = link.text
    if prefix and not speakers and BREAK_RE.search(prefix):
        return BreakHeading(time, parts_text(rest))
    if prefix and not speakers and looks_like_person(link.text):
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


def _linked_talk_without_time(found: Sequence[Part]) -> TalkHeading | None:
    """'## [Title](url), Speaker': a talk only if a person's name follows the link."""
    if not isinstance(found[0], LinkPart):
        return None
    speakers, *_ = _speakers(found[1:])
    if not speakers or not all(looks_like_person(s) for s in speakers):
        return None
    talk = linked_talk("", list(found))
    return talk if isinstance(talk, TalkHeading) else None


def _unlinked_talk(time: str, text: str) -> TalkHeading | BreakHeading:
    """'10:00 Keynote: The Future, Maria Garcia' is a talk; '12:45 Lunch break' is not."""
    text = " ".join(text.split())
    cancelled = bool(CANCELLED_RE.search(text))
    clean = CANCELLED_RE.sub(" ", text).strip(SEPARATORS) if cancelled else text
    for title, speaker_text in _title_speaker_splits(clean):
        if BREAK_RE.search(title) and not re.search(r"\bkeynote\b", title, re.IGNORECASE):
            break
        speakers, affiliations, _, _, leftover = _speakers([TextPart(speaker_text)])
        if speakers and not leftover and all(looks_like_person(s) for s in speakers):
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
            title = text[: match.start()].strip(SEPARATORS)
            speakers = text[match.end() :].strip()
            if title and speakers:
                yield title, speakers


def looks_like_person(name: str) -> bool:
    names = name.split()
    if not 2 <= len(names) <= 5 or any(c.isdigit() for c in name):
        return False
    capitalised = [w for w in names if w[:1].isupper()]
    rest_ok = all(w[:1].isupper() or w.lower() in _PARTICLES for w in names)
    return rest_ok and len(capitalised) >= 2


def _speakers(
    found: Sequence[Part],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], bool, str]:
    """Speakers, affiliations, extra links, cancelled flag and leftover text."""
    texts: list[str] = []
    links: list[tuple[str, str]] = []
    leftover: list[str] = []
    for part in found:
        if isinstance(part, LinkPart):
            option = extra_link_option(part.text)
            url, _ = fix_url(part.href)
            if option and url:
                links.append((option, url))
                continue
            texts.append(part.text)  # a speaker linked to a profile page
        else:
            texts.append(part.text)
    text = " ".join(" ".join(texts).split())
    cancelled = bool(CANCELLED_RE.search(text))
    if cancelled:
        text = CANCELLED_RE.sub(" ", text)
    text = _LEAD_WORDS_RE.sub("", text.strip(SEPARATORS + ".")).strip(SEPARATORS + ".")
    names: list[str] = []
    affiliations: list[str] = []
    groups = re.fullmatch(r"(?:\s*\([^()]*\))+\s*", text) and re.findall(r"\(([^()]*)\)", text)
    if groups:
        # '[Title](url) (Jane Doe) (JD)': speakers in parentheses, other groups left over
        people = [g for g in groups if all(looks_like_person(n) for n in _split_outside_parens(g))]
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


def link_prefix(url: str) -> str:
    """'https://conf.example/talks/x' -> 'conf.example/talks/' ('' for a site's home page)."""
    split = urlsplit(url)
    segments = [p for p in split.path.split("/") if p]
    return f"{split.netloc.lower()}/{segments[0]}/" if len(segments) >= 2 else ""


def only_extra_link(found: Sequence[Part]) -> bool:
    """A heading that is just a link to slides or a video ('## [YouTube link](...)')."""
    real = [p for p in found if not (isinstance(p, TextPart) and not p.text.strip())]
    if len(real) != 1 or not isinstance(real[0], LinkPart):
        return False
    return bool(extra_link_option(re.sub(r"\s+link$", "", real[0].text.strip(), flags=re.I)))


def extra_link_option(text: str) -> str:
    for option, pattern in _EXTRA_LINK_RE.items():
        if pattern.match(text.strip()):
            return option
    return ""


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
    return [" ".join(p.split()).strip(SEPARATORS + ".") for p in pieces if p.strip()]


def _split_affiliation(piece: str) -> tuple[str, str]:
    match = re.search(r"\s*\(([^()]*)\)\s*$", piece)
    if not match:
        return piece.strip(), ""
    return piece[: match.start()].strip(SEPARATORS + "."), match[1].strip()
