"""What a paper identifier names: a DBLP key, an arXiv id or a DOI, from any of the forms
people paste (bare, prefixed, as a URL of the service, or a ShortScience paper URL)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Literal

from ..bib.view import DOI

Kind = Literal["dblp", "arxiv", "doi"]

#: The first part of a DBLP record key.
DBLP_KINDS = ("conf", "journals", "books", "series", "reference", "phd", "tr", "ms", "www",
              "persons", "informal")
_DBLP_KEY = re.compile(rf"^(?:{'|'.join(DBLP_KINDS)})(?:/[A-Za-z0-9_.+\-'()]+){{2,}}$")
#: New-style arXiv ids (2007 on: YYMM.NNNN or YYMM.NNNNN) and old-style (archive/YYMMNNN).
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")

_DBLP_HOSTS = ("dblp.org", "dblp.uni-trier.de", "dblp.dagstuhl.de")
_ARXIV_HOSTS = ("arxiv.org", "export.arxiv.org")
_DOI_HOSTS = ("doi.org", "dx.doi.org")


@dataclass(frozen=True, slots=True)
class Identifier:
    """A paper as a service knows it; *value* is normalised (no prefix, no version)."""

    kind: Kind
    value: str

    @property
    def key(self) -> str:
        """The BibTeX key the entry gets (a DBLP entry keeps DBLP's ``DBLP:`` key, which
        answers to this bare one)."""
        return self.value

    def __str__(self) -> str:
        return {"dblp": "DBLP key", "arxiv": "arXiv id", "doi": "DOI"}[self.kind] + \
            f" {self.value}"


def parse_identifier(text: str) -> Identifier | None:
    """The identifier *text* names, or None when it is none of the known forms."""
    text = text.strip()
    if not text or len(text) > 500 or any(c.isspace() for c in text):
        return None
    if re.match(r"^https?://", text, re.IGNORECASE):
        return _from_url(text)
    lowered = text.lower()
    for prefix, kind in (("dblp:", "dblp"), ("arxiv:", "arxiv"), ("doi:", "doi")):
        if lowered.startswith(prefix):
            return _bare(text[len(prefix):], only=kind)
    return _bare(text)


def _bare(text: str, only: str | None = None) -> Identifier | None:
    if only in (None, "doi") and DOI.match(text):
        return Identifier("doi", text)
    if only in (None, "arxiv"):
        for pattern in (_ARXIV_NEW, _ARXIV_OLD):
            found = pattern.match(text)
            if found:
                return Identifier("arxiv", found.group(1))
    if only in (None, "dblp") and _DBLP_KEY.match(text):
        return Identifier("dblp", text)
    return None


def _from_url(url: str) -> Identifier | None:
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = urllib.parse.unquote(parts.path)
    if host == "shortscience.org":
        keys = urllib.parse.parse_qs(parts.query).get("bibtexKey", [])
        return parse_identifier(keys[0]) if keys and not keys[0].startswith("http") else None
    if host in _DBLP_HOSTS:
        found = re.match(r"^/rec/(?:bib(?:tex)?\d?/)?(.+?)(?:\.(?:html|bib|xml|ris))?$", path)
        return _bare(found.group(1), only="dblp") if found else None
    if host in _ARXIV_HOSTS:
        found = re.match(r"^/(?:abs|pdf)/(.+?)(?:\.pdf)?$", path)
        return _bare(found.group(1), only="arxiv") if found else None
    if host in _DOI_HOSTS:
        return _bare(path.lstrip("/"), only="doi")
    return None
