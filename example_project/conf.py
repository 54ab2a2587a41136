# A small reading group: summaries of well-known deep learning papers.
project = "Deep Learning Reading Group"
author = "The reading group"
copyright = "2026, The reading group"

extensions = ["sphinx_shortscience"]  # alone is enough: it also sets up MyST Markdown
bibtex_bibfiles = ["refs.bib"]  # the setting sphinxcontrib-bibtex uses; we read it too

exclude_patterns = ["_build"]
html_title = "Deep Learning Reading Group"
# where the site is published: enables the Atom feed of the newest summaries
html_baseurl = "https://reading-group.example.org/"
