"""Benchmark (not a timed test): match 10,000 recordings against a 500-talk report.

Run: python benchmarks/match_recordings.py  (target: under 2 s)
"""

from __future__ import annotations

import random
import time

from confnotes.ingest.match import match
from confnotes.model import Talk

WORDS = ["python", "data", "async", "typing", "web", "test", "pandas", "rust", "graph", "cloud", "model", "fast", "search", "api", "django", "flask", "learning", "stream", "memory", "packaging", "security"]  # fmt: skip
NAMES = ["Ana", "Berg", "Chen", "Dara", "Eko", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Mia", "Noor", "Omar", "Pia", "Quin", "Rosa", "Sami", "Teo", "Uma", "Vera", "Wen", "Xia", "Yuri", "Zoe"]  # fmt: skip


def _talk(rng: random.Random, n: int) -> Talk:
    title = " ".join(rng.sample(WORDS, 5)) + f" {n}"
    who = (f"{rng.choice(NAMES)} {rng.choice(NAMES)}son",)
    return Talk(id=f"t{n}", docname="", lineno=0, title=title, speakers=who, start="2020-07-24")


def main() -> None:
    rng = random.Random(12)
    talks = [_talk(rng, n) for n in range(500)]
    recs = [_talk(rng, n) for n in range(500, 10_000)] + [
        Talk(id="", docname="", lineno=0, title=t.title.title(), speakers=t.speakers) for t in talks
    ]
    rng.shuffle(recs)
    began = time.perf_counter()
    sure, unsure = match(recs, talks, start="2020-07-24", end="2020-07-24")
    took = time.perf_counter() - began
    print(f"{len(recs)} recordings x {len(talks)} talks: {took:.2f} s, "
          f"{len(sure)} sure, {len(unsure)} unsure")  # fmt: skip


if __name__ == "__main__":
    main()
