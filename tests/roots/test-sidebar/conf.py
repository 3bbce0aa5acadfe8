extensions = ["confnotes"]
project = "sidebar"
html_theme = "alabaster"
confnotes_tools_file = ""
exclude_patterns = ["_build"]
