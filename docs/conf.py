"""Documentation of sphinx-shortscience, built with the extension itself."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-shortscience"
author = "sphinx-shortscience developers"
copyright = "2026, sphinx-shortscience developers"

extensions = ["sphinx_shortscience", "live_example", "reference"]
# the docs include the example reading group and cite its papers
bibtex_bibfiles = ["../example_project/refs.bib"]
exclude_patterns = ["_build"]
html_title = "sphinx-shortscience"
myst_heading_anchors = 3
nitpicky = True
