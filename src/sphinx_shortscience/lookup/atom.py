"""The arXiv API's Atom answer as BibTeX fields (the API gives no BibTeX of its own)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from ..bib.writer import bibtex_value

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
#: An Atom answer for one paper is a few kilobytes; a larger one is not parsed.
MAX_ATOM_CHARACTERS = 1_000_000


def arxiv_fields(text: str, arxiv_id: str) -> tuple[list[tuple[str, str]] | None, str]:
    """BibTeX fields (values as the bib writer writes them) of the paper in an arXiv API
    answer, or None and, when the API said why, its reason ("incorrect id format for
    ...")."""
    if len(text) > MAX_ATOM_CHARACTERS or "<!DOCTYPE" in text or "<!ENTITY" in text:
        return None, "the arXiv answer is not a plain Atom feed"
    try:
        feed = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None, "the arXiv answer is not XML"
    for entry in feed.iter(f"{ATOM}entry"):
        title = _text(entry, f"{ATOM}title")
        if title == "Error":
            return None, f"arXiv: {_text(entry, f'{ATOM}summary') or 'error'}"
        entry_id = _text(entry, f"{ATOM}id")
        if not re.search(rf"/abs/{re.escape(arxiv_id)}(v\d+)?$", entry_id):
            continue
        authors = [_text(author, f"{ATOM}name") for author in entry.iter(f"{ATOM}author")]
        fields = [
            ("author", " and ".join(a for a in authors if a)),
            ("title", title),
            ("year", _text(entry, f"{ATOM}published")[:4]),
            ("eprint", arxiv_id),
            ("archiveprefix", "arXiv"),
            ("primaryclass", _attribute(entry, f"{ARXIV}primary_category", "term")),
            ("doi", _text(entry, f"{ARXIV}doi")),
            ("journal", _text(entry, f"{ARXIV}journal_ref")),
            ("url", f"https://arxiv.org/abs/{arxiv_id}"),
        ]
        return [(name, bibtex_value(value)) for name, value in fields if value], ""
    return None, ""


def _text(element: ElementTree.Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _attribute(element: ElementTree.Element, tag: str, name: str) -> str:
    found = element.find(tag)
    return found.get(name, "") if found is not None else ""
