"""Links in summaries checked where they are resolved, after docutils has resolved them.

The directive refuses the URLs a body writes (links, images, link targets) while it parses
it.  A reference in a body can still get its URL later, from a target outside the body:
``x_`` or ``|x|_`` resolved against a target of the page or of ``rst_prolog``.  Once
docutils has resolved every reference of the document, each reference and image inside a
summary is held to the same allow-list of URL schemes, whatever wrote its URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..grammar.links import node_line, unsafe_uri
from ..nodes import ancestors
from ..warnings_ import ShortScienceWarning, warn
from .rules import unsafe_link_message

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def summary_bodies(document: nodes.Node) -> list[nodes.container]:
    """The containers of the summaries' bodies in *document*."""
    return [child for container in document.findall(nodes.container)
            if container.get("shortscience_summary")
            for child in container.children if isinstance(child, nodes.container)]


class CheckResolvedLinks(SphinxTransform):
    """Refuse references and images in summaries whose resolved URL is not a web one."""

    # after docutils resolves external (640) and internal (660) targets
    default_priority: ClassVar[int] = 690

    def apply(self, **kwargs: object) -> None:
        for body in summary_bodies(self.document):
            found = [(node, node.get("refuri") or node.get("uri", ""))
                     for node in body.findall(_has_unsafe_uri)
                     if isinstance(node, nodes.Element)]
            # every line first: a line is found among the links around it, as written
            located = [(node, uri, node_line(node, uri)) for node, uri in found]
            for node, uri, line in located:
                source = next((n.source for n in (node, *ancestors(node)) if n.source),
                              self.env.doc2path(self.env.docname))
                warn(ShortScienceWarning.unsafe_link, unsafe_link_message(uri),
                     f"{source}:{line or 0}")
                text = node.get("alt", "") or uri if isinstance(node, nodes.image) else ""
                node.replace_self(nodes.inline(text, text, *node.children,
                                               classes=["shortscience-unsafe-link"]))


def _has_unsafe_uri(node: nodes.Node) -> bool:
    if isinstance(node, nodes.reference):
        return bool(node.get("refuri")) and unsafe_uri(node["refuri"])
    if isinstance(node, nodes.image):
        return bool(node.get("uri")) and unsafe_uri(node["uri"])
    return False


def refuse_unsafe_bibliography_links(app: Sphinx, doctree: nodes.document,
                                     docname: str) -> None:
    """sphinxcontrib-bibtex shows a cited entry's ``url`` (and ``\\url`` in its fields) as
    a link in the page's bibliography and footnotes; the bib is untrusted, so those links
    are held to the same allow-list once the page is resolved."""
    if "sphinxcontrib.bibtex" not in app.config.extensions:
        return
    for note in list(doctree.findall(_is_note)):
        for reference in list(note.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if uri and unsafe_uri(uri):
                warn(ShortScienceWarning.unsafe_link, unsafe_link_message(uri) + " (a "
                     "bibliography entry's URL)", (docname, note.line))
                reference.replace_self(nodes.inline("", "", *reference.children,
                                                    classes=["shortscience-unsafe-link"]))


def _is_note(node: nodes.Node) -> bool:
    return isinstance(node, nodes.citation | nodes.footnote)
