"""Pair recording records (pyvideo, Sessionize ...) with the talks of a report.

Pure functions. Order of evidence: a shared identifier (a pretalx code or slug
in both links) is sure; otherwise speakers + title similarity, within the
report's dates. Cancelled talks never match; each talk gets at most one
recording and each recording one talk (greedy assignment, best score first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import urljoin, urlsplit

from ..model import Talk, slug

__all__ = ["Match", "match", "resolve"]

SURE, UNSURE = 0.8, 0.5
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in on for with from by is are how what why your you we our".split())
# Path segments that name a place, not a talk.
_GENERIC = frozenset("talk talks speaker speakers schedule session sessions events event program programme".split())


@dataclass(frozen=True)
class Match:
    talk: int  # index into the report's talks
    recording: int  # index into the recordings
    score: float
    sure: bool
    reason: str  # 'identifier' or 'similarity'


def resolve(url: str, website: str) -> str:
    """An absolute URL: relative ones (pyvideo slide links) join the conference site."""
    if not url or urlsplit(url).scheme or not website:
        return url
    return urljoin(website if website.endswith("/") else website + "/", url)


def _words(text: str) -> list[str]:
    return _WORD.findall(slug(text).replace("-", " "))


def _identifiers(talk: Talk) -> set[str]:
    ids = {talk.programme_id.casefold()} if talk.programme_id else set()
    for url in (talk.link, talk.slides):
        for segment in urlsplit(url).path.split("/"):
            segment = segment.casefold()
            if len(segment) >= 5 and segment not in _GENERIC and not segment.isdigit():
                ids.add(segment)
    return ids


def _name_key(name: str) -> str:
    return " ".join(sorted(_words(name)))


def _speaker_score(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return -1.0  # unknown: judge by title alone
    keys_b = [_name_key(n) for n in b]
    total = 0.0
    for name in a:
        key = _name_key(name)
        total += max(SequenceMatcher(None, key, kb).ratio() for kb in keys_b)
    return total / len(a)


def _title_score(a: str, b: str) -> float:
    wa, wb = " ".join(_words(a)), " ".join(_words(b))
    ratio = SequenceMatcher(None, wa, wb).ratio()
    ta, tb = set(wa.split()) - _STOP, set(wb.split()) - _STOP
    contained = len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0
    # a programme title with a subtitle the video lacks still matches
    return max(ratio, 0.9 * contained)


# pyvideo's ``recorded`` is often the conference's first day for every talk,
# so a recording may date from up to a week before the report's first day.
_SLACK_BEFORE, _SLACK_AFTER = dt.timedelta(days=7), dt.timedelta(days=1)


def _in_dates(rec: Talk, start: str, end: str) -> bool:
    try:
        day = dt.date.fromisoformat(rec.start[:10])
        first, last = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    except ValueError:
        return True  # no date to judge by
    return first - _SLACK_BEFORE <= day <= last + _SLACK_AFTER


def _blocking_keys(talk: Talk) -> set[str]:
    words = {w for w in _words(talk.title) if len(w) > 3 and w not in _STOP}
    for name in talk.speakers:
        words.update("@" + w for w in _words(name) if len(w) > 2)
    return words


def match(
    recordings: Sequence[Talk],
    talks: Sequence[Talk],
    *,
    start: str = "",
    end: str = "",
) -> tuple[list[Match], list[Match]]:
    """Return (sure, unsure) matches; each talk and recording appears at most once."""
    live = [i for i, t in enumerate(talks) if not t.cancelled]
    by_id: dict[str, set[int]] = defaultdict(set)
    by_key: dict[str, set[int]] = defaultdict(set)
    for i in live:
        for ident in _identifiers(talks[i]):
            by_id[ident].add(i)
        for key in _blocking_keys(talks[i]):
            by_key[key].add(i)
    candidates: list[tuple[float, int, int, str]] = []
    for r, rec in enumerate(recordings):
        shared = set().union(*(by_id.get(x, ()) for x in _identifiers(rec)))
        if len(shared) == 1:
            candidates.append((2.0, r, shared.pop(), "identifier"))
            continue
        if not _in_dates(rec, start, end):
            continue
        hits: dict[int, int] = defaultdict(int)
        for key in _blocking_keys(rec):
            for i in by_key.get(key, ()):
                hits[i] += 1
        for i in sorted(hits, key=hits.__getitem__, reverse=True)[:5]:
            title = _title_score(rec.title, talks[i].title)
            who = _speaker_score(rec.speakers, talks[i].speakers)
            score = title if who < 0 else 0.55 * title + 0.45 * who
            if who >= 0 and who < 0.6:
                score = min(score, UNSURE + 0.1)  # a similar title by someone else
            if score >= UNSURE:
                candidates.append((score, r, i, "similarity"))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_r: set[int] = set()
    used_t: set[int] = set()
    sure: list[Match] = []
    unsure: list[Match] = []
    for score, r, i, reason in candidates:
        if r in used_r or i in used_t:
            continue
        used_r.add(r)
        used_t.add(i)
        m = Match(i, r, round(min(score, 1.0), 3), score >= SURE, reason)
        (sure if m.sure else unsure).append(m)
    return sure, unsure
