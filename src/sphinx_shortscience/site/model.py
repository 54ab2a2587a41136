"""The site model: every paper, keyword, venue, year and writer the generated pages show.

Derived after all documents were read (and merged under ``-j``) from the domain's records
and the bib, once per build; the page stubs, their digests and the post-transform that
fills them all read this one model, so what a page shows and what decides whether it is
rewritten cannot drift apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..bib.render import rst_inline, rst_text
from ..bib.view import entry_keywords, field_problems, normalized_venue, paper_view
from ..domain import domain_of
from ..summaries.rules import summary_date
from ..util.text import identity
from ..warnings_ import ShortScienceWarning, warn
from .families import FAMILIES
from .names import paper_docname

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..domain import CitationRecord, ShortScienceDomain, SummaryRecord


def valid_date(text: str) -> str:
    """*text* if it is a date the site orders by (see :func:`.rules.summary_date`), else ""."""
    if not text:
        return ""
    date, problem = summary_date(text)
    return "" if problem else date


def summary_sort_key(record: SummaryRecord) -> tuple[str, str, int]:
    """Oldest first; a summary without a valid date counts as the oldest."""
    return (valid_date(record.date) or "0000", record.docname, -record.order)


@dataclass(frozen=True, slots=True)
class PaperFacts:
    """What the site needs of a bib entry, decoded from LaTeX once per change of the entry
    and kept in the environment: an incremental build decodes only the entries it touched."""

    digest: str
    venue: str
    year: str
    keywords: tuple[str, ...]
    title_rst: str
    title_text: str


def facts_of(domain: ShortScienceDomain, key: str, digest: str,
             venue_aliases: dict[str, str] | None) -> PaperFacts:
    store = domain.store["facts"]
    cached = store.get(key)
    if cached is not None and cached.digest == digest:
        return cached
    bib = domain.bibliography
    entry = bib.entries[key]
    view = paper_view(bib, key)
    facts = PaperFacts(
        digest=digest,
        venue=normalized_venue(bib, entry, venue_aliases),
        year=view.year if view is not None and view.year.isdigit() else "",
        keywords=tuple(entry_keywords(bib, entry)),
        title_rst=rst_inline(view.title) if view is not None else rst_text(key),
        title_text=view.title_text if view is not None else key,
    )
    store[key] = facts
    # reported once per change of the entry, as the facts are decoded once per change
    for kind, problem in field_problems(bib, entry):
        warn(ShortScienceWarning[kind], problem, f"{entry.path}:{entry.line}")
    return facts


@dataclass
class PaperModel:
    key: str
    summaries: list[SummaryRecord] = field(default_factory=list)
    cited_by: list[CitationRecord] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # identities, in display order
    venue: str = ""  # identity
    year: str = ""


@dataclass
class Group:
    """One keyword, venue, year or writer, and what is listed on its page."""

    identity: str
    display: str
    papers: list[str] = field(default_factory=list)
    summaries: list[SummaryRecord] = field(default_factory=list)  # writers list summaries


@dataclass
class Site:
    papers: dict[str, PaperModel]
    summaries: list[SummaryRecord]
    groups: dict[str, dict[str, Group]]
    key_digests: dict[str, str]
    citation_numbers: dict[str, int]
    facts: dict[str, PaperFacts] = field(default_factory=dict)
    #: cited key as written -> bib key, for every key the records use that the bib has
    canonical: dict[str, str] = field(default_factory=dict)
    # asked for each paper by its stub, its model and its page: an index, not a scan of
    # every summary per paper (which grew as papers x summaries)
    _by_place: dict[tuple[str, str], list[SummaryRecord]] = field(
        default_factory=dict, init=False, repr=False)
    _citing: dict[str, list[SummaryRecord]] = field(default_factory=dict, init=False, repr=False)
    _cites: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def newest(self, count: int) -> list[SummaryRecord]:
        return sorted(self.summaries, key=summary_sort_key, reverse=True)[:count]

    def group(self, family: str, name: str) -> Group | None:
        return self.groups[family].get(identity(name))

    def citing_summaries(self, key: str) -> list[SummaryRecord]:
        """Summaries whose body cites *key* (each once), newest first."""
        paper = self.papers.get(key)
        if paper is None:
            return []
        found = self._citing.get(key)
        if found is None:
            if not self._by_place:
                for record in self.summaries:
                    self._by_place.setdefault((record.docname, record.node_id), []).append(record)
            wanted = dict.fromkeys((c.docname, c.summary_id) for c in paper.cited_by
                                   if c.summary_id)
            found = sorted((r for place in wanted for r in self._by_place.get(place, ())),
                           key=summary_sort_key, reverse=True)
            self._citing[key] = found
        return list(found)

    def cited_papers(self, key: str) -> list[str]:
        """Papers (with pages) cited by the summaries of *key*, in order of first citation."""
        paper = self.papers.get(key)
        if paper is None:
            return []
        found = self._cites.get(key)
        if found is None:
            cited: dict[str, None] = {}
            for record in sorted(paper.summaries, key=summary_sort_key):
                for cited_key in record.cited_keys:
                    canonical = self.canonical.get(cited_key)
                    if canonical and canonical != key:
                        cited.setdefault(canonical, None)
            found = self._cites[key] = list(cited)
        return list(found)


class _Names:
    """Collects the spellings of each identity and picks one stable display form."""

    def __init__(self) -> None:
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, name: str) -> str:
        clean = " ".join(name.split())
        key = identity(clean)
        if key:
            self.spellings[key][clean] += 1
        return key

    def display(self, key: str) -> str:
        counts = self.spellings[key]
        return min(counts, key=lambda spelling: (-counts[spelling], spelling))


def build_site(domain: ShortScienceDomain, venue_aliases: dict[str, str] | None = None) -> Site:
    bib = domain.bibliography
    papers: dict[str, PaperModel] = {}
    summaries: list[SummaryRecord] = []
    canonical: dict[str, str] = {}

    def canonical_of(key: str) -> str | None:
        if key not in canonical:
            found = bib.canonical_key(key)
            if found is None:
                return None
            canonical[key] = found
        return canonical[key]

    for record in domain.all_summaries():
        key = canonical_of(record.key)
        if key is not None:
            papers.setdefault(key, PaperModel(key)).summaries.append(record)
            summaries.append(record)
    numbers: dict[str, int] = {}
    for citation in domain.all_citations():
        key = canonical_of(citation.key)
        if key is not None:
            papers.setdefault(key, PaperModel(key)).cited_by.append(citation)
            if citation.kind == "cite":
                numbers.setdefault(key, len(numbers) + 1)
    for summary in summaries:
        for cited_key in summary.cited_keys:
            canonical_of(cited_key)
    domain.store["collided"] = _without_collisions(domain, papers)
    summaries = [r for r in summaries if canonical_of(r.key) in papers]

    # the digests of the last build hold while the bib files are the same
    stored: dict[str, str] = {} if domain.bib_changed_in_build else domain.store["key_digests"]

    def digest_of(key: str) -> str:
        found = stored.get(key)
        return found if found else bib.field_digest(key)

    key_digests = {key: digest_of(key) for key in sorted(domain.used_keys())}
    for key in papers:
        if key not in key_digests:
            key_digests[key] = digest_of(key)
    facts = {key: facts_of(domain, key, key_digests[key], venue_aliases)
             for key in sorted(papers)}
    domain.store["facts"] = dict(facts)  # forget entries no page shows any more

    names = {family.name: _Names() for family in FAMILIES}
    members: dict[str, dict[str, list[str]]] = {f.name: defaultdict(list) for f in FAMILIES}
    writer_summaries: dict[str, list[SummaryRecord]] = defaultdict(list)
    for key, paper in sorted(papers.items()):
        paper.summaries.sort(key=summary_sort_key, reverse=True)
        known = facts[key]
        words = list(known.keywords)
        for record in reversed(paper.summaries):
            words.extend(record.keywords)
        paper.keywords = list(dict.fromkeys(
            k for k in (names["keyword"].add(word) for word in words) if k))
        paper.venue = names["venue"].add(known.venue)
        paper.year = names["year"].add(known.year)
        if not paper.summaries:
            continue  # listing pages are about summarized papers
        for word in paper.keywords:
            members["keyword"][word].append(key)
        if paper.venue:
            members["venue"][paper.venue].append(key)
        if paper.year:
            members["year"][paper.year].append(key)
        for record in paper.summaries:
            writer = names["writer"].add(record.writer)
            if writer:
                writer_summaries[writer].append(record)
                if key not in members["writer"][writer]:
                    members["writer"][writer].append(key)

    newest = {key: max(summary_sort_key(r) for r in paper.summaries)
              for key, paper in papers.items() if paper.summaries}
    groups: dict[str, dict[str, Group]] = {}
    for family in FAMILIES:
        family_groups: dict[str, Group] = {}
        for ident, keys in sorted(members[family.name].items()):
            ordered = sorted(keys, key=lambda k: (newest[k], k), reverse=True)
            group = Group(ident, names[family.name].display(ident), ordered)
            if family.name == "writer":
                group.summaries = sorted(writer_summaries[ident], key=summary_sort_key,
                                         reverse=True)
            family_groups[ident] = group
        groups[family.name] = family_groups

    return Site(dict(sorted(papers.items())), summaries, groups, key_digests, numbers,
                canonical=canonical, facts=facts)


def _without_collisions(domain: ShortScienceDomain, papers: dict[str, PaperModel]) -> list[str]:
    """Take out of *papers* each key whose page name another key's page has (their
    eight-character digests agree), said at its bib entry; the keys taken out."""
    owners: dict[str, str] = {}
    collided = []
    for key in sorted(papers):
        docname = paper_docname(domain.env.config, key)
        owner = owners.setdefault(docname, key)
        if owner != key:
            del papers[key]
            collided.append(key)
            entry = domain.bibliography.get(key)
            warn(ShortScienceWarning.page_collision,
                 f"the page of {key!r} would have the name of the page of {owner!r} "
                 f"({docname}); only {owner!r} gets a page (change one of the keys)",
                 f"{entry.path}:{entry.line}" if entry is not None else None)
    return collided


def site_of(env: BuildEnvironment) -> Site:
    """The site model for this build, built once after reading (kept on the domain)."""
    domain = domain_of(env)
    if domain.site is None:
        domain.site = build_site(domain, env.config.shortscience_venue_aliases)
    return domain.site


def forget_site(env: BuildEnvironment) -> None:
    domain = domain_of(env)
    domain.site = None
    domain.descriptions = None  # made from the site
