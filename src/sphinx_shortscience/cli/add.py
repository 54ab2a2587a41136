"""``shortscience add``: a paper's BibTeX from DBLP, arXiv or its DOI, appended to the bib.

Every entry is fetched before anything is written, so a failing service leaves the bib file
as it was; the file is appended to in one atomic step (see ``lookup.append``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..bib.entries import resolve_value
from ..bib.view import bare_doi
from ..config import bib_state, configured_bibfiles
from ..lookup.append import append_entries, entry_text, file_style
from ..lookup.http import Client, ServiceError
from ..lookup.identifiers import Identifier, parse_identifier
from ..lookup.services import Found, find
from ..util.text import counted
from .errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from .files import real_file
from .project import default_cache_folder, read_config

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from ..bib.bibliography import Bibliography
    from ..lookup.answer import LeftOut


@dataclass
class Wanted:
    """A paper to add, and where the project names it (for ``--missing``)."""

    identifier: Identifier
    written: str  # as the user or the source wrote it
    places: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    added: list[tuple[Wanted, Found]] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # no service has it, or not an id
    left_out: list[str] = field(default_factory=list)  # parts of answers not added


def _doi_key(value: str) -> str:
    """A DOI as duplicates are found: as pages link it, case aside."""
    return bare_doi(value).strip().lower()


def _dois(bibliography: Bibliography) -> dict[str, str]:
    """The DOIs the bib already has, each with the key of its entry."""
    found: dict[str, str] = {}
    for key, entry in bibliography.entries.items():
        doi = bibliography.field(entry, "doi")
        if doi:
            found.setdefault(_doi_key(doi), key)
    return found


def _fields_doi(found: Found) -> str:
    value = dict(found.fields).get("doi", "")
    return _doi_key(resolve_value(value, {})) if value else ""


def fetch_all(wanted: list[Wanted], bibliography: Bibliography, client: Client) -> Outcome:
    """Ask the services for every paper the bib lacks; raises ServiceError on a failure."""
    outcome = Outcome()
    dois = _dois(bibliography)
    keys_added: set[str] = set()
    for item in wanted:
        existing = bibliography.canonical_key(item.identifier.key)
        if existing is not None or (item.identifier.kind == "doi"
                                    and item.identifier.value.lower() in dois):
            known = existing or dois[item.identifier.value.lower()]
            entry = bibliography.entries[known]
            outcome.present.append(f"{item.written}: already in the bib as {known!r} "
                                   f"({entry.path}:{entry.line}); not added")
            continue
        result = find(item.identifier, client)
        if not isinstance(result, Found):
            where = "".join(f"\n    named at {place}" for place in item.places)
            outcome.unknown.append(f"{item.written}: {result.reason}{where}")
            continue
        doi = _fields_doi(result)
        if result.key in keys_added or bibliography.canonical_key(result.key) is not None \
                or (doi and doi in dois):
            known = bibliography.canonical_key(result.key) or dois.get(doi, result.key)
            outcome.present.append(f"{item.written}: {result.service} gives {result.key!r}, "
                                   f"which the bib has already ({known!r}); not added")
            continue
        keys_added.add(result.key)
        if doi:
            dois[doi] = result.key
        outcome.added.append((item, result))
        outcome.left_out += [_left_out(item, result, part, bibliography)
                             for part in result.left_out]
    return outcome


def _left_out(item: Wanted, found: Found, part: LeftOut, bibliography: Bibliography) -> str:
    known = part.kind == "entry" and bibliography.canonical_key(part.name) is not None
    why = "the bib has it already" if known else "only the paper asked for is added"
    return f"{item.written}: left out of {found.service}'s answer: {part} ({why})"


def _wanted_from_arguments(ids: list[str]) -> tuple[list[Wanted], list[str]]:
    wanted, refused = [], []
    for text in ids:
        identifier = parse_identifier(text)
        if identifier is None:
            refused.append(f"{text}: not a DBLP key, arXiv id, DOI or a URL of one")
        else:
            wanted.append(Wanted(identifier, text))
    return wanted, refused


def _wanted_missing(srcdir: Path, cache: Path | None) -> tuple[list[Wanted], list[str]]:
    """The keys the project cites or summarizes that no bib file defines (as ``check``
    finds them), as identifiers; the keys that are none, with where they are named."""
    from .check import check_project  # the check's reading of the project: same keys

    report = check_project(srcdir, cache)
    places: dict[str, list[str]] = {}
    for finding in report.findings:
        if finding.subtype == "missing_key" and finding.key:
            places.setdefault(finding.key, []).append(finding.location)
    wanted, refused = [], []
    for key, where in places.items():
        identifier = parse_identifier(key)
        if identifier is None:
            named = "".join(f"\n    named at {place}" for place in where)
            refused.append(f"{key}: not a DBLP key, arXiv id or DOI; add its entry by "
                           f"hand{named}")
        else:
            wanted.append(Wanted(identifier, key, where))
    return wanted, refused


def add_papers(srcdir: Path, wanted: list[Wanted], *, bib: Path | None = None,
               dry_run: bool = False, cache: Path | None = None) -> Outcome:
    """Fetch *wanted* and append what the bib lacks to *bib* (default: the first
    configured bib file). Raises UsageError when nothing can be written."""
    srcdir = srcdir.resolve()
    config = read_config(srcdir)
    cache_folder = cache or default_cache_folder()
    if bib is None:
        names = configured_bibfiles(config)
        if not names:
            raise UsageError("conf.py lists no bib files (set bibtex_bibfiles, or pass --bib)")
        bib = srcdir / names[0]  # as conf.py names it: its links not followed
    bib = real_file(bib, srcdir)
    state = bib_state(srcdir, config, cache_folder)
    try:
        outcome = fetch_all(wanted, state.bibliography, Client(cache_folder / "lookup"))
    except ServiceError as error:
        raise UsageError(f"{error}; nothing was written") from None
    if not outcome.added:
        return outcome
    data = bib.read_bytes() if bib.exists() else b""
    style = file_style(data, state.encoding)
    entries = [entry_text(found, style) for _, found in outcome.added]
    if dry_run:
        sys.stdout.write("".join(f"{entry}\n\n" for entry in entries))
        return outcome
    try:
        append_entries(bib, entries, style)
    except UnicodeEncodeError as error:
        raise UsageError(f"{bib} is written in {style.encoding}, which cannot hold "
                         f"{error.object[error.start:error.end]!r}; nothing was written"
                         ) from None
    except OSError as error:
        raise UsageError(f"cannot write {bib}: {error.strerror}") from None
    return outcome


def run_add(arguments: argparse.Namespace) -> int:
    if not arguments.ids and not arguments.missing:
        raise UsageError("name papers to add (a DBLP key, arXiv id or DOI), or --missing")
    wanted, refused = _wanted_from_arguments(arguments.ids)
    if arguments.missing:
        more, more_refused = _wanted_missing(arguments.srcdir, arguments.cache)
        wanted += more
        refused += more_refused
    bib = arguments.bib.absolute() if arguments.bib is not None else None
    outcome = add_papers(arguments.srcdir, wanted, bib=bib, dry_run=arguments.dry_run,
                         cache=arguments.cache)
    verb = "would add" if arguments.dry_run else "added"
    for item, found in outcome.added:
        print(f"{verb} {found.key!r} ({item.written}, from {found.service})", file=sys.stderr)
    for line in [*outcome.left_out, *outcome.present]:
        print(line, file=sys.stderr)
    for line in [*refused, *outcome.unknown]:
        print(f"not found: {line}", file=sys.stderr)
    print(f"{counted(len(outcome.added), 'entry', 'entries')} {verb}, "
          f"{counted(len(refused) + len(outcome.unknown), 'paper')} not found",
          file=sys.stderr)
    return EXIT_PROBLEMS if refused or outcome.unknown else EXIT_OK
