extensions = ["myst_parser", "sphinx.ext.intersphinx", "confnotes"]
exclude_patterns = ["_build"]
confnotes_tools_file = ""
