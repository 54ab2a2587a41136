"""The ``shortscience`` domain: what each document says about papers, and link resolution.

Per-document records (summaries and citations) carry their docname; ``clear_doc`` drops
them and ``merge_domaindata`` copies those of the given documents, so ``-j`` needs no
further wiring.  Everything that spans documents (which pages exist, what they list) is
derived from these records after the merge, in :mod:`sphinx_shortscience.site`.

All state is here.  What must survive between builds is in ``data`` (pickled with the
environment), each key declared in :class:`DomainData`.  What lives for one build only is
on the domain *instance* (declared below): the loaded bibliography (it can be 20,000
entries, it has its own cache keyed on the files' content, and ``data`` is sent back from
every parallel reader), the builder, the site model and the parser of summary bodies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode, split_explicit_title

from .grammar.parse_body import SummaryParsers
from .grammar.to_nodes import paper_xref
from .site.families import FAMILY
from .site.names import member_docname, paper_docname
from .util.text import identity

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .bib.bibliography import Bibliography
    from .bib.state import BibState
    from .site.bodies import SummaryBodies
    from .site.model import PaperFacts, Site
    from .summaries.excerpt import Pieces


@dataclass(frozen=True, slots=True)
class SummaryRecord:
    """One ``summary`` directive as read."""

    docname: str
    node_id: str
    key: str
    writer: str
    date: str
    keywords: tuple[str, ...]
    line: int
    order: int
    body_digest: str
    cited_keys: tuple[str, ...]
    #: what listings and the feed show: the first words as pieces, and whether cut
    #: (:mod:`.summaries.excerpt`; made at ``doctree-read``)
    excerpt: tuple[Pieces, bool] | None = field(default=None, hash=False)
    #: every key whose paper the body shows (citations, paper links), from its nodes
    shown_keys: tuple[str, ...] = ()
    only: str = ""  # the conditions of the ``only`` directives around it, "" if none


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """One key cited by ``\\cite`` (in a summary or not) or linked with ``:paper:``."""

    docname: str
    key: str
    line: int
    summary_id: str  # the node id of the citing summary, "" outside summaries
    kind: str = "cite"  # "cite" (numbered in the numeric style), "paper" or "link"
    only: str = ""  # the conditions of the ``only`` directives around it, "" if none


#: An object of objects.inv: (name, dispname, type, docname, anchor, priority).
InventoryObject = tuple[str, str, str, str, str, int]


class DomainData(TypedDict):
    """What the environment keeps between builds (``domain.data``)."""

    summaries: dict[str, list[SummaryRecord]]  # docname -> its summaries, in order
    citations: dict[str, list[CitationRecord]]  # docname -> its citations, in order
    page_digests: dict[str, str]  # generated docname -> digest of what it shows
    key_digests: dict[str, str]  # used key -> digest of its bib fields
    bib_fingerprint: str  # of the bib files whose problems were last reported
    navigation: dict[str, str]  # docname -> digest of its parent/previous/next and titles
    citation_numbers: dict[str, int]  # key -> its number in the numeric style
    objects: list[InventoryObject]  # paper and keyword pages, for objects.inv
    stubs: dict[str, str]  # generated docname -> digest of the stub text last written
    collided: list[str]  # keys whose page name another key's page has (page_collision)
    facts: dict[str, PaperFacts]  # key -> what the site needs of its entry, decoded
    only_results: dict[str, bool]  # ``only`` condition -> its value for the last builder


class PaperRole(SphinxRole):
    """``:paper:`key``` or ``:paper:`shown text <key>```: a link to a paper's page, and
    a citation of the paper (which makes the page)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, key = split_explicit_title(self.text)
        key = key.strip()
        source, line = self.get_source_info()
        xref = paper_xref(key, "paper", self.env.docname, source or "", line or 0,
                          text=title if has_title else None)
        record = CitationRecord(self.env.docname, key, line or 0, "", "paper")
        domain_of(self.env).note_citation(record)
        return [xref], []


