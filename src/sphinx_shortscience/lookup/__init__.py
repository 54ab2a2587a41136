"""Looking papers up: a BibTeX entry from a DBLP key, an arXiv id or a DOI
(``shortscience add``). The only network access of the package; a build never uses it."""
