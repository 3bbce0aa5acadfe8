"""Merge a programme into a report page people have edited.

A card the programme wrote carries ``:programme: CODE HASHES``: the programme's id and a
short hash of each field it owns (writer.FIELDS) as last written. So, per field:

* the card shows what the programme says: nothing to do;
* the card shows what the programme last wrote (its hash matches): the author left it
  alone, so the programme's new value replaces it (an *update*);
* anything else is the author's: it is kept, and reported as a *conflict*.

New talks are added in time order; a card whose talk left the programme is marked
cancelled, never deleted; a card without ``:programme:`` is the author's own, adopted
only when it matches a programme talk for sure (same title and speakers); lines the
merge does not own (notes, text outside cards, options the author added) are never
touched, byte for byte, and a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Programme, Report, Talk
from . import writer
from .match import match
from .page import Card, Edits, Page, card_talk, insert_after, read_page
from .writer import ADD_ONLY, FIELDS, TALK_OPTIONS, digest, field_values, option_value

__all__ = ["Merge", "merge"]


@dataclass
class Merge:
    text: str = ""
    matched: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # "title: field 'old' -> 'new'"
    cancelled: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)  # cards left alone, odd shapes


def merge(
    text: str, programme: Programme, wanted: Callable[[Talk], bool] = lambda _: True
) -> Merge:
    """Merge ``programme`` into the page ``text``; new talks only where ``wanted``."""
    page = read_page(text)
    result = Merge(unsure=list(page.problems))
    edits = Edits()
    talks = {t.programme_id: t for t in programme.talks}
    cards = _by_programme(page, result)
    _adopt(page, programme, cards, result)
    new = [t for t in programme.talks if t.programme_id not in cards and wanted(t)]
    with_date = _several_days(page, cards, talks, new)
    for ident, card in cards.items():
        talk = talks.get(ident)
        if talk is None:
            _vanished(page, card, edits, result)
        else:
            result.matched.append(talk.title)
            _update(page, card, talk, with_date, edits, result)
    if page.cards and not any(i in talks for i in cards):
        result.unsure.append(
            f"none of the page's {len(page.cards)} talk cards is in this programme: "
            "is it the right source?"
        )
    _add(programme.report, page, cards, talks, new, with_date, edits, result)
    _widen_report(page, cards, talks, new, edits, result)
    out = edits.apply(page.lines)
    result.text = page.text(out)
    return result


def _by_programme(page: Page, result: Merge) -> dict[str, Card]:
    cards: dict[str, Card] = {}
    for card in page.cards:
        ident, _ = writer.read_marker(card.options.get("programme", ""))
        if not ident:
            continue
        if ident in cards:
            result.unsure.append(
                f"line {card.start + 1}: a second card for {ident} "
                f"(the first is at line {cards[ident].start + 1}); left alone"
            )
            continue
        cards[ident] = card
    return cards


def _adopt(page: Page, programme: Programme, cards: dict[str, Card], result: Merge) -> None:
    """Cards without ``:programme:`` (written by hand or by ``confnotes import``): the
    ones that surely are a programme talk get its id; the others stay the author's."""
    own = [c for c in page.cards if "programme" not in c.options]
    if not own:
        return
    offered = [t for t in programme.talks if t.programme_id not in cards]
    records = [card_talk(page, c) for c in own]
    sure, unsure = match(offered, records, start=programme.report.start, end=programme.report.end)
    for m in sure:
        cards[offered[m.recording].programme_id] = own[m.talk]
    for m in unsure:
        result.unsure.append(
            f"line {own[m.talk].start + 1}: {records[m.talk].title!r} may be "
            f"{offered[m.recording].title!r} ({offered[m.recording].programme_id}); "
            "add ':programme: " + offered[m.recording].programme_id + "' to merge it"
        )


