"""What pages show of one bib entry: title, people, venue, year, links, keywords.

Pure functions over the bibliography; each field is decoded only when it is shown.
"""

from __future__ import annotations

import re
import urllib.parse
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..util.text import identity
from . import decode, people, render
from .decode import Inline, Text, decode_field, latex_inlines
from .people import SHORT_AUTHOR_LIST, Person, author_list, parse_people
from .render import latex_plain, plain_text

if TYPE_CHECKING:
    from .bibliography import Bibliography
    from .entries import BibEntry


_ARXIV_IN_DBLP_KEY = re.compile(r"(?:^|:)journals/corr/abs-(\d{4})-(\d{4,5})$")
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
#: What a DOI looks like once its prefix is gone (also what ``shortscience add`` accepts).
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URL = re.compile(r"^https?://[^\s<>\"{}]+$", re.I)
_URL_SEPARATORS = re.compile(r"[\s;]+")


def _unescaped(value: str) -> str:
    """A URL or DOI as BibTeX files write it: ``\\_``, ``\\%``, ``\\url{...}``, braces."""
    value = re.sub(r"\\url\s*\{([^{}]*)\}", r"\1", value)
    for escaped in ("_", "%", "&", "#", "~"):
        value = value.replace("\\" + escaped, escaped)
    return value.replace("{", "").replace("}", "").strip()


def field_urls(value: str) -> list[str]:
    """The web URLs of a ``url`` field: several may be given, separated by spaces, ``;`` or
    new lines; each is one link, and none holds white space."""
    return [part for part in _URL_SEPARATORS.split(_unescaped(value)) if _URL.match(part)]


@dataclass(frozen=True, slots=True)
class PaperView:
    """What pages show of one bib entry, decoded once."""

    key: str
    title: tuple[Inline, ...]
    title_text: str
    people: tuple[Person, ...]
    authors: str  # everyone, for the paper's own page
    short_authors: str  # at most ten names, for headers, listings and previews
    year: str
    venue: str
    links: tuple[tuple[str, str], ...]
    abstract: str
    #: volume, number, pages, publisher, edition, as the reader would cite them (the
    #: paper's own page shows it after the venue)
    reference: str = ""


_PAGE_RANGE = re.compile(r"\s*-+\s*")


def reference_details(bib: Bibliography, entry: BibEntry, venue: str) -> str:
    """"9(8):1735–1780", "pp. 1–9", "MIT Press, 2nd edition": the parts of a reference
    that sphinxcontrib-bibtex's default style shows besides authors, title, venue and year."""
    def plain(name: str) -> str:
        return " ".join(latex_plain(bib.field(entry, name)).split())

    volume, number = plain("volume"), plain("number") or plain("issue")
    pages = _PAGE_RANGE.sub("\u2013", plain("pages"))
    parts: list[str] = []
    if entry.entry_type == "article" and volume:
        numbered = f"{volume}({number})" if number else volume
        parts.append(f"{numbered}:{pages}" if pages else numbered)
    else:
        if volume:
            parts.append(f"vol. {volume}")
        if number:
            parts.append(f"no. {number}")
        if pages:
            parts.append(f"pp. {pages}" if "\u2013" in pages or "," in pages else f"p. {pages}")
    publisher = plain("publisher")
    if publisher and publisher != venue:
        parts.append(publisher)
    edition = plain("edition")
    if edition:
        parts.append(f"{edition} edition" if not edition.lower().endswith("edition")
                     else edition)
    return ", ".join(parts)


def _year_of(bib: Bibliography, entry: BibEntry) -> str:
    year = latex_plain(bib.field(entry, "year")).strip()
    if not year:
        year = latex_plain(bib.field(entry, "date")).strip()[:4]
    return year


VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle", "publisher", "school",
                "institution", "howpublished", "organization")
