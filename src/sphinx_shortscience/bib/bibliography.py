"""All bib files of a project merged: entries by key, ``@string`` macros, problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..util.digest import content_digest, short_digest
from .entries import DBLP_PREFIX, BibEntry, BibProblem, ParsedBibFile, resolve_value

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: Fields a child never takes from its parent.
NOT_INHERITED = frozenset({"title", "crossref", "xdata", "ids", "key", "entryset", "related",
                           "shorthand", "label"})
#: Entry types whose title is the booktitle of the entries that cross-reference them.
TITLE_AS_BOOKTITLE = frozenset({"proceedings", "book", "collection", "mvproceedings",
                                "mvbook", "mvcollection", "reference", "mvreference"})


class _Entries(Mapping[str, BibEntry]):
    """The entries of a bibliography by key, decoded from their records on first use."""

    def __init__(self) -> None:
        self.where: dict[str, tuple[ParsedBibFile, int]] = {}
        self.decoded: dict[str, BibEntry] = {}

    def __getitem__(self, key: str) -> BibEntry:
        entry = self.decoded.get(key)
        if entry is None:
            parsed, index = self.where[key]
            entry = self.decoded[key] = parsed.entry(index)
        return entry

    def __contains__(self, key: object) -> bool:
        return key in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


class Bibliography:
    """Entries of all bib files in order, the first definition of a key winning."""

    def __init__(self, files: Sequence[ParsedBibFile], problems: Sequence[BibProblem] = ()):
        self.files = list(files)
        self.entries = _Entries()
        self.strings: dict[str, str] = {}
        self.problems: list[BibProblem] = list(problems)
        where = self.entries.where
        for parsed in self.files:
            self.problems.extend(parsed.problems)
            for name, value in parsed.strings.items():
                self.strings[name] = value  # the last definition, as BibTeX reads them
            for index, key in enumerate(parsed.keys):
                first = where.get(key)
                if first is None:
                    where[key] = (parsed, index)
                elif first[0].path != parsed.path:
                    first_file, first_index = first
                    self.problems.append(BibProblem(
                        "duplicate",
                        f"duplicate key {key!r}: already defined at {first_file.path}:"
                        f"{first_file.lines[first_index]}; the first definition is used",
                        parsed.path, parsed.lines[index]))
        self._folded: dict[str, str] | None = None
        self._parents: dict[str, tuple[list[BibEntry], list[str]]] = {}
        self.fingerprint = content_digest(
            "\0".join(f"{f.path}\0{f.digest}" for f in self.files).encode())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.canonical_key(key) is not None

    def malformed(self, key: str) -> BibProblem | None:
        """The syntax problem of an entry with *key* that could not be parsed, if any."""
        for problem in self.problems:
            if problem.kind == "syntax" and problem.key and problem.key in (
                    key, DBLP_PREFIX + key, key.removeprefix(DBLP_PREFIX)):
                return problem
        return None

    def canonical_key(self, key: str) -> str | None:
        """The bib key that *key* names: itself, its ``DBLP:`` twin, or a case variant."""
        if key in self.entries:
            return key
        twin = key[len(DBLP_PREFIX) :] if key.startswith(DBLP_PREFIX) else DBLP_PREFIX + key
        if twin in self.entries:
            return twin
        if self._folded is None:
            folded: dict[str, str] = {}
            ambiguous: set[str] = set()
            for known in self.entries:
                lower = known.casefold()
                if lower in folded:
                    ambiguous.add(lower)
                folded[lower] = known
            self._folded = {k: v for k, v in folded.items() if k not in ambiguous}
        return self._folded.get(key.casefold())

    def close_spellings(self, key: str, count: int = 3) -> list[str]:
        """Known keys spelled like *key* (case aside), the closest first."""
        folded = {known.casefold(): known for known in self.entries}
        matcher = difflib.SequenceMatcher(b=key.casefold())
        scored = []
        for candidate in difflib.get_close_matches(key.casefold(), folded, count, 0.6):
            matcher.set_seq1(candidate)
            scored.append((matcher.ratio(), folded[candidate]))
        return [known for score, known in scored if score >= scored[0][0] - 0.1]

    def similar_keys(self, key: str, count: int = 3) -> list[str]:
        """Known keys that look like *key*, for a "did you mean" hint: the closest spellings
        (case aside); failing those, the keys that share a word found in few keys."""
        close = self.close_spellings(key, count)
        if close:
            return close
        folded = {known.casefold(): known for known in self.entries}
        for word in (w for w in re.split(r"[\W_]+", key.casefold()) if len(w) > 3):
            sharing = [known for folded_key, known in folded.items() if word in folded_key]
            if 0 < len(sharing) <= count:
                return sharing
        return []

    def get(self, key: str) -> BibEntry | None:
        canonical = self.canonical_key(key)
        return None if canonical is None else self.entries[canonical]

    def field(self, entry: BibEntry, name: str) -> str:
        """The value of a field with macros and concatenation resolved, braces kept inside;
        a field the entry lacks comes from its ``crossref`` or ``xdata`` parents."""
        raw = entry.fields.get(name)
        if raw is None:
            raw = self._inherited(entry, name)
            if raw is None:
                return ""
        return resolve_value(raw, self.strings)

    def parents(self, entry: BibEntry) -> tuple[list[BibEntry], list[str]]:
        """The entries *entry* inherits from (``crossref``, then biblatex ``xdata``, and
        theirs in turn), and the problems: a parent that is missing, or a cycle.  Worked
        out once per entry: every field the entry lacks asks for them."""
        known = self._parents.get(entry.key)
        if known is None:
            known = self._parents[entry.key] = self._find_parents(entry)
        return known

    def _find_parents(self, entry: BibEntry) -> tuple[list[BibEntry], list[str]]:
        found: list[BibEntry] = []
        problems: list[str] = []
        seen = {entry.key}
        pending = [entry]
        while pending:
            child = pending.pop(0)
            for field_name in ("crossref", "xdata"):
                value = resolve_value(child.fields.get(field_name, ""), self.strings)
                for key in (k.strip() for k in value.split(",") if k.strip()):
                    parent = self.get(key)
                    if parent is None:
                        problems.append(f"{field_name} of {child.key!r} names {key!r}, which no "
                                        "bib file defines; its fields are not inherited")
                    elif parent.key in seen:
                        problems.append(f"{field_name} of {child.key!r} names {key!r}, which "
                                        f"inherits from {child.key!r} in turn; the cycle is cut")
                    else:
                        seen.add(parent.key)
                        found.append(parent)
                        pending.append(parent)
        return found, problems

    def _inherited(self, entry: BibEntry, name: str) -> str | None:
        if name in NOT_INHERITED or not ("crossref" in entry.fields or "xdata" in entry.fields):
            return None
        for parent in self.parents(entry)[0]:
            if name in parent.fields:
                return parent.fields[name]
            # biblatex: a proceedings' or book's title is its parts' booktitle
            if name == "booktitle" and parent.entry_type in TITLE_AS_BOOKTITLE \
                    and "title" in parent.fields:
                return parent.fields["title"]
        return None

    def field_digest(self, key: str) -> str:
        """A digest of everything about *key* that a page can show ("" if unknown)."""
        entry = self.get(key)
        if entry is None:
            return ""
        names = set(entry.fields)
        parents = self.parents(entry)[0] if "crossref" in names or "xdata" in names else []
        for parent in parents:
            names |= set(parent.fields) | ({"booktitle"} if "title" in parent.fields else set())
        resolved = "\0".join(f"{k}={self.field(entry, k)}" for k in sorted(names))
        raws = "\0".join([entry.raw, *(parent.raw for parent in parents)])
        text = f"{entry.key}\0{entry.entry_type}\0{resolved}\0{raws}"
        return short_digest(text)
