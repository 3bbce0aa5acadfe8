"""The "nothing is lost" check: every word of the notes appears in the page."""

from __future__ import annotations

import re

from . import front_matter
from .records import ConversionError
from .text import normalise_newlines

__all__ = ["CONNECTORS", "lost_words", "words"]

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
    lines = normalise_newlines(source.removeprefix("\ufeff")).split("\n")
    try:
        front = front_matter.parse_front_matter(lines)
    except ConversionError:
        front = None
    if front is not None:
        lines = [*front_matter.values(lines[1 : front.end - 1]), *lines[front.end :]]
    return words("\n".join(lines)) - words(output) - CONNECTORS
