"""The few custom nodes; everything else is generic docutils with sphinx-design classes.

``talk_time`` subclasses ``inline`` so every builder without an HTML-specific
visitor renders it as ordinary inline text (Sphinx dispatches along the MRO).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class talk_time(nodes.inline):  # noqa: N801 (docutils naming)
    """A point in time; HTML gets ``<time datetime="...">``."""


class listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for data gathered from other pages, filled at write time."""


def visit_talk_time_html(self: HTML5Translator, node: talk_time) -> None:
    attrs = {}
    if node.get("datetime"):
        attrs["datetime"] = node["datetime"]
    self.body.append(self.starttag(node, "time", "", **attrs))


def depart_talk_time_html(self: HTML5Translator, node: talk_time) -> None:
    self.body.append("</time>")


def setup_nodes(app: Sphinx) -> None:
    app.add_node(talk_time, html=(visit_talk_time_html, depart_talk_time_html))
    app.add_node(listing)
