"""The HTML search index: each word stemmed once per build, titles kept from running as HTML.

Sphinx stems every word of a page when it adds the page to the search index, remembering
stems only within that page. A summary's text is on its session page and again on its
paper page, and the same vocabulary runs through thousands of paper, keyword and listing
pages, so most stems were computed many times over: at the small benchmark size stemming
took most of the time Sphinx's main process spent on the search index. The stems are the
same whichever page asks, so the index is the same bytes.

Before Sphinx 9, the search page put the section titles a search finds into the page as
HTML, while the index holds them as text (object names Sphinx escapes itself). A bib
title, a keyword or a summary's heading is written by whoever wrote the bib or the
summary, so with those versions the index holds section titles escaped: they show as
written, and markup in them stays text.
"""

from __future__ import annotations

from html import escape, unescape
from typing import TYPE_CHECKING, Any

import sphinx

from .. import compat
from ..compat import change_frozen_index

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

#: Sphinx 9's searchtools.js escapes what it shows (``_escapeHTML``); 7.4 to 8.2 do not.
SEARCH_PAGE_ESCAPES_TITLES = sphinx.version_info >= (9,)


def prepare_search_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before a resolved page is added to the search index (in the main process, also
    under ``-j``): the build's index builder, made anew when writing starts, remembers
    stems."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        remember_stems(indexer)


def escape_titles_before_dump(app: Sphinx) -> tuple[()]:
    """When the HTML builder finishes (it collects its extra pages just before it writes
    the search index), whichever pages this build wrote: for a search page that shows
    titles as HTML, the index keeps them escaped. Adds no page."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and not SEARCH_PAGE_ESCAPES_TITLES:
        keep_titles_escaped(indexer)
    return ()


def remember_stems(indexer: Any) -> None:
    """Stems remembered for the whole build, in the languages where that is exact."""
    compat.remember_stems(indexer, _PURE_STEMMING_MODULES)


def keep_titles_escaped(indexer: Any) -> None:
    """Escape the section titles of the frozen index (what ``dump`` writes to
    ``searchindex.js``).

    Titles of pages not written again in an incremental build are loaded back from the
    last index, escaped already: they are unescaped before being escaped, so each is
    escaped once (a title spelling an entity itself, such as ``&lt;``, then shows the
    character it names).
    """
    def escape_titles(frozen: dict[str, Any]) -> None:
        titles: dict[str, list[Any]] = {}
        for title, places in frozen["alltitles"].items():
            titles.setdefault(escape(unescape(title), quote=False), []).extend(places)
        frozen["alltitles"] = titles

    change_frozen_index(indexer, escape_titles)
