"""``python -m confnotes import NOTES.md``: the same as the ``confnotes`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
