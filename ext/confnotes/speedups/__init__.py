"""Optional speed-ups that reach into Sphinx and CPython internals.

The core never imports this package: ``confnotes.setup`` loads it by name as
a Sphinx extension. Each speed-up checks what it relies on when it is set up
and, on any failure there or later, leaves Sphinx's own path in place with a
debug log line (``sphinx-build -vv`` shows them); a build never fails because
of one. Private names used, checked against Sphinx 9.0, 9.1 and 9.2:

- ``sidebar``: ``StandaloneHTMLBuilder._get_local_toctree`` and the
  ``__qualname__`` of the ``toctree`` function that
  ``StandaloneHTMLBuilder.handle_page`` puts in the template context.
- ``gcfreeze``: ``Sphinx._load_existing_env`` (wrapped, to pause the collector
  while the environment unpickles); CPython's ``gc.freeze``/``gc.unfreeze``.
- ``doctrees``: ``BuildEnvironment._write_doc_doctree_cache`` (emptied as pages
  are read; Sphinx reads them back from disk when writing).
- ``fast_html``: none; it answers the core's ``confnotes-fast-html`` event with
  the markup docutils' HTML5 writer makes of the listing nodes (pinned down by
  byte-for-byte tests of whole pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from . import doctrees, fast_html, gcfreeze, sidebar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

SPEEDUPS: dict[str, Callable[[Sphinx], None]] = {
    "sidebar": sidebar.setup_sidebar,
    "gcfreeze": gcfreeze.setup_gcfreeze,
    "fast_html": fast_html.setup_fast_html,
    "doctrees": doctrees.setup_doctrees,
}


def setup(app: Sphinx) -> ExtensionMetadata:
    from .. import __version__

    for name, install in SPEEDUPS.items():
        try:
            install(app)
        except Exception as err:  # any failure: Sphinx's own way
            logger.debug("[confnotes] speed-up %s not used: %r", name, err)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
