"""Citations filled when the page is written: the text of each ``\\cite``, paper links' titles.

The grammar made each ``\\cite`` a :class:`~sphinx_shortscience.nodes.cite_group` naming
its keys (:mod:`sphinx_shortscience.grammar.to_nodes`); here each key gets its text in the
configured style (:mod:`sphinx_shortscience.bib.citation`), a preview and a link to the
paper's page; a key without a page here becomes a ``pending_xref`` that Sphinx resolves
(intersphinx) or reports through :func:`on_warn_missing_reference` where it was written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri

from ..bib.citation import citation_pieces, citation_string, key_text
from ..bib.render import inline_nodes, latex_plain
from ..bib.view import hover_text, paper_view
from ..domain import domain_of, page_link
from ..grammar.to_nodes import paper_xref
from ..nodes import ancestors
from ..warnings_ import ShortScienceWarning, warn
from .display import set_xref_content
from .rules import missing_key_message

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .. import nodes as ss_nodes
    from ..bib.bibliography import Bibliography


class DirectLinks:
    """Links to paper pages made where citations are filled, as the domain would make them.

    Sphinx's reference resolver costs a walk, a copy and a lookup per reference; a page
    citing a paper thousands of times (a 1 MB summary) spent more there than on anything
    else. A key whose page exists is linked here with the same ``page_link`` call the
    domain makes; any other key becomes a ``pending_xref`` for Sphinx (intersphinx, the
    missing-key warning, a builder that has no page for it).
    """

    def __init__(self, env: BuildEnvironment, builder: Builder):
        self.domain = domain_of(env)
        self.builder = builder
        self.pages: dict[str, str | None] = {}

    def has_page(self, key: str) -> bool:
        if key not in self.pages:
            self.pages[key] = self.domain.page_of(key)
        return self.pages[key] is not None

    def link(self, key: str, refdoc: str, content: nodes.Element,
             title: str | None) -> nodes.reference | None:
        """A link from *refdoc* to the page of *key*, or None when Sphinx has to decide."""
        page = self.pages[key] if self.has_page(key) else None
        if page is None:
            return None
        try:
            return page_link(self.builder, refdoc, page, content, title)
        except NoUri:  # this builder has no page for it: Sphinx's resolver decides
            return None


def citation_nodes(group: ss_nodes.cite_group, bib: Bibliography, style: str,
                   numbers: dict[str, int],
                   labels: dict[tuple[str, str], tuple[str, str]] | None = None,
                   links: DirectLinks | None = None) -> nodes.inline:
    """A ``\\cite``-like command as the reader sees it: linked labels, notes, brackets.
    *labels* keeps each key's label and preview for the next citation of it in the page."""
    command = group["command"]
    items: list[nodes.Node] = []
    known = labels if labels is not None else {}
    for key in group["keys"]:
        shown = known.get((key, command))
        if shown is None:
            view = paper_view(bib, key)
            if view is not None:
                shown = known[key, command] = (
                    key_text(view, command, style, numbers.get(view.key)), hover_text(view))
        items.append(_cited_key(group, key, shown, links))
    pieces = citation_pieces(command, style, items, latex_plain(group.get("prenote", "")),
                             latex_plain(group.get("postnote", "")),
                             group.get("in_parentheses", False))
    content = [nodes.Text(piece) if isinstance(piece, str) else piece for piece in pieces]
    wrapper = nodes.inline("", "", *content, classes=["shortscience-citation"])
    wrapper.source, wrapper.line = group.source, group.line
    return wrapper


def _cited_key(group: ss_nodes.cite_group, key: str, shown: tuple[str, str] | None,
               links: DirectLinks | None) -> nodes.Element:
    """One key of a citation: its label linked to the paper's page, or a reference for
    Sphinx to resolve (showing the key when the bib lacks it)."""
    if shown is not None:
        label = nodes.inline("", "", nodes.Text(shown[0]), classes=["shortscience-cite"])
        if links is not None:
            reference = links.link(key, group["refdoc"], label, shown[1] or None)
            if reference is not None:
                return reference
    xref = paper_xref(key, "cite", group["refdoc"], group.source, group.line)
    if group.get("shortscience_copy"):
        xref["shortscience_copy"] = True
    if shown is not None:
        set_xref_content(xref, [nodes.Text(shown[0])], shown[1])
    return xref


def citation_text(group: ss_nodes.cite_group, bib: Bibliography, style: str,
                  numbers: dict[str, int]) -> str:
    """The same citation as plain text (the Atom feed shows this)."""
    command = group["command"]
    labels = []
    for key in group["keys"]:
        view = paper_view(bib, key)
        labels.append(key_text(view, command, style, numbers.get(view.key)) if view else key)
    return citation_string(command, style, labels, latex_plain(group.get("prenote", "")),
                           latex_plain(group.get("postnote", "")),
                           group.get("in_parentheses", False))


def fill_paper_link(xref: addnodes.pending_xref, bib: Bibliography) -> None:
    """Give a ``:paper:`` link (not explicitly titled) the paper's title and a preview."""
    view = paper_view(bib, xref["reftarget"])
    if view is None:
        url = xref.get("shortscience_url")
        if url:  # a ShortScience link to a paper we do not have stays a plain link
            text = xref.astext() or url
            xref.replace_self(nodes.reference(text, "", *xref.children, refuri=url))
        return
    if not xref.get("refexplicit") and not xref.get("shortscience_filled"):
        set_xref_content(xref, inline_nodes(view.title), hover_text(view))
    else:
        xref["reftitle"] = hover_text(view)
    xref["shortscience_filled"] = True


def on_warn_missing_reference(app: Sphinx, domain: Any, node: addnodes.pending_xref) -> bool | None:
    """A key that resolves to no page: one located ``missing_key`` warning, ours."""
    if node.get("refdomain") != "shortscience":
        return None
    if node.get("shortscience_copy"):
        return True  # reported where the summary was written
    ours = domain_of(app.env)
    if not all(ours.shown(only["expr"]) for only in ancestors(node)
               if isinstance(only, addnodes.only)):
        return True  # inside ``only`` that this output leaves out: it has no page here
    key = node["reftarget"]
    if node.get("reftype") == "keyword":
        warn(ShortScienceWarning.unknown_keyword,
             f"no summarized paper has the keyword {key!r}, so it has no page", node)
        return True
    bibliography = ours.bibliography if ours.bib_state else None
    canonical = bibliography.canonical_key(key) if bibliography is not None else None
    if canonical is not None and canonical in ours.store["collided"]:
        return True  # its bib entry has the page_collision warning
    warn(ShortScienceWarning.missing_key, missing_key_message(key, bibliography), node)
    return True
