"""The one error type every ingest step raises for input it cannot use."""

from __future__ import annotations


class SourceError(ValueError):
    """Unusable input: one line naming what was expected (and where, if known).
    The command prints it and exits with status 2, having written nothing."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message, self.line, self.column = message, line, column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)
