"""Links in the notes: which targets are web addresses, where images live on the site,
and a scanner for inline links that leaves code spans alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from .liquid import LIQUID_RE

__all__ = [
    "SCHEME_RE",
    "InlineLink",
    "fix_url",
    "format_destination",
    "gfx_path",
    "is_schemeless_web_address",
    "mask_code_spans",
    "scan_links",
]

SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DOMAIN_RE = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,63})(?::\d+)?(?:[/?#]|$)",
    re.IGNORECASE,
)
# 'notes.md' is a file, not a site: suffixes that are no top-level domain people link to
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


def is_schemeless_web_address(target: str) -> bool:
    """'tinyurl.com/abc' or 'www.example.org' (but not 'notes.md')."""
    match = _DOMAIN_RE.match(target)
    return match is not None and match["tld"].lower() not in _FILE_SUFFIXES


def fix_url(target: str) -> tuple[str, str]:
    """(usable http(s) URL or '', note about a change)."""
    target = target.strip()
    if not target or LIQUID_RE.search(unquote(target)):
        return "", ""
    if SCHEME_RE.match(target):
        scheme = target.split(":", 1)[0].lower()
        return (target, "") if scheme in ("http", "https") else ("", "")
    if target.startswith("//"):
        return "https:" + target, f"'{target}' -> 'https:{target}'"
    if is_schemeless_web_address(target):
        return "https://" + target, f"added https:// to '{target}'"
    return "", ""


def gfx_path(src: str) -> str | None:
    """Where an image of the notes lives on the site: '/gfx/...', or None if remote."""
    plain = LIQUID_RE.sub("", src).strip()
    if SCHEME_RE.match(plain) or plain.startswith("//"):
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


# -- inline scanning -------------------------------------------------------------------


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
    return LIQUID_RE.sub(lambda m: "\x01" * len(m.group()), text)


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


def format_destination(dest: str, title: str) -> str:
    shown = f"<{dest}>" if re.search(r"[\s()<>]", dest) else dest
    return f"{shown} {title}" if title else shown
