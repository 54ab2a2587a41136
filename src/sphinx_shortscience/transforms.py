"""Filling placeholders just before Sphinx resolves references.

This post-transform runs at priority 5, right before Sphinx's ``ReferencesResolver``
(priority 10), in the main process even under ``-j`` (Sphinx resolves doctrees there and
only hands writing to workers).  The ``pending_xref`` nodes it emits (paper titles,
citation labels) are therefore resolved by the domain like any other reference, in every
builder, and a key that does not resolve reaches ``warn-missing-reference`` with the exact
file and line where it was written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from . import nodes as ss_nodes
from .compat import builder_of
from .fields import (
    Emphasis,
    Inline,
    Math,
    PaperView,
    Strong,
    Text,
    cite_label,
    family_names,
    hover_text,
    latex_plain,
    paper_view,
)
from .pages import domain_of, papers_docname, site_of
from .warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .bib import Bibliography
    from .domain import SummaryRecord

PARENTHESISED = frozenset({"citep", "citeyearpar"})


def inline_nodes(inlines: tuple[Inline, ...]) -> list[nodes.Node]:
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


def _set_xref_content(xref: addnodes.pending_xref, content: list[nodes.Node],
                      hover: str | None) -> None:
    classes = ["shortscience-cite"]
    xref.children = []
    xref += nodes.inline("", "", *content, classes=classes)
    if hover:
        xref["reftitle"] = hover


class FillPlaceholders(SphinxPostTransform):
    # Priority 5: before ReferencesResolver (10), so that the pending_xref nodes emitted
    # here are resolved by the domain, and after nothing else of Sphinx's that cares.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        if domain.bib_state is None:
            return
        self.bib: Bibliography = domain.bibliography
        for part in list(self.document.findall(ss_nodes.page_part)):
            part.replace_self(PagePart(self, part).build())
        for header in list(self.document.findall(ss_nodes.summary_header)):
            header.replace_self(self.summary_header(header))
        for group in list(self.document.findall(ss_nodes.cite_group)):
            group.replace_self(self.citation(group))
        for xref in self.document.findall(addnodes.pending_xref):
            if xref.get("refdomain") == "shortscience" and xref.get("reftype") == "paper":
                self.paper_link(xref)
        if not self.builder_shows_remote_images():
            for image in list(self.document.findall(nodes.image)):
                if image.get("shortscience_remote"):
                    image.replace_self(self.image_link(image))

    # -- helpers shared by the parts --------------------------------------------------------

    def view(self, key: str) -> PaperView | None:
        return paper_view(self.bib, key)

    def builder_shows_remote_images(self) -> bool:
        builder = builder_of(self.env)
        return builder.format == "html" and bool(
            getattr(builder, "supported_remote_images", False)
        )

    def image_link(self, image: nodes.image) -> nodes.Element:
        uri = image["uri"]
        reference = nodes.reference(uri, uri, refuri=uri)
        paragraph = nodes.paragraph("", "", nodes.Text("Image: "), reference,
                                    classes=["shortscience-image-link"])
        paragraph.source, paragraph.line = image.source, image.line
        return paragraph

    def paper_link(self, xref: addnodes.pending_xref) -> None:
        """Give a ``:paper:`` link (not explicitly titled) the paper's title and a hover."""
        view = self.view(xref["reftarget"])
        if view is None:
            return
        if not xref.get("refexplicit") and not xref.get("shortscience_filled"):
            _set_xref_content(xref, inline_nodes(view.title), hover_text(view))
        else:
            xref["reftitle"] = hover_text(view)
        xref["shortscience_filled"] = True

    # -- summaries ---------------------------------------------------------------------------

    def summary_header(self, header: ss_nodes.summary_header) -> list[nodes.Node]:
        key = header["key"]
        view = self.view(key) if key else None
        title = nodes.paragraph(classes=["shortscience-summary-title"])
        xrefs = [c for c in header.children if isinstance(c, addnodes.pending_xref)]
        if xrefs:
            xref = xrefs[0]
            if view is not None:
                _set_xref_content(xref, inline_nodes(view.title), hover_text(view))
                xref["shortscience_filled"] = True
            title += nodes.strong("", "", xref)
        else:
            title += nodes.strong("", "(no key given)")
        meta = nodes.paragraph(classes=["shortscience-summary-meta"])
        if view is not None:
            meta += paper_details(view)
        byline = summary_byline(header["writer"], header["date"])
        if byline:
            if len(meta):
                meta += nodes.Text(" — ")
            meta += byline
        result: list[nodes.Node] = [title]
        if len(meta):
            result.append(meta)
        for node in result:
            node.source, node.line = header.source, header.line
        return result

    # -- citations ---------------------------------------------------------------------------

    def citation(self, group: ss_nodes.cite_group) -> list[nodes.Node]:
        style = self.config.shortscience_cite_style
        command = group["command"]
        numbers = site_of(self.env).citation_numbers
        items: list[nodes.Node] = []
        for xref in [c for c in group.children if isinstance(c, addnodes.pending_xref)]:
            view = self.view(xref["reftarget"])
            if view is not None:
                number = numbers.get(view.key)
                label = citation_text(view, command, style, number)
                _set_xref_content(xref, [nodes.Text(label)], hover_text(view))
            items.append(xref)
        numeric = style == "numeric" and command not in ("citeauthor", "citeyear", "citeyearpar")
        separator = ", " if numeric else "; "
        content: list[nodes.Node] = []
        prenote = latex_plain(group.get("prenote", ""))
        postnote = latex_plain(group.get("postnote", ""))
        if prenote:
            content.append(nodes.Text(prenote + " "))
        for index, item in enumerate(items):
            if index:
                content.append(nodes.Text(separator))
            content.append(item)
        if postnote:
            content.append(nodes.Text(", " + postnote))
        if numeric and command in ("cite", "citep", "citealp", "citenum"):
            content = [nodes.Text("["), *content, nodes.Text("]")]
        elif command in PARENTHESISED:
            content = [nodes.Text("("), *content, nodes.Text(")")]
        wrapper = nodes.inline("", "", *content, classes=["shortscience-citation"])
        wrapper.source, wrapper.line = group.source, group.line
        return [wrapper]


