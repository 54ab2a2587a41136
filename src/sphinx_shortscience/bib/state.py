"""The bibliography of one build: read lazily, parsed once per change, problems reported.

A build that changes nothing never parses the bib files: their bytes are hashed (cheap) and
compared with the fingerprint the environment remembers.  When they changed, the parse
comes from the content-keyed cache or bibtexparser, and the problems are reported as
located warnings once for that content (like a document's warnings, which Sphinx reports
when it reads the document).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..warnings_ import ShortScienceWarning, warn
from .cache import BibCache, BibSource, fingerprint_of, load_bibliography, read_sources
from .parse import DEFAULT_ENCODING

if TYPE_CHECKING:
    from pathlib import Path

    from .bibliography import Bibliography
    from .entries import BibProblem

_PROBLEM_SUBTYPES = {
    "syntax": ShortScienceWarning.bib_syntax,
    "duplicate": ShortScienceWarning.duplicate_key,
    "file": ShortScienceWarning.bib_file,
    "control": ShortScienceWarning.control_character,
}


class BibState:
    """Owns the :class:`Bibliography` for the life of one Sphinx application (or one
    command): reads the files once, parses them only when asked."""

    def __init__(
        self,
        sources: list[BibSource],
        cache_folder: Path,
        setting_name: str,
        setting_location: str | None = None,
        *,
        shared_with_bibtex: bool = False,
        encoding: str = DEFAULT_ENCODING,
    ):
        self.encoding = encoding
        self.sources = sources
        #: sphinxcontrib-bibtex reads the same files and reports some problems itself
        self.shared_with_bibtex = shared_with_bibtex
        self.setting_location = setting_location
        self.cache = BibCache(cache_folder)
        self.setting_name = setting_name
        self._contents: dict[str, bytes] | None = None
        self._read_problems: list[BibProblem] = []
        self._fingerprint: str | None = None
        self._bibliography: Bibliography | None = None

    def _read(self) -> dict[str, bytes]:
        if self._contents is None:
            self._contents, self._read_problems = read_sources(self.sources)
        return self._contents

    @property
    def fingerprint(self) -> str:
        """A digest of the configured files' paths and bytes (reads them, never parses)."""
        if self._fingerprint is None:
            contents = self._read()
            missing = ",".join(sorted(p.path for p in self._read_problems))
            self._fingerprint = fingerprint_of(contents) + missing + self.encoding
        return self._fingerprint

    @property
    def loaded(self) -> bool:
        return self._bibliography is not None

    @property
    def bibliography(self) -> Bibliography:
        if self._bibliography is None:
            self._bibliography = load_bibliography(
                self._read(), self._read_problems, cache=self.cache, encoding=self.encoding
            )
        return self._bibliography

    def report_problems(self) -> None:
        for subtype, message, location in self.problem_warnings():
            warn(subtype, message, location)

    def problem_warnings(self) -> list[tuple[ShortScienceWarning, str, str | None]]:
        """Each problem of the bib files as a warning: subtype, message and location."""
        warnings: list[tuple[ShortScienceWarning, str, str | None]] = []
        for problem in self.bibliography.problems:
            if self.shared_with_bibtex and self._reported_by_bibtex(problem):
                continue
            message = problem.message
            location: str | None = problem.location
            if problem.kind == "file" and problem.line is None:
                message = f"{self.setting_name}: {message}: {problem.path}"
                location = self.setting_location
            warnings.append((_PROBLEM_SUBTYPES[problem.kind], message, location))
        return warnings

    def _reported_by_bibtex(self, problem: BibProblem) -> bool:
        """Whether sphinxcontrib-bibtex, reading the same files, reports *problem* too:
        a file that is not there, and the first repeated key of each file (pybtex stops
        reading a file there)."""
        if problem.kind == "file" and problem.line is None:
            return "(not found)" in problem.message
        if problem.kind != "duplicate":
            return False
        in_file = [p for p in self.bibliography.problems
                   if p.kind == "duplicate" and p.path == problem.path]
        return min(in_file, key=lambda p: p.line or 0) is problem
