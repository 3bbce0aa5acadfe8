"""THE MyST writer: renders model records as report pages and merges them into pages people edit.

Untrusted text (titles, names, rooms, abstracts) goes to the page in two shapes only:
one-line option values and directive arguments (which the talk directive reads as plain
text, never as markup), and the body of an ``{abstract}`` block, which the directive
shows as literal text. The only structure the parser could misread there is a closing
fence, so the fence is made longer than any colon run in the text. ``one_line`` is
the one place text is made safe.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ..model import Programme, Report, Talk, clean_text

__all__ = [
    "MergeResult",
    "directive_lines",
    "longest_colon_fence",
    "merge_page",
    "one_line",
    "render_page",
    "tidy",
]

# Options of a talk card the programme owns; any other option belongs to the author.
PROGRAMME_OPTIONS = (
    "time",
    "date",
    "speaker",
    "room",
    "track",
    "kind",
    "language",
    "link",
    "status",
)


def one_line(value: str) -> str:
    """Text as the directive will show it: control characters dropped, whitespace folded,
    bidi overrides closed, so writing and reading agree exactly."""
    return clean_text(value)[0]


def option_value(value: str) -> str:
    """Quote a directive option value when MyST's option parser would misread it."""
    if re.search(r"\s#|^[\"'|>\[{&*!%@`]|^\s|\s$|:\s|^-", value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def directive_lines(
    name: str, argument: str, fence: str, options: Iterable[tuple[str, str]], body: list[str]
) -> list[str]:
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [f":{key}: {option_value(value)}" for key, value in options if value]
    if body:
        lines += ["", *body]
    return [*lines, fence]


_COLONS = re.compile(r"^\s*(:{3,})")


def longest_colon_fence(lines: Sequence[str]) -> int:
    longest = 0
    for line in lines:
        match = _COLONS.match(line)
        if match:
            longest = max(longest, len(match[1]))
    return longest


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


# -- programme pages -----------------------------------------------------------------


def abstract_lines(text: str) -> list[str]:
    """The abstract's lines, safe as the raw body of an ``{abstract}`` block."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # control characters other than tab would be dropped (with a warning) by the reader
        lines.append(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", line).rstrip())
    return trim_blank(lines)


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
    ]


def talk_options(talk: Talk, several_days: bool) -> list[tuple[str, str]]:
    day = talk.start[:10] if several_days else ""
    return [
        ("time", talk.time),
        ("date", day),
        ("speaker", "; ".join(one_line(s).replace(";", ",") for s in talk.speakers)),
        ("room", one_line(talk.room)),
        ("track", one_line(talk.track)),
        ("kind", talk.kind),
        ("language", talk.language),
        ("link", talk.link),
        ("video", talk.video),
        ("slides", talk.slides),
        ("code", talk.code),
        ("status", talk.status),
    ]


def _digest(options: Iterable[tuple[str, str]]) -> str:
    owned = [(k, v) for k, v in options if k in PROGRAMME_OPTIONS and v]
    return hashlib.sha1(repr(owned).encode("utf-8")).hexdigest()[:8]


def talk_block(talk: Talk, several_days: bool) -> list[str]:
    options = talk_options(talk, several_days)
    options.append(("programme", f"{one_line(talk.programme_id)} ({_digest(options)})"))
    body = abstract_lines(talk.abstract)
    inner: list[str] = []
    if body:
        afence = ":" * max(3, longest_colon_fence(body) + 1)
        inner = [f"{afence}{{abstract}}", ":format: text", "", *body, afence]
    fence = ":" * max(4, longest_colon_fence(inner) + 1)
    return directive_lines("talk", one_line(talk.title), fence, options, inner)


def several_days(programme: Programme) -> bool:
    return len({t.start[:10] for t in programme.talks if t.start}) > 1


def render_page(programme: Programme) -> str:
    report = programme.report
    lines = [f"# {_heading(report.title)}", ""]
    lines += directive_lines("report", "", ":::", report_options(report), [])
    lines += ["", "## Talks", ""]
    days = several_days(programme)
    for talk in programme.talks:
        lines += [*talk_block(talk, days), ""]
    return tidy(lines)


def _heading(title: str) -> str:
    # A heading's text is parsed inline: escape every ASCII punctuation character.
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", one_line(title)) or "Programme"


# -- merging -------------------------------------------------------------------------

_HEAD = re.compile(r"^(?P<fence>:{3,})\{talk\}(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):(?: (?P<value>.*))?$")


@dataclass
class Block:
    start: int  # line index of the head
    end: int  # line index of the closing fence
    options: dict[str, str]
    option_lines: dict[str, int]
    programme_id: str
    digest: str


@dataclass
class MergeResult:
    text: str
    matched: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def find_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    problems: list[str] = []
    i = 0
    while i < len(lines):
        head = _HEAD.match(lines[i])
        if not head:
            i += 1
            continue
        fence = head["fence"]
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence), None)
        if end is None:
            problems.append(f"line {i + 1}: talk block without its closing {fence}; left alone")
            break
        options: dict[str, str] = {}
        where: dict[str, int] = {}
        for j in range(i + 1, end):
            match = _OPTION.match(lines[j])
            if not match:
                break
            options[match["key"]] = _unquote(match["value"] or "")
            where[match["key"]] = j
        pid, _, rest = options.get("programme", "").partition(" ")
        blocks.append(Block(i, end, options, where, pid, rest.strip("()")))
        i = end + 1
    return blocks, problems


def merge_page(existing: str, programme: Programme) -> MergeResult:
    """Merge the programme into a page: only programme-owned option lines change."""
    lines = existing.split("\n")
    blocks, problems = find_blocks(lines)
    result = MergeResult("")
    result.unsure.extend(problems)
    days = several_days(programme) or any("date" in b.options for b in blocks)
    by_id = {b.programme_id: b for b in blocks if b.programme_id}
    wanted = {t.programme_id: t for t in programme.talks}
    edits: dict[int, list[str]] = {}  # line index -> replacement lines
    inserts: dict[int, list[str]] = {}  # insert before line index
    for talk in programme.talks:
        block = by_id.get(talk.programme_id)
        if block is None:
            continue
        result.matched.append(talk.title)
        new = dict(talk_options(talk, days))
        new_title = one_line(talk.title)
        untouched = block.digest == _digest(
            [(k, block.options.get(k, "")) for k in PROGRAMME_OPTIONS]
        )
        changed_lines: dict[int, list[str]] = {}
        extra: list[str] = []
        for key in PROGRAMME_OPTIONS:
            old, value = block.options.get(key, ""), new.get(key, "")
            if old == value:
                continue
            if not untouched and key in block.options:
                result.conflicts.append(
                    f"{talk.title}: :{key}: {old!r} kept (programme: {value!r})"
                )
                continue
            if key in block.option_lines:
                changed_lines[block.option_lines[key]] = (
                    [f":{key}: {option_value(value)}"] if value else []
                )
            elif value:
                extra.append(f":{key}: {option_value(value)}")
        head = _HEAD.match(lines[block.start])
        assert head is not None
        if head["arg"].strip() != new_title and _unquote(head["arg"].strip()) != new_title:
            if untouched:
                changed_lines[block.start] = [f"{head['fence']}{{talk}} {new_title}"]
            else:
                result.conflicts.append(f"{talk.title}: title {head['arg'].strip()!r} kept")
        if changed_lines or extra:
            options = dict(block.options)
            options.update(
                {
                    k: v
                    for k, v in new.items()
                    if k in PROGRAMME_OPTIONS and (untouched or k not in block.options)
                }
            )
            digest = _digest([(k, options.get(k, "")) for k in PROGRAMME_OPTIONS])
            pline = block.option_lines.get("programme")
            marker = f":programme: {option_value(f'{talk.programme_id} ({digest})')}"
            if pline is not None:
                changed_lines[pline] = [marker]
            else:
                extra.append(marker)
            if extra:
                last = max(block.option_lines.values(), default=block.start)
                changed_lines[last] = [*changed_lines.get(last, [lines[last]]), *extra]
            edits.update(changed_lines)
            result.updated.append(talk.title)
    # Vanished talks: marked cancelled, never deleted.
    for block in blocks:
        if (
            block.programme_id
            and block.programme_id not in wanted
            and block.options.get("status") != "cancelled"
        ):
            at = block.option_lines.get("status")
            line = ":status: cancelled"
            if at is not None:
                edits[at] = [line]
            else:
                last = max(block.option_lines.values(), default=block.start)
                edits[last] = [*edits.get(last, [lines[last]]), line]
            result.cancelled.append(block.options.get("programme", ""))
    # New talks: before the first block that starts later, else after the last block.
    ordered = sorted((b for b in blocks if b.programme_id in wanted), key=lambda b: b.start)
    for talk in programme.talks:
        if talk.programme_id in by_id:
            continue
        result.added.append(talk.title)
        later = next((b for b in ordered if wanted[b.programme_id].start > talk.start), None)
        new_lines = [*talk_block(talk, days), ""]
        if later is not None:
            inserts.setdefault(later.start, []).extend(new_lines)
        else:
            at = (blocks[-1].end + 1) if blocks else len(lines)
            inserts.setdefault(at, []).extend(["", *new_lines] if at == len(lines) else new_lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        out.extend(inserts.get(index, []))
        out.extend(edits.get(index, [line]))
    out.extend(inserts.get(len(lines), []))
    if len(lines) in inserts and out and out[-1] == "":
        pass
    result.text = "\n".join(out)
    return result
