"""Jekyll's template language (Liquid) and kramdown syntax: found, so it can be removed
or turned into its MyST equivalent, with what was removed kept in a comment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ADMONITIONS",
    "EMBED",
    "INCLUDE_CONTENT",
    "KRAMDOWN_IAL",
    "KRAMDOWN_TOC",
    "LIQUID_RE",
    "LiquidBlock",
    "find_liquid_blocks",
    "highlight_to_fences",
]

LIQUID_RE = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.DOTALL)
_BLOCK_TAGS = frozenset({"for", "if", "unless", "case", "capture", "comment", "tablerow", "raw"})
_TAG_NAME = re.compile(r"\{%-?\s*(\w+)")
INCLUDE_CONTENT = re.compile(
    r"^\{%-?\s*include\s+(?P<kind>[\w.-]+?)(?:\.html)?\s+(?:content|text)\s*=\s*(?P<q>[\"'])(?P<text>.*)(?P=q)\s*-?%\}$",
    re.DOTALL,
)
EMBED = re.compile(r"^\{%-?\s*(?:twitter|youtube|video|vimeo)\s+(?P<url>\S+)\s*-?%\}$")
ADMONITIONS = {
    "note": "note",
    "info": "note",
    "tip": "tip",
    "warning": "warning",
    "alert": "warning",
    "important": "important",
}
KRAMDOWN_TOC = re.compile(r"^\s*\{:\s*\.?toc\s*\}\s*$")
KRAMDOWN_IAL = re.compile(r"\s*\{:[^{}\n]*\}")
_HIGHLIGHT_START = re.compile(r"^\s*\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%\}\s*$")
_HIGHLIGHT_END = re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")


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
        match = _TAG_NAME.match(lines[i].lstrip())
        if i in code or not match or match[1] not in _BLOCK_TAGS:
            i += 1
            continue
        end = _block_end(lines, i, match[1])
        if end is None:
            i += 1
            continue
        blocks.append(LiquidBlock(i, end, match[1]))
        i = end + 1
    return blocks


def _block_end(lines: Sequence[str], start: int, tag: str) -> int | None:
    depth = 0
    opaque = tag in ("raw", "comment")
    for index in range(start, min(len(lines), start + 2000)):
        line = lines[index]
        for match in _TAG_NAME.finditer(line):
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
            opening = _HIGHLIGHT_START.match(lines[start])
            assert opening is not None  # it matched when start was set
            out[start], out[index] = "`" * ticks + opening["lang"], "`" * ticks
            found.append((start, index, f"{lines[start].strip()} ... {line.strip()}"))
            start = None
    return out, found
