"""Finding summaries and paper roles in source files without parsing the whole document.

``shortscience check`` reads every source with these scanners instead of a full Sphinx
read: they find each ``summary`` directive (rST, MyST backtick or colon fences, notebooks'
Markdown cells), its argument, options and body with their lines, and each ``paper`` role,
skipping code blocks the way the grammar does.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..grammar.code import CODE_DIRECTIVES, code_regions, covers
from ..util.text import body_lines

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..grammar.tokens import Format

_RST_SUMMARY = re.compile(r"^([ \t]*)\.\.[ \t]+summary ?::(.*)$", re.IGNORECASE)
_RST_INCLUDE = re.compile(r"^[ \t]*\.\.[ \t]+include ?::[ \t]+(\S.*?)[ \t]*$", re.IGNORECASE)
_RST_OPTION = re.compile(r"^:([\w-]+):(?:[ \t]+(.*)|[ \t]*)$")
_MD_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}|:{3,})[ \t]*(.*?)[ \t]*$")
_MD_DIRECTIVE = re.compile(r"^\{([\w:+-]+)\}[ \t]*(.*)$")
_ROLES: dict[Format, re.Pattern[str]] = {
    "rst": re.compile(r"(?<![\w`]):(?:shortscience:)?paper:`([^`]+)`"),
    "markdown": re.compile(r"\{(?:shortscience:)?paper\}`([^`]+)`"),
}
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)


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


def scan_source(text: str, suffix: str, colon_fence: bool = True) -> ScannedSource:
    """Summaries and paper roles of a source file whose name ends with *suffix*."""
    if suffix == ".ipynb":
        return scan_notebook(text, colon_fence)
    if suffix in (".md", ".markdown", ".myst"):
        return scan_markdown(text.split("\n"), 0, colon_fence)
    return scan_rst(text.split("\n"), 0)


def scan_notebook(text: str, colon_fence: bool = True) -> ScannedSource:
    """The Markdown cells of a notebook, with lines numbered as myst-nb numbers them: line
    N of cell I (from 0) is ``(I + 1) * 10000 + 1 + N``, or from the notebook's source map
    (jupytext) when it has one."""
    found = ScannedSource()
    try:
        notebook = json.loads(text)
        cells = notebook.get("cells", [])
        source_map = notebook.get("metadata", {}).get("source_map")
    except (ValueError, AttributeError):
        return found
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        lines = ("".join(source) if isinstance(source, list) else str(source)).split("\n")
        start = source_map[index] if source_map else (index + 1) * 10000
        found.extend(scan_markdown(lines, start + 1, colon_fence))
    return found


# -- reStructuredText --------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_end(lines: list[str], start: int, base_indent: int) -> int:
    """Index after the last line (from *start*) indented deeper than *base_indent*."""
    end = start
    for index in range(start, len(lines)):
        if lines[index].strip():
            if _indent(lines[index]) <= base_indent:
                break
            end = index + 1
    return end


def _block_ends(lines: list[str]) -> list[int]:
    """For each non-blank line, what :func:`_block_end` gives for the lines after it, indented
    deeper than it.  Found for all lines at once, with a stack from the last line up: asked
    for each directive of a body, it was quadratic in the number of nested directives."""
    count = len(lines)
    indents = [_indent(line) if line.strip() else None for line in lines]
    previous_text_line = [-1] * (count + 1)  # the last non-blank line before each
    for index in range(count):
        previous_text_line[index + 1] = index if indents[index] is not None \
            else previous_text_line[index]
    ends = [index + 1 for index in range(count)]
    deeper: list[tuple[int, int]] = []  # (indent, line) below, waiting for an outdented one
    for index in range(count - 1, -1, -1):
        indent = indents[index]
        if indent is None:
            continue
        while deeper and deeper[-1][0] > indent:
            deeper.pop()
        outdented = deeper[-1][1] if deeper else count
        deeper.append((indent, index))
        ends[index] = max(index + 1, previous_text_line[outdented] + 1)
    return ends


def _dedent(lines: list[str]) -> list[str]:
    indents = [_indent(line) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] for line in lines]


def _skipped_lines(lines: list[str], fmt: Format) -> set[int]:
    """Indexes of lines inside code blocks, where a directive is only text."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    skipped: set[int] = set()
    for start, end in code_regions(text, fmt):
        if end - start < 2 or text.find("\n", start, end) == -1:
            continue  # a code span on one line never hides a directive
        first = _line_index(starts, start)
        last = _line_index(starts, max(start, end - 1))
        skipped.update(range(first + 1 if fmt == "rst" else first, last + 1))
    return skipped


