"""What each generated page shows, described once: the page is drawn from its description
(:mod:`.content`), and written again when its description's digest changed.

A description is plain data (strings, numbers, lists, dicts built in a fixed order, and a
summary's excerpt as pieces): everything the page shows except what is looked up by a key
whose digest it holds: a paper's bib fields (``fields``: the digest of all of them, raw
entry included), and a summary's body (``body``: the digest of its text), which paper
pages copy from the doctree of the document it is written in. The drawing code reads the
description, the bib by key, and bodies by place, nothing else of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain import domain_of
from ..util.digest import short_digest
from .families import FAMILIES
from .model import site_of
from .names import family_docname, index_docname, member_docname, paper_docname, papers_docname

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..domain import SummaryRecord
    from ..summaries.excerpt import Pieces
    from .model import Site

#: A page's description (see the module's docstring).
Description = dict[str, Any]


def page_description(env: BuildEnvironment, docname: str) -> Description | None:
    """The description of the generated page *docname* in this build."""
    domain = domain_of(env)
    if domain.descriptions is None:
        domain.descriptions = describe_pages(env)
    return domain.descriptions.get(docname)


def describe_pages(env: BuildEnvironment) -> dict[str, Description]:
    """docname -> the description of every generated page."""
    config = env.config
    site = site_of(env)
    common = {"style": config.shortscience_cite_style}
    pages: dict[str, Description] = {}
    excerpts: dict[tuple[str, str], Excerpt] = {}
    pages[index_docname(config)] = {
        "counts": [len(site.papers), len(site.summaries), len(site.groups["writer"]),
                   len(site.groups["keyword"])],
        "newest": [{**_place(r), "fields": _fields(site, r.key)}
                   for r in site.newest(config.shortscience_recent)],
        "title": config.shortscience_index_title,
    }
    pages[papers_docname(config)] = {
        "papers": [{"key": key, "fields": site.key_digests[key], "count": len(p.summaries)}
                   for key, p in site.papers.items()],
    }
    for family in FAMILIES:
        groups = site.groups[family.name]
        pages[family_docname(config, family)] = {
            "members": [{"identity": g.identity, "display": g.display, "papers": len(g.papers),
                         "summaries": len(g.summaries)} for g in groups.values()],
        }
        for group in groups.values():
            if family.name == "writer":
                listed = [_listed(site, site.canonical[r.key], r, excerpts)
                          for r in group.summaries]
            else:
                listed = [_listed(site, key, site.papers[key].summaries[0], excerpts)
                          for key in group.papers]
            pages[member_docname(config, family, group.identity)] = {
                **common, "display": group.display, "listed": listed}
    for key, paper in site.papers.items():
        pages[paper_docname(config, key)] = {
            **common, "key": key, "fields": site.key_digests[key],
            "summaries": [_whole(r, site, env.titles) for r in paper.summaries],
            "keywords": [{"identity": k, "display": group.display if group else None}
                         for k in paper.keywords
                         for group in [site.groups["keyword"].get(k)]],
            "venue": {"identity": paper.venue, "page": paper.venue in site.groups["venue"]},
            "year": {"identity": paper.year, "page": paper.year in site.groups["year"]},
            "cited_by": [{**_place(r), "fields": _fields(site, r.key)}
                         for r in site.citing_summaries(key)],
            "cites": [{"key": k, "fields": site.key_digests[k]} for k in site.cited_papers(key)],
        }
    return pages


def _place(record: SummaryRecord) -> dict[str, Any]:
    """Where a summary is, which paper it is of, who wrote it and when."""
    return {"docname": record.docname, "node_id": record.node_id, "key": record.key,
            "writer": record.writer, "date": record.date}


def _fields(site: Site, key: str) -> str:
    return site.key_digests.get(site.canonical.get(key, key), "")


def _shows(record: SummaryRecord, site: Site) -> list[Any]:
    """The papers the summary's body shows (their fields, number, and whether they have a
    page to link to)."""
    return [[_fields(site, k), site.citation_numbers.get(canonical, 0), canonical in site.papers]
            for k in record.shown_keys for canonical in [site.canonical.get(k, k)]]


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A summary's excerpt in a description: its pieces, and (as its ``repr``, which the
    page's digest reads) their digest, made once per summary however many listings show
    it (a summary is on four or five)."""

    pieces: tuple[Pieces, bool] | None
    digest: str

    def __repr__(self) -> str:
        return f"Excerpt({self.digest})"


def _listed(site: Site, key: str, record: SummaryRecord,
            excerpts: dict[tuple[str, str], Excerpt]) -> dict[str, Any]:
    """A paper in a listing: its fields, and the first words of *record*."""
    place = (record.docname, record.node_id)
    excerpt = excerpts.get(place)
    if excerpt is None:
        excerpt = excerpts[place] = Excerpt(record.excerpt, digest(record.excerpt))
    return {"paper": key, "fields": site.key_digests[key], "summary": _place(record),
            "excerpt": excerpt, "shows": _shows(record, site)}


def _whole(record: SummaryRecord, site: Site, titles: dict[str, Any]) -> dict[str, Any]:
    """A summary shown whole, under the title of the document it is written in."""
    title = titles.get(record.docname)
    return {**_place(record), "title": title.astext() if title is not None else None,
            "keywords": list(record.keywords), "body": record.body_digest,
            "shows": _shows(record, site)}


def digest(description: Any) -> str:
    """A digest of a description (``repr`` of its plain data is deterministic, and much
    faster than JSON)."""
    return short_digest(repr(description), 20)
