"""The navigation: listing pages kept out of it, and neighbours rewritten when it changes."""

from __future__ import annotations

import posixpath
import weakref
from typing import TYPE_CHECKING, Any

from ..compat import documents_in_navigation, keep_out_of_navigation, replace_toctree_function
from ..domain import domain_of
from .names import listing_docnames

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .model import Site


def detach_listing_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the members of a listing page (papers, keywords, ...) out of the navigation.

    Their toctree stays in the doctree, so LaTeX, single-page HTML and ePub include the
    pages, but Sphinx's record of it is dropped: every HTML page renders the navigation
    tree, and thousands of paper pages in it make each page slower to write (quadratic in
    all) and the sidebar useless.  The member pages are marked ``:orphan:``.
    """
    env = app.env
    if env.docname in listing_docnames(env.config):
        keep_out_of_navigation(env, env.docname)


def renumbered_documents(env: BuildEnvironment, site: Site) -> set[str]:
    """Documents citing a key whose number changed (``numeric`` style only).

    Numbers follow the order of first citation across documents, so a new citation in one
    document can renumber keys cited in another, which was not read again.
    """
    domain = domain_of(env)
    stored = domain.store["citation_numbers"]
    domain.store["citation_numbers"] = dict(site.citation_numbers)
    if env.config.shortscience_cite_style != "numeric":
        return set()
    moved = {key for key, number in site.citation_numbers.items() if stored.get(key) != number}
    return {record.docname for record in domain.all_citations()
            if site.canonical.get(record.key) in moved and record.docname in env.all_docs}


def navigation_changes(env: BuildEnvironment) -> set[str]:
    """Documents whose parent, previous or next page (or its title) changed.

    Sphinx rewrites a document when it is read and the documents whose toctree lists it,
    but not its neighbours, whose "previous"/"next" links show its title.  Generated pages
    come and go and change titles with the bib, so we rewrite the neighbours too: an
    incremental build then writes what a fresh build writes.
    """
    domain = domain_of(env)
    stored = domain.store["navigation"]
    current: dict[str, str] = {}
    for docname, related in env.collect_relations().items():
        parts = []
        for other in related:
            title = env.titles.get(other) if other else None
            parts.append(f"{other}\1{title.astext() if title is not None else ''}")
        current[docname] = "\0".join(parts)
    domain.store["navigation"] = current
    return {docname for docname, value in current.items()
            if stored.get(docname) != value and docname in env.all_docs}


class _SharedNavigation:
    """One build's navigation HTML for pages outside the toctree, by folder and arguments."""

    def __init__(self, env: BuildEnvironment):
        self.in_navigation = documents_in_navigation(env)
        self.html: dict[tuple[str, str], str] = {}
        self.pages = 0  # pages that took their navigation from here


#: Per builder (so per process under ``-j``): the navigation pages outside the toctree share.
_shared: weakref.WeakKeyDictionary[Builder, _SharedNavigation] = weakref.WeakKeyDictionary()


def forget_shared_navigation(app: Sphinx, env: BuildEnvironment) -> None:
    """A new build (sphinx-autobuild, or a second ``app.build()``) starts afresh."""
    _shared.pop(app.builder, None)


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    """Render the navigation once for all generated pages that are outside the toctree.

    A page's navigation depends on the page only through the pages of the toctree it is in
    (marked current, expanded) and the folder its links are relative to. The thousands of
    paper, keyword, venue, year and writer pages are in no toctree the sidebar follows, so
    those in one folder get the same HTML: it is rendered once per folder and arguments
    instead of once per page (pages x documents), whatever the theme asks for.
    """
    if doctree is None or pagename not in domain_of(app.env).store["stubs"]:
        return
    shared = _shared.get(app.builder)
    if shared is None:
        shared = _shared[app.builder] = _SharedNavigation(app.env)
    if pagename in shared.in_navigation:
        return
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    shared.pages += 1

    def sharing(toctree: Callable[..., str]) -> Callable[..., str]:
        def shared_toctree(**kwargs: Any) -> str:
            key = (folder, repr(sorted(kwargs.items())))
            html = shared.html.get(key)
            if html is None:
                html = shared.html[key] = toctree(**kwargs)
            return html

        return shared_toctree

    replace_toctree_function(context, sharing)
