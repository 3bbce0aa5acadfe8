"""``talk-finder``: every talk with a link, which the finder script turns into
filters (see ``outputs/finder.py`` for its index and assets).

The list itself works without JavaScript, in every builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .base import NO_SEARCH, Context, Listing, ListingDirective, digest, para
from .emit import TalkItem, link_list, talk_order

if TYPE_CHECKING:
    from ..nodes import listing
    from ..query import Query

KIND = "talk-finder"


class TalkFinderDirective(ListingDirective):
    kind = KIND


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    talks = sorted(ctx.query.talks(), key=talk_order)
    box = nodes.container(classes=["confnotes-finder", NO_SEARCH])
    total = ctx.nlabel("{n} talk", "{n} talks", len(talks))
    box += para(nodes.Text(total), classes=["confnotes-finder-total"])
    items = [TalkItem(t, conference=True) for t in talks]
    box += link_list(ctx, items, "confnotes-finder-results")
    return [box]


def fingerprint(q: Query) -> str:
    return digest(q, "talks")


LISTING = Listing(KIND, TalkFinderDirective, render, fingerprint)
