"""Sphinx configuration for the confnotes site (the source root is the repository root)."""

from __future__ import annotations

import os

project = "confnotes"
author = "confnotes contributors"
copyright = "confnotes contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "confnotes",
    "sphinxext.opengraph",  # OpenGraph and Twitter card metadata on every page
]

# Only the pages are sources; gfx/ holds images the pages reference.
root_doc = "docs/index"
include_patterns = ["docs/**"]
exclude_patterns = ["_build", ".tox", ".venv", "docs/_templates"]

# -- MyST: the syntax authors need for notes -------------------------------------
myst_enable_extensions = [
    "colon_fence",  # ::: fences for talk cards and figures
    "deflist",
    "attrs_inline",
    "attrs_block",
    "fieldlist",
    "substitution",
    "tasklist",
    "strikethrough",
    "smartquotes",
]
myst_heading_anchors = 3
# Keep footnotes where they are defined, so each talk card lists its own references
# ({footbibliography} inside the card) instead of one pile at the end of the page.
myst_footnote_sort = False
suppress_warnings = ["myst.strikethrough"]  # HTML-only feature, fine for this site

# -- bibliography -------------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# -- public URL: feeds, OpenGraph and JSON-LD need absolute links ------------------
# Read the Docs sets READTHEDOCS_CANONICAL_URL; a local preview has no public URL,
# so it gets no Atom feed (an info line says so; on Read the Docs it is a warning).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
ogp_site_url = html_baseurl
ogp_site_name = "confnotes"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}  # no matplotlib; no generated images
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary">',)
# Report pages: confnotes sets og:type "article" and the description (facts and
# talk titles) through the page's fields; other pages keep these defaults.

# -- confnotes ----------------------------------------------------------------------
confnotes_tools_file = "docs/tools.yaml"

# -- HTML -----------------------------------------------------------------------------
# pydata-sphinx-theme: maintained by the PyData community, per-page table of
# contents in the right sidebar, light/dark mode switch, good on phones.
html_theme = "pydata_sphinx_theme"
# Short: a long title pushes the header controls off a phone screen.
html_title = "confnotes"
html_theme_options = {
    "show_toc_level": 2,
    # One header row on laptops, so linked talks are not hidden under it.
    "header_links_before_dropdown": 3,
    "navbar_persistent": ["search-button"],
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
# The header holds the site navigation; an empty left sidebar would only take room.
html_sidebars = {"**": []}
html_templates_path = ["docs/_templates"]
templates_path = ["docs/_templates"]
# Pages live under docs/; the site root redirects there.
html_additional_pages = {"index": "redirect.html"}
html_context = {"redirect_to": "docs/index.html"}
html_last_updated_fmt = None

# -- other formats (Read the Docs builds PDF and EPUB too) -------------------------------
# The root document is docs/index: name it, or each builder looks for "index".
_title = "confnotes: conference notes"
# EPUB 3 requires a version (ibooks:version); the notes follow the tool's.
version = __import__("confnotes").__version__

latex_engine = "pdflatex"  # TeX Live's default; Babel's narrow spaces are handled by confnotes
latex_documents = [("docs/index", "confnotes.tex", _title, author, "manual")]
latex_show_urls = "no"  # card titles link to the conference's talk page
latex_elements = {
    # The index lists talks and speakers, not code: roman type, not typewriter.
    "preamble": r"\protected\def\sphinxstyleindexentry#1{#1}",
}

epub_title = _title
epub_description = "Notes from Python and data conferences, talk by talk."
epub_publisher = epub_contributor = author
epub_uid = epub_identifier = "confnotes"
epub_show_urls = "no"  # else every card title is followed by the talk page's URL
# Sphinx resolves the nav/NCX links of a root document in a subdirectory against
# the root instead of docs/; the "includehidden" scope uses its corrected list.
epub_tocscope = "includehidden"
epub_exclude_files = ["index.xhtml"]  # the HTML site's redirect page (html_additional_pages)

man_pages = [("docs/index", "confnotes", _title, [author], 7)]
texinfo_documents = [
    ("docs/index", "confnotes", _title, author, "confnotes", "Conference notes.", "Documentation")
]
