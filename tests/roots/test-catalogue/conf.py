project = "Catalogue"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["good.bib", "latin1.bib", "bom-crlf.bib", "missing.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
