"""Links from one generated page to papers, listing pages and summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.nodes import make_refnode

from ..bib.render import inline_nodes
from ..bib.view import hover_text, paper_view
from ..grammar.to_nodes import paper_xref
from ..summaries.display import set_xref_content
from .names import member_docname

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibliography import Bibliography
    from .families import Family


class PageLinks:
    """Links from one page to papers, listing pages and summaries, for the current builder."""

    def __init__(self, env: BuildEnvironment, builder: Builder, docname: str,
                 bib: Bibliography):
        self.env = env
        self.builder = builder
        self.docname = docname
        self.bib = bib

    def doc(self, docname: str, content: list[nodes.Node], targetid: str = "") -> nodes.Node:
        if docname not in self.env.all_docs:
            return nodes.inline("", "", *content)
        return make_refnode(self.builder, self.docname, docname, targetid, content)

    def paper(self, key: str, content: list[nodes.Node] | None = None) -> nodes.Node:
        view = paper_view(self.bib, key)
        xref = paper_xref(key, "paper", self.docname, None, None, explicit=True)
        xref["shortscience_filled"] = True
        shown = content or (inline_nodes(view.title) if view else [nodes.Text(key)])
        set_xref_content(xref, shown, hover_text(view) if view else None)
        return xref

    def member(self, family: Family, identity: str, display: str) -> nodes.Node:
        docname = member_docname(self.env.config, family, identity)
        return self.doc(docname, [nodes.Text(display)])
