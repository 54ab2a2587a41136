project = "Options"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
