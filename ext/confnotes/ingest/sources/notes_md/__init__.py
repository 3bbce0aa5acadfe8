"""Markdown conference notes (a Jekyll/fastpages blog post) -> a confnotes report page.

``convert(text, options=...)`` is pure: text in, :class:`ImportResult` out (the page
text, the talks as :class:`~confnotes.model.Talk` records, images, and findings with
input line numbers). The command line lives in :mod:`confnotes.cli`.

What it understands (see ``docs/authoring.md`` for the target syntax):

* Jekyll/fastpages front matter: ``title`` becomes the page title, ``description``
  the first paragraph, ``categories``/``tags`` the report's tags, ``author`` its
  authors, ``date`` its date; keys without meaning here are named in a comment.
* Talk headings ``## 7:00, [Title](url), Speaker`` and their everyday variants
  (no comma, ``H:MM``/``HH:MM``, time ranges, several speakers joined by "and",
  "&" or ",", speakers linked to their profiles, ``by Speaker``, "(cancelled)").
  A time heading without link and speaker (``## 12:45 Lunch break``) is kept as a
  rubric and reported as a non-talk section.
* Talk bodies run to the next heading of the talk level or higher; sub-headings
  ("Notes from talk", "My thoughts") stay in the body, where the ``talk``
  directive turns them into rubrics.
* Liquid: loops and conditions are removed, the removed source kept in a MyST
  comment (``% ...``); an "Other posts in series" loop becomes the site's
  ``{series}`` listing; fastpages ``include note.html`` becomes an admonition,
  ``{% highlight %}`` a code block; ``{{ site.baseurl }}`` image paths are
  rewritten to ``/gfx/``.

Speaker affiliations written in parentheses (``Jane Doe (Acme)``) are not part of the
``:speaker:`` value (it names people, one index entry each); they are kept as a
comment line at the top of the talk body so nothing is lost.

The steps, one module each: ``checks`` (is it Markdown notes at all), ``front_matter``,
``markdown`` (the structure), ``rewrite`` (Liquid, links, images, escapes), ``outline``
(which heading is what), ``metadata`` (the report block), ``render`` (the page, talk
cards through :mod:`confnotes.ingest.writer`); ``headings`` reads talk headings,
``tools`` marks tool mentions with the site's registry (:mod:`confnotes.registry`).
"""

from __future__ import annotations

from .convert import convert
from .headings import BreakHeading, TalkHeading, parse_heading
from .records import (
    MAX_INPUT_CHARS,
    ConversionError,
    Finding,
    ImageRef,
    ImportOptions,
    ImportResult,
    ToolCandidate,
)
from .words import lost_words, words

__all__ = [
    "MAX_INPUT_CHARS",
    "BreakHeading",
    "ConversionError",
    "Finding",
    "ImageRef",
    "ImportOptions",
    "ImportResult",
    "TalkHeading",
    "ToolCandidate",
    "convert",
    "lost_words",
    "parse_heading",
    "words",
]
