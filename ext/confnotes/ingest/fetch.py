"""Read a source: a file path or an http(s) URL, with a timeout and a size limit."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from .errors import SourceError

__all__ = ["MAX_BYTES", "TIMEOUT", "fetch", "is_url", "read_file"]

MAX_BYTES = 20_000_000  # a big conference's schedule is a few MB
TIMEOUT = 20.0
_AGENT = "confnotes (+https://github.com/confnotes)"


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(source: str, *, limit: int = MAX_BYTES, timeout: float = TIMEOUT) -> bytes:
    """The bytes of a file or an http(s) URL; SourceError says why they cannot be had."""
    if not is_url(source):
        return read_file(Path(source), limit=limit)
    request = urllib.request.Request(
        source, headers={"User-Agent": _AGENT, "Accept": "application/json, application/xml"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data: bytes = answer.read(limit + 1)
    except urllib.error.HTTPError as err:
        raise SourceError(f"{source}: the server answered {err.code} {err.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", None) or err
        raise SourceError(f"{source}: cannot fetch it ({reason})") from None
    if len(data) > limit:
        raise SourceError(f"{source}: larger than the limit of {limit:,} bytes; not read")
    return data


def read_file(path: Path, *, limit: int = MAX_BYTES) -> bytes:
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a directory, not a file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as err:
        raise SourceError(f"{path}: cannot read it ({err.strerror or err})") from None
    if len(data) > limit:
        raise SourceError(f"{path}: larger than the limit of {limit:,} bytes; not read")
    return data
