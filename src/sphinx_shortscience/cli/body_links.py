"""The links, link targets and images of a summary body, found without a build the way
the build's parsers find them, with what the build would do to each (for ``check``)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from markdown_it import MarkdownIt

from ..grammar.links import image_target, line_of_link, node_line, outside_source, unsafe_uri
from ..grammar.scanner import shortscience_key
from ..util.image_files import pdflatex_problem

if TYPE_CHECKING:
    from ..grammar.allowed import MarkupPolicy
    from ..grammar.tokens import Format
    from .body_markup import FoundMarkup


def image_directives(markups: list[FoundMarkup],
                      policy: MarkupPolicy) -> list[tuple[str, int | None, bool]]:
    """The images (and their links) of MyST ``{image}`` and ``{figure}`` directives, which
    a Markdown parser does not see: ``(uri, line, is_image)`` with lines in the file."""
    found: list[tuple[str, int | None, bool]] = []
    for markup in markups:
        if markup.kind == "directive" and markup.name in ("image", "figure") and (
                policy.allows("directive", markup.name)):
            found.append((markup.argument, markup.line, True))
            found += [(value, markup.line, False) for name, value in markup.options
                      if name == "target"]
    return found


def body_links(text: str, fmt: Format, first_line: int, document_path: str,
           srcdir: str, directive_links: list[tuple[str, int | None, bool]]
           ) -> list[tuple[str, int, str, str]]:
    """Links of a protected body that a build turns into paper links (their key), removes
    as unsafe, or (images) does not copy from outside the source folder:
    ``(uri, line, key, problem)`` with problem "", "unsafe", "outside" or "pdf:<why>" (a
    file pdflatex cannot include)."""
    found: list[tuple[str, int, str, str]] = []
    links: list[tuple[str, int | None, bool]] = []
    if any(sign in text for sign in (":", "](", "..", "<")):  # a link, target or image
        links = _markdown_links(text) if fmt == "markdown" else rst_links(text, first_line)
        if fmt == "markdown":
            links = [(uri, None if line is None else first_line + line - 1, image)
                     for uri, line, image in links]
    for uri, line, image in [*links, *directive_links]:
        key = shortscience_key(uri)
        if line is None:
            line = line_of_link(text, uri, first_line, first_line)
        if key:
            found.append((uri, line, key, ""))
        elif unsafe_uri(uri):
            found.append((uri, line, "", "unsafe"))
        elif image and outside_source(uri, document_path, srcdir):
            found.append((uri, line, "", "outside"))
        elif image and (problem := _pdf_problem(uri, document_path, srcdir)):
            found.append((uri, line, "", f"pdf:{problem}"))
    return found


def _pdf_problem(uri: str, document_path: str, srcdir: str) -> str | None:
    """Why the PDF shows a summary's local image as its text (the latex build warns), for
    an image file that is there; a missing one Sphinx itself reports."""
    if "://" in uri or uri.startswith("data:") or "*" in uri or not srcdir:
        return None
    path = Path(srcdir, image_target(uri, document_path))
    return pdflatex_problem(path) if path.is_file() else None


def _markdown_links(text: str) -> list[tuple[str, int | None, bool]]:
    links: list[tuple[str, int | None, bool]] = []
    for block in MarkdownIt("commonmark").parse(text):
        line = block.map[0] + 1 if block.map else None
        for token in block.children or ():
            uri = token.attrGet("href") if token.type == "link_open" else (
                token.attrGet("src") if token.type == "image" else None)
            if isinstance(uri, str):
                # the line within the paragraph, as the build finds it (grammar.links)
                offset = block.content.find(uri)
                shift = block.content.count("\n", 0, offset) if offset > 0 else 0
                links.append((uri, None if line is None else line + shift,
                              token.type == "image"))
    return links


def rst_links(text: str, first_line: int) -> list[tuple[str, int | None, bool]]:
    """Links, link targets and images of an rST body as the build's parser writes them
    (before references resolve: the build refuses a target's URL where it is written)."""
    settings = get_default_settings(RstParser)
    settings.report_level = settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = settings.raw_enabled = False
    tree = new_document("<summary>", settings)
    RstParser().parse("\n" * (first_line - 1) + text, tree)
    links: list[tuple[str, int | None, bool]] = []
    for node in tree.findall(lambda n: isinstance(n, nodes.reference | nodes.target)):
        assert isinstance(node, nodes.Element)
        if node.get("refuri"):
            links.append((node["refuri"], node_line(node, node["refuri"]), False))
    for image in tree.findall(nodes.image):
        links.append((image.get("uri", ""), node_line(image), True))
    return links
