"""Read a report page people edit: where its report block and talk cards are, line by
line, so a merge can change the lines it owns and leave every other byte alone.

The scanner follows the block rules MyST uses (markdown-it's fences and mdit-py-plugins'
colon fences): a fence opens at up to three spaces of indentation and is closed by a
line of at least as many of the same characters and nothing else; a code fence hides
what is inside it. Only cards at the top level of the page are read; a card elsewhere
(inside a list, a quote or another directive) and a card whose fence never closes are
reported as problems and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from myst_parser.parsers.options import TokenizeError, options_to_items

from ..model import Talk, split_list
from . import writer
from .writer import TALK_OPTIONS

__all__ = [
    "Card",
    "Edits",
    "Page",
    "card_talk",
    "insert_after",
    "option_text",
    "read_page",
    "split_lines",
]

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.+-]+)\}\s*(?P<arg>.*?)\s*$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):(?:\s(?P<value>.*))?$")
_PLAIN = re.compile(r"^[\w./:()&+,;@%?=~$*!’-][^#\"']*$")  # no quote, no comment
_NESTED = re.compile(r"^\s*(?:[-*+>]|\d+[.)])?\s*(?:`{3,}|~{3,}|:{3,})\{talk\}")


@dataclass
class Card:
    """A top-level ``{talk}`` or ``{report}`` block. Line numbers are 0-based indexes
    into the page's lines; ``end`` is the closing fence's line."""

    name: str
    start: int
    end: int
    fence: str
    argument: str
    options: dict[str, str] = field(default_factory=dict)  # as MyST reads them
    option_lines: dict[str, int] = field(default_factory=dict)
    options_end: int = 0  # the line after the last option line
    abstract: tuple[int, int] | None = None  # (start, end) lines of an {abstract} block


@dataclass
class Page:
    lines: list[str]  # without line ends
    newline: str  # "\n" or "\r\n", as the page writes it
    final_newline: bool
    report: Card | None
    cards: list[Card]
    problems: list[str]  # "line N: ..." for what the scanner leaves alone

    def text(self, lines: list[str] | None = None) -> str:
        body = self.newline.join(self.lines if lines is None else lines)
        return body + (self.newline if self.final_newline else "")


def split_lines(text: str) -> tuple[list[str], str, bool]:
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or len(text)] else "\n"
    final = text.endswith("\n")
    body = text[: -len(newline)] if final and text.endswith(newline) else text.rstrip("\n")
    lines = body.split(newline) if body else []
    return lines, newline, final


def read_page(text: str) -> Page:
    lines, newline, final = split_lines(text)
    cards: list[Card] = []
    problems: list[str] = []
    report: Card | None = None
    i = 0
    while i < len(lines):
        opened = _OPEN.match(lines[i])
        if not opened:
            if _NESTED.match(lines[i]) and lines[i][:1] in " >-*+0123456789\t":
                problems.append(f"line {i + 1}: a talk card not at the top level; left alone")
            i += 1
            continue
        fence = opened["fence"]
        end = _closing(lines, i + 1, fence)
        directive = _DIRECTIVE.match(opened["info"]) if fence[0] != "~" else None
        name = directive["name"] if directive else ""
        if end is None:
            if name == "talk":
                problems.append(f"line {i + 1}: talk card without its closing {fence}; left alone")
            break  # an unclosed fence runs to the end of the page
        if name == "talk" and opened["indent"]:
            # indented: inside a list item, as often as not; not ours to edit
            problems.append(f"line {i + 1}: a talk card not at the top level; left alone")
        elif name in ("talk", "report"):
            card = _card(lines, i, end, fence, name, directive["arg"] if directive else "")
            if name == "report":
                report = report or card
            else:
                cards.append(card)
        elif name:  # another directive: a card inside it is not ours to edit
            for j in range(i + 1, end):
                if _NESTED.match(lines[j]):
                    problems.append(
                        f"line {j + 1}: a talk card inside a {{{name}}} block; left alone"
                    )
        i = end + 1
    return Page(lines, newline, final, report, cards, problems)


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    char, length = fence[0], len(fence)
    for j in range(start, len(lines)):
        line = lines[j]
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3 or not stripped.startswith(char * length):
            continue
        if not stripped.rstrip(" \t").strip(char):
            return j
    return None


def _card(lines: list[str], start: int, end: int, fence: str, name: str, argument: str) -> Card:
    card = Card(name, start, end, fence, argument)
    j = start + 1
    while j < end and lines[j].lstrip().startswith(":") and not lines[j].lstrip().startswith(":::"):
        match = _OPTION.match(lines[j].strip())
        if match:
            card.options[match["key"]] = option_text(match["value"] or "")
            card.option_lines[match["key"]] = j
        j += 1
    card.options_end = j
    if name == "talk":
        card.abstract = _abstract(lines, j, end)
    return card


def _abstract(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The card's own ``{abstract}`` block: the first directive in its body."""
    for k in range(start, end):
        opened = _OPEN.match(lines[k])
        if not opened:
            continue
        directive = _DIRECTIVE.match(opened["info"])
        closing = _closing(lines, k + 1, opened["fence"])
        if directive and directive["name"] == "abstract" and closing is not None and closing < end:
            return k, closing
        return None  # the notes start with something else: not the programme's block
    return None


def option_text(value: str) -> str:
    """An option value as MyST's option parser reads it (quotes, escapes, comments)."""
    value = value.strip()
    if not value or _PLAIN.match(value):
        return value
    try:
        items, _ = options_to_items(f"key: {value}")
    except TokenizeError:
        return value
    return items[0][1] if items else ""


@dataclass
class Edits:
    """Line edits: replace a line by lines ([] deletes it), or insert after a line."""

    replace: dict[int, list[str]] = field(default_factory=dict)
    after: dict[int, list[str]] = field(default_factory=dict)
    before: dict[int, list[str]] = field(default_factory=dict)

    def apply(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for index, line in enumerate(lines):
            out += self.before.get(index, [])
            out += self.replace.get(index, [line])
            out += self.after.get(index, [])
        out += self.before.get(len(lines), [])
        return out


def insert_after(card: Card, key: str) -> int:
    """The line a new option goes after: the last one before it in the writer's order."""
    order = (*TALK_OPTIONS, "programme")
    earlier = [card.option_lines[k] for k in order[: order.index(key)] if k in card.option_lines]
    if key == "programme" or not earlier:
        return max([card.start, *card.option_lines.values()]) if key == "programme" else card.start
    return max(earlier)


def card_talk(page: Page, card: Card) -> Talk:
    """A card as a model record (for matching): what its options say, dated by its
    ``:date:`` or the report's first day."""
    report = page.report.options if page.report else {}
    first = report.get("date", "").replace("..", "/").partition("/")[0].strip()
    options = card.options
    return Talk(
        id=options.get("id", ""), docname="", lineno=card.start + 1,
        title=writer.one_line(card.argument),
        speakers=split_list(options.get("speaker", "")),
        link=options.get("link", ""), video=options.get("video", ""),
        slides=options.get("slides", ""), status=options.get("status", "").lower(),
        start=options.get("date", "") or first,
        programme_id=writer.read_marker(options.get("programme", ""))[0],
    )  # fmt: skip
