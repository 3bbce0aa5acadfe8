"""The cross-reference roles: ``{talk}``, ``{tool}``, ``{speaker}``, ``{confnotes:report}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.roles import XRefRole

from .model import clean_text
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.environment import BuildEnvironment


def plain_text(rawtext: str, text: str, classes: list[str] | None = None) -> nodes.Text:
    """The ``innernodeclass`` of ``{tool}``: the name as text, no wrapping element.

    A site mentions tools thousands of times; every element costs in each of
    Sphinx's passes over a page and in memory. The link made of it carries the
    classes instead (``ConfnotesDomain.resolve_xref``).
    """
    return nodes.Text(text)


class ConfnotesXRefRole(XRefRole):
    """``{talk}`x``` works without the ``confnotes:`` prefix."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"confnotes:{self.name}"
        return super().run()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        clean_title, dirty_title = clean_text(title)
        clean_target, dirty_target = clean_text(target)
        if dirty_title or dirty_target:
            warn(
                f"control characters removed from the {self.name} reference {clean_target!r}",
                Subtype.TEXT,
                refnode,
            )
        return clean_title, clean_target
