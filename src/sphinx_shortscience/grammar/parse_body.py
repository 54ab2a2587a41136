"""Parsing a summary body (Markdown or rST) into nodes, with the ShortScience grammar.

The body goes through :func:`.scanner.protect` first, so that the Markdown or rST parser
sees inert placeholders where math, citations and image lines were; :mod:`.to_nodes` then
swaps the placeholders for nodes.  Headings in a body become rubrics, so a summary never
changes the section structure of the page it is written on.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, cast

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.statemachine import StringList
from docutils.transforms import references
from docutils.utils import new_document
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser

from ..compat import is_myst_state
from .headings import rst_titles_to_rubrics, sections_to_rubrics
from .myst_syntax import refuse_syntax, summary_myst_extensions
from .nesting import tree_too_deep
from .scanner import protect
from .to_nodes import (
    BodyContext,
    mark_remote_images,
    neutralize_outside_images,
    neutralize_unsafe_links,
    neutralize_unsafe_math,
    substitute_placeholders,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from sphinx.util.docutils import SphinxDirective

    from .tokens import Format, ProtectedBody

_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.DOTALL)


class SummaryMarkdownRenderer(SphinxRenderer):  # type: ignore[misc, unused-ignore]
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


class SummaryParsers:
    """The Markdown parser of summaries, built once per MyST configuration.

    One per build (the domain holds it): the project's MyST settings can change between
    builds in one process (sphinx-autobuild, tests), and a parser must not outlive them.
    """

    def __init__(self) -> None:
        self.config: MdParserConfig | None = None
        self.parser: MarkdownIt | None = None
        self.busy = False

    def markdown(self, myst_config: MdParserConfig) -> MarkdownIt:
        if self.parser is None or self.config != myst_config:
            self.config = myst_config
            # only the syntax extensions that are safe for untrusted text (myst_syntax.py)
            config = dataclasses.replace(myst_config, enable_extensions=summary_myst_extensions(
                myst_config.enable_extensions))
            self.parser = _summary_parser(config)
        if self.busy:  # a summary inside a summary's body: needs a parser of its own
            return _summary_parser(self.parser.options["myst_config"])
        return self.parser


#: markdown-it stops reading a block nested deeper than its ``maxNesting`` (20 in MyST's
#: CommonMark preset), and the rest of the body was gone without a word (a list 11 deep).
#: The nesting a body may have is bounded by :mod:`.nesting` before it is parsed.
MAX_MARKDOWN_NESTING = 1_000


def _summary_parser(config: MdParserConfig) -> MarkdownIt:
    parser = create_md_parser(config, SummaryMarkdownRenderer)
    parser.options["maxNesting"] = MAX_MARKDOWN_NESTING
    return parser


def render_markdown(
    parsers: SummaryParsers, document: nodes.document, text: str, first_line: int,
    into: nodes.Element, allow_raw_html: bool,
) -> None:
    parser = parsers.markdown(document.settings.env.myst_config)
    outermost = parser is parsers.parser
    renderer = cast("SummaryMarkdownRenderer", parser.renderer)
    options = {"myst_config": parser.options["myst_config"], "document": document}
    if outermost:
        parsers.busy = True
    try:
        renderer.setup_render(options, {"shortscience_allow_raw_html": allow_raw_html})
        with renderer.current_node_context(into):
            renderer.nested_render_text(text, first_line - 1)
    finally:
        if outermost:
            parsers.busy = False


def render_rst(directive: SphinxDirective, text: str, first_line: int,
               into: nodes.Element) -> nodes.document | None:
    """Parse an rST body into *into* (in an rST document), or into a document of its own,
    returned, whose references :func:`resolve_references` resolves (in a MyST document)."""
    text = rst_titles_to_rubrics(text)
    lines = text.split("\n")
    state = directive.state
    if not is_myst_state(state) and len(lines) == len(directive.content):
        # an rST document: parse in place, so targets and footnotes join the document
        content = StringList(lines, items=list(directive.content.items))
        state.nested_parse(content, directive.content_offset, into)
        # docutils numbers a link target by its line in the whole input (rst_prolog's lines
        # included), every other node by its line in its file
        for target in into.findall(nodes.target):
            if target.line and target.source is None:
                target.source, target.line = directive.state_machine.get_source_and_line(
                    target.line)
        keep_substitutions_inside(into, state.document, directive.content_offset)
        return None
    # a MyST document: parse the rST on its own, padded so that line numbers match
    document = directive.state.document
    sub_document = new_document(document["source"], document.settings)
    sub_document.reporter = document.reporter
    RstParser().parse("\n" * (first_line - 1) + text, sub_document)
    return sub_document


def keep_substitutions_inside(root: nodes.Element, document: nodes.document,
                              unique: int) -> None:
    """Rename the substitutions *root* (a body parsed in place) defines, and its own uses
    of them: a body's ``|release|`` must not replace the page's ``|release|``."""
    renamed: dict[str, str] = {}
    for definition in root.findall(nodes.substitution_definition):
        for name in definition["names"]:
            local = f"{name} shortscience-{unique}"
            if document.substitution_defs.get(name) is definition:
                del document.substitution_defs[name]
                document.substitution_names.pop(nodes.whitespace_normalize_name(name).lower(),
                                                None)
            document.substitution_defs[local] = definition
            document.substitution_names[nodes.whitespace_normalize_name(local).lower()] = local
            renamed[nodes.whitespace_normalize_name(name).lower()] = local
        definition["names"] = [renamed.get(nodes.whitespace_normalize_name(name).lower(), name)
                               for name in definition["names"]]
    for reference in root.findall(nodes.substitution_reference):
        own = renamed.get(reference["refname"])
        if own is not None:
            reference["refname"] = nodes.whitespace_normalize_name(own).lower()


#: What docutils does to a document's references after parsing it, for a body parsed on
#: its own (the MyST document it is in knows nothing of its targets and footnotes).
_REFERENCE_TRANSFORMS = (
    references.Substitutions, references.AnonymousHyperlinks, references.IndirectHyperlinks,
    references.Footnotes, references.ExternalTargets, references.InternalTargets,
    references.DanglingReferences,
)


def resolve_references(document: nodes.document) -> None:
    """Resolve the references of a body parsed on its own, as its document would."""
    document.transformer.add_transforms(_REFERENCE_TRANSFORMS)
    document.transformer.apply_transforms()


class BodyTooDeep(Exception):
    """A body whose nodes are nested too deep for Sphinx to pickle, copy and write them."""


def _dismantle(root: nodes.Element) -> None:
    """Cut each node of a body that is not kept from its parent and its children.

    The document may still refer to some of them (a target's id, a parser's message), and
    Sphinx pickles what it refers to: through their parents, the whole deep tree."""
    pending: list[nodes.Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Element):
            pending.extend(node.children)
            node.children = []
        node.parent = None


def render_body(directive: SphinxDirective, parsers: SummaryParsers, text: str, fmt: Format,
                first_line: int, context: BodyContext,
                allow_raw_html: bool) -> tuple[nodes.container, ProtectedBody]:
    """Parse a body with the ShortScience grammar into a container of standard nodes."""
    body = protect(text, fmt)
    container = nodes.container(classes=["shortscience-summary-body"])
    apart: nodes.document | None = None
    try:
        if fmt == "markdown":
            myst_config = directive.state.document.settings.env.myst_config
            refuse_syntax(body, myst_config.enable_extensions)
            render_markdown(parsers, directive.state.document, body.text, first_line,
                            container, allow_raw_html)
        else:
            apart = render_rst(directive, body.text, first_line, container)
        reason = tree_too_deep(container if apart is None else apart)
        if reason is not None:  # what the text's bound missed; before the nodes are walked
            raise BodyTooDeep(reason)
    except Exception:
        _dismantle(container if apart is None else apart)
        raise
    root: nodes.Element = container if apart is None else apart
    sections_to_rubrics(root, directive.state.document)
    substitute_placeholders(root, body, context)
    # what is refused is refused before any reference can take a URL from it
    context.unsafe_links = neutralize_unsafe_links(root)
    context.outside_images = neutralize_outside_images(root, context.document_path,
                                                        context.srcdir)
    context.unsafe_math = neutralize_unsafe_math(root)
    mark_remote_images(root)
    if apart is not None:
        resolve_references(apart)
        container.extend(apart.children)
    return container, body
