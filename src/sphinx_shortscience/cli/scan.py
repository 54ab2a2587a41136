"""Finding summaries and paper roles in source files without parsing the whole document.

``shortscience check`` reads every source with these scanners instead of a full Sphinx
read: they find each ``summary`` directive (rST, MyST backtick or colon fences, notebooks'
Markdown cells), its argument, options and body with their lines, and each ``paper`` role,
skipping code blocks the way the grammar does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..grammar.allowed import directive_allowed
from ..grammar.code import CODE_DIRECTIVES, code_regions
from ..util.text import body_lines, line_of_offset

if TYPE_CHECKING:
    from ..grammar.tokens import Format

_RST_SUMMARY = re.compile(r"^([ \t]*)\.\.[ \t]+summary::(.*)$")
_RST_INCLUDE = re.compile(r"^[ \t]*\.\.[ \t]+include::[ \t]+(\S.*?)[ \t]*$")
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


def scan_source(text: str, suffix: str) -> ScannedSource:
    """Summaries and paper roles of a source file whose name ends with *suffix*."""
    if suffix == ".ipynb":
        return scan_notebook(text)
    if suffix in (".md", ".markdown", ".myst"):
        return scan_markdown(text.split("\n"), 0)
    return scan_rst(text.split("\n"), 0)


def scan_notebook(text: str) -> ScannedSource:
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
        found.extend(scan_markdown(lines, start + 1))
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
        if end - start < 2 or "\n" not in text[start:end]:
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
            if option:
                options.append((option.group(1), (option.group(2) or "").strip()))
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
    position = 0
    if content and content[0].strip() == "---":
        end = next((i for i in range(1, len(content)) if content[i].strip() == "---"), None)
        if end is not None:
            for line in content[1:end]:
                name, colon, value = line.partition(":")
                if colon and name.strip():
                    options.append((name.strip(), value.strip().strip("'\"")))
            position = end + 1
    else:
        while position < len(content):
            option = _RST_OPTION.match(content[position].strip())
            if not option:
                break
            options.append((option.group(1), (option.group(2) or "").strip()))
            position += 1
    return options, position


def scan_markdown(lines: list[str], offset: int) -> ScannedSource:
    """MyST *lines*, the first of which is line ``offset + 1`` of the file."""
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
        close = _closing_fence(lines, index + 1, fence)
        directive = _MD_DIRECTIVE.match(info)
        name = directive.group(1).split(":")[-1] if directive else ""
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
            inner = scan_markdown(content, offset + index + 1)
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
            for match, line in _role_matches(text, first_line, fmt, _ROLES[fmt])]


def _role_matches(text: str, first_line: int, fmt: Format,
                  pattern: re.Pattern[str]) -> list[tuple[re.Match[str], int]]:
    """Matches of a role *pattern* outside code, each with its paragraph's first line (the
    line docutils and MyST give a role)."""
    code = code_regions(text, fmt)
    found: list[tuple[re.Match[str], int]] = []
    for match in pattern.finditer(text):
        if any(start <= match.start() < end and not _is_role_span(text, start)
               for start, end in code):
            continue
        paragraph_start = max(text.rfind("\n\n", 0, match.start()) + 2, 0)
        if paragraph_start == 1:
            paragraph_start = 0
        line = line_of_offset(text, paragraph_start, first_line)
        while paragraph_start < len(text) and text[paragraph_start] == "\n":
            paragraph_start += 1
            line += 1
        found.append((match, line))
    return found


def _is_role_span(text: str, start: int) -> bool:
    """Whether a backtick span is the body of a role (``:paper:`key``` or ``{paper}`key```)."""
    before = text[max(0, start - 40) : start]
    return bool(re.search(r"(?::[\w:+-]+:|\{[\w:+-]+\})$", before))


def role_key(text: str) -> str:
    """The key of a role's text: ``key`` or ``shown text <key>``."""
    explicit = _EXPLICIT_TITLE.match(text)
    return (explicit.group(2) if explicit else text).strip()


# -- directives and roles of a summary body ------------------------------------------------

_ANY_ROLE: dict[Format, re.Pattern[str]] = {
    "rst": re.compile(r"(?<![\w`\\]):([\w:+.-]+):`([^`]*)`"),
    "markdown": re.compile(r"\{([\w:+.-]+)\}`([^`]*)`"),
}
_RST_ANY_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+([\w:+.-]+)::")


@dataclass(frozen=True, slots=True)
class FoundMarkup:
    """A directive or role used in a summary body, at its line in the file."""

    kind: str  # "directive" or "role"
    name: str
    line: int
    text: str = ""  # a role's text, a directive's content (after its options)
    options: tuple[str, ...] = ()  # a directive's options, by name


def body_markup(body: str, fmt: Format, first_line: int, *,
                colon_fence: bool = False) -> list[FoundMarkup]:
    """The directives and roles of a summary body that its parser would run: not those in
    code, nor inside a directive the allow-list refuses (whose text is shown as written)."""
    lines = body.split("\n")
    if fmt == "rst":
        return _rst_markup(lines, first_line)
    return _markdown_markup(lines, first_line, colon_fence)


def _roles_of(text: str, first_line: int, fmt: Format) -> list[FoundMarkup]:
    return [FoundMarkup("role", match.group(1), line, match.group(2))
            for match, line in _role_matches(text, first_line, fmt, _ANY_ROLE[fmt])]


def _rst_markup(lines: list[str], first_line: int) -> list[FoundMarkup]:
    found: list[FoundMarkup] = []
    skipped = _skipped_lines(lines, "rst")
    hidden: set[int] = set()
    for index, line in enumerate(lines):
        match = _RST_ANY_DIRECTIVE.match(line)
        if match is None or index in skipped or index in hidden:
            continue
        end = _block_end(lines, index + 1, len(match.group(1)))
        content = _dedent(lines[index + 1 : end])
        options, position = _myst_options(content)
        found.append(FoundMarkup("directive", match.group(2), first_line + index,
                                 "\n".join(content[position:]),
                                 tuple(name for name, _ in options)))
        if not directive_allowed(match.group(2)):  # its content is shown, not parsed
            hidden.update(range(index + 1, end))
    kept = [("" if index in hidden else line) for index, line in enumerate(lines)]
    return found + _roles_of("\n".join(kept), first_line, "rst")


def _markdown_markup(lines: list[str], first_line: int, colon_fence: bool) -> list[FoundMarkup]:
    found: list[FoundMarkup] = []
    kept = list(lines)
    index = 0
    while index < len(lines):
        match = _MD_FENCE.match(lines[index])
        if match is None or (match.group(2)[0] == ":" and not colon_fence):
            index += 1
            continue
        close = _closing_fence(lines, index + 1, match.group(2))
        directive = _MD_DIRECTIVE.match(match.group(3))
        content = lines[index + 1 : close]
        if directive:
            name = directive.group(1)
            options, position = _myst_options(content)
            found.append(FoundMarkup("directive", name, first_line + index,
                                     "\n".join(content[position:]),
                                     tuple(option for option, _ in options)))
            if name == "eval-rst" and directive_allowed(name):
                found += _rst_markup(content, first_line + index + 1)
            elif directive_allowed(name) and name.split(":")[-1] not in CODE_DIRECTIVES:
                found += _markdown_markup(content[position:], first_line + index + 1 + position,
                                          colon_fence)
        for hidden in range(index, min(close + 1, len(lines))):
            kept[hidden] = ""
        index = close + 1
    return found + _roles_of("\n".join(kept), first_line, "markdown")
