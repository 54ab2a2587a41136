"""Summary bodies copied from the doctrees they were written in, whole or as excerpts.

Paper pages show every summary of the paper in full, taking the nodes from the pickled
doctree of the document the summary is in. That doctree is unpickled for us alone, so the
one paper page that shows a summary in full takes its nodes as they are (copying a 1 MB
summary's nodes cost more than unpickling them). Listings and the feed show its first
words: the excerpt made when the summary was read (:mod:`..summaries.excerpt`), drawn
from its record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import process_only_nodes

from .. import nodes as ss_nodes
from ..domain import domain_of
from ..summaries.excerpt import Pieces, draw_excerpt

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment



class SummaryBodies:
    """Summary bodies taken from the doctrees of the documents they were written in."""

    def __init__(self, env: BuildEnvironment, builder: Builder):
        self.env = env
        self.builder = builder
        self.bodies: dict[str, dict[str, nodes.Element]] = {}

    @classmethod
    def of(cls, env: BuildEnvironment) -> SummaryBodies:
        """The bodies of this build (kept on the domain, dropped at builder-inited)."""
        domain = domain_of(env)
        if domain.bodies is None or domain.bodies.env is not env:
            assert domain.builder is not None, "the builder is set at builder-inited"
            domain.bodies = cls(env, domain.builder)
        return domain.bodies

    def _load(self, docname: str) -> dict[str, nodes.Element]:
        if docname not in self.bodies:
            found: dict[str, nodes.Element] = {}
            try:
                doctree = self.env.get_doctree(docname)
            except (OSError, EOFError):
                doctree = None
            if doctree is not None:
                for container in doctree.findall(nodes.container):
                    if container.get("shortscience_summary") and container["ids"]:
                        body = next((c for c in container.children
                                     if isinstance(c, nodes.container)), None)
                        if body is not None:
                            # an ``only`` inside the body, for this builder, as its own page
                            # does: the paper page and the search index show the same
                            process_only_nodes(body, self.builder.tags)
                            found[container["ids"][0]] = body
            self.bodies[docname] = found
        return self.bodies[docname]

    def _adopt(self, node: nodes.Element, docname: str, node_id: str, into: str, *,
               whole: bool = False) -> nodes.Element:
        """Make a copy of the original's nodes fit the page it is copied into."""
        builder = self.builder
        # ids and names belong to the original; the copy must not clash with it in
        # single-page and LaTeX output, where all pages share one id space.  A whole body
        # (on its paper page only) keeps ids of its own: Sphinx's writers number figures,
        # tables and captioned code by their id and warn about one without
        prefix = nodes.make_id(f"copy {docname} {node_id}") + "-"
        for element in node.findall(nodes.Element):
            if element["ids"]:
                element["ids"] = [prefix + node_id for node_id in element["ids"]] if whole else []
            if element["names"]:
                element["names"] = []
            if isinstance(element, addnodes.pending_xref | ss_nodes.cite_group):
                element["refdoc"] = into
                element["shortscience_copy"] = True
            if isinstance(element, nodes.reference) and element.get("refid"):
                # an anchor of the original page (a footnote, a label): link there
                anchor = element.attributes.pop("refid")
                element["refuri"] = (
                    builder.get_relative_uri(into, docname) + "#" + anchor)
        return node

    def copy(self, docname: str, node_id: str, into: str) -> nodes.Element | None:
        """The body of the summary *node_id* of *docname* for the page *into*: the loaded
        nodes themselves, which no one else uses (a second request loads the doctree
        again)."""
        loaded = self._load(docname)
        body = loaded.pop(node_id, None)
        if body is None:
            self.bodies.pop(docname, None)
            body = self._load(docname).pop(node_id, None)
            if body is None:
                return None
        if body.parent is not None:
            # the doctree it came from stays loaded for other bodies: it must not keep
            # this body, and through it the page it goes to, alive
            body.parent.remove(body)
        return self._adopt(body, docname, node_id, into, whole=True)

    def excerpt(self, excerpt: tuple[Pieces, bool] | None, docname: str, node_id: str,
                into: str) -> tuple[nodes.paragraph, bool] | None:
        """A summary's excerpt (made when it was read) for the page *into*, its ``only``
        directives decided for this builder."""
        if excerpt is None:
            return None
        pieces, truncated = excerpt
        paragraph = draw_excerpt(pieces)
        process_only_nodes(paragraph, self.builder.tags)
        if not len(paragraph):
            return None
        return self._adopt(paragraph, docname, node_id, into), truncated  # type: ignore[return-value]
