"""Generated listings: data from every page, shown on one.

Each listing is one module holding its directive, its ``render`` and its
``fingerprint`` side by side (so what a listing shows and what makes its page
be rewritten cannot drift apart); ``LISTINGS`` below is the one table of them.
A new listing is one new module and one line here.

A listing directive leaves a placeholder and records its page in the domain.
The placeholder is filled when the page is written (``doctree-resolved``, as
``sphinx.ext.todo`` does), from the whole environment. At ``env-get-updated``
each listing's fingerprint is compared with the last build's, and the pages
holding listings whose data changed are rewritten (Sphinx would not: they did
not change themselves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..nodes import listing
from . import (
    series,
    speaker_index,
    talk_finder,
    talk_list,
    tool_index,
    tool_matrix,
    tool_trends,
)
from .base import EBOOK_BUILDERS, Context, Listing
from .emit import FAST_HTML_EVENT

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..domain import ConfnotesDomain

LISTINGS: dict[str, Listing] = {
    spec.kind: spec
    for spec in (
        tool_index.LISTING,
        tool_matrix.LISTING,
        tool_trends.LISTING,
        speaker_index.LISTING,
        talk_list.LISTING,
        series.LISTING,
        talk_finder.LISTING,
    )
}


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the listing placeholders of the page being written."""
    context: Context | None = None
    for node in list(doctree.findall(listing)):
        context = context or Context(app, docname)
        spec = LISTINGS[node["kind"]]
        node.replace_self(spec.render(context, node) or [nodes.comment()])


def fingerprints(domain: ConfnotesDomain) -> dict[str, str]:
    """Kind -> fingerprint, for the kinds some page shows."""
    q = domain.query
    shown = {kind for items in domain.listings.values() for kind, _ in items}
    return {kind: LISTINGS[kind].fingerprint(q) for kind in sorted(shown) if kind in LISTINGS}


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: ConfnotesDomain = env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    old: dict[str, str] = domain.fingerprints.get("listings") or {}
    new = domain.fingerprints["listings"] = fingerprints(domain)
    changed = {kind for kind in new if old.get(kind) != new[kind]}
    # A page whose listing is new was read in this build and is written anyway.
    return sorted(
        d
        for d, items in domain.listings.items()
        if d in env.all_docs and any(kind in changed for kind, _ in items)
    )


def add_page_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The scripts of the listings on this page (html-page-context: page-local)."""
    builder = app.builder
    if builder.format != "html" or builder.name in EBOOK_BUILDERS or doctree is None:
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    if builder.name == "singlehtml":  # every page is on the one page
        kinds = {kind for items in domain.listings.values() for kind, _ in items}
    else:
        kinds = {kind for kind, _ in domain.listings.get(pagename, [])}
    scripts = {s for kind in kinds if kind in LISTINGS for s in LISTINGS[kind].scripts}
    for script in sorted(scripts):
        app.add_js_file(script, defer="defer")


def setup_listings(app: Sphinx) -> None:
    for spec in LISTINGS.values():
        app.add_directive(spec.kind, spec.directive)
    app.connect("html-page-context", add_page_scripts)
    app.add_event(FAST_HTML_EVENT)
    # Before the output-format fixes in nodes.py (priority 600), which must see
    # the listings' content too.
    app.connect("doctree-resolved", fill_listings, priority=400)
    app.connect("env-get-updated", on_env_get_updated)
