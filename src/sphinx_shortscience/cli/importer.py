"""``shortscience import``: summaries written for ShortScience brought into MyST files."""

from __future__ import annotations

import datetime
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..bib.view import paper_view
from ..grammar.scanner import protect, shortscience_key
from ..grammar.tokens import CiteToken
from ..util.text import body_lines
from .errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from .files import create_file, folder_inside_project
from .project import load_bibliography
from .skeleton import iso_date, summary_file

if TYPE_CHECKING:
    import argparse

    from ..bib.bibliography import Bibliography


_SUMMARY_BY = re.compile(r"^\s*Summary by\s+(.+?)(?:\s+\d+\s+\w+\s+ago)?\s*$", re.IGNORECASE)
_PREFIXED = re.compile(r"^\s*(Title|Authors?|Keywords?|Key|Date)\s*:\s*(.*?)\s*$",
                       re.IGNORECASE)


@dataclass
class ImportedSummary:
    """A summary in ShortScience's form, split into its metadata and its text."""

    body: str
    title: str = ""
    authors: str = ""
    keywords: str = ""
    writer: str = ""
    key: str = ""
    date: str = ""
    body_line: int = 1
    other_lines: list[str] = field(default_factory=list)


def parse_shortscience(text: str) -> ImportedSummary:
    """Split ShortScience text into metadata lines and the summary text (kept verbatim).

    The site shows a summary under the paper's title, its authors, a venue line,
    ``Keywords: ...`` and ``Summary by NAME``; the lines up to ``Summary by`` are that
    header. Without a ``Summary by`` line, only ``Title:``, ``Authors:``, ``Keywords:``,
    ``Key:`` and ``Date:`` lines at the top are read as metadata.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    by = next((i for i, line in enumerate(lines[:40]) if _SUMMARY_BY.match(line)), None)
    summary = ImportedSummary(body="")
    header_end = 0
    if by is not None:
        summary.writer = _SUMMARY_BY.match(lines[by]).group(1).strip()  # type: ignore[union-attr]
        unprefixed: list[str] = []
        for line in lines[:by]:
            if not _read_prefixed(line, summary) and line.strip():
                unprefixed.append(line.strip())
        if unprefixed and not summary.title:
            summary.title = unprefixed.pop(0).lstrip("#").strip()
        if unprefixed and not summary.authors:
            summary.authors = unprefixed.pop(0)
        summary.other_lines = unprefixed
        header_end = by + 1
    else:
        while header_end < len(lines) and (
                _read_prefixed(lines[header_end], summary) or _url_key(lines[header_end],
                                                                       summary)):
            header_end += 1
    header_end, body = body_lines(lines, header_end)
    summary.body = "\n".join(body)
    summary.body_line = header_end + 1
    return summary


def _read_prefixed(line: str, summary: ImportedSummary) -> bool:
    match = _PREFIXED.match(line)
    if match is None:
        return _url_key(line, summary)
    name, value = match.group(1).lower(), match.group(2)
    attribute = {"title": "title", "author": "authors", "authors": "authors",
                 "keyword": "keywords", "keywords": "keywords", "key": "key",
                 "date": "date"}[name]
    setattr(summary, attribute, value)
    return True


def _url_key(line: str, summary: ImportedSummary) -> bool:
    key = shortscience_key(line)
    if key:
        summary.key = key
        return True
    return False


def _normalized_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"\\.|[{}$]", "", title.lower())).strip()


def key_by_title(bibliography: Bibliography, title: str) -> str | None:
    """The key of the one entry whose title is *title* (ignoring case, braces, punctuation)."""
    wanted = _normalized_title(title)
    if not wanted:
        return None
    matches = []
    for key in bibliography.entries:
        view = paper_view(bibliography, key)
        if view is not None and _normalized_title(view.title_text) == wanted:
            matches.append(key)
    return matches[0] if len(matches) == 1 else None


def _output_path(directory: Path, key: str, writer: str) -> Path:
    stem = _file_stem(key) + (f"-{_file_stem(writer)}" if writer else "")
    candidate = directory / f"{stem}.md"
    number = 1
    while os.path.lexists(candidate):  # a dangling link's name is taken too
        number += 1
        candidate = directory / f"{stem}-{number}.md"
    return candidate


def _file_stem(text: str) -> str:
    return re.sub(r"[^\w.]+", "-", text).strip("-.").lower() or "summary"


def run_import(arguments: argparse.Namespace) -> int:
    bibliography = load_bibliography(arguments.srcdir)
    folder_inside_project(arguments.directory, arguments.srcdir)
    inputs: list[tuple[str, str]] = []
    if arguments.inputs:
        for path in arguments.inputs:
            try:
                inputs.append((str(path), path.read_text(encoding="utf-8-sig")))
            except (OSError, UnicodeDecodeError) as error:
                raise UsageError(f"cannot read {path}: {error}") from None
    else:
        inputs.append(("<stdin>", sys.stdin.read()))
    if arguments.key and len(inputs) > 1:
        raise UsageError("--key names the paper of one input; give one file, or use "
                         "--key-from-name or a 'Key:' line in each file")
    problems = 0
    for name, text in inputs:
        summary = parse_shortscience(text)
        key = arguments.key or (Path(name).stem if arguments.key_from_name and
                                name != "<stdin>" else "") or summary.key
        if not key and summary.title:
            key = key_by_title(bibliography, summary.title) or ""
        if not key:
            print(f"{name}: no key for this summary: give --key, --key-from-name or a "
                  "'Key:' line (the title matched no single bib entry); skipped",
                  file=sys.stderr)
            problems += 1
            continue
        if not summary.body.strip():
            print(f"{name}: no summary text; skipped", file=sys.stderr)
            problems += 1
            continue
        missing = _missing_keys(bibliography, key, summary)
        for missing_key, line in missing:
            print(f"{name}:{line}: key {missing_key!r} is not in the bib files; add its "
                  "entry", file=sys.stderr)
        problems += len(missing)
        writer = arguments.author or summary.writer
        date = iso_date(arguments.date) if arguments.date else summary.date
        kept = [summary.authors, *summary.other_lines]
        try:
            date = datetime.date.fromisoformat(date).isoformat() if date else ""
        except ValueError:
            kept.append(f"Date: {date}")  # not a date a build accepts: kept in the note
            date = ""
        note = " / ".join(part for part in kept if part)
        try:
            text_out = summary_file(key, summary.title or key, summary.body, "markdown",
                                    writer=writer, date=date, keywords=summary.keywords,
                                    note=f"Imported from ShortScience. {note}".strip())
        except UsageError as error:
            print(f"{name}: {error}; skipped", file=sys.stderr)
            problems += 1
            continue
        output = _output_path(arguments.directory, key, writer)
        create_file(output, text_out, arguments.srcdir)
        print(f"wrote {output}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _missing_keys(bibliography: Bibliography, key: str,
                  summary: ImportedSummary) -> list[tuple[str, int]]:
    wanted = [(key, 1)]
    for token in protect(summary.body).tokens:
        if isinstance(token, CiteToken):
            wanted.extend((k, summary.body_line + token.line - 1) for k in token.keys)
    return [(k, line) for k, line in dict.fromkeys(wanted) if k not in bibliography]
