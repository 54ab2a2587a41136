"""A summary's header, filled when the page is written: the paper's title, details, byline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..bib.render import inline_nodes
from ..bib.view import hover_text, paper_view
from .display import paper_details, set_xref_content, summary_byline

if TYPE_CHECKING:
    from .. import nodes as ss_nodes
    from ..bib.bibliography import Bibliography


def header_nodes(header: ss_nodes.summary_header, bib: Bibliography) -> list[nodes.Node]:
    """The title (linked to the paper's page), authors, venue and year, writer and date."""
    key = header["key"]
    view = paper_view(bib, key) if key else None
    title = nodes.paragraph(classes=["shortscience-summary-title"])
    xrefs = [c for c in header.children if isinstance(c, addnodes.pending_xref)]
    if xrefs:
        xref = xrefs[0]
        if view is not None:
            set_xref_content(xref, inline_nodes(view.title), hover_text(view))
            xref["shortscience_filled"] = True
        title += nodes.strong("", "", xref)
    else:
        title += nodes.strong("", "(no key given)")
    meta = nodes.paragraph(classes=["shortscience-summary-meta"])
    if view is not None:
        meta += paper_details(view)
    byline = summary_byline(header["writer"], header["date"])
    if byline:
        if len(meta):
            meta += nodes.Text(" — ")
        meta += byline
    result: list[nodes.Node] = [title]
    if len(meta):
        result.append(meta)
    for node in result:
        node.source, node.line = header.source, header.line
    return result
