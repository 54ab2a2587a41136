project = "Edits"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8; 7.4 needs it said
