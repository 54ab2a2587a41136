"""What a bib file holds once parsed: entries, problems, and field values resolved.

Problems are :class:`BibProblem` values; the caller turns them into warnings.  Field values
are kept raw (as written in the file) and resolved (``@string`` macros, ``#``
concatenation, enclosing braces) only when a field is shown; LaTeX decoding happens later
still, in :mod:`sphinx_shortscience.bib.decode`.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field

#: Bump when the cached structures change shape.
CACHE_VERSION = 9

MONTH_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April",
    "may": "May", "jun": "June", "jul": "July", "aug": "August",
    "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}  # fmt: skip

DBLP_PREFIX = "DBLP:"


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One ``@type{key, ...}`` entry, its fields as written."""

    key: str
    entry_type: str
    fields: dict[str, str]
    path: str
    line: int
    raw: str


@dataclass(frozen=True, slots=True)
class BibProblem:
    """Something wrong in a bib file, located at the file and its 1-based line."""

    kind: str  # "syntax", "duplicate", "file", "control"
    message: str
    path: str
    line: int | None = None
    key: str = ""  # the key of the entry concerned, when it could be read
    entry_line: int | None = None  # where that entry starts, when *line* is inside it

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def entry_location(self) -> str:
        """Where the entry concerned starts (the problem may be further down)."""
        line = self.entry_line or self.line
        return f"{self.path}:{line}" if line else self.path


@dataclass(slots=True)
class ParsedBibFile:
    """The cacheable result of parsing one file.

    Entries are kept as compact records (``marshal`` bytes) and turned into
    :class:`BibEntry` only when a page shows them: a 20,000-entry file then loads from the
    cache in a few tens of milliseconds, since only the keys are needed up front.
    """

    path: str
    digest: str
    keys: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    records: list[bytes] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)

    def add(self, entry: BibEntry) -> None:
        self.keys.append(entry.key)
        self.lines.append(entry.line)
        self.records.append(marshal.dumps((entry.entry_type, entry.fields, entry.raw)))

    def entry(self, index: int) -> BibEntry:
        entry_type, fields, raw = marshal.loads(self.records[index])
        return BibEntry(self.keys[index], entry_type, fields, self.path, self.lines[index], raw)

    @property
    def entries(self) -> list[BibEntry]:
        return [self.entry(index) for index in range(len(self.keys))]

    def to_bytes(self) -> bytes:
        problems = [(p.kind, p.message, p.path, p.line, p.key, p.entry_line)
                    for p in self.problems]
        return marshal.dumps((CACHE_VERSION, self.path, self.digest, self.keys, self.lines,
                              self.records, self.strings, problems))

    @classmethod
    def from_bytes(cls, data: bytes) -> ParsedBibFile | None:
        try:
            version, path, digest, keys, lines, records, strings, problems = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if version != CACHE_VERSION:
            return None
        return cls(path, digest, keys, lines, records, strings,
                   [BibProblem(*problem) for problem in problems])


# -- field values ---------------------------------------------------------------------------


def _split_concatenation(raw: str) -> list[str]:
    """Split a raw value on ``#`` outside braces and quotes."""
    parts: list[str] = []
    depth = 0
    in_quotes = False
    start = 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            in_quotes = not in_quotes
        elif char == "#" and depth == 0 and not in_quotes:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return [part.strip() for part in parts]


#: The longest value a macro or field expands to (BibTeX's own buffers are far smaller):
#: ten ``@string`` lines that each repeat the one before ten times would be 10 GB.
MAX_RESOLVED_LENGTH = 100_000


def resolve_value(raw: str, strings: dict[str, str]) -> str:
    """Resolve a raw BibTeX value: strip one level of ``{}`` or ``""``, expand macros; cut
    at :data:`MAX_RESOLVED_LENGTH` characters."""
    raw = raw.strip()
    if "#" not in raw:
        return _resolve_part(raw, strings)[:MAX_RESOLVED_LENGTH]
    pieces: list[str] = []
    length = 0
    for part in _split_concatenation(raw):
        piece = _resolve_part(part, strings)[: MAX_RESOLVED_LENGTH - length]
        pieces.append(piece)
        length += len(piece)
        if length >= MAX_RESOLVED_LENGTH:
            break
    return "".join(pieces)


def _resolve_part(part: str, strings: dict[str, str]) -> str:
    if len(part) >= 2 and (
        (part[0] == "{" and part[-1] == "}") or (part[0] == '"' and part[-1] == '"')
    ):
        return part[1:-1]
    if part.isdigit():
        return part
    lowered = part.lower()
    if lowered in strings:
        return strings[lowered]
    if lowered in MONTH_MACROS:
        return MONTH_MACROS[lowered]
    return part
