"""How a paper and a summary are introduced, as nodes: shared by summary headers and pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx import addnodes

    from ..bib.view import PaperView


def set_xref_content(xref: addnodes.pending_xref, content: list[nodes.Node],
                     hover: str | None) -> None:
    xref.children = []
    xref += nodes.inline("", "", *content, classes=["shortscience-cite"])
    if hover:
        xref["reftitle"] = hover


def paper_details(view: PaperView, venue: nodes.Node | None = None,
                  year: nodes.Node | None = None, *, all_authors: bool = False) -> list[nodes.Node]:
    """ "Authors. *Venue*, Year.", with the venue and year nodes given or plain; on the
    paper's own page (*all_authors*) the full reference: "*Venue*, 9(8):1735–1780, Year."."""
    result: list[nodes.Node] = []
    authors = view.authors if all_authors else view.short_authors
    if authors:
        result.append(nodes.inline(authors, authors, classes=["shortscience-authors"]))
    where: list[nodes.Node] = []
    if view.venue:
        where.append(venue or nodes.emphasis(view.venue, view.venue))
    if all_authors and view.reference:
        if where:
            where.append(nodes.Text(", "))
        where.append(nodes.inline(view.reference, view.reference,
                                  classes=["shortscience-reference"]))
    if view.year:
        if where:
            where.append(nodes.Text(", "))
        where.append(year or nodes.Text(view.year))
    if where:
        if result:
            result.append(nodes.Text(". "))
        result.extend(where)
    if result:
        result.append(nodes.Text("."))
    return result


def summary_byline(writer: str, date: str) -> list[nodes.Node]:
    if not writer and not date:
        return []
    text = "Summary" + (f" by {writer}" if writer else "") + (f", {date}" if date else "")
    return [nodes.inline(text, text, classes=["shortscience-byline"])]
