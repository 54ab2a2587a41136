"""Code in a summary body (Markdown or rST): regions the grammar must leave alone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tokens import Format

CODE_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "math", "raw", "literalinclude",
    "highlight", "doctest", "testcode", "testoutput", "parsed-literal", "csv-table",
    "eval-rst", "mermaid", "graphviz", "digraph", "graph",
})  # fmt: skip


_MD_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
_RST_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+([\w:+-]+)::", re.MULTILINE)
_RST_LITERAL_MARKER = re.compile(r"::[ \t]*$", re.MULTILINE)


def _fence_regions(text: str) -> list[tuple[int, int]]:
    """Markdown fenced code blocks, except MyST directives whose content is Markdown."""
    regions: list[tuple[int, int]] = []
    position = 0
    while True:
        match = _MD_FENCE.search(text, position)
        if match is None:
            return regions
        indent, fence, info = match.group(1), match.group(2), match.group(3).strip()
        closer = re.compile(
            r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE
        )
        end_match = closer.search(text, match.end())
        end = end_match.end() if end_match else len(text)
        directive = re.match(r"^\{([\w:+-]+)\}", info)
        if directive and directive.group(1).split(":")[-1] not in CODE_DIRECTIVES:
            # the content of e.g. ```{note} is Markdown: scan it, skip only the fence lines
            regions.append((match.start(), match.end()))
            if end_match:
                regions.append((end_match.start(), end_match.end()))
        else:
            regions.append((match.start(), end))
        position = max(end, match.end() + 1)
        del indent


def _backtick_regions(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code spans: a run of N backticks up to the next run of exactly N backticks."""
    regions: list[tuple[int, int]] = []
    runs = [m for m in re.finditer(r"`+", text) if not _inside(m.start(), skip)]
    index = 0
    while index < len(runs):
        opener = runs[index]
        if opener.start() > 0 and text[opener.start() - 1] == "\\":
            index += 1
            continue
        for later in range(index + 1, len(runs)):
            if len(runs[later].group(0)) == len(opener.group(0)):
                regions.append((opener.start(), runs[later].end()))
                index = later + 1
                break
        else:
            index += 1
    return regions


def _indented_block_end(text: str, start: int, base_indent: int) -> int:
    """End of the block of lines after *start* indented deeper than *base_indent*."""
    position = start
    end = start
    while position < len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline == -1 else newline
        line = text[position:line_end]
        if line.strip():
            indent = len(line) - len(line.lstrip())
            if indent <= base_indent:
                break
            end = line_end
        position = line_end + 1
    return end


def _rst_block_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    for match in _RST_DIRECTIVE.finditer(text):
        name = match.group(2).split(":")[-1]
        if name in CODE_DIRECTIVES:
            line_end = text.find("\n", match.end())
            if line_end == -1:
                line_end = len(text)
            regions.append((match.start(), _indented_block_end(text, line_end + 1,
                                                               len(match.group(1)))))
    for match in _RST_LITERAL_MARKER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()]
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith(".."):
            continue
        regions.append((match.end(), _indented_block_end(text, match.end() + 1, indent)))
    return regions


def code_regions(text: str, fmt: Format) -> list[tuple[int, int]]:
    """Spans of *text* that are code in *fmt* and must be left alone, sorted."""
    blocks = _fence_regions(text) if fmt == "markdown" else _rst_block_regions(text)
    spans = blocks + _backtick_regions(text, blocks)
    return sorted(spans)


def _inside(position: int, regions: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in regions)
