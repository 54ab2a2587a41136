"""Filling placeholders just before Sphinx resolves references.

This post-transform runs at priority 5, right before Sphinx's ``ReferencesResolver``
(priority 10), in the main process even under ``-j`` (Sphinx resolves doctrees there and
only hands writing to workers).  The ``pending_xref`` nodes it emits (paper titles,
citation labels) are therefore resolved by the domain like any other reference, in every
builder, and a key that does not resolve reaches ``warn-missing-reference`` with the exact
file and line where it was written.  In HTML, citations whose every key has a paper page
wait for a second post-transform, after Sphinx's own (:class:`FillLinkedCitations`).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, TypeGuard

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import nodes as ss_nodes
from ..bib.view import paper_view
from ..domain import domain_of
from ..gc_freeze import collector_paused
from ..summaries.citations import DirectLinks, citation_nodes, fill_paper_link
from ..summaries.header import header_nodes
from .content import PagePart
from .model import site_of

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibliography import Bibliography


class FillPlaceholders(SphinxPostTransform):
    # Priority 5: before ReferencesResolver (10), so that the pending_xref nodes emitted
    # here are resolved by the domain, and after nothing else of Sphinx's that cares.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        with collector_paused():
            self.fill()

    def fill(self) -> None:
        writing = _writing(self.env)
        if writing is None:
            return
        builder, bib = writing
        for part in list(self.document.findall(ss_nodes.page_part)):
            part.replace_self(PagePart(self.env, builder, part, bib).build())
        # one walk for the rest (a page of a 1 MB summary has tens of thousands of nodes)
        headers: list[ss_nodes.summary_header] = []
        groups: list[ss_nodes.cite_group] = []
        paper_links: list[addnodes.pending_xref] = []
        images: list[nodes.image] = []
        for node in self.document.findall(nodes.Element):
            if isinstance(node, ss_nodes.summary_header):
                headers.append(node)
            elif isinstance(node, ss_nodes.cite_group):
                groups.append(node)
            elif _is_paper_link(node):
                paper_links.append(node)
            elif isinstance(node, nodes.image) and node.get("shortscience_remote"):
                images.append(node)
        for header in headers:
            made = header_nodes(header, bib)
            header.replace_self(made)
            paper_links.extend(xref for element in made if isinstance(element, nodes.Element)
                               for xref in element.findall(addnodes.pending_xref)
                               if _is_paper_link(xref))
        if groups:
            citations = Citations(self.env, builder, bib)
            later = builder.format == "html"
            for group in groups:
                if later and citations.all_linked(group):
                    _left_for_later.add(self.document)  # FillLinkedCitations fills it
                else:
                    citations.fill(group)
        for xref in dict.fromkeys(paper_links):
            fill_paper_link(xref, bib)
        if not (builder.format == "html" and getattr(builder, "supported_remote_images", False)):
            for image in images:
                image.replace_self(image_link(image))


class FillLinkedCitations(SphinxPostTransform):
    """In HTML, the citations whose every key has a paper page are filled after Sphinx's own
    post-transforms.

    They need nothing from Sphinx's reference resolver (:class:`DirectLinks` links them),
    and each would become six nodes: left as one until here, the post-transforms that walk
    every node of a page (highlighting, ``only``, images, descriptions) walk 40% fewer on a
    page of citing prose (a 1 MB summary: two pages of 12,000 citations). Here they are not
    made into nodes either: the citations of the page that read alike share one tree, which
    the page's translator writes once (``cite_group.shown``); each keeps its text for the
    search index. In LaTeX they are filled in the first pass, as its transforms (footnotes,
    URLs, long keys) work on them.
    """

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        writing = _writing(self.env)
        if self.document not in _left_for_later or writing is None:
            return  # no walk of a page that has none (most generated pages)
        _left_for_later.discard(self.document)
        with collector_paused():
            # found again: a transform in between may have moved or copied them
            groups = list(self.document.findall(ss_nodes.cite_group))
            citations = Citations(self.env, *writing)
            for group in groups:
                citations.show(group)


#: The pages whose first pass left citations for :class:`FillLinkedCitations`.
_left_for_later: weakref.WeakSet[nodes.document] = weakref.WeakSet()


def _writing(env: BuildEnvironment) -> tuple[Builder, Bibliography] | None:
    """The builder and the bib when pages are being written with a bib loaded."""
    domain = domain_of(env)
    if domain.bib_state is None or domain.builder is None:
        return None
    return domain.builder, domain.bibliography


class Citations:
    """Fills the ``\\cite`` groups of one page, each key's label made once."""

    def __init__(self, env: BuildEnvironment, builder: Builder, bib: Bibliography):
        self.bib = bib
        self.style: str = env.config.shortscience_cite_style
        self.numbers = site_of(env).citation_numbers
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}  # the same key, cited again
        self.links = DirectLinks(env, builder)
        self.shown: dict[tuple[object, ...], tuple[nodes.inline, str]] = {}  # see show()

    def all_linked(self, group: ss_nodes.cite_group) -> bool:
        return all(self.links.has_page(key) and paper_view(self.bib, key) is not None
                   for key in group["keys"])

    def fill(self, group: ss_nodes.cite_group) -> None:
        """Replace *group* by the citation."""
        group.replace_self(self._made(group))

    def show(self, group: ss_nodes.cite_group) -> None:
        """In HTML, after Sphinx's resolver: *group* is written as a citation tree shared
        with the page's citations that read alike (``cite_group.shown``) and keeps its text
        for the search index. A key the builder could not link (none in HTML) shows its
        label unlinked, as an unresolved reference does."""
        signature = (group["command"], tuple(group["keys"]), group.get("prenote", ""),
                     group.get("postnote", ""), group.get("in_parentheses", False),
                     group["refdoc"])
        known = self.shown.get(signature)
        if known is None:
            made = self._made(group)
            for xref in list(made.findall(addnodes.pending_xref)):
                xref.replace_self(xref.children)
            known = self.shown[signature] = (made, made.astext())
        group.children = []
        group.append(nodes.Text(known[1]))
        group.shown = known[0]

    def _made(self, group: ss_nodes.cite_group) -> nodes.inline:
        return citation_nodes(group, self.bib, self.style, self.numbers, self.labels,
                              self.links)


def _is_paper_link(node: nodes.Node) -> TypeGuard[addnodes.pending_xref]:
    """A ``paper`` link (role or summary header), filled with the paper's title here."""
    return (isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "shortscience"
            and node.get("reftype") == "paper")


def image_link(image: nodes.image) -> nodes.Element:
    """A remote image as a link, for builders that cannot show one (LaTeX, ePub, text)."""
    uri = image["uri"]
    reference = nodes.reference(uri, uri, refuri=uri)
    paragraph = nodes.paragraph("", "", nodes.Text("Image: "), reference,
                                classes=["shortscience-image-link"])
    paragraph.source, paragraph.line = image.source, image.line
    return paragraph
