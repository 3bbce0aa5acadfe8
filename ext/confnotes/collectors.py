"""Read-phase steps that need the whole parsed page (title, TOC, language)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docutils import nodes

from .nodes import talk_time

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ConfnotesDomain


def _domain(env: BuildEnvironment) -> ConfnotesDomain:
    return env.domains["confnotes"]  # type: ignore[return-value]


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Finish what a page's directives could not know while it was being parsed."""
    env = app.env
    docname = env.docname
    domain = _domain(env)
    report = domain.reports.get(docname)
    if report is not None:
        title = doctree.next_node(nodes.title)
        domain.note_report(
            dataclasses.replace(report, title=title.astext() if title else report.name)
        )
        _mark_language(doctree, report.language, app.config.language or "en")
    _plain_times_in_toc(env, docname)


def _mark_language(doctree: nodes.document, language: str, site_language: str) -> None:
    """Put ``lang`` on the page's content when it differs from the site's.

    docutils' HTML writer turns a ``language-xx`` class into ``lang="xx"``.
    """
    if not language or language.split("-")[0].lower() == site_language.split("_")[0].lower():
        return
    for child in doctree.children:
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.Invisible):
            child["classes"].append(f"language-{language}")


def _plain_times_in_toc(env: BuildEnvironment, docname: str) -> None:
    # The TOC copies section titles; a talk's <time> belongs on the card only.
    toc = env.tocs.get(docname)
    if toc is None:
        return
    for node in list(toc.findall(talk_time)):
        node.parent.replace(node, nodes.Text(node.astext()))


