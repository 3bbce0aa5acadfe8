"""Refuse what is not Markdown notes before anything else looks at it."""

from __future__ import annotations

import json
import unicodedata

from .records import MAX_INPUT_CHARS, ConversionError
from .text import normalise_newlines


def check_input(text: str) -> str:
    """Return the text with normalised newlines, or raise ConversionError."""
    if len(text) > MAX_INPUT_CHARS:
        raise ConversionError(
            f"the notes are {len(text):,} characters long; the limit is {MAX_INPUT_CHARS:,}"
        )
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise ConversionError("the notes are empty")
    if "\x00" in text:
        raise ConversionError("this is binary data (it contains NUL bytes), not Markdown notes")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if controls > max(8, len(text) // 200):
        raise ConversionError(
            f"this looks like binary data ({controls} control characters), not Markdown notes"
        )
    kind = other_format(text)
    if kind:
        raise ConversionError(f"this looks like {kind}, not Markdown notes")
    return text


def other_format(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "an HTML document"
    if head.startswith("<?xml"):
        return "an XML document"
    if head.startswith("%pdf-"):
        return "a PDF file"
    if head.startswith("{\\rtf"):
        return "an RTF document"
    if head.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        if isinstance(data, (dict, list)):
            return "a JSON file (a Jupyter notebook?)" if "cells" in data else "a JSON file"
    return ""
