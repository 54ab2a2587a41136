project = "Bib problems"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["a.bib", "b.bib", "missing.bib"]
exclude_patterns = ["_build"]
show_warning_types = True  # the default from Sphinx 8; 7.4 needs it said
