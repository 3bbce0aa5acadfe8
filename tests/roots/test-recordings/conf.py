# Pages written by `confnotes schedule`/`recordings` in the tests (tests/ingest_kit.py),
# built with the MyST syntax the site itself enables, so programme text is tested
# against every extension that could read it as markup.
project = "confnotes ingest test"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "attrs_inline",
    "attrs_block",
    "fieldlist",
    "substitution",
    "tasklist",
    "strikethrough",
    "smartquotes",
    "dollarmath",
]
suppress_warnings = ["myst.strikethrough"]
confnotes_tools_file = ""
exclude_patterns = ["_build"]
