"""Jekyll/fastpages front matter: the YAML block between ``---`` lines at the top."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .liquid import LIQUID_RE
from .records import ConversionError
from .text import one_line

__all__ = ["FrontMatter", "as_list", "flatten_value", "is_plain", "parse_front_matter", "values"]

_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    end: int  # index of the first body line
    lenient: bool = False
    raw: dict[str, str] = field(default_factory=dict)  # key -> its lines as written
    raw_lines: tuple[str, ...] = ()  # the front matter between the --- lines

    def line(self, key: str) -> int:
        """1-based input line of a top-level key (the '---' line counts as 1)."""
        for number, text in enumerate(self.raw_lines, start=2):
            match = _FM_LINE.match(text)
            if match and match[1] == key:
                return number
        return 1


def _span(lines: list[str]) -> tuple[int, int] | None:
    """(index of the opening '---', index after the closing line), if there is one."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, min(len(lines), 300)):
        if lines[i].rstrip() in ("---", "..."):
            return 0, i + 1
    return None


def _lenient(lines: list[str]) -> dict[str, Any] | None:
    """`key: value` lines that YAML refused because of Liquid in a value: keep them as text."""
    if not LIQUID_RE.search("\n".join(lines)):
        return None
    data: dict[str, Any] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FM_LINE.match(line)
        if not match:
            return None
        data[match[1]] = match[2].strip().strip("\"'")
    return data


def parse_front_matter(lines: list[str]) -> FrontMatter | None:
    span = _span(lines)
    if span is None:
        return None
    inner = lines[1 : span[1] - 1]
    try:
        data = yaml.safe_load("\n".join(inner))
    except yaml.YAMLError as err:
        lenient = _lenient(inner)
        if lenient is None:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(err, "problem", None) or "syntax error"
            raise ConversionError(
                f"the front matter (lines 1-{span[1]}) is not valid YAML: {problem}", line
            ) from None
        return FrontMatter(
            lenient, span[1], lenient=True, raw=_raw_entries(inner), raw_lines=tuple(inner)
        )
    if data is None:
        # Nothing but YAML comments: more likely a rule, a heading and a rule
        # ('---', '## 9:00', '---') than front matter; keep it as Markdown.
        return None if any(line.strip() for line in inner) else FrontMatter({}, span[1])
    if not isinstance(data, dict):
        return None  # '---' then text then '---': a rule and a heading, not front matter
    return FrontMatter(
        {str(k): v for k, v in data.items()},
        span[1],
        raw=_raw_entries(inner),
        raw_lines=tuple(inner),
    )


def _raw_entries(lines: list[str]) -> dict[str, str]:
    """Each top-level key's lines as written ('toc: true', not Python's True)."""
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = _FM_LINE.match(line)
        if match:
            current = entries.setdefault(match[1], [])
        if current is not None and line.strip():
            current.append(line.strip())
    return {key: " ".join(value) for key, value in entries.items()}


def values(lines: list[str]) -> list[str]:
    """The front matter as written, without the top-level keys."""
    return [m[2] if (m := _FM_LINE.match(line)) else line for line in lines]


def flatten_value(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k} {flatten_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " ".join(flatten_value(v) for v in value)
    return "" if value is None else str(value)


def is_plain(value: Any) -> bool:
    scalar = (str, int, float, dt.date)
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, scalar) for v in value)
    return isinstance(value, scalar) and str(value).strip() != ""


def as_list(value: Any, *, split_words: bool = False) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [one_line(str(v)) for v in value if v is not None and str(v).strip()]
    text = str(value)
    if "," in text or ";" in text:
        return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    return text.split() if split_words else [text.strip()] if text.strip() else []
