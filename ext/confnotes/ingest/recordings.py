"""Add ``:video:`` and ``:slides:`` from recordings to the matching cards of a page.

Only those two option lines are written, where a card has none; a card that already
names another video or slide deck keeps it (a conflict, reported). Every other byte of
the page stays as it was, and a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import InputError, Talk, check_url
from . import writer
from .match import Match, match, resolve
from .page import Card, Edits, Page, card_talk, insert_after, read_page

__all__ = ["Outcome", "plan"]

OWNED = ("slides", "video")


@dataclass
class Outcome:
    text: str
    matched: list[str] = field(default_factory=list)  # "card title <- recording title"
    added: list[str] = field(default_factory=list)  # "card title: video"
    unsure: list[tuple[str, str, float]] = field(default_factory=list)  # talk, recording, score
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # recordings matching no card
    problems: list[str] = field(default_factory=list)


def report_dates(page: Page) -> tuple[str, str]:
    written = page.report.options.get("date", "") if page.report else ""
    first, _, last = (p.strip() for p in written.replace("..", "/").partition("/"))
    try:
        dt.date.fromisoformat(first)
    except ValueError:
        return "", ""
    return first, last or first


def plan(text: str, recordings: Sequence[Talk], accept: Sequence[str] = ()) -> Outcome:
    page = read_page(text)
    talks = [card_talk(page, card) for card in page.cards]
    website = page.report.options.get("website", "") if page.report else ""
    start, end = report_dates(page)
    sure, unsure = match(recordings, talks, start=start, end=end)
    wanted = {a.casefold() for a in accept}
    chosen: list[Match] = list(sure)
    outcome = Outcome(text, problems=list(page.problems))
    for m in unsure:
        talk, recording = talks[m.talk], recordings[m.recording]
        if {talk.title.casefold(), talk.id.casefold(), talk.programme_id.casefold()} & wanted:
            chosen.append(m)
        else:
            outcome.unsure.append((talk.title, recording.title, m.score))
    edits = Edits()
    for m in sorted(chosen, key=lambda m: m.talk):
        card, talk, recording = page.cards[m.talk], talks[m.talk], recordings[m.recording]
        outcome.matched.append(f"{talk.title} <- {recording.title}")
        _add_links(card, talk, recording, website, edits, outcome)
    taken = {m.recording for m in chosen} | {m.recording for m in unsure}
    outcome.skipped = [r.title for i, r in enumerate(recordings) if i not in taken]
    outcome.text = page.text(edits.apply(page.lines))
    return outcome


def _add_links(
    card: Card, talk: Talk, recording: Talk, website: str, edits: Edits, outcome: Outcome
) -> None:
    found = {"video": recording.video, "slides": resolve(recording.slides, website)}
    for key in OWNED:
        try:
            value = check_url(found[key]) if found[key] else ""
        except InputError:
            value = ""  # a relative link without a website, or not http(s): not written
        if not value:
            continue
        written = card.options.get(key, "")
        if written == value:
            continue
        if written:
            outcome.conflicts.append(f"{talk.title}: {key} {written!r} kept (recording: {value!r})")
            continue
        line = insert_after(card, key)
        edits.after[line] = [*edits.after.get(line, []), f":{key}: {writer.option_value(value)}"]
        outcome.added.append(f"{talk.title}: {key}")
