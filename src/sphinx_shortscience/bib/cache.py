"""Reading the configured bib files and loading them through a cache keyed on content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..util.digest import content_digest, short_digest
from ..util.files import atomic_write
from ..util.text import control_message, visible_controls
from .bibliography import Bibliography
from .entries import BibProblem, ParsedBibFile
from .parse import DEFAULT_ENCODING, decode_bib_bytes, parse_bib_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


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
    return content_digest("\0".join(parts).encode())


class BibCache:
    """Parsed files in one folder, one file per source path, keyed on content."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _file_for(self, path: str) -> Path:
        return self.folder / f"bib-{short_digest(path)}.cache"

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
            atomic_write(self._file_for(parsed.path), parsed.to_bytes())
        except OSError:
            return  # a read-only build folder: no cache, the next build parses again


def load_bibliography(
    contents: dict[str, bytes],
    problems: Sequence[BibProblem] = (),
    cache: BibCache | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> Bibliography:
    """Parse (or take from *cache*) every file, read in *encoding*, and merge them in order."""
    files: list[ParsedBibFile] = []
    for path, data in contents.items():
        # the encoding is part of what was parsed: another one means another parse
        digest = content_digest(data) + ("" if encoding == DEFAULT_ENCODING else f":{encoding}")
        parsed = cache.load(path, digest) if cache else None
        if parsed is None:
            text, note = decode_bib_bytes(data, encoding)
            text, controls = visible_controls(text)
            parsed = parse_bib_text(text, path, digest)
            parsed.problems[:0] = _control_problems(text, controls, path)
            if note:
                parsed.problems.insert(0, BibProblem("file", f"bib file {note.message}", path,
                                                     note.line))
            if cache:
                cache.store(parsed)
        files.append(parsed)
    return Bibliography(files, problems)


def _control_problems(text: str, controls: list[tuple[int, str]],
                      path: str) -> list[BibProblem]:
    """One problem per line of *text* that held control characters (*controls*: the
    offset and character of each, now shown as its symbol)."""
    problems: dict[int, BibProblem] = {}
    line, counted_to = 1, 0
    for offset, char in controls:
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        if line not in problems:
            problems[line] = BibProblem("control", control_message("the bib file", char),
                                        path, line)
    return list(problems.values())
