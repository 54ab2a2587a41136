project = "Grammar"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
myst_enable_extensions = ["dollarmath"]  # must not change how summaries read $
