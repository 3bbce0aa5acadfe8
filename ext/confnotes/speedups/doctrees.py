"""Only the page being read or written in memory, not the whole site twice.

Sphinx keeps every doctree it reads in memory until it writes the page
(``env._write_doc_doctree_cache``, private; checked with Sphinx 9.0, 9.1 and
9.2), so a build's peak holds every page of the site as docutils nodes: for
4,000 talks about 90 MiB of the 260 MiB peak. Each doctree is also written to
disk as it is read, and Sphinx reads it from there when the cache lacks it. So:

* once the next page is read (``doctree-read``), and when reading ends, the
  pages read so far leave that cache; they come back from disk, one at a time,
  when written (a few percent more time, a third less memory);
* once a page is written (``html-page-context``, after every other handler),
  its doctree is taken apart: it is a web of cycles (each node points to its
  parent, the document to its transformer and reporter) that only the cyclic
  collector could free, late, or never while ``gcfreeze`` has it frozen.
  Cutting the cycles lets reference counting free the page at once.

Either step does nothing, with a debug line, where Sphinx is not as expected.
``confnotes_release_doctrees = False`` keeps Sphinx's way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from .. import config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

CACHE = "_write_doc_doctree_cache"  # Sphinx's private name: docname -> doctree read


def _cache(env: BuildEnvironment) -> dict[str, Any] | None:
    if not config.get(env.config).release_doctrees:
        return None
    cache = getattr(env, CACHE, None)
    if not isinstance(cache, dict):
        logger.debug("[confnotes] no %s on the environment: doctrees stay in memory", CACHE)
        return None
    return cache


def _drop_read(app: Sphinx, *args: Any) -> None:
    """doctree-read (the pages before this one are on disk) and env-updated."""
    cache = _cache(app.env)
    if cache:
        cache.clear()


def _release(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context, last: the page's doctree is written; take it apart."""
    if not isinstance(doctree, nodes.document) or not config.get(app.config).release_doctrees:
        return
    try:
        take_apart(doctree)
    except Exception as err:  # any surprise: leave it to the collector
        logger.debug("[confnotes] doctree of %s not released: %r", pagename, err)


def take_apart(document: nodes.document) -> None:
    stack: list[nodes.Node] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Element):
            stack.extend(node.children)
            node.children = []
        node.parent = None
    for table in (document.ids, document.nameids, document.nametypes, document.refnames,
                  document.refids, document.substitution_defs, document.substitution_names,
                  document.citation_refs, document.footnote_refs):  # fmt: skip
        table.clear()
    document.transformer = None  # type: ignore[assignment]  # the document is done with
    document.reporter = None  # type: ignore[assignment]


def setup_doctrees(app: Sphinx) -> None:
    # Last, after other extensions' handlers, which may still look at the pages.
    app.connect("doctree-read", _drop_read, priority=1000)
    app.connect("env-updated", _drop_read, priority=1000)
    app.connect("html-page-context", _release, priority=1000)
