project = "any role"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
myst_enable_extensions = ["colon_fence"]
confnotes_tools_file = "tools.yaml"
default_role = "any"
exclude_patterns = ["_build"]
