"""``talk-finder``: every talk with a link, which the finder script turns into
filters (see ``outputs/finder.py`` for its index and assets).

The list itself works without JavaScript, in every builder.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from docutils import nodes

from ..i18n import finder_labels
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
    total = ctx.m.nformat("{n} talk", "{n} talks", len(talks))
    box += para(nodes.Text(total), classes=["confnotes-finder-total"])
    items = [TalkItem(t, conference=True) for t in talks]
    box += link_list(ctx, items, "confnotes-finder-results")
    # The script's words, in the page's language (HTML only: other builders
    # drop raw HTML, and have no script). '<' escaped: no title ends the element.
    labels = json.dumps(finder_labels(ctx.m), ensure_ascii=False, sort_keys=True)
    box += nodes.raw(
        "",
        '<script type="application/json" class="confnotes-finder-labels">'
        + labels.replace("<", "\\u003c")
        + "</script>",
        format="html",
    )
    return [box]


def fingerprint(q: Query) -> str:
    return digest(q, "talks")


LISTING = Listing(KIND, TalkFinderDirective, render, fingerprint)
