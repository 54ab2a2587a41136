project = "Side by side"
extensions = ["sphinxcontrib.bibtex", "sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
