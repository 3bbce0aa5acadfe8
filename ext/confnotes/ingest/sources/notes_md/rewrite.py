"""Line by line rewriting of the notes' text: Liquid and kramdown removed (kept in
comments), links made absolute, images moved to ``/gfx``, MyST syntax escaped.

The result is a set of replacements by body line (:class:`Rewrites`); the rendering
step lays them out. Headings of talks are left alone here (their links become options).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .links import (
    SCHEME_RE,
    InlineLink,
    fix_url,
    format_destination,
    gfx_path,
    mask_code_spans,
    scan_links,
)
from .liquid import (
    ADMONITIONS,
    EMBED,
    INCLUDE_CONTENT,
    KRAMDOWN_IAL,
    KRAMDOWN_TOC,
    LIQUID_RE,
    find_liquid_blocks,
)
from .markdown import Body
from .records import ImageRef, ImportOptions, Notes
from .text import TOOL, comment_lines, escape_myst, glue, html_attr, short

__all__ = ["REFERENCE_DEF", "Rewriter", "Rewrites"]

_EMPTY_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s*")
_REFERENCE_DEF_TARGET = re.compile(
    r"^(?P<head>\s{0,3}\[[^\]]+\]:\s*)(?P<dest>[^\s<>]+)(?P<tail>.*)$"
)
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")


@dataclass
class Rewrites:
    """What the rewriting decided, by body line index."""

    replace: dict[int, list[str]] = field(default_factory=dict)  # line -> output lines
    before: dict[int, list[str]] = field(default_factory=dict)  # line -> comments before
    raw_lines: set[int] = field(default_factory=set)  # inside {% raw %}: left as written
    liquid_removed: set[int] = field(default_factory=set)
    liquid_end: dict[int, int] = field(default_factory=dict)  # removed block: first -> last
    images: list[ImageRef] = field(default_factory=list)


@dataclass
class Rewriter:
    body: Body
    options: ImportOptions
    notes: Notes
    out: Rewrites = field(default_factory=Rewrites)

    def highlights(self, found: list[tuple[int, int, str]]) -> None:
        for start, end, tags in found:
            self.out.before[start] = comment_lines(f"{TOOL}: Liquid {tags} made a code block")
            self.notes.at(
                start,
                "liquid",
                f"Liquid highlight block made a code block (to line {self.body.lineno(end)})",
            )

    def comment_before(self, index: int, text: str) -> None:
        start = self.body.block_start.get(index, index)
        self.out.before.setdefault(start, []).extend(comment_lines(text))

    # -- whole-line Liquid blocks -------------------------------------------------

    def liquid_blocks(self) -> None:
        lines = self.body.lines
        for block in find_liquid_blocks(lines, self.body.code_lines):
            span = f"{self.body.lineno(block.start)}-{self.body.lineno(block.end)}"
            if block.tag == "raw":
                for index in (block.start, block.end):
                    rest = LIQUID_RE.sub("", lines[index]).rstrip()
                    note = f"{TOOL}: removed Liquid {lines[index].strip()}"
                    self.out.replace[index] = [
                        *comment_lines(note),
                        *([rest] if rest.strip() else []),
                    ]
                self.out.raw_lines.update(range(block.start + 1, block.end))
                self.notes.at(
                    block.start, "liquid", f"Liquid {{% raw %}} markers removed (lines {span})"
                )
                continue
            what = "comment" if block.tag == "comment" else f"'{block.tag}' block"
            removed = lines[block.start : block.end + 1]
            self.out.replace[block.start] = comment_lines(
                f"{TOOL}: removed Liquid {what} (lines {span}); it has no meaning on this site:",
                *removed,
            )
            for index in range(block.start + 1, block.end + 1):
                self.out.replace[index] = []
            self.out.liquid_removed.update(range(block.start, block.end + 1))
            self.out.liquid_end[block.start] = block.end
            self.notes.at(block.start, "liquid", f"Liquid {what} removed (lines {span})")

    # -- everything else, line by line ---------------------------------------------

    def inline_everywhere(self, talk_lines: set[int]) -> None:
        self._kramdown_toc()
        html_lines = self.body.html_lines()
        for a, b in self.body.html_blocks:
            if not self.out.liquid_removed.intersection(range(a, b)):
                self._html_block(a, b)
        for index, line in enumerate(self.body.lines):
            if index in self.out.replace or index in self.body.code_lines or index in html_lines:
                continue
            if index in talk_lines:
                continue  # its links become directive options
            new = self._inline(line, index)
            if new != line:
                self.out.replace[index] = new if isinstance(new, list) else [new]

    def _kramdown_toc(self) -> None:
        """`* TOC` + `{:toc}`: kramdown's table of contents (the theme shows one)."""
        lines = self.body.lines
        for index in range(1, len(lines)):
            if KRAMDOWN_TOC.match(lines[index]) and re.match(
                r"^\s*[-*+]\s+TOC\s*$", lines[index - 1]
            ):
                if {index - 1, index} & (self.body.code_lines | set(self.out.replace)):
                    continue
                self.out.replace[index - 1] = comment_lines(
                    f"{TOOL}: removed kramdown table of contents:", lines[index - 1], lines[index]
                )
                self.out.replace[index] = []
                self.notes.at(index - 1, "liquid", "kramdown table of contents removed")

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
        new = glue(out)
        if (new.strip() == "" or _EMPTY_ITEM.fullmatch(new)) and not _EMPTY_ITEM.fullmatch(line):
            return ""
        new = self._kramdown_attributes(new, index)
        return self.escape(new, index)

    def escape(self, line: str, index: int | None) -> str:
        """Plain Markdown that MyST would read as a comment, block break or target."""
        escaped, what = escape_myst(line)
        if what:
            self.notes.at(index, "text", f"escaped {what!r} at the line start (MyST syntax)")
        return escaped

    def _inline_text(self, text: str, masked: str, index: int) -> str:
        """Remove inline Liquid outside code spans and links."""
        if index in self.out.raw_lines or "{" not in masked:
            return text
        out: list[str] = []
        last = 0
        for match in LIQUID_RE.finditer(masked):
            tag = text[match.start() : match.end()]
            out.append(text[last : match.start()])
            out.append(self._liquid_inline(tag, index))
            last = match.end()
        out.append(text[last:])
        return glue(out)

    def _liquid_inline(self, tag: str, index: int) -> str:
        include = INCLUDE_CONTENT.match(tag)
        embed = EMBED.match(tag)
        if include:
            self.comment_before(index, f"{TOOL}: Liquid include replaced by its content: {tag}")
            self.notes.at(index, "liquid", f"Liquid include replaced by its text: {short(tag)}")
            return include["text"]
        if embed:
            self.comment_before(index, f"{TOOL}: Liquid embed replaced by a link: {tag}")
            self.notes.at(index, "liquid", f"Liquid embed replaced by a link: {short(tag)}")
            return f"<{embed['url']}>"
        self.comment_before(index, f"{TOOL}: removed Liquid (no meaning on this site): {tag}")
        self.notes.at(index, "liquid", f"Liquid removed: {short(tag)}")
        return ""

    def _kramdown_attributes(self, line: str, index: int) -> str:
        """Jekyll's kramdown `{: .class}` / `{:toc}` attribute lists mean nothing here."""
        masked = mask_code_spans(line)
        found = list(KRAMDOWN_IAL.finditer(masked))
        if not found:
            return line
        for match in reversed(found):
            line = line[: match.start()] + line[match.end() :]
        removed = " ".join(m.group().strip() for m in found)
        self.comment_before(index, f"{TOOL}: removed kramdown attributes {removed}")
        self.notes.at(index, "liquid", f"kramdown attributes removed: {short(removed)}")
        return "" if not line.strip() or _EMPTY_ITEM.fullmatch(line) else line.rstrip()

    def _reference_definition(self, line: str, index: int) -> str | None:
        """`[ref]: target` lines: the same rules as inline links, where possible."""
        match = _REFERENCE_DEF_TARGET.match(line)
        if not match or SCHEME_RE.match(match["dest"]):
            return None
        url, change = fix_url(match["dest"])
        if url:
            self.notes.at(index, "link", f"link target {change}")
            return f"{match['head']}{url}{match['tail']}"
        self.notes.at(
            index, "link", f"link definition to {match['dest']!r} is not a web address", unsure=True
        )
        return None

    def _whole_line_liquid(self, line: str, index: int) -> list[str] | None:
        """A fastpages `{% include note.html content="..." %}` line becomes an admonition."""
        if index in self.out.raw_lines:
            return None
        match = INCLUDE_CONTENT.match(line.strip())
        if line[:1].isspace() or not match:
            return None
        kind = match["kind"].rsplit("/", 1)[-1].lower()
        if kind not in ADMONITIONS:
            return None
        self.notes.at(
            index, "liquid", f"Liquid include {kind}.html turned into a {ADMONITIONS[kind]}"
        )
        return [
            *comment_lines(f"{TOOL}: was {line.strip()}"),
            f":::{{{ADMONITIONS[kind]}}}",
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
        if SCHEME_RE.match(dest) or dest.startswith("mailto:"):
            return f"[{text}]({format_destination(dest, link.title)})"
        url, change = fix_url(dest)
        if url:
            self.notes.at(index, "link", f"link target {change}")
            return f"[{text}]({format_destination(url, link.title)})"
        self.comment_before(
            index, f"{TOOL}: link removed, its target is not a web address: {written}"
        )
        self.notes.at(index, "link", f"link to {dest!r} removed (kept its text)", unsure=True)
        return text

    def _image(self, link: InlineLink, alt: str, index: int) -> str:
        target = gfx_path(link.dest)
        if target is None:
            url, change = fix_url(link.dest)
            if url and change:
                self.notes.at(index, "link", f"image address {change}")
                return f"![{alt}]({format_destination(url, link.title)})"
            self.notes.at(index, "image", f"remote image kept: {link.dest}", unsure=not url)
            return f"![{alt}]({link.dest}{' ' + link.title if link.title else ''})"
        files = self.options.gfx_files
        exists = None if files is None else target.removeprefix("/gfx/") in files
        self.out.images.append(ImageRef(self.body.lineno(index), link.dest, target, exists))
        status = {True: "", False: " (MISSING in gfx/)", None: ""}[exists]
        self.notes.at(
            index, "image", f"image {link.dest} -> {target}{status}", unsure=exists is False
        )
        if target.lstrip("/") != link.dest.lstrip("/"):
            self.comment_before(index, f"{TOOL}: image path was {link.dest}")
        return f"![{alt}]({format_destination(target, link.title)})"

    def _html_block(self, start: int, end: int) -> None:
        """`<img src=...>` blocks become Markdown images (raw HTML would not find /gfx)."""
        block = "\n".join(self.body.lines[start:end])
        images = list(re.finditer(r"<img\b[^>]*>", block, re.IGNORECASE))
        if not images:
            if LIQUID_RE.search(block):
                self.notes.at(
                    start, "liquid", "Liquid inside an HTML block left as is", unsure=True
                )
            return
        rest = re.sub(r"<img\b[^>]*>|</?(?:p|div|center|figure|a)\b[^>]*>", "", block)
        if rest.strip():
            self.notes.at(start, "image", "image inside an HTML block left as is", unsure=True)
            return
        new = comment_lines(f"{TOOL}: HTML image(s) converted:", *block.split("\n"))
        for tag in images:
            src = html_attr(tag.group(), "src")
            alt = html_attr(tag.group(), "alt")
            if src is None:
                continue
            link = InlineLink(0, 0, True, alt or "", src, "")
            new += ["", self._image(link, alt or "", start)]
        self.out.replace[start] = [*new, ""]
        for index in range(start + 1, end):
            self.out.replace[index] = []
