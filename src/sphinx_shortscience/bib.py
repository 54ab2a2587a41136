"""Reading BibTeX files into a :class:`Bibliography`, with a parse cache keyed on content.

Nothing here imports Sphinx: problems are returned as :class:`BibProblem` values and the
caller turns them into warnings.  Field values are kept raw (as written in the file) and
resolved (``@string`` macros, ``#`` concatenation, enclosing braces) only when a field is
shown; LaTeX decoding happens later still, in :mod:`sphinx_shortscience.fields`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: Bump when the cached structures change shape.
CACHE_VERSION = 4

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

    kind: str  # "syntax", "duplicate", "file"
    message: str
    path: str
    line: int | None = None
    key: str = ""  # the key of the entry concerned, when it could be read

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


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
        problems = [(p.kind, p.message, p.path, p.line, p.key) for p in self.problems]
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
                self.strings.setdefault(name, value)
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
        self.fingerprint = hashlib.sha256(
            "\0".join(f"{f.path}\0{f.digest}" for f in self.files).encode()
        ).hexdigest()

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

    def get(self, key: str) -> BibEntry | None:
        canonical = self.canonical_key(key)
        return None if canonical is None else self.entries[canonical]

    def field(self, entry: BibEntry, name: str) -> str:
        """The value of a field with macros and concatenation resolved, braces kept inside."""
        raw = entry.fields.get(name)
        if raw is None:
            return ""
        return resolve_value(raw, self.strings)

    def field_digest(self, key: str) -> str:
        """A digest of everything about *key* that a page can show ("" if unknown)."""
        entry = self.get(key)
        if entry is None:
            return ""
        resolved = "\0".join(f"{k}={self.field(entry, k)}" for k in sorted(entry.fields))
        text = f"{entry.key}\0{entry.entry_type}\0{resolved}\0{entry.raw}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


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


def resolve_value(raw: str, strings: dict[str, str]) -> str:
    """Resolve a raw BibTeX value: strip one level of ``{}`` or ``""``, expand macros."""
    raw = raw.strip()
    if "#" not in raw:
        return _resolve_part(raw, strings)
    return "".join(_resolve_part(part, strings) for part in _split_concatenation(raw))


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


# -- parsing ----------------------------------------------------------------------------------


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_bib_bytes(data: bytes) -> tuple[str, str | None]:
    """The text of a bib file and, if it was not UTF-8, a note saying how it was read."""
    try:
        text = data.decode("utf-8-sig")
        note = None
    except UnicodeDecodeError as error:
        text = data.decode("latin-1")
        note = (
            f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r}); "
            "read as Latin-1"
        )
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


def _line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_MALFORMED_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


def parse_bib_text(text: str, path: str, digest: str) -> ParsedBibFile:
    """Parse the text of one bib file; never raises for bad input."""
    from bibtexparser import model  # only needed when a file changed
    from bibtexparser.entrypoint import parse_string

    parsed = ParsedBibFile(path=path, digest=digest)
    try:
        with _quiet_bibtexparser():
            library = parse_string(text, parse_stack=[])
    except Exception as error:  # bibtexparser raises on states it considers its own bugs
        parsed.problems.append(
            BibProblem("syntax", f"could not parse the file: {error}", path, 1)
        )
        return parsed
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first_line = (block._previous_block.start_line or 0) + 1
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


# -- loading with a cache ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BibSource:
    """A bib file as configured: the name the user wrote and its absolute path."""

    name: str
    path: Path


def read_sources(sources: Sequence[BibSource]) -> tuple[dict[str, bytes], list[BibProblem]]:
    """Read every file's bytes; a missing or unreadable file becomes a problem."""
    contents: dict[str, bytes] = {}
    problems: list[BibProblem] = []
    for source in sources:
        try:
            contents[str(source.path)] = source.path.read_bytes()
        except OSError as error:
            reason = "not found" if isinstance(error, FileNotFoundError) else error.strerror
            problems.append(BibProblem("file", f"bib file {source.name!r} ({reason})",
                                       str(source.path)))
    return contents, problems


def fingerprint_of(contents: dict[str, bytes]) -> str:
    """A digest of the paths and contents of all files, in configuration order."""
    parts = [f"{path}\0{content_digest(data)}" for path, data in contents.items()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class BibCache:
    """Parsed files pickled in one folder, one file per source path, keyed on content."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _file_for(self, path: str) -> Path:
        name = hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()[:16]
        return self.folder / f"bib-{name}.cache"

    def load(self, path: str, digest: str) -> ParsedBibFile | None:
        try:
            data = self._file_for(path).read_bytes()
        except OSError:
            return None
        parsed = ParsedBibFile.from_bytes(data)
        if parsed is None or parsed.digest != digest or parsed.path != path:
            return None
        return parsed

    def store(self, parsed: ParsedBibFile) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".bib-", suffix=".tmp")
        except OSError:
            return  # a read-only build folder: no cache, the next build parses again
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(parsed.to_bytes())
            Path(temporary).replace(self._file_for(parsed.path))
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def load_bibliography(
    contents: dict[str, bytes],
    problems: Sequence[BibProblem] = (),
    cache: BibCache | None = None,
) -> Bibliography:
    """Parse (or take from *cache*) every file and merge them in order."""
    files: list[ParsedBibFile] = []
    for path, data in contents.items():
        digest = content_digest(data)
        parsed = cache.load(path, digest) if cache else None
        if parsed is None:
            text, note = decode_bib_bytes(data)
            parsed = parse_bib_text(text, path, digest)
            if note:
                parsed.problems.insert(0, BibProblem("file", f"bib file {note}", path, 1))
            if cache:
                cache.store(parsed)
        files.append(parsed)
    return Bibliography(files, problems)
