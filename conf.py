"""Sphinx configuration for the confnotes site (the source root is the repository root)."""

from __future__ import annotations

project = "confnotes"
author = "confnotes contributors"
copyright = "confnotes contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "confnotes",
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
suppress_warnings = ["myst.strikethrough"]  # HTML-only feature, fine for this site

# -- bibliography -------------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# -- confnotes ----------------------------------------------------------------------
confnotes_tools_file = "docs/tools.yaml"

# -- HTML -----------------------------------------------------------------------------
# pydata-sphinx-theme: maintained by the PyData community, per-page table of
# contents in the right sidebar, light/dark mode switch, good on phones.
html_theme = "pydata_sphinx_theme"
html_title = "confnotes: conference notes"
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_templates_path = ["docs/_templates"]
templates_path = ["docs/_templates"]
# Pages live under docs/; the site root redirects there.
html_additional_pages = {"index": "redirect.html"}
html_context = {"redirect_to": "docs/index.html"}
html_last_updated_fmt = None