#: The fields pages show besides the venue, decoded when shown.
SHOWN_FIELDS = ("title", "author", "editor", "year", "date", "abstract", "keywords", "eprint")


def _venue_field(bib: Bibliography, entry: BibEntry) -> str:
    return next((name for name in VENUE_FIELDS if bib.field(entry, name).strip()), "")


def venue_of(bib: Bibliography, entry: BibEntry) -> str:
    name = _venue_field(bib, entry)
    if name:
        return latex_plain(bib.field(entry, name))
    if arxiv_id(bib, entry):
        return "arXiv"
    return ""


def arxiv_id(bib: Bibliography, entry: BibEntry) -> str:
    eprint = latex_plain(bib.field(entry, "eprint")).strip()
    # whatever archiveprefix says: an eprint that is not an arXiv identifier makes no link
    if eprint and _ARXIV_ID.match(eprint):
        return re.sub(r"^arxiv:", "", eprint, flags=re.I)
    match = _ARXIV_IN_DBLP_KEY.search(entry.key)
    return f"{match.group(1)}.{match.group(2)}" if match else ""


def bare_doi(value: str) -> str:
    """A ``doi`` field's value as the DOI itself: no doi.org prefix, no BibTeX escapes."""
    return _DOI_PREFIX.sub("", _unescaped(value))


def entry_links(bib: Bibliography, entry: BibEntry, title_text: str) -> tuple[tuple[str, str], ...]:
    """``(label, url)`` pairs: DOI, URL, arXiv and a Google Scholar search for the title."""
    links: list[tuple[str, str]] = []
    doi = bare_doi(bib.field(entry, "doi"))
    if DOI.match(doi):
        links.append(("DOI", "https://doi.org/" + urllib.parse.quote(doi, safe="/:;()._-<>")))
    links.extend(("URL", url) for url in field_urls(bib.field(entry, "url")))
    identifier = arxiv_id(bib, entry)
    if identifier:
        links.append(("arXiv", f"https://arxiv.org/abs/{identifier}"))
    if title_text:
        query = urllib.parse.urlencode({"q": title_text})
        links.append(("Google Scholar", f"https://scholar.google.com/scholar?{query}"))
    return tuple(links)


MAX_KEPT_VIEWS = 4096
#: Views already made, per bibliography (a build's, or the one a command loaded): a page
#: shows a paper many times (its header, citations, listings, previews).
_views: weakref.WeakKeyDictionary[Bibliography, dict[str, PaperView | None]] = \
    weakref.WeakKeyDictionary()


def paper_view(bib: Bibliography, key: str) -> PaperView | None:
    """What pages show of the paper *key* (None when the bib lacks it); made once per
    bibliography, as it is the same wherever it is shown."""
    made = _views.get(bib)
    if made is None:
        made = _views[bib] = {}
    if key not in made:
        if len(made) >= MAX_KEPT_VIEWS:
            made.clear()  # bounded: a large site's pages mostly show the same few thousand
        made[key] = _make_view(bib, key)
    return made[key]


def _make_view(bib: Bibliography, key: str) -> PaperView | None:
    entry = bib.get(key)
    if entry is None:
        return None
    title = latex_inlines(bib.field(entry, "title")) or (Text(entry.key),)
    title_text = plain_text(title)
    people = parse_people(bib.field(entry, "author") or bib.field(entry, "editor"))
    return PaperView(
        key=entry.key,
        title=title,
        title_text=title_text,
        people=people,
        authors=author_list(people),
        short_authors=author_list(people, SHORT_AUTHOR_LIST),
        year=_year_of(bib, entry),
        venue=venue_of(bib, entry),
        links=entry_links(bib, entry, title_text),
        abstract=latex_plain(bib.field(entry, "abstract")),
        reference=reference_details(bib, entry, venue_of(bib, entry)),
    )