def citation_text(view: PaperView, command: str, style: str, number: int | None) -> str:
    """The text of one key in a citation command, natbib-style."""
    if command == "citeauthor":
        return family_names(view.people) or view.title_text
    if command in ("citeyear", "citeyearpar"):
        return view.year or "n.d."
    if style == "numeric":
        label = cite_label(view, style, number)
        if command in ("citet", "citealt"):
            return f"{family_names(view.people) or view.title_text} [{label}]"
        return label
    if style == "author-year" and command in ("citet", "citealt"):
        names = family_names(view.people) or view.title_text
        return f"{names} ({view.year})" if view.year else names
    return cite_label(view, style, number)


def paper_details(view: PaperView) -> list[nodes.Node]:
    """ "Authors. *Venue*, Year." """
    result: list[nodes.Node] = []
    if view.authors:
        result.append(nodes.inline(view.authors, view.authors, classes=["shortscience-authors"]))
    where: list[nodes.Node] = []
    if view.venue:
        where.append(nodes.emphasis(view.venue, view.venue))
    if view.year:
        if where:
            where.append(nodes.Text(", "))
        where.append(nodes.Text(view.year))
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


class PagePart:
    """Builds the nodes of one ``shortscience-part`` placeholder of a generated page."""

    def __init__(self, transform: FillPlaceholders, part: ss_nodes.page_part):
        self.transform = transform
        self.part = part
        self.env: BuildEnvironment = transform.env
        self.kind: str = part["kind"]
        self.key: str = part["key"]
        self.docname: str = part["docname"]

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

    def doc_link(self, docname: str, targetid: str, content: list[nodes.Node]) -> nodes.Node:
        return make_refnode(builder_of(self.env), self.docname, docname, targetid,
                            content)

    def paper_xref(self, key: str, content: list[nodes.Node] | None = None) -> nodes.Node:
        view = self.transform.view(key)
        xref = addnodes.pending_xref("", refdomain="shortscience", reftype="paper",
                                     reftarget=key, refdoc=self.docname, refexplicit=True,
                                     refwarn=True, shortscience_filled=True)
        _set_xref_content(xref, content or (inline_nodes(view.title) if view else
                                            [nodes.Text(key)]),
                          hover_text(view) if view else None)
        return xref

    # -- index -----------------------------------------------------------------------------

    def part_index(self) -> list[nodes.Node]:
        site = site_of(self.env)
        counts = (f"{len(site.papers)} papers, {len(site.summaries)} summaries by "
                  f"{len(site.writers())} writers.")
        all_papers = addnodes.pending_xref(
            "", nodes.inline("", "All papers"), refdomain="std", reftype="doc",
            reftarget="/" + papers_docname(self.env.config), refdoc=self.docname,
            refexplicit=True, refwarn=True,
        )
        result: list[nodes.Node] = [
            nodes.paragraph("", counts, classes=["shortscience-counts"]),
            nodes.paragraph("", "", all_papers),
        ]
        newest = site.newest(self.env.config.shortscience_recent)
        if newest:
            result.append(nodes.rubric("", "Newest summaries"))
            items = nodes.bullet_list(classes=["shortscience-newest"])
            for record in newest:
                items += nodes.list_item("", self.summary_line(record))
            result.append(items)
        return result

    def summary_line(self, record: SummaryRecord) -> nodes.paragraph:
        paragraph = nodes.paragraph()
        paragraph += self.paper_xref(record.key)
        byline = summary_byline(record.writer, record.date)
        if byline:
            paragraph += nodes.Text(" — ")
            paragraph += self.doc_link(record.docname, record.node_id, byline)
        return paragraph

    # -- papers index ----------------------------------------------------------------------

    def part_papers(self) -> list[nodes.Node]:
        site = site_of(self.env)
        views = [(key, self.transform.view(key)) for key in site.papers]
        views.sort(key=lambda item: (item[1].title_text.casefold() if item[1] else item[0]))
        items = nodes.bullet_list(classes=["shortscience-papers"])
        for key, view in views:
            paragraph = nodes.paragraph()
            paragraph += self.paper_xref(key)
            if view is not None:
                details = paper_details(view)
                if details:
                    paragraph += nodes.Text(" — ")
                    paragraph += details
            count = len(site.papers[key].summaries)
            if count:
                label = f" ({count} summar{'y' if count == 1 else 'ies'})"
                paragraph += nodes.inline(label, label, classes=["shortscience-count"])
            items += nodes.list_item("", paragraph)
        if not len(items):
            return [nodes.paragraph("", "No papers are summarized or cited yet.")]
        return [items]

    # -- a paper page ------------------------------------------------------------------------

    def part_paper_meta(self) -> list[nodes.Node]:
        view = self.transform.view(self.key)
        if view is None:
            return [nodes.paragraph("", f"{self.key} is not in the bib files.")]
        result: list[nodes.Node] = []
        details = paper_details(view)
        if details:
            result.append(nodes.paragraph("", "", *details, classes=["shortscience-details"]))
        links = nodes.paragraph(classes=["shortscience-links"])
        for index, (label, url) in enumerate(view.links):
            if index:
                links += nodes.Text(" · ")
            links += nodes.reference(label, label, refuri=url)
        if len(links):
            result.append(links)
        if view.abstract:
            result.append(nodes.rubric("", "Abstract"))
            result.append(nodes.paragraph(view.abstract, view.abstract,
                                          classes=["shortscience-abstract"]))
        return result

    def part_paper_summaries(self) -> list[nodes.Node]:
        site = site_of(self.env)
        paper = site.papers.get(self.key)
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
            where += self.doc_link(record.docname, record.node_id, [nodes.Text(label)])
            box += where
            body = bodies.copy(record, self.docname, builder_of(self.env))
            if body is not None:
                box += body
            result.append(box)
        return result

    def part_paper_bibtex(self) -> list[nodes.Node]:
        entry = self.transform.bib.get(self.key)
        if entry is None:
            return []
        block = nodes.literal_block(entry.raw, entry.raw, language="bibtex",
                                    classes=["shortscience-bibtex"])
        return [block]


