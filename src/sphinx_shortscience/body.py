"""Turning a summary body (Markdown or rST) into docutils nodes, grammar included.

The body goes through :func:`sphinx_shortscience.latex.protect` first, so the Markdown or
rST parser sees inert placeholders where math, citations and image lines were; this module
parses the protected text and swaps each placeholder for standard nodes: ``math``,
``math_block``, ``image`` and a :class:`~sphinx_shortscience.nodes.cite_group` of
``pending_xref`` nodes.  Headings in a body become rubrics, so a summary never changes the
section structure of the page it is written on.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.statemachine import StringList
from docutils.utils import new_document
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx import addnodes

from . import nodes as ss_nodes
from .latex import (
    MARK,
    PLACEHOLDER,
    CiteToken,
    Format,
    ImageToken,
    LiteralToken,
    MathToken,
    PaperLinkToken,
    ProtectedBody,
    protect,
    restore,
    rst_titles_to_rubrics,
    shortscience_key,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

_CODE_ANCESTORS = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)
_URI_ATTRIBUTES = ("refuri", "uri", "alt", "title", "reftitle")
_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)


class SummaryMarkdownRenderer(SphinxRenderer):  # type: ignore[misc]
    """MyST's renderer, with headings as rubrics and raw HTML shown as text by default."""

    def render_heading(self, token: SyntaxTreeNode) -> None:
        rubric = nodes.rubric(token.content, "")
        self.add_line_and_source_path(rubric, token)
        rubric["classes"].append("shortscience-heading")
        with self.current_node_context(rubric, append=True):
            self.render_children(token)

    def _raw_html_allowed(self) -> bool:
        return bool(self.md_env.get("shortscience_allow_raw_html"))

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        if self._raw_html_allowed():
            super().render_html_inline(token)
        elif not _HTML_COMMENT.match(token.content):
            # shown as written, as code, so that nothing (smart quotes) changes it
            self.current_node.append(nodes.literal(token.content, token.content,
                                                   classes=["shortscience-raw-html"]))

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        if self._raw_html_allowed():
            super().render_html_block(token)
            return
        content = token.content.rstrip("\n")
        if _HTML_COMMENT.match(content):
            self.current_node.append(nodes.comment(content, content))
            return
        block = nodes.literal_block(content, content, language="html",
                                    classes=["shortscience-raw-html"])
        self.add_line_and_source_path(block, token)
        self.current_node.append(block)


@dataclass
class _ParserCache:
    config: object = None
    parser: MarkdownIt | None = None
    busy: bool = False


_parsers = _ParserCache()


def _markdown_parser(env: BuildEnvironment) -> MarkdownIt:
    """A MyST parser with the project's MyST settings, built once per configuration."""
    config = env.myst_config  # type: ignore[attr-defined]
    if _parsers.parser is None or _parsers.config != config:
        _parsers.config = config
        # summaries read $ and \( themselves (the ShortScience rules); MyST's own math
        # syntaxes would take "$5 or $" for math
        config = dataclasses.replace(config, enable_extensions=set(config.enable_extensions)
                                     - {"dollarmath", "amsmath"})
        _parsers.parser = create_md_parser(config, SummaryMarkdownRenderer)
    if _parsers.busy:  # a summary inside a summary's body: needs a parser of its own
        return create_md_parser(_parsers.parser.options["myst_config"], SummaryMarkdownRenderer)
    return _parsers.parser


def render_markdown(
    document: nodes.document, text: str, first_line: int, into: nodes.Element,
    allow_raw_html: bool,
) -> None:
    env: BuildEnvironment = document.settings.env
    parser = _markdown_parser(env)
    outermost = parser is _parsers.parser
    renderer = cast("SummaryMarkdownRenderer", parser.renderer)
    options = {"myst_config": parser.options["myst_config"], "document": document}
    if outermost:
        _parsers.busy = True
    try:
        renderer.setup_render(options, {"shortscience_allow_raw_html": allow_raw_html})
        with renderer.current_node_context(into):
            renderer.nested_render_text(text, first_line - 1)
    finally:
        if outermost:
            _parsers.busy = False


def render_rst(directive: SphinxDirective, text: str, first_line: int, into: nodes.Element) -> None:
    text = rst_titles_to_rubrics(text)
    lines = text.split("\n")
    state = directive.state
    if not hasattr(state, "_renderer") and len(lines) == len(directive.content):
        # an rST document: parse in place, so targets and footnotes join the document
        content = StringList(lines, items=list(directive.content.items))
        state.nested_parse(content, directive.content_offset, into)
        return
    # a MyST document: parse the rST on its own, padded so that line numbers match
    document = directive.state.document
    sub_document = new_document(document["source"], document.settings)
    sub_document.reporter = document.reporter
    RstParser().parse("\n" * (first_line - 1) + text, sub_document)
    into.extend(sub_document.children)


