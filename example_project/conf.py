# A small reading group: summaries of well-known deep learning papers.
project = "Deep Learning Reading Group"
author = "The reading group"

extensions = ["sphinx_shortscience"]  # alone is enough: it also sets up MyST Markdown
bibtex_bibfiles = ["refs.bib"]  # the setting sphinxcontrib-bibtex uses; we read it too

exclude_patterns = ["_build"]
html_title = "Deep Learning Reading Group"
