"""Placeholder nodes: written at read time, replaced by standard nodes before writing.

Everything that depends on the bib files or on other documents (a summary's header, the
text of a citation, the content of a generated page) is filled in by the post-transform in
:mod:`sphinx_shortscience.site.fill_placeholders`, so a bib change means rewriting pages,
not rereading them.  No builder should ever see these nodes; the visitors below only make
sure that a third-party builder that skips post-transforms still writes the children.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx


class summary_header(nodes.General, nodes.Element):
    """Filled with the paper's title (linked), authors, venue, year, writer and date."""


class cite_group(nodes.Inline, nodes.TextElement):
    """One ``\\cite``-like command (``command``, ``keys``, ``prenote``, ``postnote``, the
    document it links from: ``refdoc``); made into linked labels when the page is written."""

    #: In HTML, the citation as the reader sees it, one tree shared by the citations of a
    #: page that read alike
    #: (:class:`~sphinx_shortscience.site.fill_placeholders.FillLinkedCitations`);
    #: the group then holds its text alone, for the search index.
    shown: nodes.Element | None = None


def visit_cite_group_html(translator: Any, node: cite_group) -> None:
    """Write the shared tree of a citation, rendered once per page by the page's own
    translator (a 1 MB summary cites the same paper 12,000 times)."""
    shown = node.shown
    if shown is None:
        return  # not filled late: its children are written as they are
    written: dict[nodes.Element, str] = translator.__dict__.setdefault(
        "shortscience_citations", {})
    html = written.get(shown)
    if html is None:
        body = translator.body
        start = len(body)
        shown.walkabout(translator)
        if translator.body is body:
            written[shown] = "".join(body[start:])
    else:
        translator.body.append(html)
    raise nodes.SkipNode


class page_part(nodes.General, nodes.Element):
    """A part of a generated page (``kind``: a :class:`PartKind` value, and ``key``),
    filled from the site model when the page is written."""


class PartKind(StrEnum):
    """The parts a generated page is made of: written into stubs, filled when written."""

    index_page = "index"  # counts, links to the listings, the newest summaries
    papers = "papers"  # every paper, by title
    family = "family"  # every keyword, venue, year or writer (key: the family)
    member = "member"  # the papers of one of them (key: "family identity")
    paper_meta = "paper-meta"  # a paper's details, keywords, links, abstract
    paper_summaries = "paper-summaries"
    paper_cited_by = "paper-cited-by"
    paper_cites = "paper-cites"
    paper_bibtex = "paper-bibtex"


def _visit_children(translator: Any, node: nodes.Element) -> None:
    pass


def _depart_children(translator: Any, node: nodes.Element) -> None:
    pass


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


PASS_THROUGH = (_visit_children, _depart_children)
SKIPPED = (_skip, None)
BUILDER_FORMATS = ("html", "latex", "text", "man", "texinfo")
#: The formats whose writers show our container nodes' children as they are.
NON_HTML_FORMATS = tuple(name for name in BUILDER_FORMATS if name != "html")


def add_nodes(app: Sphinx) -> None:
    others = dict.fromkeys(NON_HTML_FORMATS, PASS_THROUGH)
    app.add_node(cite_group, html=(visit_cite_group_html, _depart_children), **others)  # type: ignore[arg-type]
    app.add_node(summary_header, **dict.fromkeys(BUILDER_FORMATS, SKIPPED))  # type: ignore[arg-type]
    app.add_node(page_part, **dict.fromkeys(BUILDER_FORMATS, SKIPPED))  # type: ignore[arg-type]
    add_folded(app)


class folded(nodes.General, nodes.Element):
    """Content that HTML folds away behind its ``summary`` text (``<details>``)."""


def visit_folded_html(translator: Any, node: folded) -> None:
    classes = " ".join(node.get("classes", []))
    translator.body.append(f'<details class="{classes}">')
    summary = translator.encode(node["summary"])
    translator.body.append(f"<summary>{summary}</summary>\n")


def depart_folded_html(translator: Any, node: folded) -> None:
    translator.body.append("</details>\n")


def add_folded(app: Sphinx) -> None:
    others = dict.fromkeys(NON_HTML_FORMATS, PASS_THROUGH)
    app.add_node(folded, html=(visit_folded_html, depart_folded_html), **others)  # type: ignore[arg-type]


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    """The elements that contain *node*, nearest first."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent
