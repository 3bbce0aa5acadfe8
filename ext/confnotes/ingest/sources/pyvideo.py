"""pyvideo.org data (the ``pyvideo/data`` layout: ``<event>/category.json`` and
``<event>/videos/*.json``) -> model records (recordings to match with talks).

Quirks of the real files (e.g. ``europython-2020``):

* the title often reads "Speaker - Title", also when ``speakers`` names the speaker,
  and ``speakers`` may be ``["TODO"]`` or ``["Various Speakers"]``;
* ``recorded`` is often the conference's first day for every talk;
* ``language`` is ISO 639-3 ("eng");
* ``related_urls`` mixes "Talk URL" and "Slides" with licence and site links, and the
  talk and slide URLs may be relative to the conference site, which a "Conference
  Website" entry names; the talk URL may carry the programme's code in its query
  (``/schedule/24-july?selected=CXG7TcM-automating-...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ...model import Programme, Talk
from ..detect import parse_json
from ..errors import SourceError
from ..fetch import read_file
from ..records import Loaded, report_for, text

__all__ = ["MAX_BYTES", "load_directory", "load_video", "video"]

MAX_BYTES = 4 << 20  # one video file is a few kB
_LANG3 = {"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
          "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "pol": "pl", "rus": "ru",
          "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko"}  # fmt: skip
_PLACEHOLDERS = {"todo", "tbd", "tba", "various speakers", "various", "unknown", "n/a", ""}
_NAME_WORD = re.compile(r"^[A-ZÀ-ÞŁŠŽČŘ][\w'’.-]*$|^(?:van|von|de|der|den|da|di|du|le|la|del)$")


def video(data: object, where: str) -> Talk:
    """One ``videos/*.json`` record -> a Talk (docname '' and lineno 0: not on a page)."""
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise SourceError(f"{where}: expected a pyvideo video object with a 'title'")
    speakers = tuple(
        s
        for s in (text(x) for x in data.get("speakers") or () if isinstance(x, str))
        if s.casefold() not in _PLACEHOLDERS
    )
    title, speakers = _split_title(text(data["title"]), speakers)
    site = ""
    link = slides = code = ""
    related = [r for r in data.get("related_urls") or () if isinstance(r, dict)]
    for item in related:
        if text(item.get("label")).casefold() == "conference website":
            site = text(item.get("url"))
    for item in related:
        label, address = text(item.get("label")).casefold(), text(item.get("url"))
        if not address:
            continue
        address = _absolute(address, site)
        if "slide" in label and not slides:
            slides = address
        elif label in {"talk url", "talk", "abstract", "talk page"} and not link:
            link = address
        elif label in {"code", "repository", "github", "source code", "notebook"} and not code:
            code = address
    first = next(
        (v for v in data.get("videos") or () if isinstance(v, dict) and text(v.get("url"))), {}
    )
    language = text(data.get("language")).lower()
    return Talk(
        id=text(data.get("slug")) or Path(where).stem,
        docname="",
        lineno=0,
        title=title,
        start=text(data.get("recorded"))[:10],  # often the first conference day
        speakers=speakers,
        link=link,
        video=text(first.get("url")) if isinstance(first, dict) else "",
        slides=slides,  # may stay relative: match.resolve() joins it to the report's site
        code=code,
        language=_LANG3.get(language, language),
        programme_id=text(data.get("slug")),
    )


def _absolute(address: str, site: str) -> str:
    if urlsplit(address).scheme or not site.startswith(("http://", "https://")):
        return address
    return urljoin(site, address)


def _split_title(title: str, speakers: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """'Hui Xiang Chua - Top 15 Python Tips' -> the title without the speakers' names."""
    prefix, sep, rest = title.partition(" - ")
    if not sep or not rest.strip():
        return title, speakers
    names = [n.strip() for n in re.split(r",\s*|\s+(?:and|&)\s+", prefix) if n.strip()]
    if speakers:
        known = {_fold(s) for s in speakers}
        if all(_fold(n) in known for n in names):
            return rest.strip(), speakers
        return title, speakers
    if names and all(_person_like(n) for n in names):
        return rest.strip(), tuple(names)
    return title, speakers


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _person_like(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)


def load_video(doc: Any, where: str) -> Loaded:
    talk = video(doc, where)
    return Loaded(Programme(report_for(""), (talk,)), "pyvideo-video")


def load_directory(path: Path, progress: Callable[[int, int], None] | None = None) -> Loaded:
    """A pyvideo event directory: ``category.json`` and ``videos/*.json``."""
    videos = path / "videos"
    files = sorted((videos if videos.is_dir() else path).glob("*.json"))
    files = [f for f in files if f.name != "category.json"]
    if not files:
        raise SourceError(f"{path}: no videos/*.json; expected a pyvideo event directory")
    title = ""
    category = path / "category.json"
    if category.is_file():
        meta = parse_json(read_file(category, limit=MAX_BYTES), str(category))
        title = text(meta.get("title")) if isinstance(meta, dict) else ""
    talks = []
    for done, file in enumerate(files, 1):
        talks.append(video(parse_json(read_file(file, limit=MAX_BYTES), str(file)), str(file)))
        if progress is not None:
            progress(done, len(files))
    report = report_for(title, conference=title)
    return Loaded(Programme(report, tuple(talks)), "pyvideo")
