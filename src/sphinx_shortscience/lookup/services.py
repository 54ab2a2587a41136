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

from ..bib.entries import resolve_value
from ..bib.view import bare_doi
from ..bib.writer import key_problem
from .answer import LeftOut, requested_entry
from .atom import arxiv_fields

if TYPE_CHECKING:
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
    """A paper's entry, its values as the bib writer writes them, and what else the
    service's answer held (not added)."""

    service: str  # "DBLP", "arXiv", "DOI"
    key: str
    entry_type: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    left_out: tuple[LeftOut, ...] = ()


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
    entry = requested_entry(answer.text, lambda found, _: found in (key, f"DBLP:{key}"))
    if not entry.key:
        return NotFound("DBLP", f"DBLP's answer for {key!r} is not added: {entry.problem}")
    return Found("DBLP", entry.key, entry.entry_type, entry.fields, entry.left_out)


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
    problem = key_problem(doi)
    if problem:
        return NotFound("DOI", f"DOI {doi!r} cannot be a BibTeX key ({problem}); add its "
                               "entry by hand")

    def is_the_paper(_key: str, fields: dict[str, str]) -> bool:
        given = fields.get("doi")
        return given is None or bare_doi(resolve_value(given, {})).lower() == doi.lower()

    entry = requested_entry(answer.text, is_the_paper)
    if not entry.key:
        return NotFound("DOI", f"the BibTeX given for DOI {doi!r} is not added: "
                               f"{entry.problem}")
    # the key is the DOI, which summaries cite, not the service's own
    return Found("DOI", doi, entry.entry_type, entry.fields, entry.left_out)
