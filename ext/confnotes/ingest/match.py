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
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from ..model import Talk, slug

__all__ = ["Match", "match", "resolve"]

SURE, UNSURE = 0.8, 0.5
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "how",
        "what",
        "why",
        "your",
        "you",
        "we",
        "our",
    ]
)
# Path segments that name a place, not a talk.
_GENERIC = frozenset(
    [
        "talk",
        "talks",
        "speaker",
        "speakers",
        "schedule",
        "session",
        "sessions",
        "events",
        "event",
        "program",
        "programme",
    ]
)


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


@dataclass(frozen=True)
class _Prepared:
    words: str  # normalised title
    tokens: frozenset[str]  # title words without stop words
    names: tuple[str, ...]  # normalised speaker names (sorted words: order-insensitive)


def _prepare(talk: Talk) -> _Prepared:
    words = " ".join(_words(talk.title))
    names = tuple(" ".join(sorted(_words(n))) for n in talk.speakers)
    return _Prepared(words, frozenset(words.split()) - _STOP, tuple(n for n in names if n))


@lru_cache(maxsize=1 << 16)  # name words recur across thousands of records
def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # the quick upper bounds skip the costly ratio for pairs that cannot reach UNSURE
    if matcher.real_quick_ratio() < UNSURE or matcher.quick_ratio() < UNSURE:
        return 0.0
    return matcher.ratio()


def _speaker_score(a: _Prepared, b: _Prepared) -> float:
    if not a.names or not b.names:
        return -1.0  # unknown: judge by title alone
    if not set(" ".join(a.names).split()) & set(" ".join(b.names).split()):
        return 0.0  # not one name word in common: no spelling variant of the same people
    return sum(max(_name_score(x, y) for y in b.names) for x in a.names) / len(a.names)


def _name_score(a: str, b: str) -> float:
    """Word by word, so 'Hui Ziang Chua' ~ 'Hui Xiang Chua' scores high without
    comparing whole strings (difflib only on the few short words left over)."""
    wa, wb = a.split(), b.split()
    rest_a, rest_b = [w for w in wa if w not in wb], [w for w in wb if w not in wa]
    shared = len(wa) - len(rest_a)
    fuzzy = sum(max((_ratio(x, y) for y in rest_b), default=0.0) for x in rest_a)
    return (shared + fuzzy) / max(len(wa), len(wb))


def _title_score(a: _Prepared, b: _Prepared) -> float:
    small = min(len(a.tokens), len(b.tokens))
    contained = len(a.tokens & b.tokens) / small if small else 0.0
    if contained == 1.0:
        return 0.9  # a programme title with a subtitle the video lacks still matches
    return max(_ratio(a.words, b.words), 0.9 * contained)


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


def _blocking_keys(p: _Prepared) -> set[str]:
    keys = {w for w in p.tokens if len(w) > 3}
    keys.update("@" + w for name in p.names for w in name.split() if len(w) > 2)
    return keys


_COMMON = 0.1  # a key shared by more than this share of talks does not narrow the search


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
    prepared = {i: _prepare(talks[i]) for i in live}
    for i in live:
        for ident in _identifiers(talks[i]):
            by_id[ident].add(i)
        for key in _blocking_keys(prepared[i]):
            by_key[key].add(i)
    candidates: list[tuple[float, int, int, str]] = []
    for r, rec in enumerate(recordings):
        shared = set().union(*(by_id.get(x, ()) for x in _identifiers(rec)))
        if len(shared) == 1:
            candidates.append((2.0, r, shared.pop(), "identifier"))
            continue
        if not _in_dates(rec, start, end):
            continue
        mine = _prepare(rec)
        hits: dict[int, int] = defaultdict(int)
        keys = [by_key[k] for k in _blocking_keys(mine) if k in by_key]
        rare = [k for k in keys if len(k) <= max(3, _COMMON * len(live))]
        for group in rare or keys:
            for i in group:
                hits[i] += 1
        for i in sorted(hits, key=lambda i: (-hits[i], i))[:3]:
            who = _speaker_score(mine, prepared[i])
            if who == 0.0 and len(mine.tokens & prepared[i].tokens) < 0.8 * len(mine.tokens):
                continue  # other people, another title: not worth a closer look
            if 0 <= who < 0.6:  # someone else: a token overlap is enough to list it
                small = min(len(mine.tokens), len(prepared[i].tokens)) or 1
                title = 0.9 * len(mine.tokens & prepared[i].tokens) / small
            else:
                title = _title_score(mine, prepared[i])
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
