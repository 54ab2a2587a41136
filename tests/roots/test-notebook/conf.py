project = "Notebooks"
extensions = ["myst_nb", "sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
show_warning_types = True
nb_execution_mode = "off"
