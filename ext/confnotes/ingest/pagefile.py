"""Read and write the report page a command edits: read it whole, write it atomically
(a temporary file beside it, then a rename), keeping its permissions."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import SourceError

__all__ = ["read_text", "write_atomic"]


def read_text(path: Path) -> str | None:
    """The page's text; None when there is no page yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory; expected a report page (.md)") from None
    except OSError as err:
        raise SourceError(f"{path}: cannot read it ({err.strerror or err})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SourceError(
            f"{path}: not UTF-8 text (byte {err.start}); expected a report page"
        ) from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (its line ends as given) so that a crash or Ctrl-C leaves either
    the old page or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
