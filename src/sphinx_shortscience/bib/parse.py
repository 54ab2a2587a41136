"""Parsing the text of one bib file with bibtexparser v2; every problem located, never a raise."""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .entries import BibEntry, BibProblem, ParsedBibFile, resolve_value

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
def _quiet_bibtexparser() -> Iterator[None]:
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


def parse_bib_text(text: str, path: str, digest: str) -> ParsedBibFile:
    """Parse the text of one bib file; never raises for bad input."""
    # imported here: only a build whose bib files changed parses, and this import is slow
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    parsed = ParsedBibFile(path=path, digest=digest)
    try:
        with _quiet_bibtexparser():
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
        if isinstance(block, model.DuplicateBlockKeyBlock):
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
            reason = getattr(block.error, "abort_reason", None) or str(block.error)
            first = (block.raw or "").strip().splitlines()[:1]
            shown = f" in {first[0][:60]!r}" if first else ""
            key = _MALFORMED_KEY.match((block.raw or "").strip())
            parsed.problems.append(
                BibProblem(
                    "syntax",
                    f"malformed entry{shown}: {' '.join(reason.split())}; the entry is skipped",
                    path,
                    line,
                    key.group(1) if key else "",
                )
            )
        elif isinstance(block, model.String):
            parsed.strings[block.key.lower()] = resolve_value(block.value, parsed.strings)
        elif isinstance(block, model.Entry):
            previous_entry = block.key
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
