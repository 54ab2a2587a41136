"""A summary's excerpt: its first words, made once when the summary is read.

Listings and the feed show about ``shortscience_excerpt_words`` words of a summary. The
excerpt is made from the body's nodes at ``doctree-read`` (every read transform has run),
kept with the summary's record as :data:`Pieces` (its inline nodes, each a tuple of the
node's class, attributes and children), and drawn from those pieces alone wherever it is
shown. Whether a listing must be written again is decided from the same pieces, so a
listing cannot show an excerpt older than its summary.

An ``only`` directive in the body stays in the excerpt around what it holds (as an inline
``only`` node), and is decided when the excerpt is drawn, for that builder's tags; the
words it holds count towards the excerpt's length in every builder.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from docutils import nodes
from sphinx import addnodes

from .. import nodes as ss_nodes
from ..grammar.math_typesetting import display_as_inline

#: A node as data: a text, or (module tag, class name, attributes, children).
Piece: TypeAlias = "str | tuple[str, str, dict[str, Any], tuple[Piece, ...]]"
Pieces: TypeAlias = "tuple[Piece, ...]"

#: The modules whose node classes an excerpt may hold, by the tag its pieces carry.
_MODULES: dict[str, Any] = {"docutils": nodes, "sphinx": addnodes, "shortscience": ss_nodes}
_TAGS = {module.__name__: tag for tag, module in _MODULES.items()}


def make_excerpt(body: nodes.Element, words: int) -> tuple[Pieces, bool] | None:
    """About *words* words of a body's text, cut only between inline elements or between
    words of plain text: the excerpt paragraph's children as pieces, and whether it was
    cut. Display math joins the paragraph as inline math; a citation or a formula counts
    as one word."""
    paragraph = nodes.paragraph()
    budget = words
    truncated = False
    for block in body.findall(_excerpt_block):
        if budget <= 0:
            truncated = True
            break
        if not isinstance(block, nodes.Element) or isinstance(block.parent, nodes.paragraph):
            continue
        if len(paragraph):
            paragraph += nodes.Text(" ")
        target = _inside_only(paragraph, block, body)
        children = ([_inline_math(block.astext())]
                    if isinstance(block, nodes.math_block) else block.children)
        for child in children:
            if isinstance(child, nodes.Text):
                text_words = str(child).split()
                if len(text_words) > budget:
                    lead = " " if str(child)[:1].isspace() else ""
                    target += nodes.Text(lead + " ".join(text_words[:budget]))
                    budget = 0
                    truncated = True
                    break
                target += nodes.Text(str(child).replace("\n", " "))
                budget -= len(text_words)
            else:
                size = (1 if isinstance(child, nodes.math | ss_nodes.cite_group)
                        else len(child.astext().split()))
                if size > budget and budget < words:
                    budget = 0
                    truncated = True
                    break
                target += child.deepcopy()
                budget -= size
        if truncated:
            break
    if not len(paragraph):
        return None
    return tuple(_as_piece(child) for child in paragraph.children), truncated


def draw_excerpt(pieces: Pieces) -> nodes.paragraph:
    """The excerpt's paragraph, made anew from its pieces."""
    return nodes.paragraph("", "", *(_as_node(piece) for piece in pieces),
                           classes=["shortscience-excerpt"])


def _inside_only(paragraph: nodes.paragraph, block: nodes.Element,
                 body: nodes.Element) -> nodes.Element:
    """Where a block's words go: the paragraph, or inline ``only`` nodes in it that repeat
    the ``only`` directives between the body and the block, outermost first."""
    target: nodes.Element = paragraph
    conditions = [node for node in ss_nodes.ancestors(block) if isinstance(node, addnodes.only)
                  and body in ss_nodes.ancestors(node)]
    for only in reversed(conditions):
        inner = addnodes.only(expr=only["expr"])
        target += inner
        target = inner
    return target


def _as_piece(node: nodes.Node) -> Piece:
    if isinstance(node, nodes.Text):
        return str(node)
    assert isinstance(node, nodes.Element)
    tag = _TAGS[type(node).__module__]  # an excerpt holds nodes of these modules only
    return (tag, type(node).__name__, _plain_copy(node.attributes),
            tuple(_as_piece(child) for child in node.children))


def _as_node(piece: Piece) -> nodes.Node:
    if isinstance(piece, str):
        return nodes.Text(piece)
    tag, name, attributes, children = piece
    node_class = getattr(_MODULES[tag], name)
    if not (isinstance(node_class, type) and issubclass(node_class, nodes.Element)):
        raise TypeError(f"not a node class: {tag}.{name}")
    node: nodes.Element = node_class()
    node.attributes.update(_plain_copy(attributes))
    node.extend(_as_node(child) for child in children)
    return node


def _plain_copy(value: Any) -> Any:
    """A copy of attribute values (lists and dicts copied, the rest as they are)."""
    if isinstance(value, dict):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


def _inline_math(display: str) -> nodes.math:
    latex = display_as_inline(display)
    return nodes.math(latex, latex)


def _excerpt_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph | nodes.math_block)
