project = "Check"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "excluded/*"]
myst_enable_extensions = ["colon_fence"]
show_warning_types = True
suppress_warnings = ["shortscience.unsafe_link"]