_VENUE_ACRONYM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z](?:[-/][A-Z]+)?)\s*'?(?:19|20)\d{2}\b")
_VENUE_NOISE = (
    re.compile(r"^(?:in\s+)?proceedings\s+of\s+(?:the\s+)?", re.I),
    re.compile(r"^\d+(?:st|nd|rd|th)\s+", re.I),
    re.compile(r"^(?:19|20)\d{2}\s+"),
    re.compile(r"[:,(].*$"),
    re.compile(r"\s+(?:\d+|vol(?:ume)?\.?\s*\d+)$", re.I),
    re.compile(r"\s+(?:19|20)\d{2}$"),
)
DEFAULT_VENUE_ALIASES = {
    "advances in neural information processing systems": "NeurIPS",
    "nips": "NeurIPS",
    "neurips": "NeurIPS",
    "corr": "arXiv",
    "arxiv": "arXiv",
}


def normalized_venue(bib: Bibliography, entry: BibEntry,
                     aliases: dict[str, str] | None = None) -> str:
    """The venue a paper is listed under: an acronym such as "CVPR" when the proceedings
    name one, "arXiv" for DBLP's CoRR and arXiv-only entries, otherwise the journal or
    book title without ordinals, years and volume numbers.  A journal or book title wins
    over the key: DBLP files ICLR papers under ``journals/corr/`` keys."""
    table = {**DEFAULT_VENUE_ALIASES, **{identity(k): v for k, v in (aliases or {}).items()}}
    raw = ""
    for name in ("journal", "booktitle", "journaltitle"):
        raw = bib.field(entry, name)
        if raw.strip():
            break
    if not raw.strip():
        return "arXiv" if arxiv_id(bib, entry) or "journals/corr/" in entry.key else ""
    text = " ".join(latex_plain(raw).split())
    if identity(text) in table:
        return table[identity(text)]
    acronym = _VENUE_ACRONYM.findall(text)
    if acronym:
        name = acronym[-1]
    else:
        name = text
        for pattern in _VENUE_NOISE:
            name = pattern.sub("", name).strip()
        name = name or text
    return table.get(identity(name), name)


def entry_keywords(bib: Bibliography, entry: BibEntry) -> list[str]:
    value = latex_plain(bib.field(entry, "keywords"))
    return [word.strip() for word in re.split(r"[,;]", value) if word.strip()]


def hover_text(view: PaperView) -> str:
    """The one-line preview of a paper: title, authors, venue, year."""
    parts = [view.title_text]
    details = ", ".join(part for part in (view.short_authors, view.venue, view.year) if part)
    if details:
        parts.append(details)
    return ". ".join(parts)


def forget_decoded_fields() -> None:
    """Drop the memos of decoded fields and names, so that none outlives a build (they
    are pure functions of the field's text: this frees memory, it never changes output)."""
    for memo in (decode.decode_field, render.latex_plain, render.math_text,
                 people.parse_people):
        memo.cache_clear()


def field_problems(bib: Bibliography, entry: BibEntry) -> list[tuple[str, str]]:
    """``(kind, message)`` for each field that pages show and that is shown as written
    rather than decoded (kind ``bib_latex``), or holds math off the allow-list or that TeX
    cannot typeset (kind ``bad_math``).  Nothing is dropped: the reader sees the field's
    source text."""
    problems = [("bib_crossref", message) for message in bib.parents(entry)[1]] if (
        "crossref" in entry.fields or "xdata" in entry.fields) else []
    for name in (*SHOWN_FIELDS, _venue_field(bib, entry)):
        value = bib.field(entry, name) if name else ""
        if not value:
            continue
        decoded = decode_field(value)
        if decoded.failure:
            problems.append(("bib_latex", f"field {name!r} of {entry.key!r} is shown as "
                                          f"written: {decoded.failure}"))
        problems.extend(("bad_math", f"math in field {name!r} of {entry.key!r} "
                                     f"{refusal.explain()}; shown as text")
                        for refusal in decoded.refused_math)
    return problems
