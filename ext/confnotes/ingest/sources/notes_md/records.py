"""What the Markdown-notes importer gives back: the page, the talks and its findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ....model import Report, Talk
from ....registry import Registry

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
    tools: Registry | None = None  # the site's tool registry (confnotes.registry)
    tool_mentions: str = "first"  # "first" per talk (and once in the prose), or "all"
    gfx_files: frozenset[str] | None = None  # paths under /gfx that exist; None: unchecked


@dataclass
class Notes:
    """The findings, collected in the order the steps make them (the summary keeps it
    within a line). ``offset`` maps a body line index to its 1-based input line."""

    offset: int = 0
    findings: list[Finding] = field(default_factory=list)

    def at(self, index: int | None, kind: str, message: str, *, unsure: bool = False) -> None:
        """A finding at a body line index (None: about the whole file)."""
        line = self.offset + index + 1 if index is not None else None
        self.findings.append(Finding(line, kind, message, unsure))

    def at_input(self, line: int, kind: str, message: str, *, unsure: bool = False) -> None:
        """A finding at a 1-based input line (e.g. in the front matter)."""
        self.findings.append(Finding(line, kind, message, unsure))


@dataclass
class ImportResult:
    text: str
    title: str
    metadata: dict[str, str]  # the report block's options, as written
    report: Report
    talks: list[Talk]  # lineno: the talk heading's input line
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
        cancelled = sum(1 for t in self.talks if t.cancelled)
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