# -- placeholders to nodes ---------------------------------------------------------------------


@dataclass
class BodyContext:
    """What the node builders need to know about where the body is."""

    docname: str
    source: str
    first_line: int
    summary_id: str = ""
    cited: list[tuple[str, int, str]] = field(default_factory=list)  # key, line, kind
    unsafe_links: list[tuple[str, int | None]] = field(default_factory=list)

    def line_of(self, token_line: int) -> int:
        return self.first_line + token_line - 1


def _in_code(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _CODE_ANCESTORS):
            return True
        parent = parent.parent
    return False


def token_nodes(token: MathToken | CiteToken | ImageToken | PaperLinkToken | LiteralToken,
                context: BodyContext) -> list[nodes.Node]:
    line = context.line_of(token.line)
    if isinstance(token, LiteralToken):
        return [nodes.Text(token.source)]
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
    group = ss_nodes.cite_group(token.source, command=token.command, prenote=token.prenote,
                                postnote=token.postnote)
    group.source, group.line = context.source, line
    for key in token.keys:
        group += paper_xref(key, "cite", context.docname, context.source, line)
        context.cited.append((key, line, "cite"))
    return group


def paper_xref(key: str, reftype: str, docname: str, source: str, line: int,
               text: str | None = None, explicit: bool | None = None) -> addnodes.pending_xref:
    """A reference to the page of *key*; its text is the key until the post-transform."""
    xref = addnodes.pending_xref(
        "", nodes.inline(text or key, text or key, classes=["shortscience-cite"]),
        refdomain="shortscience", reftype=reftype, reftarget=key, refdoc=docname,
        refexplicit=(text is not None) if explicit is None else explicit, refwarn=True,
    )
    xref.source, xref.line = source, line
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


def substitute_placeholders(root: nodes.Element, body: ProtectedBody,
                            context: BodyContext) -> None:
    """Replace every placeholder under *root* by the nodes of its token."""
    _paper_links_from_references(root, context)
    if not body.tokens:
        return
    _merge_adjacent_texts(root)
    for text_node in list(root.findall(nodes.Text)):
        if MARK in text_node:
            _substitute_text(text_node, body, context)
    for element in root.findall(nodes.Element):
        for attribute in _URI_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and MARK in value:
                element[attribute] = restore(value, body)
    _lift_blocks(root)


SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def unsafe_uri(uri: str) -> bool:
    """Whether *uri* has a scheme other than the web's (``javascript:``, ``data:``, ...).

    Browsers ignore tabs, newlines and control characters inside a URL's scheme, so they
    are ignored here too: ``java\tscript:`` is ``javascript:``.
    """
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", uri))
    return match is not None and match.group(1).lower() not in SAFE_SCHEMES


def neutralize_unsafe_links(root: nodes.Element) -> list[tuple[str, int | None]]:
    """Replace links and images whose URL could run code by their text; return the URLs."""
    removed: list[tuple[str, int | None]] = []
    for reference in list(root.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if uri and unsafe_uri(uri):
            removed.append((uri, reference.line))
            reference.replace_self(nodes.inline("", "", *reference.children,
                                                classes=["shortscience-unsafe-link"]))
    for image in list(root.findall(nodes.image)):
        uri = image.get("uri", "")
        if uri and unsafe_uri(uri):
            removed.append((uri, image.line))
            alt = image.get("alt", "") or uri
            image.replace_self(nodes.inline(alt, alt, classes=["shortscience-unsafe-link"]))
    return removed


def render_body(directive: SphinxDirective, text: str, fmt: Format, first_line: int,
                context: BodyContext,
                allow_raw_html: bool) -> tuple[nodes.container, ProtectedBody]:
    """Parse a body with the ShortScience grammar into a container of standard nodes."""
    body = protect(text, fmt)
    container = nodes.container(classes=["shortscience-summary-body"])
    if fmt == "markdown":
        render_markdown(directive.state.document, body.text, first_line, container,
                        allow_raw_html)
    else:
        render_rst(directive, body.text, first_line, container)
    substitute_placeholders(container, body, context)
    context.unsafe_links = neutralize_unsafe_links(container)
    return container, body
