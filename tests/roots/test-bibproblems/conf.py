project = "Bib problems"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["a.bib", "b.bib", "missing.bib"]
exclude_patterns = ["_build"]
