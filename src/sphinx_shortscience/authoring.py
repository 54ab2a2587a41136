"""``shortscience new`` and ``shortscience import``: writing summary files for people."""

from __future__ import annotations

import datetime
import difflib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cli import EXIT_OK, EXIT_PROBLEMS, UsageError
from .latex import CiteToken, protect, shortscience_key

if TYPE_CHECKING:
    import argparse

    from .bib import Bibliography


def load_bibliography(srcdir: Path) -> Bibliography:
    """The project's bibliography, read as ``check`` reads it; problems are errors here
    only when no entry at all could be read."""
    from .bibstate import BibState
    from .check import CheckError, default_cache_folder, read_config
    from .config import configured_bibfiles

    try:
        config = read_config(srcdir.resolve())
    except CheckError as error:
        raise UsageError(str(error)) from None
    if not configured_bibfiles(config):
        raise UsageError(f"conf.py in {srcdir} lists no bib files (set bibtex_bibfiles or "
                         "shortscience_bibfiles)")
    state = BibState.for_config(srcdir.resolve(), config, default_cache_folder())
    bibliography = state.bibliography
    unreadable = [p for p in bibliography.problems if p.kind == "file"]
    if unreadable and not len(bibliography):
        raise UsageError("; ".join(f"{p.message}: {p.path}" for p in unreadable))
    return bibliography


def closest_keys(bibliography: Bibliography, key: str, count: int = 5) -> list[str]:
    """Known keys that look like *key*: by spelling, then by a shared word."""
    keys = list(bibliography.entries)
    folded = {k.casefold(): k for k in keys}
    close = [folded[k] for k in difflib.get_close_matches(key.casefold(), folded, count, 0.5)]
    words = [w for w in re.split(r"\W+", key.casefold()) if len(w) > 2]
    for known in keys:
        if len(close) >= count:
            break
        if known not in close and any(w in known.casefold() for w in words):
            close.append(known)
    return close[:count]


def _writer_name() -> str:
    """The git user's name, a good guess for who writes the summary."""
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True,
                                text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _iso_date(value: str | None) -> str:
    if value is None:
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date like 2024-03-01") from None


def _fence_for(body: str) -> str:
    """A backtick fence longer than any fence inside *body*."""
    longest = max((len(m.group(0)) for m in re.finditer(r"^ {0,3}`{3,}", body, re.M)),
                  default=0)
    return "`" * max(3, longest + 1)


def summary_file(key: str, title: str, body: str, fmt: str, *, writer: str = "",
                 date: str = "", keywords: str = "", note: str = "") -> str:
    """The text of a file holding one summary of *key*, under a heading *title*."""
    heading = title or key
    options = [(name, value) for name, value in
               (("author", writer), ("date", date), ("keywords", keywords)) if value]
    if fmt == "rst":
        lines = [heading, "=" * max(len(heading), 3), ""]
        if note:
            lines += [f".. {note}", ""]
        lines.append(f".. summary:: {key}")
        lines += [f"   :{name}: {value}" for name, value in options]
        lines.append("")
        lines += [f"   {line}" if line.strip() else "" for line in body.split("\n")]
        return "\n".join(lines).rstrip() + "\n"
    fence = _fence_for(body)
    lines = [f"# {heading}", ""]
    if note:
        lines += [f"<!-- {note} -->", ""]
    lines.append(f"{fence}{{summary}} {key}")
    lines += [f":{name}: {value}" for name, value in options]
    lines += ["", body, fence]
    return "\n".join(lines) + "\n"


def _write_new_file(path: Path, text: str) -> None:
    if path.exists():
        raise UsageError(f"{path} exists; not overwritten (choose another --output)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- new ---------------------------------------------------------------------------------------

SKELETON_BODY = "Summarize the paper here: the problem, the idea, what the results show."
SKELETON_GUIDE = ("Write Markdown: math as $f(x)$ inline or $$...$$ on lines of its own, "
                  "other papers as \\cite{key}")


def run_new(arguments: argparse.Namespace) -> int:
    from .fields import paper_view

    bibliography = load_bibliography(arguments.srcdir)
    key: str = arguments.key
    canonical = bibliography.canonical_key(key)
    if canonical is None:
        suggestions = closest_keys(bibliography, key)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise UsageError(f"unknown BibTeX key {key!r}: no bib file defines it{hint}")
    view = paper_view(bibliography, canonical)
    assert view is not None  # the key is in the bib
    facts = ". ".join(part for part in (view.authors, view.venue, view.year) if part)
    fmt = "rst" if arguments.format == "rst" else "markdown"
    text = summary_file(
        canonical, view.title_text, SKELETON_BODY, fmt,
        writer=arguments.author or _writer_name(), date=_iso_date(arguments.date),
        note=f"{facts}. {SKELETON_GUIDE}" + (" (in .rst files too)." if fmt == "rst" else "."))
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        _write_new_file(arguments.output, text)
        print(f"wrote {arguments.output}", file=sys.stderr)
    return EXIT_OK


# -- import ------------------------------------------------------------------------------------

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
    while header_end < len(lines) and not lines[header_end].strip():
        header_end += 1
    body_lines = lines[header_end:]
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    summary.body = "\n".join(body_lines)
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
    from .fields import paper_view

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
    while candidate.exists():
        number += 1
        candidate = directory / f"{stem}-{number}.md"
    return candidate


def _file_stem(text: str) -> str:
    return re.sub(r"[^\w.]+", "-", text).strip("-.").lower() or "summary"


def run_import(arguments: argparse.Namespace) -> int:
    bibliography = load_bibliography(arguments.srcdir)
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
        date = _iso_date(arguments.date) if arguments.date else summary.date
        kept = [summary.authors, *summary.other_lines]
        try:
            date = datetime.date.fromisoformat(date).isoformat() if date else ""
        except ValueError:
            kept.append(f"Date: {date}")  # not a date a build accepts: kept in the note
            date = ""
        note = " / ".join(part for part in kept if part)
        text_out = summary_file(key, summary.title or key, summary.body, "markdown",
                                writer=writer, date=date, keywords=summary.keywords,
                                note=f"Imported from ShortScience. {note}".strip())
        output = _output_path(arguments.directory, key, writer)
        _write_new_file(output, text_out)
        print(f"wrote {output}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _missing_keys(bibliography: Bibliography, key: str,
                  summary: ImportedSummary) -> list[tuple[str, int]]:
    wanted = [(key, 1)]
    for token in protect(summary.body).tokens:
        if isinstance(token, CiteToken):
            wanted.extend((k, summary.body_line + token.line - 1) for k in token.keys)
    return [(k, line) for k, line in dict.fromkeys(wanted) if k not in bibliography]