class ShortScienceDomain(Domain):
    name = "shortscience"
    label = "ShortScience"
    # Sphinx 7.4 declares these as instance variables, 8 and 9 as class variables
    object_types: ClassVar[dict[str, ObjType]] = {  # type: ignore[misc, unused-ignore]
        "paper": ObjType("paper", "paper", "cite"),
        "keyword": ObjType("keyword", "keyword"),
    }
    roles: ClassVar[dict[str, Any]] = {  # type: ignore[misc, unused-ignore]
        # ``{paper}`` is this role too (registered under both names): one role records
        # the citation, makes the link and warns about an unknown key
        "paper": PaperRole(),
        "keyword": XRefRole(warn_dangling=True),
    }
    initial_data: ClassVar[dict[str, Any]] = dict(DomainData(  # type: ignore[misc, unused-ignore]
        summaries={}, citations={}, page_digests={}, key_digests={}, bib_fingerprint="",
        navigation={}, citation_numbers={}, objects=[], stubs={}, collided=[], facts={},
        only_results={},
    ))
    data_version = 4

    #: Set at builder-inited; the bibliography is read from it on first use.
    bib_state: BibState | None
    #: The builder of this build, set at builder-inited (for links made while filling).
    builder: Builder | None
    #: The site model of this build, derived once after reading (``site.model.site_of``).
    site: Site | None
    #: What each generated page shows, for this build (``site.page_descriptions``).
    descriptions: dict[str, Any] | None
    #: Summary bodies taken from doctrees while pages are filled (``site.bodies``).
    bodies: SummaryBodies | None
    #: The Markdown parser of summary bodies, for this build's MyST settings.
    summary_parsers: SummaryParsers
    #: Whether something this domain depends on changed in this build.
    changed_in_build: bool
    #: Whether the bib files changed in this build (else the stored key digests hold).
    bib_changed_in_build: bool
    #: The documents read in this build (so written in it too).
    read_in_build: set[str]
    #: The documents Sphinx found added or changed on disk in this build.
    changed_sources: set[str]
    #: Whether sphinx-external-toc (Jupyter Book) owns the table of contents.
    external_toc: bool

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.bib_state = None
        self.builder = None
        self.site = None
        self.descriptions = None
        self.bodies = None
        self.summary_parsers = SummaryParsers()
        self.changed_in_build = False
        self.bib_changed_in_build = False
        self.read_in_build = set()
        self.changed_sources = set()
        self.external_toc = False

    @property
    def store(self) -> DomainData:
        """``data`` with its declared types."""
        return self.data  # type: ignore[return-value]

    @property
    def bibliography(self) -> Bibliography:
        assert self.bib_state is not None, "bib_state is set at builder-inited"
        return self.bib_state.bibliography

    @property
    def summaries(self) -> dict[str, list[SummaryRecord]]:
        return self.store["summaries"]

    @property
    def citations(self) -> dict[str, list[CitationRecord]]:
        return self.store["citations"]

    def note_summary(self, record: SummaryRecord) -> None:
        self.summaries.setdefault(record.docname, []).append(record)

    def note_citation(self, record: CitationRecord) -> None:
        self.citations.setdefault(record.docname, []).append(record)

    def clear_doc(self, docname: str) -> None:
        self.summaries.pop(docname, None)
        self.citations.pop(docname, None)

    # a list in Sphinx 7.4's signature, a set from Sphinx 8
    def merge_domaindata(  # type: ignore[override, unused-ignore]
            self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["summaries"]:
                self.summaries[docname] = otherdata["summaries"][docname]
            if docname in otherdata["citations"]:
                self.citations[docname] = otherdata["citations"][docname]

    # -- derived views ---------------------------------------------------------------------

    def all_summaries(self) -> Iterator[SummaryRecord]:
        """Every summary this builder shows (``only`` conditions evaluated for it)."""
        for docname in sorted(self.summaries):
            yield from (r for r in self.summaries[docname] if self.shown(r.only))

    def all_citations(self) -> Iterator[CitationRecord]:
        for docname in sorted(self.citations):
            yield from (c for c in self.citations[docname] if self.shown(c.only))

    def shown(self, condition: str) -> bool:
        """Whether content inside ``only`` directives with *condition* is in this output."""
        if not condition:
            return True
        if self.builder is None:
            return True
        try:
            return bool(self.builder.tags.eval_condition(condition))
        except Exception:
            # as Sphinx does with an expression it cannot read: the content is kept (Sphinx
            # warns at the ``only`` itself when it writes that page)
            return True

    def only_conditions(self) -> dict[str, bool]:
        """Each ``only`` condition around a summary or citation, and its value now."""
        conditions = {r.only for records in self.summaries.values() for r in records}
        conditions |= {c.only for records in self.citations.values() for c in records}
        return {condition: self.shown(condition) for condition in sorted(conditions) if condition}

    def keys_used_by(self, docname: str) -> set[str]:
        keys = {record.key for record in self.summaries.get(docname, ())}
        keys.update(record.key for record in self.citations.get(docname, ()))
        return keys

    def used_keys(self) -> set[str]:
        keys: set[str] = set()
        for docname in set(self.summaries) | set(self.citations):
            keys |= self.keys_used_by(docname)
        return keys

    # -- links -----------------------------------------------------------------------------

    def page_of(self, key: str) -> str | None:
        """The docname of the generated page of *key*, if that page exists."""
        canonical = self.bibliography.canonical_key(key)
        if canonical is None:
            return None
        if canonical in self.store["collided"]:
            return None
        docname = paper_docname(self.env.config, canonical)
        return docname if docname in self.env.all_docs else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        kind = "keyword" if typ == "keyword" else "paper"
        docname = self.keyword_page(target) if kind == "keyword" else self.page_of(target)
        if docname is None:
            return None
        return page_link(builder, fromdocname, docname, contnode, node.get("reftitle") or None,
                         kind)

    def keyword_page(self, name: str) -> str | None:
        docname = member_docname(self.env.config, FAMILY["keyword"], identity(name))
        return docname if docname in self.env.all_docs else None

    def resolve_any_xref(  # type: ignore[override, unused-ignore]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Paper and keyword pages, for objects.inv: other projects link to them.

        Computed when the pages change (``env-get-updated``) and kept in ``data``, so that
        writing objects.inv in a build where nothing changed does not load the bib.
        """
        for entry in self.store["objects"]:
            if entry[3] in self.env.all_docs:
                yield entry


def page_link(builder: Builder, fromdocname: str, docname: str, content: nodes.Node,
              title: str | None, kind: str = "paper") -> nodes.reference:
    """The link to a paper's (or keyword's) page: every link to one is made here."""
    reference = make_refnode(builder, fromdocname, docname, "", content, title)
    reference["classes"].append(f"shortscience-{kind}-link")
    return reference


def domain_of(env: BuildEnvironment) -> ShortScienceDomain:
    """The ``shortscience`` domain of *env*, with its type."""
    return env.domains["shortscience"]  # type: ignore[return-value]
