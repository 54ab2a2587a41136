"""Showing BibTeX fields as a reader expects: LaTeX decoded, names split, links built.

Pure functions over strings (no Sphinx, no docutils).  A field is decoded into a small
tree of :data:`Inline` values (text, math, emphasis, strong) that the Sphinx side turns
into docutils nodes and the page stubs turn into reStructuredText.  Only fields that are
shown are ever decoded, and each decoded value is cached.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from .latex import unsafe_math

if TYPE_CHECKING:
    from pylatexenc.latexwalker import LatexMacroNode, LatexNode

    from .bib import BibEntry, Bibliography


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Math:
    latex: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


Inline = Text | Math | Emphasis | Strong

_EMPHASIS_MACROS = frozenset({"emph", "textit", "textsl", "mathit"})
_STRONG_MACROS = frozenset({"textbf", "mathbf"})
_NEEDS_LATEX = re.compile(r"[\\$~`']|--|''")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a ~ (no-break space) stays



@functools.cache
def _latex() -> SimpleNamespace:
    """pylatexenc, imported on first use: a build that shows no field never pays for it."""
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text

    return SimpleNamespace(
        walker=latexwalker,
        to_text=LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True),
        math_to_text=LatexNodes2Text(math_mode="text"),
    )


def _merge_texts(items: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return tuple(merged)


def _macro_argument(node: LatexMacroNode) -> list[LatexNode] | None:
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    if not arguments:
        return None
    last = arguments[-1]
    return list(last.nodelist) if isinstance(last, _latex().walker.LatexGroupNode) else [last]


def _walk(latex_nodes: list[LatexNode]) -> list[Inline]:
    latex = _latex()
    walker = latex.walker
    out: list[Inline] = []
    for node in latex_nodes:
        if node is None or isinstance(node, walker.LatexCommentNode):
            continue
        if isinstance(node, walker.LatexMathNode):
            inner = "".join(child.latex_verbatim() for child in node.nodelist if child)
            # math goes verbatim into LaTeX: a bib field must not make it read files
            out.append(Text(node.latex_verbatim()) if unsafe_math(inner) else Math(inner.strip()))
        elif isinstance(node, walker.LatexGroupNode):
            out.extend(_walk(list(node.nodelist)))
        elif isinstance(node, walker.LatexMacroNode) and node.macroname in (
            _EMPHASIS_MACROS | _STRONG_MACROS
        ):
            argument = _macro_argument(node)
            if argument is None:
                continue
            wrapper = Emphasis if node.macroname in _EMPHASIS_MACROS else Strong
            out.append(wrapper(_merge_texts(_walk(argument))))
        else:
            out.append(Text(latex.to_text.nodelist_to_text([node])))
    return out


def _normalise_spaces(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text):
            result.append(Text(_SPACES.sub(" ", item.text)))
        elif isinstance(item, Emphasis | Strong):
            result.append(type(item)(_normalise_spaces(item.children)))
        else:
            result.append(item)
    if result and isinstance(result[0], Text):
        result[0] = Text(result[0].text.lstrip())
    if result and isinstance(result[-1], Text):
        result[-1] = Text(result[-1].text.rstrip())
    return tuple(item for item in result if not (isinstance(item, Text) and not item.text))


@functools.lru_cache(maxsize=65536)
def latex_inlines(value: str) -> tuple[Inline, ...]:
    """Decode a LaTeX field value into inline pieces; braces vanish, math stays math."""
    if not _NEEDS_LATEX.search(value):
        return _normalise_spaces((Text(value.replace("{", "").replace("}", "")),))
    walker = _latex().walker.LatexWalker(value, tolerant_parsing=True)
    latex_nodes, _, _ = walker.get_latex_nodes()
    return _normalise_spaces(_merge_texts(_walk(list(latex_nodes))))


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The inline pieces as plain text (math converted to Unicode where possible)."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Math):
            parts.append(_math_text(item.latex))
        else:
            parts.append(plain_text(item.children))
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def _math_text(latex: str) -> str:
    try:
        text = _latex().math_to_text.latex_to_text(f"${latex}$")
        return _SPACES.sub(" ", text).strip() or latex
    except Exception:  # pylatexenc is tolerant, but never let a title break a build
        return latex


@functools.lru_cache(maxsize=65536)
def latex_plain(value: str) -> str:
    """A LaTeX field value as plain text."""
    return plain_text(latex_inlines(value))


# -- names ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    von: str
    last: str
    jr: str

    @property
    def family(self) -> str:
        """The name a citation uses: "von Last"."""
        return " ".join(part for part in (self.von, self.last) if part)

    @property
    def full(self) -> str:
        """The name as shown in an author list: "First von Last, Jr"."""
        name = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{name}, {self.jr}" if self.jr else name


OTHERS = Person("", "", "others", "")


@functools.lru_cache(maxsize=65536)
def parse_people(value: str) -> tuple[Person, ...]:
    """Split an ``author``/``editor`` value into people; ``and others`` is :data:`OTHERS`."""
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    people: list[Person] = []
    for raw_name in split_multiple_persons_names(value):
        name = raw_name.strip()
        if not name:
            continue
        if name.lower() == "others":
            people.append(OTHERS)
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except InvalidNameError:
            people.append(Person("", "", latex_plain(name), ""))
            continue

        def decode(words: list[str]) -> str:
            return latex_plain(" ".join(words))

        people.append(
            Person(decode(parts.first), decode(parts.von), decode(parts.last), decode(parts.jr))
        )
    return tuple(people)


SHORT_AUTHOR_LIST = 10


def author_list(people: tuple[Person, ...], limit: int | None = None) -> str:
    """ "A, B and C", with "et al." for ``and others`` and beyond *limit* names."""
    names = [p.full for p in people if p is not OTHERS]
    others = any(p is OTHERS for p in people)
    if limit is not None and len(names) > limit:
        names, others = names[:limit], True
    if not names:
        return ""
    if others:
        return ", ".join(names) + " et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def family_names(people: tuple[Person, ...]) -> str:
    """The author part of an author-year citation: "He", "He and Sun", "He et al."."""
    named = [p for p in people if p is not OTHERS]
    if not named:
        return ""
    if len(named) >= 3 or (any(p is OTHERS for p in people)):
        return f"{named[0].family} et al."
    if len(named) == 2:
        return f"{named[0].family} and {named[1].family}"
    return named[0].family


# -- an entry as shown -----------------------------------------------------------------------

_ARXIV_IN_DBLP_KEY = re.compile(r"(?:^|:)journals/corr/abs-(\d{4})-(\d{4,5})$")
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)


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


def _year_of(bib: Bibliography, entry: BibEntry) -> str:
    year = latex_plain(bib.field(entry, "year")).strip()
    if not year:
        year = latex_plain(bib.field(entry, "date")).strip()[:4]
    return year


def venue_of(bib: Bibliography, entry: BibEntry) -> str:
    for name in ("journal", "booktitle", "journaltitle", "publisher", "school",
                 "institution", "howpublished", "organization"):
        value = bib.field(entry, name)
        if value.strip():
            return latex_plain(value)
    if arxiv_id(bib, entry):
        return "arXiv"
    return ""


def arxiv_id(bib: Bibliography, entry: BibEntry) -> str:
    eprint = latex_plain(bib.field(entry, "eprint")).strip()
    prefix = (bib.field(entry, "archiveprefix") or bib.field(entry, "eprinttype")).lower()
    if eprint and (prefix == "arxiv" or _ARXIV_ID.match(eprint)):
        return re.sub(r"^arxiv:", "", eprint, flags=re.I)
    match = _ARXIV_IN_DBLP_KEY.search(entry.key)
    return f"{match.group(1)}.{match.group(2)}" if match else ""


def entry_links(bib: Bibliography, entry: BibEntry, title_text: str) -> tuple[tuple[str, str], ...]:
    """``(label, url)`` pairs: DOI, URL, arXiv and a Google Scholar search for the title."""
    links: list[tuple[str, str]] = []
    doi = _DOI_PREFIX.sub("", bib.field(entry, "doi").strip())
    if doi:
        links.append(("DOI", "https://doi.org/" + urllib.parse.quote(doi, safe="/:;()._-")))
    url = bib.field(entry, "url").strip().replace("\\_", "_").replace("\\%", "%")
    if url and re.match(r"^https?://", url, re.I):
        links.append(("URL", url))
    identifier = arxiv_id(bib, entry)
    if identifier:
        links.append(("arXiv", f"https://arxiv.org/abs/{identifier}"))
    if title_text:
        query = urllib.parse.urlencode({"q": title_text})
        links.append(("Google Scholar", f"https://scholar.google.com/scholar?{query}"))
    return tuple(links)


def paper_view(bib: Bibliography, key: str) -> PaperView | None:
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


def venue_identity(name: str) -> str:
    return " ".join(name.split()).casefold()


def normalized_venue(bib: Bibliography, entry: BibEntry,
                     aliases: dict[str, str] | None = None) -> str:
    """The venue a paper is listed under: an acronym such as "CVPR" when the proceedings
    name one, "arXiv" for DBLP's CoRR and arXiv-only entries, otherwise the journal or
    book title without ordinals, years and volume numbers.  A journal or book title wins
    over the key: DBLP files ICLR papers under ``journals/corr/`` keys."""
    table = {**DEFAULT_VENUE_ALIASES, **{venue_identity(k): v for k, v in (aliases or {}).items()}}
    raw = ""
    for name in ("journal", "booktitle", "journaltitle"):
        raw = bib.field(entry, name)
        if raw.strip():
            break
    if not raw.strip():
        return "arXiv" if arxiv_id(bib, entry) or "journals/corr/" in entry.key else ""
    text = " ".join(latex_plain(raw).split())
    if venue_identity(text) in table:
        return table[venue_identity(text)]
    acronym = _VENUE_ACRONYM.findall(text)
    if acronym:
        name = acronym[-1]
    else:
        name = text
        for pattern in _VENUE_NOISE:
            name = pattern.sub("", name).strip()
        name = name or text
    return table.get(venue_identity(name), name)


def entry_keywords(bib: Bibliography, entry: BibEntry) -> list[str]:
    value = latex_plain(bib.field(entry, "keywords"))
    return [word.strip() for word in re.split(r"[,;]", value) if word.strip()]


def cite_label(view: PaperView, style: str, number: int | None = None) -> str:
    """The link text of a citation in *style*."""
    if style == "key":
        return view.key
    if style == "title":
        return view.title_text
    if style == "numeric":
        return str(number) if number is not None else view.key
    names = family_names(view.people) or view.title_text
    return f"{names}, {view.year}" if view.year else names


def hover_text(view: PaperView) -> str:
    """The one-line preview of a paper: title, authors, venue, year."""
    parts = [view.title_text]
    details = ", ".join(part for part in (view.short_authors, view.venue, view.year) if part)
    if details:
        parts.append(details)
    return ". ".join(parts)
