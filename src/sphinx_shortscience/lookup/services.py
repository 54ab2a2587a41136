"""The services a paper's BibTeX comes from: DBLP, the arXiv API and DOI content negotiation.

A DBLP key asks DBLP. An arXiv id or a DOI asks DBLP's search first, so that a paper DBLP
knows gets DBLP's key (ShortScience's convention), then the arXiv API or the DOI's own
BibTeX. Each service's base URL comes from the environment (SHORTSCIENCE_DBLP_URL,
SHORTSCIENCE_ARXIV_URL, SHORTSCIENCE_DOI_URL), so tests and mirrors can point elsewhere.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..bib.parse import parse_bib_text
from .atom import arxiv_fields

if TYPE_CHECKING:
    from ..bib.entries import BibEntry
    from .http import Client
    from .identifiers import Identifier

DBLP_URL = "https://dblp.org"
ARXIV_URL = "https://export.arxiv.org/api/query"
DOI_URL = "https://doi.org"
BIBTEX = "application/x-bibtex"


def service_url(name: str) -> str:
    default = {"DBLP": DBLP_URL, "ARXIV": ARXIV_URL, "DOI": DOI_URL}[name]
    return os.environ.get(f"SHORTSCIENCE_{name}_URL", default).rstrip("/")


@dataclass(frozen=True, slots=True)
class Found:
    """A paper's entry: its fields (values as written) and, for DBLP, the *text* DBLP
    wrote, which is appended as it is (re-indented); the others are written from *fields*."""

    service: str  # "DBLP", "arXiv", "DOI"
    key: str
    entry_type: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    text: str = ""  # DBLP's entry, kept as DBLP wrote it


@dataclass(frozen=True, slots=True)
class NotFound:
    service: str
    reason: str


def find(identifier: Identifier, client: Client) -> Found | NotFound:
    """The entry of *identifier*, from the first service that has it."""
    if identifier.kind == "dblp":
        return dblp_record(identifier.value, client)
    dblp_key = dblp_search(identifier, client)
    if dblp_key is not None:
        found = dblp_record(dblp_key, client)
        if isinstance(found, Found):
            return found
    if identifier.kind == "arxiv":
        return arxiv_record(identifier.value, client)
    return doi_record(identifier.value, client)


def dblp_record(key: str, client: Client) -> Found | NotFound:
    answer = client.get(f"{service_url('DBLP')}/rec/{urllib.parse.quote(key)}.bib")
    if answer.status != 200 or "@" not in answer.text:
        return NotFound("DBLP", f"DBLP has no record {key!r} ({answer.status})")
    text = answer.text.strip()
    # one entry: DBLP's standard format (a crossref format would add the proceedings)
    parsed = _one_entry(text)
    if parsed is None:
        return NotFound("DBLP", f"DBLP's answer for {key!r} is not a BibTeX entry")
    return Found("DBLP", parsed.key, parsed.entry_type, tuple(parsed.fields.items()),
                 text=text)


def dblp_search(identifier: Identifier, client: Client) -> str | None:
    """DBLP's key of the paper an arXiv id or DOI names, when DBLP has it."""
    query = urllib.parse.urlencode({"q": identifier.value, "format": "json", "h": "30"})
    answer = client.get(f"{service_url('DBLP')}/search/publ/api?{query}")
    if answer.status != 200:
        return None
    try:
        hits = json.loads(answer.text)["result"]["hits"].get("hit", [])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    for hit in hits if isinstance(hits, list) else []:
        info: Any = hit.get("info", {}) if isinstance(hit, dict) else {}
        if not isinstance(info, dict) or not isinstance(info.get("key"), str):
            continue
        key = str(info["key"])
        if identifier.kind == "doi" and str(info.get("doi", "")).lower() == \
                identifier.value.lower():
            return key
        if identifier.kind == "arxiv" and (
                str(info.get("volume", "")) == f"abs/{identifier.value}"
                or f"arxiv.org/abs/{identifier.value}" in str(info.get("ee", ""))):
            return key
    return None


def arxiv_record(arxiv_id: str, client: Client) -> Found | NotFound:
    query = urllib.parse.urlencode({"id_list": arxiv_id, "max_results": "1"})
    answer = client.get(f"{service_url('ARXIV')}?{query}")
    fields, problem = arxiv_fields(answer.text, arxiv_id)
    if answer.status == 400 or problem:
        return NotFound("arXiv", problem or f"arXiv refused the id {arxiv_id!r}")
    if answer.status != 200 or fields is None:
        return NotFound("arXiv", f"arXiv has no paper {arxiv_id!r}")
    return Found("arXiv", arxiv_id, "misc", tuple(fields))


def doi_record(doi: str, client: Client) -> Found | NotFound:
    answer = client.get(f"{service_url('DOI')}/{urllib.parse.quote(doi, safe='/')}",
                        accept=BIBTEX)
    if answer.status != 200 or "@" not in answer.text:
        return NotFound("DOI", f"no BibTeX for DOI {doi!r} ({answer.status})")
    parsed = _one_entry(answer.text)
    if parsed is None:
        return NotFound("DOI", f"the BibTeX given for DOI {doi!r} could not be read")
    return Found("DOI", doi, parsed.entry_type, tuple(parsed.fields.items()))


def _one_entry(text: str) -> BibEntry | None:
    """The one entry of a service's BibTeX (values as written), read by the same guarded
    parser as the project's bib files; None when it holds no entry, or several."""
    entries = parse_bib_text(text[:200_000], "answer", "").entries
    return entries[0] if len(entries) == 1 else None
