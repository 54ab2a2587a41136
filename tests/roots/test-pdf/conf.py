# What a PDF finds hard: long keys shown as text, math and accents in bib fields, tables.
project = "PDF"
extensions = ["sphinx_shortscience"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
show_warning_types = True
# citations show the keys themselves, so long keys run through paragraphs and table cells
shortscience_cite_style = "key"
