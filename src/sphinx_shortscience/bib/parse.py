"""Parsing the text of one bib file with bibtexparser v2; every problem located, never a raise."""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..util.text import unescaped_braces
from .entries import (
    MAX_RESOLVED_LENGTH,
    BibEntry,
    BibProblem,
    ParsedBibFile,
    resolve_value,
)

if TYPE_CHECKING:
    from collections.abc import Iterator


#: Byte-order marks, longest first: a file that starts with one is in that encoding,
#: whatever the configuration says.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DEFAULT_ENCODING = "utf-8-sig"  # sphinxcontrib-bibtex's default for bibtex_encoding


@dataclass(frozen=True, slots=True)
class DecodingNote:
    """Why a file was not read in its encoding: said once, at the line it went wrong."""

    message: str
    line: int


def _encoding_name(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "iso8859-1": "Latin-1",
            "latin-1": "Latin-1"}.get(name, name)


def decode_bib_bytes(data: bytes,
                     encoding: str = DEFAULT_ENCODING) -> tuple[str, DecodingNote | None]:
    """The text of a bib file, read in *encoding* (or the one its byte-order mark names),
    and, if it is not valid there, a note saying where and how it was read instead."""
    declared = next((name for bom, name in BOMS if data.startswith(bom)), encoding)
    note = None
    try:
        text = data.decode(declared)
    except LookupError:
        text = data.decode(DEFAULT_ENCODING, errors="replace")
        note = DecodingNote(f"encoding {declared!r} is unknown; read as UTF-8", 1)
    except UnicodeDecodeError as error:
        text = data.decode("latin-1")
        line = data.count(b"\n", 0, error.start) + 1
        note = DecodingNote(
            f"not valid {_encoding_name(declared)} (byte {error.start}: "
            f"{data[error.start:error.start + 1]!r}); read as Latin-1", line)
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


