"""Placeholders to nodes: each token of a parsed summary body becomes standard nodes.

After the Markdown or rST parser ran over the protected body (:mod:`.render`), each
placeholder is swapped for ``math``, ``math_block``, ``image`` or a
:class:`~sphinx_shortscience.nodes.cite_group` naming the cited keys: this is where
``\\cite{key}`` becomes a reference.  Its text and links are made when the page is written
(:mod:`sphinx_shortscience.summaries.citations`), where the domain resolves them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .. import nodes as ss_nodes
from .links import node_line, outside_source, unsafe_uri
from .math_safety import MathKind, MathRefusal, unsafe_math
from .scanner import restore, shortscience_key
from .tokens import (
    FILL,
    MARK,
    PLACEHOLDER,
    CiteToken,
    ImageToken,
    LiteralToken,
    MathToken,
    PaperLinkToken,
    ProtectedBody,
    RefusedToken,
    Token,
)

if TYPE_CHECKING:
    from collections.abc import Callable

_CODE_ANCESTORS = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)
_URI_ATTRIBUTES = ("refuri", "uri", "alt", "title", "reftitle")


@dataclass
class BodyContext:
    """What the node builders need to know about where the body is."""

    docname: str
    source: str
    first_line: int
    summary_id: str = ""
    cited: list[tuple[str, int, str]] = field(default_factory=list)  # key, line, kind
    unsafe_links: list[tuple[str, int | None]] = field(default_factory=list)
    unsafe_math: list[tuple[MathRefusal, int | None]] = field(default_factory=list)
    #: ``numref`` targets that are pages, not documents, and their lines
    page_numrefs: list[tuple[str, int | None]] = field(default_factory=list)
    outside_images: list[tuple[str, int | None]] = field(default_factory=list)
    #: the document's source path from the source folder ("sessions/a.md")
    document_path: str = ""
    #: the source folder, where the files a body names must stay
    srcdir: str = ""

    def line_of(self, token_line: int) -> int:
        return self.first_line + token_line - 1


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _CODE_ANCESTORS):
            return True
        parent = parent.parent
    return False


def token_nodes(token: Token, context: BodyContext) -> list[nodes.Node]:
    line = context.line_of(token.line)
    if isinstance(token, LiteralToken):
        return [nodes.Text(token.source)]
    if isinstance(token, RefusedToken):
        return [nodes.literal(token.source, token.source, classes=["shortscience-refused"])]
    if isinstance(token, MathToken):
        if token.display:
            block = nodes.math_block(token.latex, token.latex, docname=context.docname,
                                     number=None, label=None, nowrap=False)
            block.source, block.line = context.source, line
            return [block]
        math = nodes.math(token.source, token.latex)
        math.source, math.line = context.source, line
        return [math]
    if isinstance(token, PaperLinkToken):
        xref = paper_xref(token.key, "paper", context.docname, context.source, line,
                          text=token.url, explicit=False)
        xref["shortscience_url"] = token.url
        context.cited.append((token.key, line, "link"))
        return [xref]
    if isinstance(token, ImageToken):
        image = nodes.image(token.url, uri=token.url, alt=token.url, shortscience_remote=True,
                            classes=["shortscience-image"])
        image.source, image.line = context.source, line
        return [image]
    return [cite_group_node(token, context, line)]


def cite_group_node(token: CiteToken, context: BodyContext, line: int) -> ss_nodes.cite_group:
    # the keys only: a 1 MB summary has tens of thousands of citations, and each node here
    # is pickled, unpickled and walked by every transform before the page is written
    group = ss_nodes.cite_group(token.source, command=token.command, prenote=token.prenote,
                                postnote=token.postnote, keys=list(token.keys),
                                refdoc=context.docname)
    group.source, group.line = context.source, line
    for key in token.keys:
        context.cited.append((key, line, "cite"))
    return group


def paper_xref(key: str, reftype: str, docname: str, source: str | os.PathLike[str] | None,
               line: int | None, text: str | None = None,
               explicit: bool | None = None) -> addnodes.pending_xref:
    """A reference to the page of *key*; its text is the key until the post-transform."""
    xref = addnodes.pending_xref(
        "", nodes.inline(text or key, text or key, classes=["shortscience-cite"]),
        refdomain="shortscience", reftype=reftype, reftarget=key, refdoc=docname,
        refexplicit=(text is not None) if explicit is None else explicit, refwarn=True,
    )
    # Sphinx gives sources as paths from 9.1 on, as strings before
    xref.source, xref.line = (os.fspath(source) if source is not None else None), line
    return xref


def _substitute_text(text_node: nodes.Text, body: ProtectedBody, context: BodyContext) -> None:
    parent = text_node.parent
    text = str(text_node)
    if _in_code(text_node):
        parent.replace(text_node, nodes.Text(restore(text, body)))
        return
    pieces: list[nodes.Node] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append(nodes.Text(text[position : match.start()]))
        pieces.extend(token_nodes(body.token_for(match), context))
        position = match.end()
    if position < len(text):
        pieces.append(nodes.Text(text[position:]))
    parent.replace(text_node, pieces)


def _lift_blocks(root: nodes.Element) -> None:
    """Display math and images found inside a paragraph become blocks of their own."""
    for paragraph in list(root.findall(nodes.paragraph)):
        if not any(isinstance(c, nodes.math_block | nodes.image) for c in paragraph.children):
            continue
        replacement: list[nodes.Node] = []
        current = paragraph.copy()
        current.children = []
        for child in list(paragraph.children):
            if isinstance(child, nodes.math_block | nodes.image):
                if current.astext().strip():
                    replacement.append(current)
                replacement.append(child)
                current = paragraph.copy()
                current.children = []
                current["ids"] = []
                current["names"] = []
            else:
                current.append(child)
        if current.astext().strip():
            replacement.append(current)
        for node in replacement:
            node.parent = None
        paragraph.replace_self(replacement)
    # blocks left inside inline markup (e.g. emphasis) are shown inline
    for block in list(root.findall(nodes.math_block)):
        if isinstance(block.parent, nodes.TextElement):
            block.replace_self(nodes.math(block.astext(), block.astext()))
    for image in list(root.findall(nodes.image)):
        if isinstance(image.parent, nodes.TextElement) and image.get("shortscience_remote"):
            reference = nodes.reference(image["uri"], image["uri"], refuri=image["uri"])
            image.replace_self(reference)


def _merge_adjacent_texts(root: nodes.Element) -> None:
    """Join neighbouring Text nodes: Markdown soft breaks split a multi-line placeholder."""
    for element in root.findall(nodes.Element):
        children = element.children
        index = 0
        while index < len(children) - 1:
            first, second = children[index], children[index + 1]
            if isinstance(first, nodes.Text) and isinstance(second, nodes.Text):
                element.replace(first, nodes.Text(str(first) + str(second)))
                element.remove(second)
            else:
                index += 1


def _paper_links_from_references(root: nodes.Element, context: BodyContext) -> None:
    """``[text](https://www.shortscience.org/paper?bibtexKey=KEY)`` becomes a paper link."""
    for reference in list(root.findall(nodes.reference)):
        key = shortscience_key(reference.get("refuri", ""))
        if not key:
            continue
        line = reference.line or context.first_line
        xref = paper_xref(key, "paper", context.docname, context.source, line, text="")
        xref.children = []
        xref += nodes.inline("", "", *reference.children, classes=["shortscience-cite"])
        xref["shortscience_url"] = reference["refuri"]
        context.cited.append((key, line, "link"))
        reference.replace_self(xref)


def pin_link_lines(root: nodes.Element) -> None:
    """Give each link, link target and image under *root* the line it is written on, while
    it is still in its paragraph (images are lifted out of theirs below)."""
    for node in root.findall(_has_address):
        assert isinstance(node, nodes.Element)
        node.line = node_line(node, node.get("refuri") or node.get("uri", ""))


def _has_address(node: nodes.Node) -> bool:
    return isinstance(node, nodes.reference | nodes.target | nodes.image)


def substitute_placeholders(root: nodes.Element, body: ProtectedBody,
                            context: BodyContext) -> None:
    """Replace every placeholder under *root* by the nodes of its token."""
    pin_link_lines(root)
    _paper_links_from_references(root, context)
    if not body.tokens:
        return
    _merge_adjacent_texts(root)
    _repair_split_placeholders(root, body)
    for text_node in list(root.findall(nodes.Text)):
        if MARK in text_node:
            _substitute_text(text_node, body, context)
    for element in root.findall(nodes.Element):
        for attribute in _URI_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and MARK in value:
                element[attribute] = restore(value, body)
    _lift_blocks(root)
    _mark_citations_in_parentheses(root)


#: Inline content whose brackets are not the prose's own.
_NOT_PROSE = (nodes.math, nodes.literal, addnodes.pending_xref, ss_nodes.cite_group)


def _mark_citations_in_parentheses(root: nodes.Element) -> None:
    """A citation that the writer already put in parentheses ("(see \\cite{k})") is not
    parenthesised again in the author-year style; one walk per paragraph marks those."""
    blocks = {id(block): block for group in root.findall(ss_nodes.cite_group)
              if (block := _prose_block(group)) is not None}
    for block in blocks.values():
        depth = 0

        def walk(element: nodes.Element) -> None:
            nonlocal depth
            for child in element.children:
                if isinstance(child, nodes.Text):
                    depth = max(0, depth + child.count("(") - child.count(")"))
                elif isinstance(child, ss_nodes.cite_group):
                    child["in_parentheses"] = depth > 0
                elif isinstance(child, nodes.Element) and not isinstance(child, _NOT_PROSE):
                    walk(child)

        walk(block)


def _prose_block(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while isinstance(parent, nodes.Element) and isinstance(parent, nodes.Inline):
        parent = parent.parent
    return parent if isinstance(parent, nodes.Element) else None


_OPENING = re.compile(MARK + r"(\d+)")


def _repair_split_placeholders(root: nodes.Element, body: ProtectedBody) -> None:
    """A placeholder the parser split across blocks (math spanning an indentation change
    in rST, say) is shown as the source it stands for, at its start: nothing is lost, and
    no placeholder character reaches the page."""
    def repair(piece: str) -> str:
        piece = _OPENING.sub(lambda match: body.tokens[int(match.group(1))].source
                             if int(match.group(1)) < len(body.tokens) else "", piece)
        return piece.replace(MARK, "").replace(FILL, "")

    for text_node in list(root.findall(nodes.Text)):
        text = str(text_node)
        if MARK not in text and FILL not in text:
            continue
        # whole placeholders (an author's own MARK is one too) are left for substitution
        pieces, position = [], 0
        for match in PLACEHOLDER.finditer(text):
            pieces += [repair(text[position : match.start()]), match.group(0)]
            position = match.end()
        pieces.append(repair(text[position:]))
        repaired = "".join(pieces)
        if repaired != text:
            text_node.parent.replace(text_node, nodes.Text(repaired))


def neutralize_unsafe_links(root: nodes.Element) -> list[tuple[str, int | None]]:
    """Replace links and images whose URL could run code by their text, and take such URLs
    from link targets (``.. _x: javascript:...``, anonymous and embedded ones), so that no
    reference resolves to them, inside the body or out of it; return each URL and line."""
    found = [(node, node.get("refuri") or node.get("uri", ""))
             for node in root.findall(_has_address) if isinstance(node, nodes.Element)]
    # every line first: a line is found among the links around it, as written
    unsafe = [(node, uri, node_line(node, uri)) for node, uri in found
              if uri and unsafe_uri(uri)]
    for node, _, _ in unsafe:
        if isinstance(node, nodes.target):
            del node["refuri"]  # an internal target now: its references stay inert
            node["classes"].append("shortscience-unsafe-link")
        else:
            text = node.get("alt", "") or node["uri"] if isinstance(node, nodes.image) else ""
            node.replace_self(nodes.inline(text, text, *node.children,
                                           classes=["shortscience-unsafe-link"]))
    # an embedded target (`text <uri>`_) is at its reference's line: reported once
    return list(dict.fromkeys((uri, line) for _, uri, line in unsafe))


def mark_remote_images(root: nodes.Element) -> None:
    """Mark the images under *root* that have a web address (``.. image:: https://...``,
    ``![x](https://...)``) as image lines are marked: where the builder cannot show a
    remote image (LaTeX, epub, text), they become links, and Sphinx never fetches them."""
    for image in root.findall(nodes.image):
        if "://" in image.get("uri", ""):
            image["shortscience_remote"] = True


def neutralize_outside_images(root: nodes.Element, document_path: str,
                              srcdir: str) -> list[tuple[str, int | None]]:
    """Replace local images outside the source folder (``../../etc/x.png``) by their text,
    so the build never copies such a file into the site; return the URIs."""
    outside = [(image, image["uri"], node_line(image, image["uri"]))
               for image in root.findall(nodes.image)
               if image.get("uri") and outside_source(image["uri"], document_path, srcdir)]
    for image, uri, _ in outside:
        alt = image.get("alt", "") or uri
        image.replace_self(nodes.inline(alt, alt, classes=["shortscience-unsafe-link"]))
    return [(uri, line) for _, uri, line in outside]


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, nodes.math | nodes.math_block)


def neutralize_unsafe_math(root: nodes.Element) -> list[tuple[MathRefusal, int | None]]:
    """Math off the allow-list or that TeX cannot typeset (from a ``math`` role or directive;
    the scanner already refused it in ``$...$``) becomes literal text; returns each refusal
    and its line."""
    refused: list[tuple[MathRefusal, int | None]] = []
    for math in [node for node in root.findall(_is_math) if isinstance(node, nodes.Element)]:
        refusal = unsafe_math(math.astext(), math_kind(math))
        if refusal is None:
            continue
        refused.append((refusal, node_line(math)))
        text = math.astext()
        literal: nodes.Element = (
            nodes.literal_block(text, text) if isinstance(math, nodes.math_block)
            else nodes.literal(text, text))
        literal["classes"].append("shortscience-refused")
        math.replace_self(literal)
    return refused


def refuse_numref_to_pages(root: nodes.Element,
                           is_page: Callable[[str], bool]) -> list[tuple[str, int | None]]:
    """``numref`` to the index or search page (which *is_page* names) becomes its text:
    Sphinx's numref stops the build on them.  Returns each target and line."""
    refused: list[tuple[str, int | None]] = []
    for xref in list(root.findall(addnodes.pending_xref)):
        if xref.get("reftype") == "numref" and is_page(xref.get("reftarget", "")):
            refused.append((xref["reftarget"], node_line(xref)))
            text = xref.rawsource or xref.astext()
            xref.replace_self(nodes.literal(text, text, classes=["shortscience-refused"]))
    return refused


def namespace_ids(root: nodes.Element, prefix: str, document: nodes.document) -> None:
    """Give the ids an author chose under *root* (those made from a name: a target, a
    label such as ``(searchbox)=``, a ``:name:``) the summary's *prefix*: they must not
    take an id the page or its theme uses.  The document's registries, and references
    inside *root*, follow; labels still resolve by name.  Ids docutils numbered itself
    (``id3``) stay: other extensions note them while the page is read."""
    renamed: dict[str, str] = {}
    id_prefix = getattr(document.settings, "id_prefix", "") or ""
    for element in root.findall(nodes.Element):
        if not element["ids"] or not element["names"]:
            continue
        named = {id_prefix + nodes.make_id(name) for name in element["names"]}
        new_ids = []
        for node_id in element["ids"]:
            new_id = node_id if node_id.startswith(prefix) or node_id not in named else (
                prefix + node_id)
            if new_id != node_id:
                renamed[node_id] = new_id
                if document.ids.get(node_id) is element:
                    del document.ids[node_id]
                    document.ids[new_id] = element
            new_ids.append(new_id)
        element["ids"] = new_ids
    if not renamed:
        return
    for element in root.findall(nodes.Element):
        if element.get("refid") in renamed:
            element["refid"] = renamed[element["refid"]]
        if element.get("backrefs"):
            element["backrefs"] = [renamed.get(ref, ref) for ref in element["backrefs"]]
    for name, node_id in list(document.nameids.items()):
        if node_id in renamed:
            document.nameids[name] = renamed[node_id]


def math_kind(node: nodes.Element) -> MathKind:
    """How Sphinx's LaTeX writer puts *node* in the document (see :data:`MathKind`)."""
    if not isinstance(node, nodes.math_block):
        return "inline"
    return "unwrapped" if node.get("nowrap") or node.get("no-wrap") else "display"
