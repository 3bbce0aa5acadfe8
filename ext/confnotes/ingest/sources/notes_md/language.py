"""A guess at the notes' language from common words (the report's ``:language:``)."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language"]

_STOPWORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "in",
            "that",
            "it",
            "for",
            "with",
            "was",
            "this",
            "are",
            "not",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "niet",
            "op",
            "voor",
            "met",
            "zijn",
            "ook",
            "maar",
            "naar",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "ein",
            "eine",
            "zu",
            "auf",
            "für",
            "den",
            "dem",
            "auch",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "pour",
            "dans",
            "que",
            "pas",
            "sur",
            "avec",
            "du",
        ]
    ),
}


def guess_language(text: str) -> str:
    counts: Counter[str] = Counter()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        for language, stopwords in _STOPWORDS.items():
            if word in stopwords:
                counts[language] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 5:
        return ""
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return ""
    return ranked[0][0]
