"""Small helpers every layer uses: digests, atomic file writes, wording and line numbers.

Nothing here knows about Sphinx, docutils or bib files.
"""