class SummaryBodies:
    """Summary bodies taken from the doctrees of the documents they were written in."""

    def __init__(self, env: BuildEnvironment):
        self.env = env
        self.bodies: dict[str, dict[str, nodes.Element]] = {}

    @classmethod
    def of(cls, env: BuildEnvironment) -> SummaryBodies:
        domain = domain_of(env)
        cache: SummaryBodies | None = getattr(domain, "_bodies", None)
        if cache is None:
            cache = cls(env)
            domain._bodies = cache  # type: ignore[attr-defined]
        return cache

    @staticmethod
    def forget(env: BuildEnvironment) -> None:
        domain_of(env)._bodies = None  # type: ignore[attr-defined]

    def _load(self, docname: str) -> dict[str, nodes.Element]:
        if docname not in self.bodies:
            found: dict[str, nodes.Element] = {}
            try:
                doctree = self.env.get_doctree(docname)
            except (OSError, EOFError):
                doctree = None
            if doctree is not None:
                for container in doctree.findall(nodes.container):
                    if container.get("shortscience_summary"):
                        body = next((c for c in container.children
                                     if isinstance(c, nodes.container)), None)
                        if body is not None and container["ids"]:
                            found[container["ids"][0]] = body
            self.bodies[docname] = found
        return self.bodies[docname]

    def copy(self, record: SummaryRecord, into_docname: str,
             builder: Builder) -> nodes.Element | None:
        body = self._load(record.docname).get(record.node_id)
        if body is None:
            return None
        duplicate = body.deepcopy()
        for node in duplicate.findall(nodes.Element):
            # ids and names belong to the original; the copy must not clash with it in
            # single-page and LaTeX output, where all pages share one id space
            node["ids"] = []
            node["names"] = []
            if isinstance(node, addnodes.pending_xref):
                node["refdoc"] = into_docname
                node["shortscience_copy"] = True
            if isinstance(node, nodes.reference) and node.get("refid"):
                # an anchor of the original page (a footnote, a label): link there
                anchor = node.attributes.pop("refid")
                node["refuri"] = (
                    builder.get_relative_uri(into_docname, record.docname) + "#" + anchor
                )
        return duplicate


def on_warn_missing_reference(app: Sphinx, domain: Any, node: addnodes.pending_xref) -> bool | None:
    if node.get("refdomain") != "shortscience":
        return None
    if node.get("shortscience_copy"):
        return True  # reported where the summary was written
    key = node["reftarget"]
    warn(ShortScienceWarning.missing_key,
         f"unknown BibTeX key {key!r}: no bib file defines it", node)
    return True