def _several_days(
    page: Page, cards: dict[str, Card], talks: dict[str, Talk], new: list[Talk]
) -> bool:
    if any("date" in c.options for c in page.cards):
        return True
    on_page = [talks[i] for i in cards if i in talks]
    return writer.several_days([*on_page, *new])


def _current(page: Page, card: Card) -> dict[str, str]:
    values = {key: card.options.get(key, "") for key in FIELDS}
    values["title"] = writer.one_line(card.argument)
    values["abstract"] = ""
    if card.abstract is not None:
        start, end = card.abstract
        body = page.lines[start + 1 : end]
        while body and body[0].lstrip().startswith(":") and not body[0].lstrip().startswith(":::"):
            body = body[1:]  # its options (:format: text)
        values["abstract"] = "\n".join(writer.trim_blank([line.rstrip() for line in body]))
    return values


def _update(
    page: Page, card: Card, talk: Talk, with_date: bool, edits: Edits, result: Merge
) -> None:
    new = field_values(talk, with_date)
    current = _current(page, card)
    _, base = writer.read_marker(card.options.get("programme", ""))
    written = dict(current)
    changed = False
    for key in FIELDS:
        old, value = current[key], new[key]
        if old == value:
            continue
        # unchanged since the programme wrote it; or empty on a card without hashes
        if base.get(key) == digest(old) or (not base and not old):
            written[key] = value
            changed = True
            result.updated.append(f"{talk.title}: {key} {_shown(old)} -> {_shown(value)}")
        else:
            result.conflicts.append(
                f"{talk.title}: {key} {_shown(old)} kept (the programme says {_shown(value)})"
            )
    options = dict(writer.talk_options(talk, with_date))
    adds = {k: options[k] for k in ADD_ONLY if options[k] and k not in card.options}
    for key in adds:
        result.updated.append(f"{talk.title}: {key} added")
    marker = writer.marker(talk.programme_id, new)
    if not changed and not adds and card.options.get("programme") == marker:
        return
    _rewrite_card(page, card, written, adds, marker, edits)


def _shown(value: str) -> str:
    value = value if len(value) <= 60 else value[:57] + "..."
    return repr(value) if value else "(none)"


def _rewrite_card(
    page: Page,
    card: Card,
    written: dict[str, str],
    adds: dict[str, str],
    marker: str,
    edits: Edits,
) -> None:
    """Edit the card's owned lines to ``written``, add ``adds``, refresh the marker."""
    current = _current(page, card)
    fence = card.fence
    abstract = (
        writer.abstract_block(written["abstract"])
        if written["abstract"] != current["abstract"]
        else []
    )
    # a colon fence must outlast the abstract's; a backtick fence ignores colon runs
    if abstract and fence[0] == ":" and len(abstract[0]) - len("{abstract}") >= len(fence):
        fence = ":" * (len(abstract[0]) - len("{abstract}") + 1)
        edits.replace[card.end] = [fence]
    if written["title"] != current["title"] or fence != card.fence:
        title = written["title"] if written["title"] != current["title"] else card.argument.strip()
        edits.replace[card.start] = [f"{fence}{{talk}} {title}".rstrip()]
    inserts: dict[int, list[str]] = {}
    targets = {key: written[key] for key in TALK_OPTIONS if key in FIELDS}
    targets.update(adds)
    targets["programme"] = marker
    for key in (*TALK_OPTIONS, "programme"):
        if key not in targets:
            continue  # slides, video, code the programme does not add: the author's
        value, old = targets[key], card.options.get(key, "")
        if value == old:
            continue
        option = f":{key}: {option_value(value)}"
        if key in card.option_lines:
            edits.replace[card.option_lines[key]] = [option] if value else []
        elif value:
            inserts.setdefault(insert_after(card, key), []).append(option)
    for line, added in inserts.items():
        edits.after[line] = [*edits.after.get(line, []), *added]
    if written["abstract"] != current["abstract"]:
        _replace_abstract(page, card, abstract, edits)


