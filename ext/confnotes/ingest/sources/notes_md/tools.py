"""Mark tool mentions (``{tool}`pandas```) with the site's own registry, and list
names that look like tools but are not in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....registry import Registry, normalise
from .links import mask_code_spans, scan_links
from .liquid import LIQUID_RE
from .records import ToolCandidate

__all__ = ["ToolMarker"]

_PROTECTED_RE = re.compile(
    r"\x00+"  # masked code spans
    r"|<[^<>\n]*>"  # autolinks and inline HTML
    r"|\{[\w:+-]+\}`[^`]*`"  # existing roles
    r"|\b[a-z][a-z0-9+.-]*://\S+"  # URLs
    r"|(?<![\w@])(?:www\.)?[\w-]+(?:\.[\w-]+)+/\S*"  # scheme-less URLs
    r"|\S+@\S+\.\w+",  # e-mail addresses
    re.IGNORECASE,
)
_CAMEL_RE = re.compile(r"(?<![\w./-])([A-Za-z]*[a-z][A-Z][A-Za-z0-9]*)(?![\w/-]|\.\w)")
_LIST_LEAD_RE = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])\s+([a-z][a-z0-9_-]*[a-z0-9])(?:\s*[.:]\s|\s+-\s|\s*$)"
)
_NOT_TOOLS = frozenset(
    ["iphone", "ipad", "ebay", "macos", "ios", "youtube", "linkedin", "facebook", "mckinsey"]
)


@dataclass
class ToolMarker:
    registry: Registry
    mode: str = "first"  # mark the first mention per talk, or "all"
    marked: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, id)
    candidates: dict[str, list[int]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Every registered spelling (id, name, alias, package) is a valid target.
        names = {n for tool in self.registry.tools.values() for n in tool.names()}
        names = {" ".join(n.split()) for n in names if n.strip()}
        if names:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            self.pattern = re.compile(
                rf"(?<![\w\-./@#`{{])(?:{alternatives})(?![\w\-@`]|[./]\w)", re.IGNORECASE
            )

    def mark(self, line: str, lineno: int, seen: set[str]) -> str:
        masked = mask_code_spans(line)
        protected = self._protected(line, masked)
        self._collect_candidates(masked, protected, lineno)
        if self.pattern is None:
            return line
        out: list[str] = []
        last = 0
        for match in self.pattern.finditer(line):
            if any(a <= match.start() < b or a < match.end() <= b for a, b in protected):
                continue
            tool = self.registry.find(match.group())
            if tool is None or (self.mode == "first" and tool.id in seen):
                continue
            seen.add(tool.id)
            text = match.group()
            out.append(line[last : match.start()] + f"{{tool}}`{text}`")
            last = match.end()
            self.marked.append((lineno, text, tool.id))
        out.append(line[last:])
        return "".join(out)

    def _protected(self, line: str, masked: str) -> list[tuple[int, int]]:
        spans = [(link.start, link.end) for link in scan_links(line, masked)]
        spans += [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(masked)]
        spans += [(m.start(), m.end()) for m in LIQUID_RE.finditer(line)]
        return spans

    def _collect_candidates(
        self, masked: str, protected: list[tuple[int, int]], lineno: int
    ) -> None:
        found = list(_CAMEL_RE.finditer(masked))
        lead = _LIST_LEAD_RE.match(masked)
        for match in [*found, *([lead] if lead else [])]:
            start = match.start(1)
            if any(a <= start < b for a, b in protected):
                continue
            name = match[1]
            key = normalise(name)
            if key in self.registry.lookup or key in _NOT_TOOLS or len(name) < 3:
                continue
            self.candidates.setdefault(name, []).append(lineno)

    def candidate_list(self, limit: int = 40) -> list[ToolCandidate]:
        merged: dict[str, list[int]] = {}
        shown: dict[str, str] = {}
        for name, lines in self.candidates.items():
            key = normalise(name)
            merged.setdefault(key, []).extend(lines)
            shown.setdefault(key, name)
        ordered = sorted(merged.items(), key=lambda item: min(item[1]))
        return [ToolCandidate(shown[k], min(v), len(v)) for k, v in ordered[:limit]]
