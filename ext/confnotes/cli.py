"""The ``confnotes`` command:

* ``confnotes import NOTES.md [-o docs/reports/...]``: Markdown notes -> a report page;
* ``confnotes schedule SOURCE -o PAGE``: a report page from the programme, merged on
  later runs (:mod:`confnotes.ingest.cli_schedule`);
* ``confnotes recordings SOURCE --report PAGE``: video and slide links
  (:mod:`confnotes.ingest.cli_recordings`).

Exit status: 0 on success; 1 when the notes or an option value of ``import`` cannot be
used; 2 when a source or page of ``schedule``/``recordings`` cannot be used (one line
says why; nothing is written), or for a command line argparse rejects.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .ingest.cli_recordings import add_parser as add_recordings
from .ingest.cli_schedule import add_parser as add_schedule
from .ingest.pagefile import write_atomic
from .ingest.sources.notes_md import (
    MAX_INPUT_CHARS,
    ConversionError,
    ImportOptions,
    ImportResult,
    convert,
)
from .registry import Registry, load_registry

MAX_INPUT_BYTES = MAX_INPUT_CHARS  # a notes file is a few hundred kB at most
NOT_MARKDOWN = {
    ".rst": "reStructuredText",
    ".html": "HTML",
    ".htm": "HTML",
    ".json": "JSON",
    ".ipynb": "a Jupyter notebook",
    ".xml": "XML",
    ".yaml": "YAML",
    ".yml": "YAML",
    ".toml": "TOML",
    ".py": "Python",
    ".pdf": "PDF",
    ".doc": "a Word document",
    ".docx": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "RTF",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
    ".gif": "an image",
    ".svg": "an image",
    ".zip": "an archive",
    ".gz": "an archive",
}
IMAGE_DIRS = ("", "images", "img", "assets", "assets/images", "_images", "images/copied_from_nb")


class CliError(Exception):
    """A problem to report in one line, then exit with status 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confnotes", description="Tools for confnotes conference report pages."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    imp = commands.add_parser(
        "import",
        help="convert a Markdown notes file (e.g. a Jekyll blog post) into a report page",
        description=(
            "Convert Markdown conference notes into a MyST report page: a {report} block "
            "with the metadata and a {talk} directive per talk. Without -o the page is "
            "printed on stdout; a summary goes to stderr."
        ),
    )
    imp.add_argument("notes", metavar="NOTES.md", help="the Markdown notes file")
    imp.add_argument(
        "-o", "--output", metavar="PATH", help="write the page here (file or directory)"
    )
    imp.add_argument("--force", action="store_true", help="overwrite an existing output file")
    imp.add_argument("--dry-run", action="store_true", help="print the page instead of writing it")
    imp.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    meta = imp.add_argument_group("report metadata (defaults come from the notes)")
    meta.add_argument("--conference", help="conference name, e.g. 'EuroPython'")
    meta.add_argument("--edition", help="edition label, e.g. '2020'")
    meta.add_argument("--date", help="day reported, YYYY-MM-DD (or a range A/B)")
    meta.add_argument("--timezone", help="IANA timezone of the talk times, e.g. Europe/London")
    meta.add_argument("--language", help="language code of the page, e.g. en")
    meta.add_argument("--location", help="venue and city, or 'online'")
    meta.add_argument("--website", help="the conference's website")
    meta.add_argument("--author", action="append", default=[], help="author (repeatable)")
    meta.add_argument("--tag", action="append", default=[], help="extra tag (repeatable)")
    meta.add_argument("--title", help="page title (default: front matter title)")
    tools = imp.add_argument_group("tools and images")
    tools.add_argument("--tools", metavar="REGISTRY", help="tool registry YAML (docs/tools.yaml)")
    tools.add_argument(
        "--tool-mentions",
        choices=("first", "all"),
        default="first",
        help="mark the first mention of a tool per talk (default) or all",
    )
    tools.add_argument(
        "--gfx-dir",
        metavar="DIR",
        help="the site's gfx/ directory, to list missing images (default: found from -o)",
    )
    tools.add_argument("--encoding", default="utf-8", help="encoding of the notes (default utf-8)")
    imp.set_defaults(handler=run_import)
    add_schedule(commands)
    add_recordings(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (CliError, ConversionError) as err:
        print(f"confnotes: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


# -- import ----------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    source = Path(args.notes)
    text = read_notes(source, args.encoding)
    output = resolve_output(args.output, source)
    options = ImportOptions(
        conference=args.conference,
        edition=args.edition,
        date=args.date,
        timezone=args.timezone,
        language=args.language,
        location=args.location,
        website=args.website,
        authors=tuple(args.author),
        tags=tuple(args.tag),
        title=args.title,
        source_name=source.name,
        tools=read_registry(args.tools) if args.tools else None,
        tool_mentions=args.tool_mentions,
        gfx_files=gfx_files(args.gfx_dir, output),
    )
    try:
        result = convert(text, options=options)
    except ConversionError as err:
        raise CliError(f"{source}: {err}") from None
    if output is not None and not args.dry_run:
        check_writable(output, source, args.force)
    if args.dry_run or output is None:
        sys.stdout.write(result.text)
    else:
        write_atomically(output, result.text)
    if not args.quiet:
        print_summary(result, source, output, args.dry_run, sys.stderr)
    return 0


def read_notes(path: Path, encoding: str) -> str:
    if path.suffix.lower() in NOT_MARKDOWN:
        kind = NOT_MARKDOWN[path.suffix.lower()]
        raise CliError(f"{path}: this is {kind} ({path.suffix}), not Markdown notes")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CliError(f"{path}: is a directory, not a notes file")
        if size > MAX_INPUT_BYTES:
            raise CliError(
                f"{path}: the file is {size / 1e6:.1f} MB; notes files larger than "
                f"{MAX_INPUT_BYTES / 1e6:.0f} MB are not accepted"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except OSError as err:
        raise CliError(f"{path}: cannot read it ({err.strerror or err})") from None
    return decode(data, path, encoding)


def decode(data: bytes, path: Path, encoding: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data[:8192]:
        raise CliError(f"{path}: this is a binary file, not Markdown notes")
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except LookupError:
        raise CliError(f"unknown encoding {encoding!r} (--encoding)") from None
    except UnicodeDecodeError as err:
        raise CliError(
            f"{path}: cannot decode it as {encoding} (byte 0x{data[err.start]:02x} at offset "
            f"{err.start}); save the file as UTF-8 or give its --encoding, e.g. cp1252"
        ) from None


def read_registry(path_text: str) -> Registry:
    """The site's tool registry, read by the build's own loader; its warnings (which the
    build would log) are printed, and a registry with nothing usable is an error."""
    path = Path(path_text)
    if not path.is_file():
        raise CliError(f"tool registry {path}: no such file")
    with captured_warnings() as messages:
        registry = load_registry(path.parent, path.name)
    if not registry.tools and messages:
        raise CliError(f"tool registry {messages[0]}")
    for message in messages:
        print(f"confnotes: warning: tool registry {message}", file=sys.stderr)
    return registry


@contextlib.contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect what confnotes logs through Sphinx's logger while no Sphinx app runs."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            where = getattr(record, "location", None)
            text = record.getMessage().removeprefix("tool registry: ")
            messages.append(f"{where}: {text}" if where else text)

    logger = logging.getLogger("sphinx.confnotes")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def resolve_output(value: str | None, source: Path) -> Path | None:
    if value is None:
        return None
    output = Path(value)
    if output.is_dir() or value.endswith(("/", os.sep)):
        output = output / (source.stem + ".md")
    return output


def check_writable(output: Path, source: Path, force: bool) -> None:
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise CliError(f"{output}: that is the notes file itself; choose another -o")
    if output.exists() and not force:
        raise CliError(f"{output} exists; use --force to overwrite it")
    if output.exists() and not output.is_file():
        raise CliError(f"{output}: exists and is not a file")


def write_atomically(output: Path, text: str) -> None:
    try:
        write_atomic(output, text)
    except OSError as err:
        raise CliError(f"{output}: cannot write it ({err.strerror or err})") from None


def find_gfx_dir(output: Path | None) -> Path | None:
    """The gfx/ directory next to the site's conf.py, searched upwards from the output."""
    start = (output.parent if output is not None else Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file():
            gfx = folder / "gfx"
            return gfx if gfx.is_dir() else None
    return None


def gfx_files(gfx_dir: str | None, output: Path | None) -> frozenset[str] | None:
    folder = Path(gfx_dir) if gfx_dir else find_gfx_dir(output)
    if folder is None:
        return None
    if not folder.is_dir():
        raise CliError(f"--gfx-dir {folder}: not a directory")
    return frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def print_summary(
    result: ImportResult, source: Path, output: Path | None, dry_run: bool, stream: TextIO
) -> None:
    where = "stdout" if output is None or dry_run else str(output)
    print(f"confnotes import: {source} -> {where}", file=stream)
    for line in result.summary_lines():
        print(f"  {line}", file=stream)
    for image in result.images:
        if image.exists is False:
            found = locate_image(source, image.original)
            hint = f"; copy {found}" if found else ""
            print(f"  missing image {image.target} (line {image.line}){hint}", file=stream)
    if dry_run and output is not None:
        state = "exists (needs --force)" if output.exists() else "would be created"
        print(f"  dry run: {output} {state}", file=stream)


def locate_image(source: Path, original: str) -> Path | None:
    """The image file next to the notes, if it can be found (Jekyll keeps them in images/)."""
    name = original.rsplit("}}", 1)[-1].split("?", 1)[0].lstrip("/")
    folders = [source.parent, *list(source.parent.parents)[:2]]
    for folder in folders:
        for sub in IMAGE_DIRS:
            for candidate in (folder / sub / name, folder / sub / Path(name).name):
                if candidate.is_file():
                    return candidate
    return None
