"""``confnotes recordings SOURCE --report PAGE``: add video and slide links."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from .errors import SourceError
from .recordings import apply, write_atomic
from .sources import pyvideo

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    rec = commands.add_parser(
        "recordings",
        help="add :video: and :slides: from pyvideo data to a report's talks",
        description="Match recordings (a pyvideo event directory, a video JSON file or an "
        "http(s) URL) with the talks of a report page and add their video and slide links.",
    )
    rec.add_argument("source", metavar="SOURCE")
    rec.add_argument("--report", required=True, metavar="PAGE", help="the report page (.md)")
    rec.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    rec.add_argument(
        "--accept", nargs="+", default=[], metavar="NAME", help="also write these unsure matches"
    )
    rec.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    page = Path(args.report)
    try:
        recordings = list(pyvideo.load(args.source).talks)
        before, outcome = apply(page, recordings, tuple(args.accept))
    except SourceError as err:  # one line, exit 2, nothing written
        print(f"confnotes: error: {err}", file=sys.stderr)
        return 2
    if args.dry_run:
        sys.stdout.writelines(
            difflib.unified_diff(
                before.splitlines(keepends=True), outcome.text.splitlines(keepends=True),
                str(page), str(page),
            )
        )  # fmt: skip
    elif outcome.text != before:
        write_atomic(page, outcome.text)
    for talk, recording, score in outcome.unsure:
        print(
            f"unsure {score:.2f}: {talk!r} ~ {recording!r} (write with --accept)", file=sys.stderr
        )
    print("matched  added  updated  unsure  skipped", file=sys.stderr)
    print(
        f"{outcome.matched:>7}  {outcome.added:>5}  {outcome.updated:>7}  "
        f"{len(outcome.unsure):>6}  {outcome.skipped:>7}",
        file=sys.stderr,
    )
    return 0
