project = "Second project"
extensions = ["sphinx_shortscience", "sphinx.ext.intersphinx"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
# intersphinx_mapping is given by the test: the first project's objects.inv on disk
