extensions = ["myst_parser", "sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
