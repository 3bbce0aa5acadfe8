"""The one error type every ingest source raises for input it cannot use."""

from __future__ import annotations


class SourceError(ValueError):
    """Unusable input; the message names what was expected (and where, if known)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message, self.line, self.column = message, line, column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)
