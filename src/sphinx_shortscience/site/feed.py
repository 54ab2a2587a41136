"""An Atom feed of the newest summaries, for HTML builders, when ``html_baseurl`` is set."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .. import nodes as ss_nodes
from ..bib.view import paper_view
from ..domain import domain_of
from ..summaries.citations import citation_text
from ..util.files import write_if_changed
from ..util.text import visible_controls
from ..version import __version__
from .bodies import SummaryBodies
from .model import site_of, valid_date
from .names import folder, index_docname

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ATOM = "http://www.w3.org/2005/Atom"
FEED_BUILDERS = ("html", "dirhtml")


def feed_url(app: Sphinx) -> str | None:
    base = str(app.config.html_baseurl or "")
    if not base or app.builder.name not in FEED_BUILDERS:
        return None
    return base.rstrip("/") + f"/{folder(app.config)}/atom.xml"


def page_url(app: Sphinx, docname: str, anchor: str = "") -> str:
    base = str(app.config.html_baseurl).rstrip("/") + "/"
    uri = app.builder.get_target_uri(docname)
    return base + uri + (f"#{anchor}" if anchor else "")


def _plain(node: nodes.Node, app: Sphinx) -> str:
    """Text of an excerpt, citations shown as the reader sees them on the pages."""
    bib = domain_of(app.env).bibliography
    parts: list[str] = []
    for child in node.children if isinstance(node, nodes.Element) else []:
        if isinstance(child, ss_nodes.cite_group):
            parts.append(citation_text(child, bib, app.config.shortscience_cite_style,
                                       site_of(app.env).citation_numbers))
        elif isinstance(child, nodes.Text):
            parts.append(str(child))
        elif isinstance(child, nodes.math):
            parts.append(f"${child.astext()}$")
        else:
            parts.append(_plain(child, app))
    return "".join(parts)


def feed_xml(app: Sphinx, url: str) -> str:
    env = app.env
    config = app.config
    site = site_of(env)
    bib = domain_of(env).bibliography
    # a summary whose date is not a date (warned about where it is written) is left out
    dated = [r for r in site.newest(len(site.summaries)) if valid_date(r.date)]
    newest = dated[: config.shortscience_feed_size]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> None:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            # what reaches the feed was shown visibly and reported where it was read; this
            # also keeps the project's own title (conf.py) from making the XML ill-formed
            element.text = visible_controls(text)[0]

    add(feed, "title", f"{config.project}: newest paper summaries")
    add(feed, "id", url)
    add(feed, "link", rel="self", href=url, type="application/atom+xml")
    add(feed, "link", rel="alternate", href=page_url(app, index_docname(config)),
        type="text/html")
    add(feed, "updated", f"{newest[0].date}T00:00:00Z" if newest else "1970-01-01T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    add(author, "name", str(config.author or config.project))
    add(feed, "generator", "sphinx-shortscience", version=__version__)
    bodies = SummaryBodies.of(env)
    for record in newest:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        view = paper_view(bib, record.key)
        title = view.title_text if view else record.key
        link = page_url(app, record.docname, record.node_id)
        add(entry, "title", f"{title} (summary by {record.writer})" if record.writer else title)
        add(entry, "id", link)
        add(entry, "link", rel="alternate", href=link, type="text/html")
        add(entry, "updated", f"{record.date}T00:00:00Z")
        if record.writer:
            writer = ET.SubElement(entry, f"{{{ATOM}}}author")
            add(writer, "name", record.writer)
        excerpt = bodies.excerpt(record.excerpt, record.docname, record.node_id,
                                  record.docname)
        if excerpt is not None:
            text, truncated = excerpt
            add(entry, "summary", " ".join(_plain(text, app).split()) + (" …" if truncated else ""))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    url = feed_url(app) if exception is None else None
    if url is None or domain_of(app.env).bib_state is None:
        return
    target = Path(app.outdir) / folder(app.config) / "atom.xml"
    write_if_changed(target, feed_xml(app, url))


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: nodes.document | None) -> None:
    url = feed_url(app)
    if url is None:
        return
    title = html.escape(f"{app.config.project}: newest paper summaries")
    tag = (f'<link rel="alternate" type="application/atom+xml" title="{title}" '
           f'href="{html.escape(url)}" />')
    context["metatags"] = context.get("metatags", "") + tag + "\n"
