"""One way in for every source: :func:`load` reads a file, directory or URL, detects the
format from the content and hands it to the module that reads that format:

=================  ===============================================================
``frab_json``      pretalx/frab schedule JSON (the c3voc schema)
``frab_xml``       frab schedule XML
``frab``           the model both share -> :class:`~confnotes.model.Programme`
``pretalx_api``    the pretalx REST API (talks/submissions pages)
``sessionize``     Sessionize "All data" JSON
``pyvideo``        pyvideo.org data (an event directory or one video file)
``notes_md``       Markdown notes (``confnotes import``; text in, page out)
=================  ===============================================================
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..detect import detect, parse_json
from ..errors import SourceError
from ..fetch import fetch, is_url
from ..records import Loaded
from . import frab_json, frab_xml, pretalx_api, pyvideo, sessionize

__all__ = ["load"]

Progress = Callable[[int, int], None]


def load(
    source: str,
    *,
    timezone: str = "",
    title: str = "",
    edition: str = "",
    progress: Progress | None = None,
) -> Loaded:
    """Read ``source`` (a path or an http(s) URL); SourceError says why it cannot be used."""
    if not is_url(source) and Path(source).is_dir():
        return pyvideo.load_directory(Path(source), progress)
    found = detect(fetch(source), source)
    names = {"timezone": timezone, "title": title, "edition": edition}
    if found.kind == "frab-json":
        return frab_json.load(found.data, **names)
    if found.kind == "frab-xml":
        return frab_xml.load(found.data, **names)
    if found.kind == "sessionize":
        return sessionize.load(found.data, **names)
    if found.kind == "pyvideo-video":
        return pyvideo.load_video(found.data, source)
    return _pretalx(source, found.data, progress, **names)


def _pretalx(source: str, first: Any, progress: Progress | None, **names: str) -> Loaded:
    online = is_url(source)
    items, complete = pretalx_api.results(
        first, (lambda url: parse_json(fetch(url), url)) if online else None, progress
    )
    event: dict[str, Any] = {}
    notes: list[str] = []
    if online and pretalx_api.event_url(source):
        try:
            answer = parse_json(fetch(pretalx_api.event_url(source)), "the event")
            event = answer if isinstance(answer, dict) else {}
        except SourceError as err:  # the talks are there; the event's name is a nicety
            notes.append(f"event details not read ({err}); name and zone from the options")
    loaded = pretalx_api.load(items, event=event, api_url=source if online else "", **names)
    if not complete:
        notes.append("only the first page of the answer was read (a file); read the URL for all")
    return dataclasses.replace(loaded, notes=(*loaded.notes, *notes))
