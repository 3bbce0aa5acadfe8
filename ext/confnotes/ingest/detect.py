"""Which format a source is, from its content (never from its name)."""

from __future__ import annotations


def detect(data: bytes) -> str:
    """'schedule-json', 'frab-xml', or '' when the content is neither."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if head.startswith((b"{", b"[")):
        return "schedule-json"  # the parser names what is missing or malformed
    if head.startswith(b"<"):
        return "frab-xml"
    return ""
