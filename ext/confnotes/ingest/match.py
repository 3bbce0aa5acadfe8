"""Pair records of one source (recordings, or a programme's talks) with the talks of a
report. Pure functions.

Order of evidence: a shared identifier (a programme code, or a code-and-slug such as
``CXG7TcM-automating-machine-learning-workflow-with-dvc``, in a link's path or query,
or a slide file's name) is sure; otherwise speakers and title similarity, within the
report's dates. The title a link's slug spells counts as a second title (authors
shorten titles; the link keeps the programme's). Cancelled talks never match; each
talk gets at most one record and each record one talk (best score first).

Speed: candidates come from an index of rare title words and speaker name words, so
each record is compared with a handful of talks, not all of them; word similarity is
cached, since the same names recur across thousands of records.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from urllib.parse import parse_qsl, urljoin, urlsplit

from ..model import Talk, slug

__all__ = ["SURE", "UNSURE", "Match", "match", "resolve"]

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
        "media",
        "slides",
        "conference",
        "system",
        "uploads",
        "files",
        "attachments",
        "original",
        "submissions",
    ]
)
_CODE = re.compile(r"^([a-z0-9]{5,10})-[a-z0-9]")  # 'cxg7tcm-automating-...'
_FILE = re.compile(r"\.(?:pdf|html?|txt|pptx?|key|odp|md|ipynb)$")


@dataclass(frozen=True)
class Match:
    talk: int  # index into the report's talks
    recording: int  # index into the other records
    score: float
    sure: bool
    reason: str  # 'identifier' or 'similarity'


def resolve(url: str, website: str) -> str:
    """An absolute URL: relative ones (pyvideo slide links) join the conference site."""
    if not url or urlsplit(url).scheme or not website:
        return url
    return urljoin(website if website.endswith("/") else website + "/", url)


def _identifiers(talk: Talk) -> set[str]:
    ids = {talk.programme_id.casefold()} if len(talk.programme_id) >= 4 else set()
    for url in (talk.link, talk.slides):
        parts = urlsplit(url)
        pieces = [*parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))]
        for piece in pieces:
            piece = _FILE.sub("", piece.casefold())
            if len(piece) < 5 or piece in _GENERIC or piece.isdigit():
                continue
            ids.add(piece)
            code = _CODE.match(piece)
            if code and any(c.isdigit() for c in code[1]) and not code[1].isdigit():
                ids.add(code[1])
    return ids


def _words(text: str) -> list[str]:
    return _WORD.findall(slug(text).replace("-", " "))


def _slug_title(talk: Talk) -> str:
    """The title a link's last path segment spells ('A7TniMV-making-pandas-fly')."""
    segments = [s for s in urlsplit(talk.link).path.split("/") if s]
    if not segments:
        return ""
    last = segments[-1].casefold()
    code = _CODE.match(last)
    if code and any(c.isdigit() for c in code[1]):
        last = last[len(code[1]) + 1 :]
    words = last.replace("_", "-").split("-")
    return " ".join(words) if len(words) >= 3 else ""


@dataclass(frozen=True)
class _Prepared:
    titles: tuple[str, ...]  # normalised title, and the link slug's title
    tokens: frozenset[str]  # title words without stop words (both titles)
    names: tuple[str, ...]  # normalised speaker names (sorted words: order-insensitive)


def _prepare(talk: Talk) -> _Prepared:
    titles = [" ".join(_words(talk.title))]
    from_link = " ".join(_words(_slug_title(talk)))
    if from_link and from_link != titles[0]:
        titles.append(from_link)
    tokens = frozenset(w for t in titles for w in t.split()) - _STOP
    names = tuple(" ".join(sorted(_words(n))) for n in talk.speakers)
    return _Prepared(tuple(titles), tokens, tuple(n for n in names if n))


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
    words_b = {w for n in b.names for w in n.split()}
    if not any(w in words_b for n in a.names for w in n.split()):
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
    best = 0.0
    for x in a.titles:
        for y in b.titles:
            best = max(best, _one_title_score(x, y))
    return best


