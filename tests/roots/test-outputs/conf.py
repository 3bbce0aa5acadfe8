project = "confnotes test"
extensions = ["myst_parser", "sphinx_design", "confnotes", "sphinxext.opengraph"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
confnotes_tools_file = ""
exclude_patterns = ["_build"]
# As the site's conf.py: the public URL feeds the Atom feeds, JSON-LD and OpenGraph.
html_baseurl = "https://notes.example.org/site/"
ogp_site_url = html_baseurl
ogp_site_name = "confnotes test"
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary">',)
