"""Warning subtypes (one place, so users can silence them with ``suppress_warnings``).

Every warning is logged as ``type="confnotes"`` with one of these subtypes,
e.g. ``suppress_warnings = ["confnotes.unknown_tool"]``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("confnotes")


class Subtype(StrEnum):
    TITLE = "title"  # missing or empty talk title
    TIME = "time"  # malformed time, date or timezone
    LINK = "link"  # a URL that is not http(s)
    OPTION = "option"  # an option value that is not allowed
    DUPLICATE = "duplicate"  # the same talk id or report metadata twice
    TEXT = "text"  # control characters removed from a text field
    REPORT = "report"  # report metadata missing, misplaced or incomplete
    REGISTRY = "registry"  # the tool registry file
    UNKNOWN_TOOL = "unknown_tool"
    LISTING = "listing"  # a listing filter that matches nothing or is invalid
    HTML = "html"  # raw HTML in a talk's notes, shown as text
    FEED = "feed"  # no Atom feed: no absolute base URL
    NESTING = "nesting"  # a talk where a section cannot go (list, admonition, talk)
    CONFIG = "config"  # a confnotes_* option of the wrong type or value


def warn(message: str, subtype: Subtype, location: Any) -> None:
    logger.warning(message, type="confnotes", subtype=subtype.value, location=location)
