extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "parts"]
show_warning_types = True
