extensions = ["sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
# intersphinx_mapping is set by the test (a local objects.inv, no network)
