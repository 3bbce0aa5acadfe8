"""The notes' Markdown structure (markdown-it tokens): headings, code, HTML blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

if TYPE_CHECKING:
    from .headings import TalkHeading

__all__ = ["Body", "Heading", "LinkPart", "Part", "TextPart", "parse_body"]


@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class LinkPart:
    text: str
    href: str


Part = TextPart | LinkPart

# What a heading is in the page, decided by the outline step.
ROLES = ("plain", "title", "talk", "break", "series", "subsection", "removed")


@dataclass
class Heading:
    """A heading of the notes. ``role``, ``talk`` and ``out_level`` are filled in by
    the outline step (headings are classified in several passes that see each other)."""

    line: int  # body line index
    end: int  # exclusive
    level: int
    setext: bool
    content: str  # raw inline source
    parts: list[Part]
    role: str = "plain"  # one of ROLES
    talk: TalkHeading | None = None
    out_level: int = 0


@dataclass(frozen=True)
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

    def html_lines(self) -> set[int]:
        return {i for a, b in self.html_blocks for i in range(a, b)}


def parse_body(lines: list[str], offset: int) -> Body:
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
                    parts=parts(inline.children or []),
                )
            )
    return Body(lines, offset, tokens, headings, code, html, starts)


def parts(children: Sequence[Token]) -> list[Part]:
    """Heading inline tokens as plain text runs and links (markup dropped)."""
    found: list[Part] = []
    link: tuple[str, list[str]] | None = None
    text: list[str] = []

    def flush() -> None:
        if text:
            found.append(TextPart("".join(text)))
            text.clear()

    for child in children:
        if child.type == "link_open":
            flush()
            link = (str(child.attrGet("href") or ""), [])
        elif child.type == "link_close" and link is not None:
            found.append(LinkPart(" ".join("".join(link[1]).split()), link[0]))
            link = None
        else:
            piece = _inline_text(child)
            (link[1] if link is not None else text).append(piece)
    if link is not None:  # unbalanced: keep its text
        text.extend(link[1])
    flush()
    return found


def _inline_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return token.content
    return ""


def parts_text(found: Sequence[Part]) -> str:
    return " ".join(" ".join(p.text.split()) for p in found).strip()
