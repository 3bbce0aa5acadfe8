"""Small text helpers the importer's steps share."""

from __future__ import annotations

import re
import unicodedata

from .records import TOOL

__all__ = [
    "TOOL",
    "comment_lines",
    "escape_myst",
    "fold",
    "glue",
    "html_attr",
    "one_line",
    "short",
]

# Plain Markdown that MyST would read as a comment, block break or target at a line start.
_ESCAPE_RE = re.compile(r"^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+|>\s*)*)(%|\+\+\+|\(\S*\)=)")


def escape_myst(line: str) -> tuple[str, str]:
    """(the line with such syntax escaped, what was escaped or '')."""
    match = _ESCAPE_RE.match(line)
    if not match:
        return line, ""
    return f"{line[: match.start(2)]}\\{line[match.start(2) :]}", match[2]


def comment_lines(*texts: str) -> list[str]:
    out: list[str] = []
    for text in texts:
        for line in text.split("\n"):
            out.append(f"% {line}".rstrip())
    return out


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def one_line(text: object) -> str:
    """Whitespace folded; the notes are the author's own text (not escaped)."""
    return " ".join(str(text).split())


def glue(pieces: list[str]) -> str:
    """Join rewritten pieces of a line; a space where two words would run together."""
    out = ""
    for piece in pieces:
        if out and piece and out[-1].isalnum() and piece[0].isalnum():
            out += " "
        out += piece
    return out


def html_attr(tag: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", tag, re.IGNORECASE)
    if not match:
        return None
    return next(g for g in match.groups() if g is not None)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """For comparing names: case-insensitive, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
