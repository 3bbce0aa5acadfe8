"""Read a source: a file path or an http(s) URL, with a timeout and a size limit."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

MAX_BYTES = 20_000_000
TIMEOUT = 20.0


class FetchError(Exception):
    """One line saying why the source cannot be read."""


def fetch(source: str, *, limit: int = MAX_BYTES, timeout: float = TIMEOUT) -> bytes:
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=timeout) as answer:
                data: bytes = answer.read(limit + 1)
        except urllib.error.HTTPError as err:
            raise FetchError(f"{source}: the server answered {err.code} {err.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise FetchError(f"{source}: cannot fetch it ({reason})") from None
    else:
        path = Path(source)
        try:
            if path.is_dir():
                raise FetchError(f"{source}: is a directory, not a schedule file")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise FetchError(f"{source}: no such file") from None
        except OSError as err:
            raise FetchError(f"{source}: cannot read it ({err.strerror or err})") from None
    if len(data) > limit:
        raise FetchError(f"{source}: larger than {limit / 1e6:.0f} MB; not accepted")
    return data
