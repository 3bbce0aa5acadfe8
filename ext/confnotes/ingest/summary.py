"""What a command prints on stderr: a progress bar for long inputs on a terminal, and
the summary table at the end (every change and conflict listed under it)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

__all__ = ["Progress", "table"]


class Progress:
    """``progress(done, total)``: a bar on a terminal, once the input is long; silent
    otherwise (pipes, files, tests)."""

    def __init__(self, what: str, stream: TextIO | None = None, minimum: int = 50) -> None:
        self.what, self.stream, self.minimum = what, stream or sys.stderr, minimum
        self.shown = False
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum or not self.stream.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        if filled == self.last and done != total:
            return
        self.last = filled
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.what} [{bar}] {done}/{total}")
        self.shown = True
        if done >= total:
            self.done()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def table(title: str, rows: Sequence[tuple[str, Sequence[str]]], details: Sequence[str]) -> str:
    """The summary: one row per kind of outcome (count and the first few names), then
    every detail line."""
    lines = [title, f"  {'what':<10} {'count':>5}  examples"]
    for what, items in rows:
        shown = "; ".join(items[:3]) + (" ..." if len(items) > 3 else "")
        lines.append(f"  {what:<10} {len(items):>5}  {shown}".rstrip())
    lines += [f"  {line}" for line in details]
    return "\n".join(lines) + "\n"
