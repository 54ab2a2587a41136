"""``shortscience new KEY``: a summary skeleton from the paper's bib entry."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from ..bib.view import paper_view
from ..lookup.identifiers import parse_identifier
from ..summaries.rules import SKELETON_BODY, missing_key_message
from .errors import EXIT_OK, UsageError
from .files import create_file, new_file_inside_project
from .project import load_bibliography
from .skeleton import iso_date, summary_file

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from ..bib.bibliography import Bibliography
    from ..grammar.tokens import Format


def _writer_name() -> str:
    """The git user's name, a good guess for who writes the summary."""
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True,
                                text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


SKELETON_GUIDE = ("Write Markdown: math as $f(x)$ inline or $$...$$ on lines of its own, "
                  "other papers as \\cite{key}")


def _bibliography_with(srcdir: Path, key: str) -> tuple[str, Bibliography]:
    """The key to write (*key*, or the key an ID such as a URL names) and the project's
    bibliography, after adding its entry when a service knows the paper and the bib lacks
    it (as ``shortscience add`` does)."""
    bibliography = load_bibliography(srcdir, allow_empty=True)
    identifier = parse_identifier(key)
    if bibliography.canonical_key(key) is not None or identifier is None:
        return key, bibliography
    if bibliography.canonical_key(identifier.key) is not None:
        return identifier.key, bibliography
    close = bibliography.close_spellings(identifier.key)
    if close:  # a typo of a key the bib has: said before anything goes to the network
        raise UsageError(
            f"{missing_key_message(key, bibliography)} If {key!r} is another paper, add it "
            f"first: shortscience add {key}")
    # imported when needed: only a key the bib lacks reaches for the network
    from .add import Wanted, add_papers

    outcome = add_papers(srcdir, [Wanted(identifier, key)])
    for _, found in outcome.added:
        print(f"added {found.key!r} from {found.service} to the bib", file=sys.stderr)
    for line in outcome.left_out:
        print(line, file=sys.stderr)
    if outcome.unknown:
        raise UsageError(f"{outcome.unknown[0]}; no entry to write a summary of")
    return identifier.key, load_bibliography(srcdir)


def run_new(arguments: argparse.Namespace) -> int:
    if arguments.output is not None:  # refused before a service is asked for the entry
        new_file_inside_project(arguments.output, arguments.srcdir)
    key, bibliography = _bibliography_with(arguments.srcdir, arguments.key)
    canonical = bibliography.canonical_key(key)
    if canonical is None:
        raise UsageError(missing_key_message(key, bibliography))
    if key != canonical and key.casefold() != canonical.casefold():
        canonical = key  # a DBLP: entry answers to the bare key, which summaries use
    view = paper_view(bibliography, canonical)
    assert view is not None  # the key is in the bib
    facts = ". ".join(part for part in (view.authors, view.venue, view.year) if part)
    fmt: Format = "rst" if arguments.format == "rst" else "markdown"
    text = summary_file(
        canonical, view.title_text, SKELETON_BODY, fmt,
        writer=arguments.author or _writer_name(), date=iso_date(arguments.date),
        note=f"{facts}. {SKELETON_GUIDE}" + (" (in .rst files too)." if fmt == "rst" else "."))
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        create_file(arguments.output, text, arguments.srcdir)
        print(f"wrote {arguments.output}", file=sys.stderr)
    return EXIT_OK
