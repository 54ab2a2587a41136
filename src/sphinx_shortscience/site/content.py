"""The content of generated pages: each ``shortscience-part`` placeholder becomes nodes.

Every part is drawn from its page's description (:mod:`.page_descriptions`), the bib (by
the keys the description names, whose fields it digests) and, on a paper page, the bodies
of its summaries (by their place); nothing else of the site. It emits standard docutils
nodes; links to papers are ``pending_xref`` nodes resolved by the domain, links to other
generated pages are made for the current builder (:mod:`.page_links`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .. import nodes as ss_nodes
from ..bib.view import PaperView, paper_view
from ..nodes import PartKind
from ..summaries.display import paper_details, summary_byline
from ..util.text import counted
from .bodies import SummaryBodies
from .families import FAMILIES, FAMILY
from .names import family_docname, paper_docname, papers_docname
from .page_descriptions import Description, page_description
from .page_links import PageLinks

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibliography import Bibliography


class PagePart:
    """Builds the nodes of one ``shortscience-part`` placeholder of a generated page."""

    def __init__(self, env: BuildEnvironment, builder: Builder, part: ss_nodes.page_part,
                 bib: Bibliography):
        self.env = env
        self.builder = builder
        self.part = part
        self.bib = bib
        self.kind = PartKind(part["kind"])
        self.key: str = part["key"]
        self.docname: str = part["docname"]
        self.page: Description = page_description(env, self.docname) or {}
        self.links = PageLinks(env, builder, self.docname, bib)

    def build(self) -> list[nodes.Node]:
        builders: dict[PartKind, Callable[[], list[nodes.Node]]] = {
            PartKind.index_page: self.part_index,
            PartKind.papers: self.part_papers,
            PartKind.family: self.part_family,
            PartKind.member: self.part_member,
            PartKind.paper_meta: self.part_paper_meta,
            PartKind.paper_summaries: self.part_paper_summaries,
            PartKind.paper_cited_by: self.part_paper_cited_by,
            PartKind.paper_cites: self.part_paper_cites,
            PartKind.paper_bibtex: self.part_paper_bibtex,
        }
        result = builders[self.kind]() if self.page else []
        for node in result:
            for child in node.findall(nodes.Element):
                if child.source is None:
                    child.source, child.line = self.part.source, self.part.line
        return result

    def view(self, key: str) -> PaperView | None:
        return paper_view(self.bib, key)

    def details(self, key: str, *, linked: bool = False) -> list[nodes.Node]:
        """ "Authors. *Venue*, Year." with venue and year linked to their pages."""
        view = self.view(key)
        if view is None:
            return []
        venue: nodes.Node | None = None
        year: nodes.Node | None = None
        if linked:
            if view.venue and self.page["venue"]["page"]:
                link = self.links.member(FAMILY["venue"], self.page["venue"]["identity"],
                                         view.venue)
                venue = nodes.emphasis("", "", link)
            if view.year and self.page["year"]["page"]:
                year = self.links.member(FAMILY["year"], self.page["year"]["identity"],
                                         view.year)
        return paper_details(view, venue, year, all_authors=linked)

    def paper_with_details(self, key: str, *, strong: bool = False) -> nodes.paragraph:
        """A paragraph: the paper's title linked to its page, then its details."""
        paragraph = nodes.paragraph()
        link = self.links.paper(key)
        paragraph += nodes.strong("", "", link) if strong else link
        details = self.details(key)
        if details:
            paragraph += nodes.Text(" — ")
            paragraph += details
        return paragraph

    def summary_link(self, place: dict[str, Any], content: list[nodes.Node]) -> nodes.Node:
        return self.links.doc(place["docname"], content, place["node_id"])

    def byline(self, place: dict[str, Any]) -> list[nodes.Node]:
        return summary_byline(place["writer"], place["date"])

    # -- the index -------------------------------------------------------------------------

    def part_index(self) -> list[nodes.Node]:
        papers, summaries, writers, keywords = self.page["counts"]
        counts = (f"{counted(papers, 'paper')}, "
                  f"{counted(summaries, 'summary', 'summaries')} by "
                  f"{counted(writers, 'writer')}, "
                  f"{counted(keywords, 'keyword')}.")
        browse = nodes.paragraph(classes=["shortscience-browse"])
        browse += nodes.Text("Browse: ")
        targets = [(papers_docname(self.env.config), "Papers")] + [
            (family_docname(self.env.config, family), family.title) for family in FAMILIES]
        for index, (docname, label) in enumerate(targets):
            if index:
                browse += nodes.Text(" · ")
            browse += self.links.doc(docname, [nodes.Text(label)])
        result: list[nodes.Node] = [
            nodes.paragraph("", counts, classes=["shortscience-counts"]), browse]
        if self.page["newest"]:
            result.append(nodes.rubric("", "Newest summaries"))
            items = nodes.bullet_list(classes=["shortscience-newest"])
            for place in self.page["newest"]:
                paragraph = nodes.paragraph()
                paragraph += self.links.paper(place["key"])
                byline = self.byline(place)
                if byline:
                    paragraph += nodes.Text(" — ")
                    paragraph += self.summary_link(place, byline)
                items += nodes.list_item("", paragraph)
            result.append(items)
        return result

    # -- listings ----------------------------------------------------------------------------

    def part_papers(self) -> list[nodes.Node]:
        views = [(paper, self.view(paper["key"])) for paper in self.page["papers"]]
        views.sort(key=lambda item: (item[1].title_text.casefold() if item[1]
                                     else item[0]["key"]))
        items = nodes.bullet_list(classes=["shortscience-papers"])
        for paper, _view in views:
            paragraph = self.paper_with_details(paper["key"])
            if paper["count"]:
                label = f" ({counted(paper['count'], 'summary', 'summaries')})"
                paragraph += nodes.inline(label, label, classes=["shortscience-count"])
            items += nodes.list_item("", paragraph)
        if not len(items):
            return [nodes.paragraph("", "No papers are summarized or cited yet.")]
        return [items]

    def part_family(self) -> list[nodes.Node]:
        family = FAMILY[self.key]
        members = list(self.page["members"])
        if family.name == "year":
            members.sort(key=lambda m: m["identity"], reverse=True)
        else:
            members.sort(key=lambda m: (m["display"].casefold(), m["display"]))
        if not members:
            return [nodes.paragraph("", f"No {family.plural} yet.")]
        items = nodes.bullet_list(classes=["shortscience-family", f"shortscience-{family.plural}"])
        for member in members:
            paragraph = nodes.paragraph()
            paragraph += self.links.member(family, member["identity"], member["display"])
            label = (counted(member["summaries"], "summary", "summaries")
                     if family.name == "writer" else counted(member["papers"], "paper"))
            paragraph += nodes.inline("", f" ({label})", classes=["shortscience-count"])
            items += nodes.list_item("", paragraph)
        return [items]

    def part_member(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["shortscience-listing"])
        for listed in self.page["listed"]:
            listing += self.listing_item(listed)
        return [listing]

    def listing_item(self, listed: dict[str, Any]) -> nodes.list_item:
        """Title, authors and year, then an excerpt of the summary and a "more" link."""
        key, place = listed["paper"], listed["summary"]
        head = self.paper_with_details(key, strong=True)
        head["classes"].append("shortscience-listing-title")
        item = nodes.list_item("", head)
        excerpt = SummaryBodies.of(self.env).excerpt(listed["excerpt"].pieces, place["docname"],
                                                     place["node_id"], self.docname)
        if excerpt is not None:
            text, truncated = excerpt
            if truncated:  # a whole summary needs no link to the rest of it
                text += nodes.Text(" … ")
                more = self.links.doc(paper_docname(self.env.config, key),
                                      [nodes.Text("more")])
                text += nodes.inline("", "", nodes.Text("("), more, nodes.Text(")"),
                                     classes=["shortscience-more"])
            item += text
        byline = self.byline(place)
        if byline:
            item += nodes.paragraph("", "", self.summary_link(place, byline),
                                    classes=["shortscience-listing-byline"])
        return item

    # -- a paper page ------------------------------------------------------------------------

    def part_paper_meta(self) -> list[nodes.Node]:
        view = self.view(self.key)
        if view is None:
            return [nodes.paragraph("", f"{self.key} is not in the bib files.")]
        result: list[nodes.Node] = []
        details = self.details(self.key, linked=True)
        if details:
            result.append(nodes.paragraph("", "", *details, classes=["shortscience-details"]))
        if self.page["keywords"]:
            keywords = nodes.paragraph(classes=["shortscience-keywords"])
            keywords += nodes.Text("Keywords: ")
            for index, keyword in enumerate(self.page["keywords"]):
                if index:
                    keywords += nodes.Text(", ")
                display = keyword["display"]
                keywords += (self.links.member(FAMILY["keyword"], keyword["identity"], display)
                             if display is not None else nodes.Text(keyword["identity"]))
            result.append(keywords)
        links = nodes.paragraph(classes=["shortscience-links"])
        for index, (label, url) in enumerate(view.links):
            if index:
                links += nodes.Text(" · ")
            links += nodes.reference(label, label, refuri=url)
        if len(links):
            result.append(links)
        if view.abstract:
            abstract = nodes.paragraph(view.abstract, view.abstract)
            if self.builder.format == "html":
                result.append(ss_nodes.folded("", abstract, summary="Abstract",
                                              classes=["shortscience-abstract"]))
            else:
                result += [nodes.rubric("", "Abstract"), abstract]
        return result

    def part_paper_summaries(self) -> list[nodes.Node]:
        bodies = SummaryBodies.of(self.env)
        result: list[nodes.Node] = []
        for summary in self.page["summaries"]:
            box = nodes.container(classes=["shortscience-summary", "shortscience-copy"])
            byline = self.byline(summary) or [nodes.Text("Summary")]
            box += nodes.rubric("", "", *byline)
            where = nodes.paragraph(classes=["shortscience-written-in"])
            where += nodes.Text("Written in ")
            title = summary["title"]
            label = title if title is not None else summary["docname"]
            where += self.summary_link(summary, [nodes.Text(label)])
            box += where
            body = bodies.copy(summary["docname"], summary["node_id"], self.docname)
            if body is not None:
                box += body
            result.append(box)
        return result

    def part_paper_cited_by(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["shortscience-cited-by"])
        for place in self.page["cited_by"]:
            paragraph = nodes.paragraph()
            paragraph += self.links.paper(place["key"])
            byline = self.byline(place) or [nodes.Text("summary")]
            paragraph += nodes.Text(" — ")
            paragraph += self.summary_link(place, byline)
            items += nodes.list_item("", paragraph)
        return [items]

    def part_paper_cites(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["shortscience-cites"])
        for cited in self.page["cites"]:
            items += nodes.list_item("", self.paper_with_details(cited["key"]))
        return [items]

    def part_paper_bibtex(self) -> list[nodes.Node]:
        entry = self.bib.get(self.key)
        if entry is None:
            return []
        # force: an entry Pygments' BibTeX lexer stumbles on is shown plain, not warned
        # about at the generated page (which no one can fix)
        return [nodes.literal_block(entry.raw, entry.raw, language="bibtex", force=True,
                                    classes=["shortscience-bibtex"])]
