"""Adding entries to a bib file the user owns: appended, never rewritten.

Every byte already in the file stays as it was (encoding, line ends, comments); the new
entries follow in the file's own indent, line ends and encoding, and the file is replaced
in one step.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bib.writer import entry_text as written_entry
from ..util.files import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

    from .services import Found

_FIELD_LINE = re.compile(r"^([ \t]+)[A-Za-z][\w:.+-]*\s*=", re.MULTILINE)
DEFAULT_INDENT = "  "
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True, slots=True)
class BibStyle:
    """How a bib file is written: what new entries follow."""

    newline: str = "\n"
    indent: str = DEFAULT_INDENT
    encoding: str = "utf-8"


def file_style(data: bytes, configured_encoding: str = "utf-8-sig") -> BibStyle:
    """The style of an existing file's bytes; the defaults where the file is ambiguous."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        encoding = "utf-8" if configured_encoding.lower() in ("utf-8-sig", "utf8") \
            else configured_encoding
    text = data.decode(encoding, errors="replace").removeprefix("\ufeff")
    crlf, lf = text.count("\r\n"), text.count("\n")
    newline = "\r\n" if crlf and crlf == lf else "\n"
    indents = Counter(match.group(1) for match in _FIELD_LINE.finditer(text))
    indent = DEFAULT_INDENT
    if indents:
        common, count = indents.most_common(1)[0]
        if count * 4 >= sum(indents.values()) * 3:  # three in four field lines agree
            indent = common
    return BibStyle(newline, indent, encoding)


def entry_text(found: Found, style: BibStyle) -> str:
    """The entry in the file's indent, lines ending in ``\\n`` (the newline comes later)."""
    return written_entry(found.entry_type, found.key, found.fields, style.indent)


def appended_bytes(data: bytes, entries: list[str], style: BibStyle) -> bytes:
    """*data* unchanged, then *entries*, each after a blank line, in the file's style."""
    existing = data.decode(style.encoding, errors="replace").replace("\r\n", "\n")
    if not existing.strip() or existing.endswith("\n\n"):
        lead = ""
    elif existing.endswith("\n"):
        lead = "\n"
    else:
        lead = "\n\n"
    addition = lead + "\n\n".join(entry.rstrip("\n") for entry in entries) + "\n"
    return data + addition.replace("\n", style.newline).encode(style.encoding)


def append_entries(path: Path, entries: list[str], style: BibStyle) -> None:
    data = path.read_bytes() if path.exists() else b""
    atomic_write(path, appended_bytes(data, entries, style))
