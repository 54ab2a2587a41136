"""Summary bodies copied from the doctrees they were written in, whole or as excerpts.

Paper pages show every summary of the paper in full; listings and the feed show its first
words.  Both take the nodes from the pickled doctree of the document the summary is in.
That doctree is unpickled for us alone, so the one paper page that shows a summary in full
takes its nodes as they are (copying a 1 MB summary's nodes cost more than unpickling
them); the excerpt is made when the doctree is loaded, before the body is handed over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import process_only_nodes

from .. import nodes as ss_nodes
from ..domain import domain_of
from ..grammar.math_typesetting import display_as_inline

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..domain import SummaryRecord


class SummaryBodies:
    """Summary bodies taken from the doctrees of the documents they were written in."""

    def __init__(self, env: BuildEnvironment, builder: Builder):
        self.env = env
        self.builder = builder
        self.bodies: dict[str, dict[str, nodes.Element]] = {}
        # (docname, node id, words) -> the excerpt's paragraph, not yet adopted, and if it was cut
        self.excerpts: dict[tuple[str, str, int], tuple[nodes.paragraph, bool] | None] = {}
        self.words: int = env.config.shortscience_excerpt_words

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
                            # does: excerpts, the feed and the search index show the same
                            process_only_nodes(body, self.builder.tags)
                            node_id = container["ids"][0]
                            found[node_id] = body
                            self.excerpts.setdefault((docname, node_id, self.words),
                                                     _excerpt_of(body, self.words))
            self.bodies[docname] = found
        return self.bodies[docname]

    def _adopt(self, node: nodes.Element, record: SummaryRecord, into: str, *,
               whole: bool = False) -> nodes.Element:
        """Make a copy of the original's nodes fit the page it is copied into."""
        builder = self.builder
        # ids and names belong to the original; the copy must not clash with it in
        # single-page and LaTeX output, where all pages share one id space.  A whole body
        # (on its paper page only) keeps ids of its own: Sphinx's writers number figures,
        # tables and captioned code by their id and warn about one without
        prefix = nodes.make_id(f"copy {record.docname} {record.node_id}") + "-"
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
                    builder.get_relative_uri(into, record.docname) + "#" + anchor)
        return node

    def copy(self, record: SummaryRecord, into: str) -> nodes.Element | None:
        """The summary's body for the page *into*: the loaded nodes themselves, which no
        one else uses (a second request loads the doctree again)."""
        loaded = self._load(record.docname)
        body = loaded.pop(record.node_id, None)
        if body is None:
            self.bodies.pop(record.docname, None)
            body = self._load(record.docname).pop(record.node_id, None)
            if body is None:
                return None
        if body.parent is not None:
            # the doctree it came from stays loaded for other bodies and excerpts: it must
            # not keep this body, and through it the page it goes to, alive
            body.parent.remove(body)
        return self._adopt(body, record, into, whole=True)

    def excerpt(self, record: SummaryRecord, into: str,
                words: int) -> tuple[nodes.paragraph, bool] | None:
        """About *words* words of the summary's text (see :func:`_excerpt_of`)."""
        wanted = (record.docname, record.node_id, words)
        if wanted not in self.excerpts:
            self._load(record.docname)  # makes the excerpts of the configured length
        if wanted not in self.excerpts:  # another length: from a fresh copy of the body
            self.bodies.pop(record.docname, None)
            body = self._load(record.docname).get(record.node_id)
            self.excerpts[wanted] = _excerpt_of(body, words) if body is not None else None
        made = self.excerpts[wanted]
        if made is None:
            return None
        paragraph, truncated = made
        return self._adopt(paragraph.deepcopy(), record, into), truncated  # type: ignore[return-value]


def _excerpt_of(body: nodes.Element, words: int) -> tuple[nodes.paragraph, bool] | None:
    """About *words* words of a summary's text, cut only between inline elements or between
    words of plain text; the paragraph (its nodes copied) and whether it was cut."""
    paragraph = nodes.paragraph(classes=["shortscience-excerpt"])
    budget = words
    truncated = False
    for source in body.findall(_excerpt_block):
        if budget <= 0:
            truncated = True
            break
        if isinstance(source.parent, nodes.paragraph):
            continue
        if len(paragraph):
            paragraph += nodes.Text(" ")
        # display math joins the excerpt's one paragraph as inline math
        children = ([_inline_math(source.astext())]
                    if isinstance(source, nodes.math_block) else source.children)
        for child in children:
            if isinstance(child, nodes.Text):
                text_words = str(child).split()
                if len(text_words) > budget:
                    kept = " ".join(text_words[:budget])
                    lead = " " if str(child)[:1].isspace() else ""
                    paragraph += nodes.Text(lead + kept)
                    budget = 0
                    truncated = True
                    break
                paragraph += nodes.Text(str(child).replace("\n", " "))
                budget -= len(text_words)
            else:
                # a citation counts as one word, as does math
                size = (1 if isinstance(child, nodes.math | ss_nodes.cite_group)
                        else len(child.astext().split()))
                if size > budget and budget < words:
                    budget = 0
                    truncated = True
                    break
                paragraph += child.deepcopy()
                budget -= size
        if truncated:
            break
    if not len(paragraph):
        return None
    return paragraph, truncated


def _inline_math(display: str) -> nodes.math:
    latex = display_as_inline(display)
    return nodes.math(latex, latex)


def _excerpt_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph | nodes.math_block)
