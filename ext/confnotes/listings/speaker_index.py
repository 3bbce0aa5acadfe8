"""``speaker-index``: every speaker A-Z with their talks."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes

from ..query import speaker_anchor
from .base import (
    NO_SEARCH,
    Context,
    Listing,
    ListingDirective,
    digest,
    letter,
    letter_id,
    letter_nav,
    letters_of,
    para,
)
from .emit import TalkItem, link_list, talk_order

if TYPE_CHECKING:
    from ..nodes import listing
    from ..query import Query


class SpeakerIndexDirective(ListingDirective):
    kind = "speaker-index"


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    names = ctx.query.speakers
    if not names:
        return [para(nodes.Text(ctx.m.gettext("No speakers yet.")))]
    order = sorted(names, key=lambda k: (names[k].casefold(), k))
    by_letter: dict[str, list[str]] = defaultdict(list)
    for key in order:
        by_letter[letter(names[key])].append(key)
    letters = letters_of(names.values())
    out: list[nodes.Node] = [letter_nav(ctx, "speakers", letters)]
    talks_by = ctx.query.speaker_talks
    for value in letters:
        out.append(nodes.rubric(value, value, ids=[letter_id("speakers", value)]))
        for key in by_letter[value]:
            entry = nodes.container(
                ids=[speaker_anchor(names[key])], classes=["confnotes-speaker-entry"]
            )
            entry += para(nodes.strong(names[key], names[key]))
            talks = sorted(talks_by[key], key=talk_order)
            entry += link_list(ctx, [TalkItem(t, conference=True) for t in talks], NO_SEARCH)
            out.append(entry)
    return [nodes.container("", *out, classes=["confnotes-speaker-index"])]


def fingerprint(q: Query) -> str:
    return digest(q, "talks")


LISTING = Listing("speaker-index", SpeakerIndexDirective, render, fingerprint)
