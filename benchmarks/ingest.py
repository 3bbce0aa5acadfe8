"""Benchmark of the programme import (not a timed test): ``python -m benchmarks.ingest``.

Three figures, each the median (and minimum) of ``--runs`` repetitions in this process:

* **convert**: a 600-event, 5-day, 8-room pretalx schedule JSON file -> a report page
  (read, detect the format, build the model records, render MyST); target: well
  under a second;
* **match**: 10,000 pyvideo-like recordings against the 500 talks of a site, 500 of
  them the site's own talks as pyvideo spells them (speaker in the title, subtitles
  dropped, names spelled differently, no shared link), the others from other
  conferences; target: under two seconds;
* **merge**: a changed programme into a 200-talk page with ~120 words of notes per
  card (times and rooms moved, talks gone and new); target: under 0.2 s.

The inputs are generated (deterministically, from a seed), not read from disk, except
the schedule file the convert step reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from confnotes.ingest import writer
from confnotes.ingest.match import match
from confnotes.ingest.merge import merge
from confnotes.ingest.sources import load
from confnotes.model import Talk

WORDS = ["python", "data", "async", "typing", "web", "test", "pandas", "rust", "graph", "cloud", "model", "fast", "search", "api", "django", "flask", "learning", "stream", "memory", "packaging", "security", "numpy", "arrow", "polars", "dask", "notebook", "deploy", "scale", "vector", "query", "cache", "profile", "parser", "compiler"]  # fmt: skip
FIRST = ["Ana", "Berit", "Chen", "Dara", "Eko", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Mia", "Noor", "Omar", "Pia", "Quin", "Rosa", "Sami", "Teo", "Uma", "Vera", "Wen", "Xia", "Yuri", "Zoe", "Miroslav", "Hui", "Bence", "Siddha"]  # fmt: skip
LAST = ["Berg", "Chua", "Okafor", "Sedivy", "Arato", "Ganju", "Novak", "Silva", "Tanaka", "Weber", "Kowalski", "Jansen", "Rossi", "Dubois", "Larsen", "Moreau", "Petrov", "Haddad", "Nakamura", "Lindqvist"]  # fmt: skip


def _title(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(WORDS, rng.randint(4, 7))).capitalize() + f" {n}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def schedule(events: int = 600, days: int = 5, rooms: int = 8, seed: int = 7) -> dict[str, object]:
    """A pretalx schedule export (the c3voc schema) of the given size."""
    rng = random.Random(seed)
    first = dt.date(2024, 4, 22)
    per_room_day = -(-events // (days * rooms))
    day_list = []
    n = 0
    for d in range(days):
        day = first + dt.timedelta(days=d)
        by_room: dict[str, list[dict[str, object]]] = {}
        for r in range(rooms):
            room = f"Room {r + 1}"
            slots = by_room.setdefault(room, [])
            for s in range(per_room_day):
                if n >= events:
                    break
                start = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=40 * s)
                code = f"C{n:05d}"
                slots.append({
                    "guid": f"guid-{n}", "code": code, "id": n, "date": f"{start.isoformat()}+02:00",
                    "start": start.strftime("%H:%M"), "duration": "00:30", "room": room,
                    "slug": f"conf-{n}", "url": f"https://pretalx.example.org/conf/talk/{code}/",
                    "title": _title(rng, n), "subtitle": "", "track": rng.choice(["PyData", "Web", "Core"]),
                    "type": rng.choice(["Talk", "Tutorial", "Keynote"]), "language": "en",
                    "abstract": " ".join(rng.choices(WORDS, k=80)), "description": "",
                    "do_not_record": False, "links": [], "attachments": [],
                    "persons": [{"name": _person(rng)} for _ in range(rng.randint(1, 3))],
                })  # fmt: skip
                n += 1
        day_list.append({"index": d + 1, "date": day.isoformat(), "rooms": by_room})
    return {"schedule": {"version": "1", "base_url": "https://pretalx.example.org/conf/schedule/",
            "conference": {"acronym": "conf", "title": "BenchCon 2024", "time_zone_name": "Europe/Berlin",
                           "start": first.isoformat(), "days": day_list}}}  # fmt: skip


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ter", "an", "dro", "vel", "is", "pon", "ru", "sta", "gen",
                 "ex", "or", "ti", "qua", "ne", "bal", "cy", "dom", "ul", "fa", "rim", "sol"]  # fmt: skip
    words: set[str] = set(WORDS)
    while len(words) < size:
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(words)


def site_and_recordings(seed: int = 12) -> tuple[list[Talk], list[Talk]]:
    """500 talks of a site (2024-04-22..24) and 10,000 recordings, read by the pyvideo
    source from pyvideo-shaped records: 500 are the site's talks as pyvideo spells
    them ("Speaker - Title", ["TODO"] speakers, misspelt names, subtitles dropped, the
    first day as the date, a third with the programme's code in a relative talk URL),
    the rest other talks of other conferences and years."""
    from confnotes.ingest.sources.pyvideo import video

    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)

    def title() -> str:
        return " ".join(rng.sample(vocabulary, rng.randint(3, 7))).capitalize()

    talks = []
    for n in range(500):
        day = dt.date(2024, 4, 22 + n % 3).isoformat()
        main, sub = title(), title() if rng.random() < 0.3 else ""
        talks.append(Talk(id=f"t{n}", docname="", lineno=0,
                          title=f"{main}: {sub}" if sub else main,
                          speakers=tuple(_person(rng) for _ in range(rng.randint(1, 2))),
                          start=f"{day}T10:00:00+02:00",
                          link=f"https://conf.example.org/talks/T{n:04d}xQ-{main.lower().replace(' ', '-')}/"))  # fmt: skip
    records = []
    for n, talk in enumerate(talks):
        who = talk.speakers[0]
        if rng.random() < 0.3:  # one letter spelt differently
            i = rng.randrange(len(who))
            who = who[:i] + ("e" if who[i] != "e" else "a") + who[i + 1 :]
        shown = talk.title.split(":")[0] if rng.random() < 0.5 else talk.title
        related = [{"label": "Conference Website", "url": "https://conf.example.org/"}]
        if rng.random() < 0.33:
            slug = talk.link.rstrip("/").rsplit("/", 1)[1]
            related.append({"label": "Talk URL", "url": f"/schedule/day?selected={slug}"})
        records.append({"title": f"{who} - {shown}", "recorded": "2024-04-22",
                        "speakers": ["TODO"] if rng.random() < 0.2 else [who],
                        "videos": [{"type": "youtube", "url": f"https://youtu.be/s{n}"}],
                        "related_urls": related})  # fmt: skip
    for n in range(9_500):
        year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
        records.append({"title": f"{_person(rng)} - {title()}",
                        "recorded": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "speakers": ["TODO"], "videos": [{"type": "youtube", "url": f"https://youtu.be/o{n}"}]})  # fmt: skip
    rng.shuffle(records)
    return talks, [video(r, f"v{i}.json") for i, r in enumerate(records)]


def dense_site_and_recordings(seed: int = 12) -> tuple[list[Talk], list[Talk]]:
    """The hard case: every title drawn from the same 21 words, names from 26 x 26, so
    no title word narrows the search (the recordings are the site's talks, title-cased,
    and 9,500 others of the same day)."""
    rng = random.Random(seed)
    words = WORDS[:21]
    names = FIRST[:26]

    def one(n: int) -> Talk:
        return Talk(id=f"t{n}", docname="", lineno=0, title=" ".join(rng.sample(words, 5)) + f" {n}",
                    speakers=(f"{rng.choice(names)} {rng.choice(names)}son",), start="2020-07-24")  # fmt: skip

    talks = [one(n) for n in range(500)]
    recordings = [one(n) for n in range(500, 10_000)] + [
        Talk(id="", docname="", lineno=0, title=t.title.title(), speakers=t.speakers) for t in talks
    ]
    rng.shuffle(recordings)
    return talks, recordings


def page_with_notes(talks: int = 200, seed: int = 3) -> tuple[str, str]:
    """A 200-talk page written from a schedule, with notes in every card, and the
    schedule file of a changed programme (as JSON text)."""
    rng = random.Random(seed)
    doc = schedule(events=talks, days=2, rooms=4, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.json"
        path.write_text(json.dumps(doc))
        page = writer.render_page(load(str(path)).programme)
    notes = "\n\n### Notes\n\n" + " ".join(rng.choices(WORDS, k=120)) + "\n"
    page = page.replace("\n:::\n::::\n", "\n:::\n" + notes + "::::\n")
    conference = doc["schedule"]["conference"]  # type: ignore[index]
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    for event in events[::10]:
        event["room"] = "Moved Room"
        event["start"] = "18:00"
        event["date"] = event["date"][:11] + "18:00:00+02:00"
    for day in conference["days"]:
        for room in day["rooms"].values():
            del room[-1:]
    events[0]["title"] = "A renamed talk"
    return page, json.dumps(doc)


def timed(step: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times)


def main(argv: Sequence[str] | None = None) -> dict[str, tuple[float, float]]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ingest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each step (default 5)")
    args = parser.parse_args(argv)
    figures: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "schedule.json"
        source.write_text(json.dumps(schedule()), encoding="utf-8")
        figures["convert 600 events, 5 days"] = timed(
            lambda: writer.render_page(load(str(source)).programme), args.runs
        )
        talks, recordings = site_and_recordings()
        sure, unsure = match(recordings, talks, start="2024-04-22", end="2024-04-24")
        figures["match 10,000 recordings x 500 talks"] = timed(
            lambda: match(recordings, talks, start="2024-04-22", end="2024-04-24"), args.runs
        )
        dense_talks, dense = dense_site_and_recordings()
        figures["match, dense: one 21-word vocabulary"] = timed(
            lambda: match(dense, dense_talks, start="2020-07-24", end="2020-07-24"), args.runs
        )
        page, changed = page_with_notes()
        changed_file = Path(tmp) / "changed.json"
        changed_file.write_text(changed, encoding="utf-8")
        programme = load(str(changed_file)).programme
        result = merge(page, programme)
        figures["merge into a 200-talk page with notes"] = timed(
            lambda: merge(page, programme), args.runs
        )
    targets = {"convert": 1.0, "match": 2.0, "merge": 0.2}
    for name, (median, best) in figures.items():
        target = targets[name.split()[0].strip(",")]
        verdict = "met" if median < target else "NOT met"
        print(
            f"{name:<42} {median:7.3f} s median, {best:7.3f} s best  (target < {target} s: {verdict})"
        )
    right = sum(1 for m in sure if recordings[m.recording].video == f"https://youtu.be/s{m.talk}")
    print(f"match: {len(sure)} sure ({right} right), {len(unsure)} unsure, of 500 site talks; "
          f"merge: {len(result.updated)} updates, {len(result.cancelled)} cancelled")  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
