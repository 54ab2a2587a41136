"""What each generated page shows, as a model digested to decide whether to rewrite it.

Every page's model is built from the site model; a page whose digest changed is written
again at ``env-get-updated`` even though its stub did not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..util.digest import short_digest
from .families import FAMILIES
from .model import site_of
from .names import family_docname, index_docname, member_docname, paper_docname, papers_docname

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..domain import SummaryRecord
    from .model import Site


def summary_ref(record: SummaryRecord) -> list[Any]:
    """What a link to a summary shows: where it is, who wrote it, when."""
    return [record.docname, record.node_id, record.key, record.writer, record.date]


def _cited(record: SummaryRecord, site: Site) -> list[Any]:
    """The papers the summary's body shows (their fields, number, and whether they have a
    page to link to)."""
    return [[site.key_digests.get(canonical, "") or site.key_digests.get(k, ""),
             site.citation_numbers.get(canonical, 0), canonical in site.papers]
            for k in record.shown_keys for canonical in [site.canonical.get(k, k)]]


def summary_model(record: SummaryRecord, site: Site, titles: dict[str, Any]) -> list[Any]:
    """What a page showing the whole summary shows (with the title of the document it is
    written in)."""
    title = titles.get(record.docname)
    return [*summary_ref(record), title.astext() if title is not None else "",
            list(record.keywords), record.body_digest, _cited(record, site)]


def excerpt_model(record: SummaryRecord, site: Site) -> list[Any]:
    """What a listing showing the summary's first words shows."""
    return [*summary_ref(record), record.excerpt, _cited(record, site)]


def _listing_model(site: Site, keys: list[str]) -> list[Any]:
    return [[key, site.key_digests[key], excerpt_model(site.papers[key].summaries[0], site)]
            for key in keys]


def what_pages_show(env: BuildEnvironment) -> dict[str, Any]:
    """docname -> a JSON-able model of everything that generated page shows."""
    config = env.config
    site = site_of(env)
    common = {"style": config.shortscience_cite_style,
              "words": config.shortscience_excerpt_words}
    models: dict[str, Any] = {}
    models[index_docname(config)] = {
        "counts": [len(site.papers), len(site.summaries), len(site.groups["writer"]),
                   len(site.groups["keyword"])],
        "newest": [[*summary_ref(r), site.key_digests.get(site.canonical.get(r.key, r.key))]
                   for r in site.newest(config.shortscience_recent)],
        "title": config.shortscience_index_title,
    }
    models[papers_docname(config)] = {
        "papers": [[key, site.key_digests[key], len(p.summaries)]
                   for key, p in site.papers.items()],
    }
    for family in FAMILIES:
        groups = site.groups[family.name]
        models[family_docname(config, family)] = {
            # what the listing shows of each: its name and how many papers (summaries,
            # for writers) it has
            "members": [[g.identity, g.display, len(g.papers), len(g.summaries)]
                        for g in groups.values()],
        }
        for group in groups.values():
            if family.name == "writer":
                listed: list[Any] = [[site.key_digests[site.canonical[r.key]],
                                      excerpt_model(r, site)] for r in group.summaries]
            else:
                listed = _listing_model(site, group.papers)
            models[member_docname(config, family, group.identity)] = {
                **common, "display": group.display, "listed": listed}
    for key, paper in site.papers.items():
        models[paper_docname(config, key)] = {
            **common, "key": key, "fields": site.key_digests[key],
            "summaries": [summary_model(r, site, env.titles) for r in paper.summaries],
            "keywords": [[k, group.display if group is not None else None]
                         for k in paper.keywords
                         for group in [site.groups["keyword"].get(k)]],
            "venue": [paper.venue, paper.venue in site.groups["venue"]],
            "year": [paper.year, paper.year in site.groups["year"]],
            "cited_by": [[*summary_ref(r), site.key_digests.get(site.canonical[r.key])]
                         for r in site.citing_summaries(key)],
            "cites": [[k, site.key_digests[k]] for k in site.cited_papers(key)],
        }
    return models


def digest(model: Any) -> str:
    """A digest of a model made of str, int, bool, list, tuple and dicts built in a fixed
    order (``repr`` of those is deterministic, and much faster than JSON)."""
    return short_digest(model if isinstance(model, str) else repr(model), 20)
