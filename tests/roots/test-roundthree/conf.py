# Attacks found by issue 30's own round of payloads (each broke the build, a page or the
# PDF before); see tests/test_round_three.py.
project = "Round three"
release = "1.0"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
html_baseurl = "https://group.example.org/"