def _line_index(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def scan_rst(lines: list[str], offset: int) -> ScannedSource:
    """rST *lines*, the first of which is line ``offset + 1`` of the file."""
    found = ScannedSource()
    skipped = _skipped_lines(lines, "rst")
    covered: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        match = _RST_SUMMARY.match(lines[index])
        if match is None or index in skipped:
            include = _RST_INCLUDE.match(lines[index])
            if include and index not in skipped:
                found.includes.append(include.group(1))
            index += 1
            continue
        base = len(match.group(1))
        end = _block_end(lines, index + 1, base)
        block = _dedent(lines[index + 1 : end])
        argument = [match.group(2).strip()]
        options: list[tuple[str, str]] = []
        position = 0
        while position < len(block) and block[position].strip():
            option = _RST_OPTION.match(block[position])
            if option:  # docutils reads option names in lower case
                options.append((option.group(1).lower(), (option.group(2) or "").strip()))
            elif options:  # a continuation line of the last option's value
                name, value = options[-1]
                options[-1] = (name, f"{value} {block[position].strip()}".strip())
            else:
                argument.append(block[position].strip())
            position += 1
        position, body = body_lines(block, position)
        first_line = offset + index + 1 + position + 1
        summary = FoundSummary(offset + index + 1, " ".join(a for a in argument if a),
                               options, "\n".join(body), first_line, False)
        found.summaries.append(summary)
        body_start = index + 1 + position
        covered.append((body_start, body_start + len(body)))
        found.roles.extend(_body_roles(summary))
        index = max(end, index + 1)
    found.roles.extend(_roles(lines, offset, "rst", covered))
    return found


# -- MyST Markdown -----------------------------------------------------------------------------


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    closer = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
    for index in range(start, len(lines)):
        if closer.match(lines[index]):
            return index
    return len(lines)


def _myst_options(content: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Options at the top of a MyST directive's content, and where the body starts."""
    options: list[tuple[str, str]] = []
    written: list[str] = []
    position = 0
    if content and content[0].strip() == "---":
        end = next((i for i in range(1, len(content)) if content[i].strip() == "---"), None)
        if end is not None:
            written = content[1:end]
            for line in written:
                name, colon, value = line.partition(":")
                if colon and name.strip():
                    options.append((name.strip(), value.strip().strip("'\"")))
            position = end + 1
    else:
        while position < len(content):
            option = _RST_OPTION.match(content[position].strip())
            if not option:
                break
            written.append(content[position].strip()[1:])
            options.append((option.group(1), (option.group(2) or "").strip()))
            position += 1
    return _read_as_myst_does(written) or options, position


def _rst_options(block: list[str]) -> list[tuple[str, str]]:
    """The options of an rST directive: its field list before the first blank line."""
    options: list[tuple[str, str]] = []
    for line in block:
        option = _RST_OPTION.match(line.strip())
        if not option:
            break
        options.append((option.group(1).lower(), (option.group(2) or "").strip()))
    return options


def _read_as_myst_does(written: list[str]) -> list[tuple[str, str]] | None:
    """Options as MyST's own reader takes them (a ``# comment`` dropped, quotes and block
    scalars read), where this MyST-Parser has one (from version 3) and it reads them."""
    if not written:
        return None
    try:  # here, not at the top: check reads few MyST options, and MyST may be too old
        from myst_parser.parsers.options import TokenizeError, options_to_items
    except ImportError:  # an older MyST-Parser read options as YAML
        return None
    try:
        items, _ = options_to_items("\n".join(written))
    except TokenizeError:
        return None
    return [(str(name), "" if value is None else str(value)) for name, value in items]


def scan_markdown(lines: list[str], offset: int, colon_fence: bool = True) -> ScannedSource:
    """MyST *lines*, the first of which is line ``offset + 1`` of the file (``:::`` fences
    are directives when MyST's ``colon_fence`` is on)."""
    found = ScannedSource()
    covered: list[tuple[int, int]] = []
    code: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        match = _MD_FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, info = match.group(2), match.group(3)
        if fence[0] == ":" and not colon_fence:
            index += 1  # text, to MyST without colon_fence
            continue
        close = _closing_fence(lines, index + 1, fence)
        directive = _MD_DIRECTIVE.match(info)
        name = directive.group(1).split(":")[-1].lower() if directive else ""
        if fence[0] == ":" and not directive:
            index += 1  # a line of colons is not a fence of its own
            continue
        content = lines[index + 1 : close]
        if name == "summary" and directive:
            options, position = _myst_options(content)
            position, body = body_lines(content, position)
            summary = FoundSummary(offset + index + 1, directive.group(2).strip(), options,
                                   "\n".join(body), offset + index + 1 + position + 1, True)
            found.summaries.append(summary)
            covered.append((index + 1 + position, close))
            found.roles.extend(_body_roles(summary))
        elif name == "include" and directive and directive.group(2).strip():
            found.includes.append(directive.group(2).strip())
        elif name == "eval-rst":
            found.extend(scan_rst(content, offset + index + 1))
            covered.append((index + 1, close))
        elif directive and name not in CODE_DIRECTIVES:
            # a directive whose content is Markdown (a note, a tab): look inside
            inner = scan_markdown(content, offset + index + 1, colon_fence)
            found.summaries.extend(inner.summaries)
            covered.append((index + 1, close))
            found.roles.extend(inner.roles)
        else:
            code.append((index, close))
        index = close + 1
    found.roles.extend(_roles(lines, offset, "markdown", covered + code))
    return found


# -- roles -------------------------------------------------------------------------------------


def _roles(lines: list[str], offset: int, fmt: Format,
           excluded: list[tuple[int, int]]) -> list[FoundRole]:
    """Paper roles outside the *excluded* line ranges, each at its paragraph's first line."""
    kept = list(lines)
    for start, end in excluded:
        for index in range(start, min(end, len(kept))):
            kept[index] = ""
    text = "\n".join(kept)
    if not _ROLES[fmt].search(text):
        return []
    return _roles_in_text(text, offset + 1, fmt)


def _body_roles(summary: FoundSummary) -> list[FoundRole]:
    fmt: Format = "rst" if dict(summary.options).get("format", "").lower() == "rst" \
        else "markdown"
    if not _ROLES[fmt].search(summary.body):
        return []
    return _roles_in_text(summary.body, summary.first_line, fmt)


def _roles_in_text(text: str, first_line: int, fmt: Format) -> list[FoundRole]:
    return [FoundRole(role_key(match.group(1)), line)
            for match, line in _role_matches(text, first_line, fmt,
                                             _ROLES[fmt].finditer(text))]


def _role_matches(text: str, first_line: int, fmt: Format,
                  matches: Iterable[re.Match[str]]) -> list[tuple[re.Match[str], int]]:
    """The role *matches* outside code, each with its paragraph's first line (the line
    docutils and MyST give a role)."""
    in_code = covers([(start, end) for start, end in code_regions(text, fmt)
                      if not _is_role_span(text, start, end)])
    # looked up, not searched for from each role: a paragraph of roles was quadratic
    newlines = [match.start() for match in re.finditer("\n", text)]
    paragraph_breaks = [match.start() for match in re.finditer("\n(?=\n)", text)]
    paragraph_lines: dict[int, int] = {}
    found: list[tuple[re.Match[str], int]] = []
    for match in matches:
        if in_code(match.start()):
            continue
        before = bisect.bisect_right(paragraph_breaks, match.start() - 2) - 1
        paragraph_start = paragraph_breaks[before] + 2 if before >= 0 else 0
        if paragraph_start not in paragraph_lines:
            first = paragraph_start
            while first < len(text) and text[first] == "\n":
                first += 1
            paragraph_lines[paragraph_start] = first_line + bisect.bisect_left(newlines, first)
        found.append((match, paragraph_lines[paragraph_start]))
    return found


def _is_role_span(text: str, start: int, end: int = -1) -> bool:
    """Whether the backtick span from *start* to *end* is the body of a role
    (``:paper:`key```, ``{paper}`key``` or rST's ```key`:paper:``)."""
    before = text[max(0, start - 40) : start]
    if re.search(r"(?::[\w:+-]+:|\{[\w:+-]+\})$", before):
        return True
    return end >= 0 and re.match(r":[\w:+.-]+:", text[end : end + 40]) is not None


def role_key(text: str) -> str:
    """The key of a role's text: ``key`` or ``shown text <key>``."""
    explicit = _EXPLICIT_TITLE.match(text)
    return (explicit.group(2) if explicit else text).strip()
