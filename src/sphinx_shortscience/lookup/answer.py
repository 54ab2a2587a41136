"""A service's BibTeX answer read for the one entry that was asked for.

An answer is hostile like any bib file: besides the entry it may hold others (a key the
project has already), ``@preamble``, ``@string`` and comments. Only the entry asked for is
kept, its values as the bib writer writes them (``@string`` macros of the answer expanded,
since they are not kept); everything else is named in :attr:`Requested.left_out`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bib.entries import resolve_value
from ..bib.parse import quiet_bibtexparser, without_comment_lines
from ..bib.writer import is_entry_type, is_field_name, key_problem, value_as_written

if TYPE_CHECKING:
    from collections.abc import Callable

#: A paper's entry is a few kilobytes, with its abstract; an answer larger than this is
#: refused, not cut (a cut answer would be read as another one).
MAX_ANSWER_CHARACTERS = 500_000


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A part of an answer that is not added: an ``entry`` (its key), an ``@string`` (its
    name), a ``@preamble``, a ``comment``, a ``field`` of the entry that is there already or
    whose name is none (its name), or an ``unreadable`` block (its first line)."""

    kind: str
    name: str = ""

    def __str__(self) -> str:
        shown = {"entry": f"entry {self.name!r}", "@string": f"@string {self.name!r}",
                 "field": f"field {self.name!r} of the entry (a second one, or no name)",
                 "unreadable": f"a block it could not read ({self.name[:60]!r})"}
        return shown.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Requested:
    """The entry asked for (None if the answer holds none), as it will be written."""

    key: str = ""
    entry_type: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    problem: str = ""  # why nothing can be added, when *key* is empty


def requested_entry(text: str, is_requested: Callable[[str, dict[str, str]], bool]
                    ) -> Requested:
    """The first entry of *text* for which ``is_requested(key, raw_fields)`` holds, and the
    rest of the answer, left out."""
    if len(text) > MAX_ANSWER_CHARACTERS:
        return Requested(problem=f"the answer is {len(text):,} characters long, more than "
                                 f"a paper's entry ever takes ({MAX_ANSWER_CHARACTERS:,})")
    # imported when an answer is read: bibtexparser is slow to import
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    try:
        with quiet_bibtexparser():
            blocks = parse_string(without_comment_lines(text), parse_stack=[]).blocks
    except Exception:  # bibtexparser raises on states it considers its own bugs
        return Requested(problem="the answer could not be read as BibTeX")
    strings = {block.key.lower(): resolve_value(block.value, {})
               for block in blocks if isinstance(block, model.String)}
    chosen: model.Entry | None = None
    left_out: list[LeftOut] = []
    for block in blocks:
        entry = block.ignore_error_block if isinstance(block, model.DuplicateFieldKeyBlock) \
            else block
        if isinstance(entry, model.Entry):
            raw = {f.key.lower(): f.value for f in reversed(entry.fields)}  # first wins
            if chosen is None and is_requested(entry.key, raw):
                chosen = entry
            else:
                left_out.append(LeftOut("entry", entry.key))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            left_out.append(LeftOut("entry", block.key))
        elif isinstance(block, model.String):
            left_out.append(LeftOut("@string", block.key))
        elif isinstance(block, model.Preamble):
            left_out.append(LeftOut("@preamble"))
        elif isinstance(block, model.ExplicitComment | model.ImplicitComment):
            left_out.append(LeftOut("comment"))
        elif isinstance(block, model.ParsingFailedBlock):
            left_out.append(LeftOut("unreadable", (block.raw or "").strip().split("\n")[0]))
    if chosen is None:
        return Requested(left_out=tuple(left_out), problem="the answer holds no such entry")
    problem = key_problem(chosen.key) or (
        None if is_entry_type(chosen.entry_type) else f"{chosen.entry_type!r} is no type")
    if problem:
        return Requested(left_out=tuple(left_out),
                         problem=f"its key {chosen.key!r} cannot be written: {problem}")
    fields: list[tuple[str, str]] = []
    for entry_field in chosen.fields:
        name = entry_field.key
        if not is_field_name(name) or name.lower() in (kept.lower() for kept, _ in fields):
            left_out.append(LeftOut("field", name))
        else:
            fields.append((name, value_as_written(entry_field.value, strings)))
    return Requested(chosen.key, chosen.entry_type.lower(), tuple(fields), tuple(left_out))
