"""The content of generated pages: each ``shortscience-part`` placeholder becomes nodes.

Every part reads the site model (:mod:`.model`) and the bib, and emits standard docutils
nodes; links to papers are ``pending_xref`` nodes resolved by the domain, links to other
generated pages are made for the current builder (:mod:`.page_links`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .. import nodes as ss_nodes
from ..bib.view import PaperView, paper_view
from ..nodes import PartKind
from ..summaries.display import paper_details, summary_byline
from ..util.text import counted
from .bodies import SummaryBodies
from .families import FAMILIES, FAMILY
from .model import site_of
from .names import family_docname, paper_docname, papers_docname
from .page_links import PageLinks

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..bib.bibliography import Bibliography
    from ..domain import SummaryRecord
    from .model import Group, Site


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
        self.site: Site = site_of(env)
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
        result = builders[self.kind]()
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
        paper = self.site.papers.get(key)
        venue: nodes.Node | None = None
        year: nodes.Node | None = None
        if linked and paper is not None:
            if view.venue and paper.venue in self.site.groups["venue"]:
                link = self.links.member(FAMILY["venue"], paper.venue, view.venue)
                venue = nodes.emphasis("", "", link)
            if view.year and paper.year in self.site.groups["year"]:
                year = self.links.member(FAMILY["year"], paper.year, view.year)
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

    def summary_link(self, record: SummaryRecord, content: list[nodes.Node]) -> nodes.Node:
        return self.links.doc(record.docname, content, record.node_id)

    # -- the index -------------------------------------------------------------------------

    def part_index(self) -> list[nodes.Node]:
        site = self.site
        counts = (f"{counted(len(site.papers), 'paper')}, "
                  f"{counted(len(site.summaries), 'summary', 'summaries')} by "
                  f"{counted(len(site.groups['writer']), 'writer')}, "
                  f"{counted(len(site.groups['keyword']), 'keyword')}.")
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
        newest = site.newest(self.env.config.shortscience_recent)
        if newest:
            result.append(nodes.rubric("", "Newest summaries"))
            items = nodes.bullet_list(classes=["shortscience-newest"])
            for record in newest:
                paragraph = nodes.paragraph()
                paragraph += self.links.paper(record.key)
                byline = summary_byline(record.writer, record.date)
                if byline:
                    paragraph += nodes.Text(" — ")
                    paragraph += self.summary_link(record, byline)
                items += nodes.list_item("", paragraph)
            result.append(items)
        return result

    # -- listings ----------------------------------------------------------------------------

    def part_papers(self) -> list[nodes.Node]:
        views = [(key, self.view(key)) for key in self.site.papers]
        views.sort(key=lambda item: (item[1].title_text.casefold() if item[1] else item[0]))
        items = nodes.bullet_list(classes=["shortscience-papers"])
        for key, _view in views:
            paragraph = self.paper_with_details(key)
            count = len(self.site.papers[key].summaries)
            if count:
                label = f" ({counted(count, 'summary', 'summaries')})"
                paragraph += nodes.inline(label, label, classes=["shortscience-count"])
            items += nodes.list_item("", paragraph)
        if not len(items):
            return [nodes.paragraph("", "No papers are summarized or cited yet.")]
        return [items]

    def part_family(self) -> list[nodes.Node]:
        family = FAMILY[self.key]
        groups = list(self.site.groups[family.name].values())
        if family.name == "year":
            groups.sort(key=lambda g: g.identity, reverse=True)
        else:
            groups.sort(key=lambda g: (g.display.casefold(), g.display))
        if not groups:
            return [nodes.paragraph("", f"No {family.plural} yet.")]
        items = nodes.bullet_list(classes=["shortscience-family", f"shortscience-{family.plural}"])
        for group in groups:
            paragraph = nodes.paragraph()
            paragraph += self.links.member(family, group.identity, group.display)
            label = (counted(len(group.summaries), "summary", "summaries")
                     if family.name == "writer" else counted(len(group.papers), "paper"))
            paragraph += nodes.inline("", f" ({label})", classes=["shortscience-count"])
            items += nodes.list_item("", paragraph)
        return [items]

    def part_member(self) -> list[nodes.Node]:
        family_name, _, ident = self.key.partition(" ")
        family = FAMILY[family_name]
        group: Group | None = self.site.groups[family.name].get(ident)
        if group is None:
            return []
        listing = nodes.bullet_list(classes=["shortscience-listing"])
        if family.name == "writer":
            for record in group.summaries:
                listing += self.listing_item(self.site.canonical[record.key], record)
        else:
            for key in group.papers:
                listing += self.listing_item(key, self.site.papers[key].summaries[0])
        return [listing]

    def listing_item(self, key: str, record: SummaryRecord) -> nodes.list_item:
        """Title, authors and year, then an excerpt of *record* and a "more" link."""
        head = self.paper_with_details(key, strong=True)
        head["classes"].append("shortscience-listing-title")
        item = nodes.list_item("", head)
        excerpt = SummaryBodies.of(self.env).excerpt(record, self.docname)
        if excerpt is not None:
            text, truncated = excerpt
            if truncated:  # a whole summary needs no link to the rest of it
                text += nodes.Text(" … ")
                more = self.links.doc(paper_docname(self.env.config, key),
                                      [nodes.Text("more")])
                text += nodes.inline("", "", nodes.Text("("), more, nodes.Text(")"),
                                     classes=["shortscience-more"])
            item += text
        byline = summary_byline(record.writer, record.date)
        if byline:
            item += nodes.paragraph("", "", self.summary_link(record, byline),
                                    classes=["shortscience-listing-byline"])
        return item

    # -- a paper page ------------------------------------------------------------------------

    def part_paper_meta(self) -> list[nodes.Node]:
        view = self.view(self.key)
        if view is None:
            return [nodes.paragraph("", f"{self.key} is not in the bib files.")]
        paper = self.site.papers.get(self.key)
        result: list[nodes.Node] = []
        details = self.details(self.key, linked=True)
        if details:
            result.append(nodes.paragraph("", "", *details, classes=["shortscience-details"]))
        if paper is not None and paper.keywords:
            keywords = nodes.paragraph(classes=["shortscience-keywords"])
            keywords += nodes.Text("Keywords: ")
            for index, ident in enumerate(paper.keywords):
                if index:
                    keywords += nodes.Text(", ")
                group = self.site.groups["keyword"].get(ident)
                display = group.display if group else ident
                keywords += (self.links.member(FAMILY["keyword"], ident, display) if group
                             else nodes.Text(display))
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
        paper = self.site.papers.get(self.key)
        if paper is None:
            return []
        bodies = SummaryBodies.of(self.env)
        result: list[nodes.Node] = []
        for record in paper.summaries:
            box = nodes.container(classes=["shortscience-summary", "shortscience-copy"])
            byline = summary_byline(record.writer, record.date) or [nodes.Text("Summary")]
            box += nodes.rubric("", "", *byline)
            where = nodes.paragraph(classes=["shortscience-written-in"])
            where += nodes.Text("Written in ")
            title = self.env.titles.get(record.docname)
            label = title.astext() if title is not None else record.docname
            where += self.summary_link(record, [nodes.Text(label)])
            box += where
            body = bodies.copy(record, self.docname)
            if body is not None:
                box += body
            result.append(box)
        return result

    def part_paper_cited_by(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["shortscience-cited-by"])
        for record in self.site.citing_summaries(self.key):
            paragraph = nodes.paragraph()
            paragraph += self.links.paper(record.key)
            byline = summary_byline(record.writer, record.date) or [nodes.Text("summary")]
            paragraph += nodes.Text(" — ")
            paragraph += self.summary_link(record, byline)
            items += nodes.list_item("", paragraph)
        return [items]

    def part_paper_cites(self) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["shortscience-cites"])
        for key in self.site.cited_papers(self.key):
            items += nodes.list_item("", self.paper_with_details(key))
        return [items]

    def part_paper_bibtex(self) -> list[nodes.Node]:
        entry = self.bib.get(self.key)
        if entry is None:
            return []
        # force: an entry Pygments' BibTeX lexer stumbles on is shown plain, not warned
        # about at the generated page (which no one can fix)
        return [nodes.literal_block(entry.raw, entry.raw, language="bibtex", force=True,
                                    classes=["shortscience-bibtex"])]
