"""The few custom nodes; everything else is generic docutils with sphinx-design classes.

``talk_time`` subclasses ``inline`` so every builder without an HTML-specific
visitor renders it as ordinary inline text (Sphinx dispatches along the MRO).

The rest of this module makes the generic output read well outside HTML, and
works around two Sphinx 9 bugs that would otherwise break links:

* builders without CSS (text, LaTeX, man, Texinfo) get badges in brackets, so
  "Brendan Tierney [Cancelled]" does not run the status into the name;
* LaTeX: the spaces Babel puts into dates (U+2009, U+202F) become no-break
  spaces, which pdflatex knows, and ids on containers, rubrics and paragraphs
  (tool and speaker entries) get a ``\\label`` so links to them work in the PDF;
  a "References" heading whose citations became footnotes is dropped;
* singlehtml: links to an anchor on another page come out as
  ``#document-page#anchor`` (sphinx-doc/sphinx#14221); keep only ``#anchor``;
* man: docutils 0.22 shadows Sphinx's link renderer, so internal links print
  as ``<#anchor>`` (sphinx-doc/sphinx#14427); restore Sphinx's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.manpage import ManualPageTranslator


class talk_time(nodes.inline):  # noqa: N801 (docutils naming)
    """A point in time; HTML gets ``<time datetime="...">``."""


class listing(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for data gathered from other pages, filled at write time."""


class details(nodes.General, nodes.Element):  # noqa: N801
    """``<details>``: content one click away, on web pages only (listings make
    it for HTML builders but EPUB, where a reader may not open it; elsewhere
    they write the content out)."""


class summary(nodes.TextElement):  # noqa: N801
    """``<summary>``: the always visible line of a ``details``."""


def visit_details_html(self: HTML5Translator, node: details) -> None:
    self.body.append(self.starttag(node, "details", ""))


def depart_details_html(self: HTML5Translator, node: details) -> None:
    self.body.append("</details>\n")


def visit_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary_html(self: HTML5Translator, node: summary) -> None:
    self.body.append("</summary>\n")


def visit_talk_time_html(self: HTML5Translator, node: talk_time) -> None:
    attrs = {}
    if node.get("datetime"):
        attrs["datetime"] = node["datetime"]
    self.body.append(self.starttag(node, "time", "", **attrs))


def depart_talk_time_html(self: HTML5Translator, node: talk_time) -> None:
    self.body.append("</time>")


# -- output formats without HTML ---------------------------------------------------------

# Narrow spaces from Babel's date formats; pdflatex has no glyph for them.
NARROW_SPACES = str.maketrans(dict.fromkeys("\u2009\u200a\u202f", "\u00a0"))


def plain_badges(doctree: nodes.document) -> None:
    """Badges are styled spans in HTML; elsewhere put their text in brackets."""
    for node in list(doctree.findall(nodes.inline)):
        if "confnotes-badge" in node["classes"] and node.astext().strip():
            node.insert(0, nodes.Text("["))
            node.append(nodes.Text("]"))


def latex_spaces(doctree: nodes.document) -> None:
    """Dates and times: no characters pdflatex cannot typeset."""
    for node in doctree.findall(talk_time):
        for text in list(node.findall(nodes.Text)):
            fixed = text.translate(NARROW_SPACES)
            if fixed != text:
                text.parent.replace(text, nodes.Text(fixed))


def latex_empty_rubrics(doctree: nodes.document) -> None:
    """Drop a heading left with nothing under it, such as "References" above a
    ``footbibliography``: LaTeX prints those citations as footnotes on their page.
    """
    for rubric in list(doctree.findall(nodes.rubric)):
        parent = rubric.parent
        if parent is None:
            continue
        after = parent[parent.index(rubric) + 1 :]
        if all(_empty(n) for n in after):
            rubric.replace_self(nodes.target("", "", ids=list(rubric["ids"])))


def _empty(node: nodes.Node) -> bool:
    """Nothing a reader would see: targets, comments, an emptied container."""
    if isinstance(node, (nodes.target, nodes.comment)):
        return True
    return (
        isinstance(node, nodes.container)
        and not node.astext().strip()
        and not any(node.findall(nodes.image))
    )


# Elements whose ids the LaTeX writer would drop (it writes ``\\label`` for
# sections, figures, tables and targets only): the tool and speaker entries
# (containers), their letters (rubrics) and the category lines (paragraphs).
LATEX_KEEP_IDS = (nodes.container, nodes.rubric, nodes.paragraph)


def latex_targets(doctree: nodes.document) -> None:
    """A target in front of each such element gives the PDF its anchors."""
    for node in list(doctree.findall(nodes.Element)):
        if isinstance(node, LATEX_KEEP_IDS) and node["ids"] and node.parent is not None:
            target = nodes.target("", "", ids=list(node["ids"]))
            node.parent.insert(node.parent.index(node), target)


def single_html_anchors(doctree: nodes.document) -> None:
    """``#document-page#anchor`` -> ``#anchor`` (everything is on one page).

    Sphinx 8.2 stopped rewriting these (sphinx-doc/sphinx#14221); harmless once
    it does again.
    """
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri.startswith("#document-") and uri.count("#") > 1:
            ref["refuri"] = uri[uri.rindex("#") :]


def fix_output(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Output-format fixes, once the page is complete (listings filled, links made)."""
    fmt, name = app.builder.format, app.builder.name
    if fmt in ("text", "latex", "man", "texinfo"):
        plain_badges(doctree)
    if fmt == "latex":
        latex_spaces(doctree)
        latex_empty_rubrics(doctree)
        latex_targets(doctree)
    if name == "singlehtml":
        single_html_anchors(doctree)


def visit_reference_man(self: ManualPageTranslator, node: nodes.reference) -> None:
    """Sphinx's own man-page link rendering (text, no ``<#anchor>``).

    docutils 0.22 sets ``visit_reference`` on the translator instance, hiding
    Sphinx's method (sphinx-doc/sphinx#14427), and no longer has the
    ``reference`` markup Sphinx's method uses.
    """
    from sphinx.writers.manpage import ManualPageTranslator

    self.defs.setdefault("reference", (r"\fI\%", r"\fP"))
    ManualPageTranslator.visit_reference(self, node)  # raises SkipNode


def depart_reference_man(self: ManualPageTranslator, node: nodes.reference) -> None:
    pass


def setup_nodes(app: Sphinx) -> None:
    app.add_node(talk_time, html=(visit_talk_time_html, depart_talk_time_html))
    app.add_node(listing)
    app.add_node(details, html=(visit_details_html, depart_details_html))
    app.add_node(summary, html=(visit_summary_html, depart_summary_html))
    app.add_node(nodes.reference, override=True, man=(visit_reference_man, depart_reference_man))
    # After the listings are filled (400), so they are fixed too.
    app.connect("doctree-resolved", fix_output, priority=600)
