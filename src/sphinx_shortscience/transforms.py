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

from . import nodes as ss_nodes
from .compat import builder_of
from .fields import PaperView, cite_label, family_names, hover_text, latex_plain, paper_view
from .pages import domain_of
from .parts import PagePart, inline_nodes, paper_details, set_xref_content, summary_byline
from .rules import missing_key_message
from .site import site_of
from .warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .bib import Bibliography

PARENTHESISED = frozenset({"citep", "citeyearpar"})


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
            part.replace_self(PagePart(self.env, part, self.bib).build())
        for header in list(self.document.findall(ss_nodes.summary_header)):
            header.replace_self(self.summary_header(header))
        for group in list(self.document.findall(ss_nodes.cite_group)):
            group.replace_self(self.citation(group))
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") == "shortscience" and xref.get("reftype") == "paper":
                self.paper_link(xref)
        if not self.builder_shows_remote_images():
            for image in list(self.document.findall(nodes.image)):
                if image.get("shortscience_remote"):
                    image.replace_self(self.image_link(image))

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
            url = xref.get("shortscience_url")
            if url:  # a ShortScience link to a paper we do not have stays a plain link
                text = xref.astext() or url
                xref.replace_self(nodes.reference(text, "", *xref.children, refuri=url))
            return
        if not xref.get("refexplicit") and not xref.get("shortscience_filled"):
            set_xref_content(xref, inline_nodes(view.title), hover_text(view))
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
                set_xref_content(xref, inline_nodes(view.title), hover_text(view))
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
                set_xref_content(xref, [nodes.Text(label)], hover_text(view))
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


def on_warn_missing_reference(app: Sphinx, domain: Any, node: addnodes.pending_xref) -> bool | None:
    if node.get("refdomain") != "shortscience":
        return None
    if node.get("shortscience_copy"):
        return True  # reported where the summary was written
    key = node["reftarget"]
    if node.get("reftype") == "keyword":
        warn(ShortScienceWarning.missing_key,
             f"no summarized paper has the keyword {key!r}, so it has no page", node)
        return True
    domain_state = domain_of(app.env)
    bibliography = domain_state.bibliography if domain_state.bib_state else None
    warn(ShortScienceWarning.missing_key, missing_key_message(key, bibliography), node)
    return True
