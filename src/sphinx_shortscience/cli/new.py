"""``shortscience new KEY``: a summary skeleton from the paper's bib entry."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from ..bib.view import paper_view
from ..summaries.rules import SKELETON_BODY, missing_key_message
from .errors import EXIT_OK, UsageError
from .project import load_bibliography
from .skeleton import iso_date, summary_file, write_new_file

if TYPE_CHECKING:
    import argparse


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


def run_new(arguments: argparse.Namespace) -> int:
    bibliography = load_bibliography(arguments.srcdir)
    key: str = arguments.key
    canonical = bibliography.canonical_key(key)
    if canonical is None:
        raise UsageError(missing_key_message(key, bibliography))
    view = paper_view(bibliography, canonical)
    assert view is not None  # the key is in the bib
    facts = ". ".join(part for part in (view.authors, view.venue, view.year) if part)
    fmt = "rst" if arguments.format == "rst" else "markdown"
    text = summary_file(
        canonical, view.title_text, SKELETON_BODY, fmt,
        writer=arguments.author or _writer_name(), date=iso_date(arguments.date),
        note=f"{facts}. {SKELETON_GUIDE}" + (" (in .rst files too)." if fmt == "rst" else "."))
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        write_new_file(arguments.output, text)
        print(f"wrote {arguments.output}", file=sys.stderr)
    return EXIT_OK