def _replace_abstract(page: Page, card: Card, block: list[str], edits: Edits) -> None:
    if card.abstract is not None:
        start, end = card.abstract
        edits.replace[start] = block
        for index in range(start + 1, end + 1):
            edits.replace[index] = []
        if not block and end + 1 < card.end and not page.lines[end + 1].strip():
            edits.replace[end + 1] = []  # the blank line after the removed block
        return
    if block:
        last = card.options_end - 1
        edits.after[last] = [*edits.after.get(last, []), "", *block]


def _vanished(page: Page, card: Card, edits: Edits, result: Merge) -> None:
    """The talk left the programme: its card is marked cancelled, never deleted."""
    ident, base = writer.read_marker(card.options.get("programme", ""))
    status = card.options.get("status", "")
    title = writer.one_line(card.argument)
    if status == "cancelled":
        return
    if status and base.get("status") != digest(status):
        result.conflicts.append(f"{title}: left the programme; status {status!r} kept")
        return
    result.cancelled.append(f"{title} ({ident})")
    if "status" in card.option_lines:
        edits.replace[card.option_lines["status"]] = [":status: cancelled"]
    else:
        edits.after.setdefault(insert_after(card, "status"), []).append(":status: cancelled")
    if base:
        hashes = "".join(digest("cancelled") if key == "status" else base[key] for key in FIELDS)
        edits.replace[card.option_lines["programme"]] = [f":programme: {ident} {hashes}"]


def _add(
    report: Report,
    page: Page,
    cards: dict[str, Card],
    talks: dict[str, Talk],
    new: Sequence[Talk],
    with_date: bool,
    edits: Edits,
    result: Merge,
) -> None:
    placed = sorted(
        ((talks[i], c) for i, c in cards.items() if i in talks), key=lambda pair: pair[1].start
    )
    last = max((c.end for c in page.cards), default=None)
    repeated = writer.repeated_titles(talks.values())
    for talk in new:
        result.added.append(talk.title)
        ident = writer.card_id(report, talk, repeated)
        block = writer.talk_block(talk, with_date=with_date, with_marker=True, ident=ident)
        later = next((c for t, c in placed if _key(t) > _key(talk)), None)
        if later is not None:
            edits.before[later.start] = [*edits.before.get(later.start, []), *block, ""]
        elif last is not None:
            edits.after[last] = [*edits.after.get(last, []), "", *block]
        else:
            tail = [] if not page.lines or not page.lines[-1].strip() else [""]
            edits.before[len(page.lines)] = [*edits.before.get(len(page.lines), []), *tail, *block]


def _key(talk: Talk) -> tuple[str, str]:
    try:
        moment = dt.datetime.fromisoformat(talk.start)
        start = moment.astimezone(dt.UTC).isoformat() if moment.tzinfo else talk.start
    except ValueError:
        start = talk.start
    return start, talk.room


def _widen_report(
    page: Page,
    cards: dict[str, Card],
    talks: dict[str, Talk],
    new: Iterable[Talk],
    edits: Edits,
    result: Merge,
) -> None:
    """The report's :date: must cover every card's date (the build checks it)."""
    report = page.report
    if report is None or "date" not in report.option_lines:
        return
    days = {t.start[:10] for t in [*(talks[i] for i in cards if i in talks), *new]}
    days |= {c.options["date"] for c in page.cards if c.options.get("date")}
    days = {d for d in days if d[:4].isdigit()}
    written = report.options["date"]
    first, _, last = (part.strip() for part in written.replace("..", "/").partition("/"))
    last = last or first
    if not days or not first or (first <= min(days) and max(days) <= last):
        return
    start, end = min(first, *days), max(last, *days)
    value = start if start == end else f"{start}/{end}"
    edits.replace[report.option_lines["date"]] = [f":date: {value}"]
    result.updated.append(f"report: date {written!r} -> {value!r} (to cover every talk)")