@contextlib.contextmanager
def quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs its own messages; we report them as located problems instead."""
    bp_logger = logging.getLogger("bibtexparser")
    previous = bp_logger.level
    bp_logger.setLevel(logging.CRITICAL + 1)  # its children (the splitter) inherit this
    try:
        yield
    finally:
        bp_logger.setLevel(previous)


def without_comment_lines(text: str) -> str:
    """*text* with the lines outside entries that start with ``%`` blanked (their line
    breaks kept, so lines keep their numbers): ``%@BOOK{...`` is commented out, not an
    entry, as every BibTeX tool but BibTeX itself reads it."""
    lines = text.split("\n")
    depth = 0
    for index, line in enumerate(lines):
        if depth == 0 and line.lstrip().startswith("%"):
            lines[index] = ""
            continue
        depth = max(0, depth + line.count("{") - line.count("\\{")
                    - line.count("}") + line.count("\\}"))
    return "\n".join(lines)


#: Between entries, what looks like ``name = {`` or starts with a closing brace is an
#: entry's rest, cut off by a brace that closed the entry too early.
_STRAY_FIELDS = re.compile(r"^\s*\}|\b[A-Za-z][\w-]*\s*=\s*[{\"]")


_MALFORMED_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


#: A line that starts a field: ``name = {``, ``name = "`` or ``name = value``.
_FIELD_START = re.compile(r"^\s*[A-Za-z][\w:.+-]*\s*=")


def unclosed_brace_line(raw: str) -> int | None:
    """The 0-based line of *raw* (an entry's text) where a brace is opened and never closed:
    the innermost brace still open when the next field starts, or the one that the entry's
    closing line closed instead of the entry."""
    open_lines: list[int] = []
    closed_by_entry_end: int | None = None
    for number, line in enumerate(raw.split("\n")):
        if len(open_lines) > 1 and _FIELD_START.match(line):
            return open_lines[-1]  # a field starts while a field's value is still open
        if len(open_lines) > 1 and line.strip() in ("}", ")"):
            closed_by_entry_end = open_lines[-1]
        for brace in unescaped_braces(line):
            if brace == "{":
                open_lines.append(number)
            elif open_lines:
                open_lines.pop()
    if len(open_lines) > 1:
        return open_lines[-1]
    return closed_by_entry_end if open_lines else None


def missing_comma_line(value: str) -> int | None:
    """The 0-based line of a field's *value* (as written, delimiters and all) where another
    field starts outside any brace: the comma between the two is missing."""
    depth = 0
    for number, line in enumerate(value.split("\n")):
        if number and depth == 0 and _FIELD_START.match(line):
            return number
        depth += line.count("{") - line.count("\\{") - line.count("}") + line.count("\\}")
    return None


def _missing_commas(block: Any, path: str, line: int) -> list[BibProblem]:
    raw: str = block.raw or ""
    problems = []
    for entry_field in block.fields:
        value = entry_field.value if isinstance(entry_field.value, str) else ""
        merged = missing_comma_line(value) if "\n" in value else None
        offset = raw.find(value) if merged is not None else -1
        if merged is None or offset < 0:
            continue
        where = line + raw[:offset].count("\n") + merged
        following = value.split("\n")[merged].split("=")[0].strip()
        problems.append(BibProblem(
            "syntax", f"entry {block.key!r}: no comma before field {following!r}, so it is read "
                      f"as part of field {entry_field.key!r}", path, where, block.key, line))
    return problems


def _define_string(parsed: ParsedBibFile, block: Any, path: str, line: int) -> None:
    """An ``@string`` definition, its value resolved with the strings before it."""
    value = resolve_value(block.value, parsed.strings)
    parsed.strings[block.key.lower()] = value
    if len(value) >= MAX_RESOLVED_LENGTH:
        parsed.problems.append(BibProblem(
            "syntax", f"@string {block.key!r} expands to more than "
            f"{MAX_RESOLVED_LENGTH} characters; it is cut there", path, line))


def _malformed_entry(raw: str, error: object, path: str, line: int) -> BibProblem:
    """A block bibtexparser could not read, located at its open brace where there is one."""
    text = raw.strip()
    key_match = _MALFORMED_KEY.match(text)
    key = key_match.group(1) if key_match else ""
    named = f" {key!r}" if key else ""
    lead = len(raw) - len(raw.lstrip())
    start = line + raw[:lead].count("\n")
    unclosed = unclosed_brace_line(text)
    if unclosed is not None and unclosed > 0:
        return BibProblem("syntax", f"malformed entry{named} (it starts at line {start}): a "
                          "brace opened on this line is never closed; the entry is skipped",
                          path, start + unclosed, key, start)
    reason = getattr(error, "abort_reason", None) or str(error)
    first = text.splitlines()[:1]
    shown = f" in {first[0][:60]!r}" if first else ""
    return BibProblem("syntax", f"malformed entry{shown}: {' '.join(reason.split())}; the "
                      "entry is skipped", path, start, key)


def parse_bib_text(text: str, path: str, digest: str) -> ParsedBibFile:
    """Parse the text of one bib file; never raises for bad input."""
    # imported here: only a build whose bib files changed parses, and this import is slow
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    parsed = ParsedBibFile(path=path, digest=digest)
    try:
        with quiet_bibtexparser():
            library = parse_string(without_comment_lines(text), parse_stack=[])
    except Exception as error:  # bibtexparser raises on states it considers its own bugs
        parsed.problems.append(
            BibProblem("syntax", f"could not parse the file: {error}", path, 1)
        )
        return parsed
    previous_entry = ""
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.ImplicitComment) and _STRAY_FIELDS.search(block.raw or ""):
            # bibtexparser closes an entry at the first brace that balances its opening one
            # and reads what follows as text between entries: fields lost without a word
            after = f" after entry {previous_entry!r}" if previous_entry else ""
            parsed.problems.append(BibProblem(
                "syntax", f"text{after} looks like fields of an entry (a brace closes the "
                "entry too early?); it is not read", path, line, previous_entry))
            continue
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, model.String):
            # BibTeX reads @string definitions in order: the last one is the value
            first_line = (block.previous_block.start_line or 0) + 1
            _define_string(parsed, block.ignore_error_block, path, line)
            parsed.problems.append(BibProblem(
                "duplicate", f"@string {block.key!r} is defined again (first at "
                f"{path}:{first_line}); the last definition is used, as BibTeX does",
                path, line))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            first_line = (block.previous_block.start_line or 0) + 1
            parsed.problems.append(
                BibProblem(
                    "duplicate",
                    f"duplicate key {block.key!r}: already defined at {path}:{first_line}; "
                    "the first definition is used",
                    path,
                    line,
                )
            )
        elif isinstance(block, model.ParsingFailedBlock):
            parsed.problems.append(_malformed_entry(block.raw or "", block.error, path, line))
        elif isinstance(block, model.String):
            _define_string(parsed, block, path, line)
        elif isinstance(block, model.Entry):
            previous_entry = block.key
            parsed.problems.extend(_missing_commas(block, path, line))
            parsed.add(
                BibEntry(
                    key=block.key,
                    entry_type=block.entry_type.lower(),
                    fields={f.key.lower(): f.value for f in block.fields},
                    path=path,
                    line=line,
                    raw=(block.raw or "").strip(),
                )
            )
    return parsed
