project = "confnotes bad input table"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
confnotes_tools_file = "tools.yaml"
exclude_patterns = ["_build", "registries"]
