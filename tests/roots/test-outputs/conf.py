project = "confnotes test"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
confnotes_tools_file = ""
exclude_patterns = ["_build"]
