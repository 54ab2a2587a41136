"""The HTML search index: each distinct word stemmed once per build, not once per page.

Sphinx stems every word of a page when it adds the page to the search index, remembering
stems only within that page. A summary's text is on its session page and again on its
paper page, and the same vocabulary runs through thousands of paper, keyword and listing
pages, so most stems were computed many times over: at the small benchmark size stemming
took three quarters of the time Sphinx's main process spent on the search index. The
stems are the same whichever page asks, so the index is the same bytes.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Sphinx's search languages whose ``stem`` is ``stemmer.stemWord(word.lower())``, a
#: function of the word alone (the Chinese one also depends on what it has split so far).
_PURE_STEMMING_MODULES = frozenset(
    f"sphinx.search.{code}"
    for code in ("da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro",
                 "ru", "sv", "tr")
)


def remember_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before a resolved page is indexed: stem through a cache kept for the build.

    The index builder (and its language) is made anew for every build when writing
    starts; the cache lives on that language object, so it ends with it, and under
    ``-j`` it is in the main process, the only one that feeds the index.
    """
    indexer = getattr(app.builder, "indexer", None)
    language = getattr(indexer, "lang", None)
    if language is None or type(language).__module__ not in _PURE_STEMMING_MODULES:
        return
    if "stem" in vars(language):  # already remembering
        return
    language.stem = cache(language.stem)
