"""Writing a BibTeX entry that every reader reads as written: one value per field, one entry.

The values come from services (``shortscience add``) and are hostile: a title
``Inj \\{}, note = {INJECTED}`` must stay a title. BibTeX (and biber) end a braced value at
the brace that balances its opening one, counting every brace; bibtexparser, which this
package reads bib files with, does not count a brace right after a backslash. A value is
written so that both counts balance, so every reader ends it at the same brace; and no line
of it starts an entry (bibtexparser reads ``@type{`` at the start of a line as one). The
layout is bibtexparser's own writer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .entries import _split_concatenation, resolve_value

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The characters no key may hold: where a reader ends the key (BibTeX, biber, bibtexparser)
#: or starts something else. White space and control characters neither.
KEY_REFUSED = ',{}"=\\#%@'
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_:.+-]*$")
_ENTRY_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Blocks that are not entries, whatever they hold.
_NOT_ENTRY_TYPES = frozenset({"comment", "preamble", "string"})
#: A value written without braces: a number, or a macro's name (``month = jan``).
_BARE_VALUE = re.compile(r"^(?:\d+|[A-Za-z][A-Za-z0-9_.:+/-]*)$")
_LINE_STARTING_AN_ENTRY = re.compile(r"(\n[ \t]*)(?=@)")
_BRACE_SYMBOL = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def key_problem(key: str) -> str | None:
    """Why *key* cannot be an entry's key, or None when it can."""
    if not key:
        return "it is empty"
    refused = sorted({c for c in key if c in KEY_REFUSED or c.isspace() or not c.isprintable()})
    if refused:
        return "it holds " + " ".join(repr(c) for c in refused)
    return None


def is_field_name(name: str) -> bool:
    return bool(_FIELD_NAME.match(name))


def is_entry_type(name: str) -> bool:
    return bool(_ENTRY_TYPE.match(name)) and name.lower() not in _NOT_ENTRY_TYPES


def _unpaired_braces(text: str) -> set[int]:
    """The indexes of the braces of *text* that do not pair up, in either count: those a
    backslash precedes pair among themselves (BibTeX counts them, bibtexparser does not),
    the others among themselves."""
    open_after_backslash: list[int] = []
    open_plain: list[int] = []
    unpaired: set[int] = set()
    for index, char in enumerate(text):
        if char not in "{}":
            continue
        opened = open_after_backslash if text[index - 1:index] == "\\" else open_plain
        if char == "{":
            opened.append(index)
        elif opened:
            opened.pop()
        else:
            unpaired.add(index)
    return unpaired | set(open_after_backslash) | set(open_plain)


def bibtex_value(text: str) -> str:
    """*text* (a field's LaTeX) as one braced value that every reader ends at its last
    brace. A brace that does not pair up becomes ``\\textbraceleft{}`` or
    ``\\textbraceright{}`` (shown as the brace), a line that would start with ``@`` starts
    with ``{}@``; the rest is kept as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    unpaired = _unpaired_braces(text)
    pieces: list[str] = []
    for index, char in enumerate(text):
        if index not in unpaired:
            pieces.append(char)
            continue
        backslashes = len(text[:index]) - len(text[:index].rstrip("\\"))
        if backslashes % 2:
            pieces.pop()  # LaTeX's \{ or \}: the symbol stands for both characters
            pieces.append(_BRACE_SYMBOL[char])
        else:  # after \\ (a line break), or after no backslash at all
            pieces.append((" " if backslashes else "") + _BRACE_SYMBOL[char])
    value = _LINE_STARTING_AN_ENTRY.sub(r"\1{}", "".join(pieces))
    if value.endswith("\\"):
        value += " "  # the closing brace must not follow a backslash
    return "{" + value + "}"


def value_as_written(raw: str, strings: dict[str, str] | None = None) -> str:
    """A value as a BibTeX file wrote it (braced, quoted, a number, a macro, a ``#``
    concatenation), as this writer writes it: a number or a macro's name as it is (unless
    *strings* defines the macro: then its text), anything else as one braced value of its
    text (see :func:`bibtex_value`)."""
    raw = raw.strip()
    strings = strings or {}
    if _BARE_VALUE.match(raw) and raw.lower() not in strings:
        return raw
    if len(_split_concatenation(raw)) == 1 and raw[:1] == "{" and raw[-1:] == "}":
        return bibtex_value(raw[1:-1])
    return bibtex_value(resolve_value(raw, strings))


def entry_text(entry_type: str, key: str, fields: Sequence[tuple[str, str]],
               indent: str = "  ") -> str:
    """The entry, fields aligned as bibtexparser writes them, every value as
    :func:`value_as_written` makes it; ends without a line break. Raises ValueError for a
    type, key or field name that cannot be written (the caller checks them first)."""
    # imported when an entry is written (add): bibtexparser is slow to import
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat

    problem = key_problem(key)
    if problem:
        raise ValueError(f"key {key!r} cannot be written: {problem}")
    if not is_entry_type(entry_type):
        raise ValueError(f"{entry_type!r} is not an entry type")
    names = [name.lower() for name, _ in fields]
    if not all(map(is_field_name, names)) or len(set(names)) < len(names):
        raise ValueError(f"field names {names!r} cannot be written (or twice)")
    entry = Entry(entry_type, key, [Field(name, value_as_written(value))
                                    for name, value in fields])
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = indent
    layout.value_column = "auto"
    text: str = write_string(Library([entry]), unparse_stack=[], bibtex_format=layout)
    return text.rstrip("\n")
