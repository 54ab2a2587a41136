"""Finding summaries, paper roles and includes in a source file with the parsers the build
uses: docutils' for reStructuredText, MyST's for Markdown (with the project's MyST syntax
extensions), so that a summary in a block quote, a list item or an ``only`` directive is
found wherever the build finds it, and a code block hides one exactly where it does.

Each file is parsed on its own, with every directive and role looked up here instead of
run (:func:`..compat.markup_lookups`): a ``summary`` is the build's own directive class,
which reads its argument, options and body lines as the build does, and records them
instead of rendering; an ``include`` is recorded (``check`` reads the included file where
it is); directives whose content is code or another language are skipped; every other
directive's content is parsed as part of the document. Nothing runs: no file is read, no
role or directive of the project's executes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util.nodes import split_explicit_title

from ..compat import is_myst_state
from ..grammar.code import CODE_DIRECTIVES
from ..summaries.written import WrittenDirective
from .parse_only import AnyDirective, parse_only

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

@dataclass
class FoundSummary:
    """A ``summary`` directive as written; lines are 1-based lines of the source file."""

    line: int
    argument: str
    options: list[tuple[str, str]]
    body: str
    first_line: int
    markdown_document: bool


@dataclass(frozen=True, slots=True)
class FoundRole:
    key: str
    line: int


@dataclass
class ScannedSource:
    summaries: list[FoundSummary] = field(default_factory=list)
    roles: list[FoundRole] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)  # paths as written

    def extend(self, other: ScannedSource) -> None:
        self.summaries.extend(other.summaries)
        self.roles.extend(other.roles)
        self.includes.extend(other.includes)


def role_key(text: str) -> str:
    """The key of a role's text: ``key`` or ``shown text <key>``."""
    key = split_explicit_title(text)[2]
    return key.strip()


PAPER_ROLES = frozenset({"paper", "shortscience:paper"})
#: Directives whose content is not the document's markup (``include`` is recorded).
UNPARSED = CODE_DIRECTIVES | {"include", "summary"}


def find_in_file(text: str, suffix: str, myst_extensions: Iterable[str],
                 source: str) -> ScannedSource:
    """Summaries, paper roles and includes of a source file whose name ends with *suffix*:
    a notebook's Markdown cells, Markdown, or reStructuredText."""
    if suffix == ".ipynb":
        found = ScannedSource()
        for start, cell in notebook_cells(text):
            found.extend(find_in_source(cell, True, myst_extensions, source, start + 2))
        return found
    return find_in_source(text, suffix in (".md", ".markdown", ".myst"), myst_extensions,
                          source)


def notebook_cells(text: str) -> list[tuple[int, str]]:
    """The Markdown cells of a notebook, each with the line myst-nb numbers its first line
    after: line N of cell I (both from 0) is ``(I + 1) * 10000 + 2 + N``, or from the
    notebook's source map (jupytext) when it has one."""
    try:
        notebook = json.loads(text)
        cells = notebook.get("cells", [])
        source_map = notebook.get("metadata", {}).get("source_map")
    except (ValueError, AttributeError):
        return []
    found = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        start = source_map[index] if source_map else (index + 1) * 10000
        found.append((start, "".join(source) if isinstance(source, list) else str(source)))
    return found


def find_in_source(text: str, markdown: bool, myst_extensions: Iterable[str],
                   source: str, first_line: int = 1) -> ScannedSource:
    """Summaries, paper roles and includes of *text* (the file *source*, or a notebook
    cell of it whose first line is the file's line *first_line*)."""
    found = ScannedSource()
    parse_only(text, markdown, source, directive=_directive, role=_role,
               myst_extensions=myst_extensions, shortscience_found=found,
               shortscience_shift=first_line - 1)
    return found


class _RecordedSummary(WrittenDirective):
    """The build's ``summary`` directive, recording what is written instead of rendering."""

    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        shift: int = settings.shortscience_shift
        options, _ = self.written_options()
        _, body_line = self.body_start()
        settings.shortscience_found.summaries.append(FoundSummary(
            line=self.lineno + shift, argument=self.arguments[0] if self.arguments else "",
            options=options, body="\n".join(self.content), first_line=body_line + shift,
            markdown_document=is_myst_state(self.state)))
        return []


class _RecordedInclude(Directive):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        self.state.document.settings.shortscience_found.includes.append(self.arguments[0])
        return []


class _Skipped(AnyDirective):
    """A directive whose content is code (or rST inside Markdown): not looked into."""


class _Parsed(_Skipped):
    """Any other directive: its content is parsed as part of the document (a note, an
    ``only``, a tab), as the build does for the directives that hold markup."""

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


def _directive(name: str, language: Any, document: Any) -> tuple[type[Directive], list[Any]]:
    lowered = name.lower()
    if lowered == "summary":
        return _RecordedSummary, []
    if lowered == "include":
        return _RecordedInclude, []
    return (_Skipped if lowered in UNPARSED else _Parsed), []


def _role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
    def role(role_name: str, rawtext: str, text: str, line: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
        if name.lower() in PAPER_ROLES:
            settings = inliner.document.settings
            settings.shortscience_found.roles.append(
                FoundRole(role_key(text), line + settings.shortscience_shift))
        return [nodes.Text(text)], []

    return role, []
