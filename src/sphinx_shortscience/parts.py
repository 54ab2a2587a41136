"""The content of generated pages: each ``shortscience-part`` placeholder becomes nodes.

Every part reads the site model (:mod:`sphinx_shortscience.site`) and the bib, and emits
standard docutils nodes; links to papers are ``pending_xref`` nodes resolved by the domain,
links to other generated pages are made with ``make_refnode`` for the current builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import make_refnode

from . import nodes as ss_nodes
from .compat import builder_of
from .fields import PaperView, hover_text, paper_view
from .pages import (
    domain_of,
    family_docname,
    member_docname,
    paper_docname,
    papers_docname,
)
from .site import FAMILIES, FAMILY, Family, Group, site_of
from .warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .bib import Bibliography
    from .domain import SummaryRecord
    from .site import Site


def inline_nodes(inlines: tuple[object, ...]) -> list[nodes.Node]:
    from .fields import Emphasis, Math, Strong, Text

    result: list[nodes.Node] = []
    for item in inlines:
        if isinstance(item, Text):
            result.append(nodes.Text(item.text))
        elif isinstance(item, Math):
            result.append(nodes.math(f"${item.latex}$", item.latex))
        elif isinstance(item, Emphasis):
            result.append(nodes.emphasis("", "", *inline_nodes(item.children)))
        elif isinstance(item, Strong):
            result.append(nodes.strong("", "", *inline_nodes(item.children)))
    return result


def set_xref_content(xref: addnodes.pending_xref, content: list[nodes.Node],
                     hover: str | None) -> None:
    xref.children = []
    xref += nodes.inline("", "", *content, classes=["shortscience-cite"])
    if hover:
        xref["reftitle"] = hover


def paper_details(view: PaperView, venue: nodes.Node | None = None,
                  year: nodes.Node | None = None, *, all_authors: bool = False) -> list[nodes.Node]:
    """ "Authors. *Venue*, Year.", with the venue and year nodes given or plain."""
    result: list[nodes.Node] = []
    authors = view.authors if all_authors else view.short_authors
    if authors:
        result.append(nodes.inline(authors, authors, classes=["shortscience-authors"]))
    where: list[nodes.Node] = []
    if view.venue:
        where.append(venue or nodes.emphasis(view.venue, view.venue))
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


class PageLinks:
    """Links from one page to papers, listing pages and summaries, for the current builder."""

    def __init__(self, env: BuildEnvironment, docname: str, bib: Bibliography):
        self.env = env
        self.docname = docname
        self.bib = bib
        self.builder: Builder = builder_of(env)

    def doc(self, docname: str, content: list[nodes.Node], targetid: str = "") -> nodes.Node:
        if docname not in self.env.all_docs:
            return nodes.inline("", "", *content)
        return make_refnode(self.builder, self.docname, docname, targetid, content)

    def paper(self, key: str, content: list[nodes.Node] | None = None) -> nodes.Node:
        view = paper_view(self.bib, key)
        xref = addnodes.pending_xref("", refdomain="shortscience", reftype="paper",
                                     reftarget=key, refdoc=self.docname, refexplicit=True,
                                     refwarn=True, shortscience_filled=True)
        shown = content or (inline_nodes(view.title) if view else [nodes.Text(key)])
        set_xref_content(xref, shown, hover_text(view) if view else None)
        return xref

    def member(self, family: Family, identity: str, display: str) -> nodes.Node:
        docname = member_docname(self.env.config, family, identity)
        return self.doc(docname, [nodes.Text(display)])


class PagePart:
    """Builds the nodes of one ``shortscience-part`` placeholder of a generated page."""

    def __init__(self, env: BuildEnvironment, part: ss_nodes.page_part, bib: Bibliography):
        self.env = env
        self.part = part
        self.bib = bib
        self.kind: str = part["kind"]
        self.key: str = part["key"]
        self.docname: str = part["docname"]
        self.site: Site = site_of(env)
        self.links = PageLinks(env, self.docname, bib)
        self.words: int = env.config.shortscience_excerpt_words

    def build(self) -> list[nodes.Node]:
        method = getattr(self, "part_" + self.kind.replace("-", "_"), None)
        if method is None:
            warn(ShortScienceWarning.config, f"unknown generated part {self.kind!r}", self.part)
            return []
        result: list[nodes.Node] = method()
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

    def summary_link(self, record: SummaryRecord, content: list[nodes.Node]) -> nodes.Node:
        return self.links.doc(record.docname, content, record.node_id)

    # -- the index -------------------------------------------------------------------------

    def part_index(self) -> list[nodes.Node]:
        site = self.site
        counts = (f"{_count(len(site.papers), 'paper')}, "
                  f"{_count(len(site.summaries), 'summary', 'summaries')} by "
                  f"{_count(len(site.groups['writer']), 'writer')}, "
                  f"{_count(len(site.groups['keyword']), 'keyword')}.")
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
            paragraph = nodes.paragraph()
            paragraph += self.links.paper(key)
            details = self.details(key)
            if details:
                paragraph += nodes.Text(" — ")
                paragraph += details
            count = len(self.site.papers[key].summaries)
            if count:
                label = f" ({count} summar{'y' if count == 1 else 'ies'})"
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
            count = len(group.summaries) if family.name == "writer" else len(group.papers)
            noun = "summar" + ("y" if count == 1 else "ies") if family.name == "writer" else (
                "paper" + ("" if count == 1 else "s"))
            paragraph += nodes.inline("", f" ({count} {noun})", classes=["shortscience-count"])
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
        head = nodes.paragraph(classes=["shortscience-listing-title"])
        head += nodes.strong("", "", self.links.paper(key))
        details = self.details(key)
        if details:
            head += nodes.Text(" — ")
            head += details
        item = nodes.list_item("", head)
        excerpt = SummaryBodies.of(self.env).excerpt(record, self.docname, self.words)
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
            if builder_of(self.env).format == "html":
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
            paragraph = nodes.paragraph()
            paragraph += self.links.paper(key)
            details = self.details(key)
            if details:
                paragraph += nodes.Text(" — ")
                paragraph += details
            items += nodes.list_item("", paragraph)
        return [items]

    def part_paper_bibtex(self) -> list[nodes.Node]:
        entry = self.bib.get(self.key)
        if entry is None:
            return []
        return [nodes.literal_block(entry.raw, entry.raw, language="bibtex",
                                    classes=["shortscience-bibtex"])]


class SummaryBodies:
    """Summary bodies taken from the doctrees of the documents they were written in."""

    def __init__(self, env: BuildEnvironment):
        self.env = env
        self.bodies: dict[str, dict[str, nodes.Element]] = {}

    @classmethod
    def of(cls, env: BuildEnvironment) -> SummaryBodies:
        domain = domain_of(env)
        cache: SummaryBodies | None = getattr(domain, "_bodies", None)
        if cache is None or cache.env is not env:
            cache = cls(env)
            domain._bodies = cache  # type: ignore[attr-defined]
        return cache

    def _load(self, docname: str) -> dict[str, nodes.Element]:
        if docname not in self.bodies:
            found: dict[str, nodes.Element] = {}
            try:
                doctree = self.env.get_doctree(docname)
            except (OSError, EOFError):
                doctree = None
            if doctree is not None:
                for container in doctree.findall(nodes.container):
                    if container.get("shortscience_summary") and container["ids"]:
                        body = next((c for c in container.children
                                     if isinstance(c, nodes.container)), None)
                        if body is not None:
                            found[container["ids"][0]] = body
            self.bodies[docname] = found
        return self.bodies[docname]

    def _adopt(self, node: nodes.Element, record: SummaryRecord, into: str) -> nodes.Element:
        """Make a copy of the original's nodes fit the page it is copied into."""
        builder = builder_of(self.env)
        for element in node.findall(nodes.Element):
            # ids and names belong to the original; the copy must not clash with it in
            # single-page and LaTeX output, where all pages share one id space
            element["ids"] = []
            element["names"] = []
            if isinstance(element, addnodes.pending_xref):
                element["refdoc"] = into
                element["shortscience_copy"] = True
            if isinstance(element, nodes.reference) and element.get("refid"):
                # an anchor of the original page (a footnote, a label): link there
                anchor = element.attributes.pop("refid")
                element["refuri"] = (
                    builder.get_relative_uri(into, record.docname) + "#" + anchor)
        return node

    def copy(self, record: SummaryRecord, into: str) -> nodes.Element | None:
        body = self._load(record.docname).get(record.node_id)
        if body is None:
            return None
        return self._adopt(body.deepcopy(), record, into)

    def excerpt(self, record: SummaryRecord, into: str,
                words: int) -> tuple[nodes.paragraph, bool] | None:
        """About *words* words of the summary's text, cut only between inline elements or
        between words of plain text; returns the paragraph and whether it was cut."""
        body = self._load(record.docname).get(record.node_id)
        if body is None:
            return None
        paragraph = nodes.paragraph(classes=["shortscience-excerpt"])
        budget = words
        truncated = False
        for source in body.findall(_excerpt_block):
            if budget <= 0:
                truncated = True
                break
            if isinstance(source.parent, nodes.paragraph):
                continue
            if len(paragraph):
                paragraph += nodes.Text(" ")
            # display math joins the excerpt's one paragraph as inline math
            children = ([nodes.math(source.astext(), source.astext())]
                        if isinstance(source, nodes.math_block) else source.children)
            for child in children:
                if isinstance(child, nodes.Text):
                    text_words = str(child).split()
                    if len(text_words) > budget:
                        kept = " ".join(text_words[:budget])
                        lead = " " if str(child)[:1].isspace() else ""
                        paragraph += nodes.Text(lead + kept)
                        budget = 0
                        truncated = True
                        break
                    paragraph += nodes.Text(str(child).replace("\n", " "))
                    budget -= len(text_words)
                else:
                    size = 1 if isinstance(child, nodes.math) else len(child.astext().split())
                    if size > budget and budget < words:
                        budget = 0
                        truncated = True
                        break
                    paragraph += child.deepcopy()
                    budget -= size
            if truncated:
                break
        if not len(paragraph):
            return None
        return self._adopt(paragraph, record, into), truncated  # type: ignore[return-value]


def _excerpt_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph | nodes.math_block)


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
