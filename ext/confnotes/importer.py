"""Compatibility name: the Markdown-notes importer now lives in :mod:`confnotes.ingest.sources.notes_md`."""

from __future__ import annotations

from .ingest.sources.notes_md import *  # noqa: F403
from .ingest.sources.notes_md import (  # noqa: F401  (names tests and tools import)
    BreakHeading,
    TalkHeading,
    parse_heading,
)
