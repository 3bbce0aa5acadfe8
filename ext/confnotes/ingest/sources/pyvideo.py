"""pyvideo.org data (the ``pyvideo/data`` layout) -> model records.

Quirks of the real files (e.g. ``europython-2020``): ``speakers`` may be
``["TODO"]`` and the title then reads "Speaker - Title"; ``recorded`` is often
the first conference day for every talk; ``language`` is ISO 639-3 ("eng");
``related_urls`` mixes "Talk URL"/"Slides" with licence links, and slide URLs
may be relative to the conference site.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...model import Programme, Report, Talk, clean_text
from ..errors import SourceError

__all__ = ["MAX_BYTES", "load", "parse_video", "read_json"]

MAX_BYTES = 4 << 20  # one video file is a few kB; a directory may hold thousands
TIMEOUT = 10.0
_LANG3 = {"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
          "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "pol": "pl", "rus": "ru",
          "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko"}  # fmt: skip
_PLACEHOLDER_SPEAKERS = {"todo", "tbd", "tba", ""}


def read_json(data: bytes, what: str) -> Any:
    if len(data) > MAX_BYTES:
        raise SourceError(f"{what} is over the size limit of {MAX_BYTES} bytes")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SourceError(f"{what} is not UTF-8 text; expected pyvideo JSON") from None
    except json.JSONDecodeError as err:
        raise SourceError(f"{what}: malformed JSON: {err.msg}", err.lineno, err.colno) from None


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> bytes:
    """GET an http(s) URL with a timeout and a size limit."""
    if not url.startswith(("http://", "https://")):
        raise SourceError(f"{url!r}: expected an http(s) URL")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            data: bytes = answer.read(limit + 1)
    except OSError as err:  # URLError, HTTPError and timeouts are all OSError
        raise SourceError(f"{url}: cannot fetch ({err}); expected a JSON file") from None
    if len(data) > limit:
        raise SourceError(f"{url} is over the size limit of {limit} bytes")
    return data


def _text(value: object) -> str:
    return clean_text(value)[0] if isinstance(value, str) else ""


def parse_video(data: object, where: str) -> Talk:
    """One ``videos/*.json`` record -> a Talk (docname '' and lineno 0: not on a page)."""
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise SourceError(f"{where}: expected a pyvideo video object with a 'title'")
    title = _text(data["title"])
    speakers = tuple(
        s
        for s in (_text(x) for x in data.get("speakers") or () if isinstance(x, str))
        if s.casefold() not in _PLACEHOLDER_SPEAKERS
    )
    if not speakers and " - " in title:  # "Ian Ozsvald - Making Pandas Fly"
        who, _, rest = title.partition(" - ")
        speakers, title = tuple(p.strip() for p in who.split(",") if p.strip()), rest.strip()
    video = ""
    for item in data.get("videos") or ():
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            video = _text(item["url"])
            break
    link = slides = code = ""
    for item in data.get("related_urls") or ():
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        label, url = _text(item.get("label")).casefold(), _text(item["url"])
        if "slide" in label and not slides:
            slides = url
        elif label in {"talk url", "talk", "schedule", "abstract"} and not link:
            link = url
        elif label in {"code", "repository", "github", "source code"} and not code:
            code = url
    recorded = _text(data.get("recorded"))
    language = _text(data.get("language")).lower()
    return Talk(
        id=_text(data.get("slug")) or Path(where).stem,
        docname="",
        lineno=0,
        title=title,
        start=recorded,  # a date only; often the first conference day, not the talk's
        speakers=speakers,
        link=link,
        video=video,
        slides=slides,  # may be relative: match.resolve() joins it to the website
        code=code,
        language=_LANG3.get(language, language),
        programme_id=_text(data.get("slug")),
    )


def _files(path: Path) -> Iterable[Path]:
    videos = path / "videos"
    return sorted((videos if videos.is_dir() else path).glob("*.json"))


def load(source: str) -> Programme:
    """A pyvideo event directory, one video JSON file, or an http(s) URL to one."""
    if source.startswith(("http://", "https://")):
        data = read_json(fetch(source), source)
        return Programme(Report("", 0, ""), (parse_video(data, source),))
    path = Path(source)
    if path.is_file():
        data = read_json(path.read_bytes(), source)
        return Programme(Report("", 0, ""), (parse_video(data, source),))
    if not path.is_dir():
        raise SourceError(f"{source}: no such file or directory; expected a pyvideo event")
    title = ""
    category = path / "category.json"
    if category.is_file():
        meta = read_json(category.read_bytes(), str(category))
        title = _text(meta.get("title")) if isinstance(meta, dict) else ""
    talks = tuple(parse_video(read_json(f.read_bytes(), str(f)), str(f)) for f in _files(path))
    if not talks:
        raise SourceError(f"{source}: no videos/*.json found; expected a pyvideo event directory")
    return Programme(Report("", 0, title, conference=title), talks)
