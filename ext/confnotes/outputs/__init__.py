"""Outputs derived from the whole site: catalogue, talk finder index, Atom feeds, JSON-LD."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..query import Query

# The data a site-wide file is made of (see Query.part): when none of it changed
# since the file was written, a rebuild need not make it again.
SITE_PARTS = ("talks", "reports", "mentions", "registry", "tool-page", "speaker-page")


def write_if_changed(app: Sphinx, path: Path, q: Query, make: Callable[[], str]) -> None:
    """Write ``make()`` to ``path`` unless it is there and made of the same data.

    What it was made of is kept beside the environment (a digest of the data
    and of how this builder writes URLs), so a rebuild that changed nothing it
    shows skips making it (a catalogue of 4,000 talks is 7 MB of JSON); and the
    file is only written when its bytes change.
    """
    key = hashlib.sha256(
        "\n".join(
            (*(q.part(p) for p in SITE_PARTS), app.builder.name, app.builder.get_target_uri("a/b"))
        ).encode()
    ).hexdigest()
    stamp = Path(app.doctreedir) / f"confnotes-{path.name}.sha256"
    if path.exists() and stamp.exists() and stamp.read_text(encoding="ascii") == key:
        return
    text = make()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp.write_text(key, encoding="ascii")
