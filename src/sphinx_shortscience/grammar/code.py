"""Code in a summary body (Markdown or rST): regions the grammar must leave alone."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

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
    skipped = covers(skip)
    runs = [m for m in re.finditer(r"`+", text) if not skipped(m.start())]
    # the next run of the same length, for each run: looked for run by run, this was
    # quadratic in the number of runs
    next_of_same_length = [-1] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = len(runs[index].group(0))
        next_of_same_length[index] = last_of_length.get(length, -1)
        last_of_length[length] = index
    index = 0
    while index < len(runs):
        opener = runs[index]
        later = next_of_same_length[index]
        if (opener.start() > 0 and text[opener.start() - 1] == "\\") or later == -1:
            index += 1
            continue
        regions.append((opener.start(), runs[later].end()))
        index = later + 1
    return regions


class _IndentedBlocks:
    """The lines of a text, to find where the block indented under a line ends.

    For each line, the next line indented as little or less is found once for all lines (a
    stack, from the last line up); walking the lines after each marker instead was
    quadratic in the number of nested markers."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        indents: list[int | None] = []  # None: a blank line
        position = 0
        for line in text.split("\n"):
            self.starts.append(position)
            self.ends.append(position + len(line))
            indents.append(len(line) - len(line.lstrip()) if line.strip() else None)
            position += len(line) + 1
        count = len(indents)
        #: the next non-blank line indented as little as this one or less (count if none)
        self.next_outdented = [count] * count
        #: the last non-blank line before this one (-1 if none)
        self.previous_text_line = [-1] * (count + 1)
        last = -1
        for index, indent in enumerate(indents):
            self.previous_text_line[index] = last
            if indent is not None:
                last = index
        self.previous_text_line[count] = last
        deeper: list[int] = []  # lines still waiting for their next_outdented
        for index in range(count - 1, -1, -1):
            indent = indents[index]
            if indent is None:
                continue
            while deeper and indents[deeper[-1]] > indent:  # type: ignore[operator]
                deeper.pop()
            self.next_outdented[index] = deeper[-1] if deeper else count
            deeper.append(index)
        self.indents = indents

    def end_under(self, line_start: int) -> int:
        """The end of the lines after the (non-blank) line starting at *line_start* that are
        indented deeper than it; where the next line starts if there are none."""
        index = bisect.bisect_right(self.starts, line_start) - 1
        after = self.ends[index] + 1
        last = self.previous_text_line[self.next_outdented[index]]
        return self.ends[last] if last > index else after


def _rst_block_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    blocks: _IndentedBlocks | None = None
    for match in _RST_DIRECTIVE.finditer(text):
        name = match.group(2).split(":")[-1]
        if name in CODE_DIRECTIVES:
            blocks = blocks or _IndentedBlocks(text)
            regions.append((match.start(), blocks.end_under(match.start())))
    for match in _RST_LITERAL_MARKER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start : match.start()].lstrip().startswith(".."):
            continue
        blocks = blocks or _IndentedBlocks(text)
        regions.append((match.end(), blocks.end_under(line_start)))
    return regions


def code_regions(text: str, fmt: Format) -> list[tuple[int, int]]:
    """Spans of *text* that are code in *fmt* and must be left alone, sorted."""
    blocks = _fence_regions(text) if fmt == "markdown" else _rst_block_regions(text)
    spans = blocks + _backtick_regions(text, blocks)
    return sorted(spans)


def covers(regions: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether an offset is in one of *regions* (which may overlap): a look-up in their
    union, not a walk through them."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(region for region in regions if region[0] < region[1]):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)

    def covered(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < ends[index]

    return covered