@lru_cache(maxsize=1 << 14)
def _one_title_score(a: str, b: str) -> float:
    """Word by word, like names: shared words, plus the best spelling match of each word
    left over ('optimisations' ~ 'optimizations'); difflib only on word pairs, which
    recur, so their ratios are cached."""
    ta, tb = frozenset(a.split()) - _STOP, frozenset(b.split()) - _STOP
    small, large = sorted((len(ta), len(tb)))
    if not small:
        return 0.0
    shared = len(ta & tb)
    if shared == small:
        return 0.9  # a programme title with a subtitle the video lacks still matches
    # numbers and short words have no spelling variants ('15' is not '16')
    rest_a = [w for w in ta - tb if len(w) > 3 and w.isalpha()]
    rest_b = [w for w in tb - ta if len(w) > 3 and w.isalpha()]
    fuzzy = sum(max((_ratio(x, y) for y in rest_b), default=0.0) for x in rest_a)
    return max((shared + fuzzy) / large, 0.9 * shared / small)


# pyvideo's ``recorded`` is often the conference's first day for every talk,
# so a recording may date from up to a week before the report's first day.
_SLACK_BEFORE, _SLACK_AFTER = dt.timedelta(days=7), dt.timedelta(days=1)


def _window(start: str, end: str) -> tuple[str, str] | None:
    try:
        first = dt.date.fromisoformat(start[:10])
        last = dt.date.fromisoformat((end or start)[:10])
    except ValueError:
        return None
    return (first - _SLACK_BEFORE).isoformat(), (last + _SLACK_AFTER).isoformat()


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
    by_key: dict[str, list[int]] = defaultdict(list)
    prepared = {i: _prepare(talks[i]) for i in live}
    for i in live:
        for ident in _identifiers(talks[i]):
            by_id[ident].add(i)
        for key in _blocking_keys(prepared[i]):
            by_key[key].append(i)
    rare_limit = max(3, _COMMON * len(live))
    window = _window(start, end)
    candidates: list[tuple[float, int, int, str]] = []
    for r, rec in enumerate(recordings):
        shared: set[int] = set()
        for ident in _identifiers(rec):
            shared |= by_id.get(ident, set())
        if len(shared) == 1:
            candidates.append((2.0, r, shared.pop(), "identifier"))
            continue
        day = rec.start[:10]
        if window is not None and day[:4].isdigit() and not window[0] <= day <= window[1]:
            continue
        mine = _prepare(rec)
        hits: Counter[int] = Counter()
        groups = [by_key[k] for k in _blocking_keys(mine) if k in by_key]
        rare = [g for g in groups if len(g) <= rare_limit]
        for group in rare or groups:
            hits.update(group)  # counted in C
        # the three talks sharing most keys (ties: the earlier talk, for a stable result)
        for i in heapq.nsmallest(3, hits, key=lambda i: (-hits[i], i)):
            score = _score(mine, prepared[i])
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


def _score(mine: _Prepared, theirs: _Prepared) -> float:
    who = _speaker_score(mine, theirs)
    if who == 0.0 and len(mine.tokens & theirs.tokens) < 0.8 * len(mine.tokens):
        return 0.0  # other people, another title: not worth a closer look
    if 0 <= who < 0.6:  # someone else
        small = min(len(mine.tokens), len(theirs.tokens)) or 1
        overlap = len(mine.tokens & theirs.tokens) / small
        if overlap >= 0.8:  # the same title by other people: listed for a person to decide
            return UNSURE + 0.1 * overlap
        return min(0.55 * 0.9 * overlap + 0.45 * who, UNSURE + 0.1)
    title = _title_score(mine, theirs)
    return title if who < 0 else 0.55 * title + 0.45 * who
