"""How deeply a summary body nests, bounded before and after it is parsed.

docutils and MyST recurse once per level of nesting, and so do Sphinx's pickling of a
doctree, its copies and its writers: a body nested a couple of hundred levels deep (a line
of 97 enumerators ``1. 1. 1. ...``, a run of emphasis ``*_*_*_...``) exhausts Python's
stack and stops the build.  So a body is parsed only when :func:`too_deep` finds it nested
less than :data:`MAX_DEPTH` levels, and its nodes are kept only when :func:`tree_too_deep`
finds them nested less than :data:`MAX_TREE_DEPTH` levels; else it is shown as written.

:func:`too_deep` reads the text (the build and ``shortscience check`` call it alike), so it
over-counts rather than misses: each column of what opens a level at a line's start (an
indentation, a quote, a bullet, an enumerator, a field, an option, a footnote, a directive,
a line block or table border), each MyST directive fence open around the line, each pair
of emphasis open around a character of a paragraph.  :func:`tree_too_deep` measures the
parsed nodes, whatever made them: it holds for a construct the text measure would miss.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .code import CODE_DIRECTIVES

if TYPE_CHECKING:
    from docutils import nodes

    from .tokens import Format

#: Deeper than this (see :func:`too_deep`), a body is not parsed.  No summary needs it.
MAX_DEPTH = 100
#: Deeper than this (levels of nodes below the body), a parsed body is not kept.  Sphinx
#: cannot pickle a doctree about 195 levels deep (five of Python's 1,000 frames a level),
#: and a paper page holds the summary a few levels deeper than its own page; a body as
#: deep as :data:`MAX_DEPTH` allows makes at most about 150 (a definition list makes three
#: levels of nodes per two columns of indentation).
MAX_TREE_DEPTH = 160
#: What a MyST directive fence counts for: its directive makes up to five levels of nodes
#: (a list-table's table, group, body, row and entry), for one line of text.
FENCE_DEPTH = 4

#: What opens a level at a line's start, in either language; each column counts (a tab,
#: eight).  No alternative reads far into a run and fails where another one then takes one
#: character of it: a long run is read a bounded number of times, not once per character.
_NESTING_PREFIX = re.compile(
    r"""(?:
        (?:--?|/)[A-Za-z0-9][\w=.-]*(?=[ \t]|$)                  # an option: -a, --all, /V
      | [ \t>*+|\-\u2022\u2023\u2043]                           # indent, quote, bullet, border
      | \(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|\#)[.)](?=[ \t]|$)  # an enumerator: 1. a) (iv) #.
      | :[^:\s][^:\n]*:(?=[ \t]|$)                               # a field: :name:
      | :(?=[ \t]|$)                                             # a MyST definition
      | \.\.(?:[ \t]+(?:[\w:+.-]+::|\[[^\]\s]+\]))?(?=[ \t]|$)  # a directive, a footnote
      | \[\^?[^\]\s]+\]:?(?=[ \t]|$)                             # a MyST footnote, a label
    )*""",
    re.VERBOSE,
)
_FENCE = re.compile(r"(`{3,}|~{3,}|:{3,})[ \t]*(.*)")
_DIRECTIVE_INFO = re.compile(r"\{([\w:+-]+)\}")
_EMPHASIS_RUN = re.compile(r"\*+|_+|~+")


def too_deep(text: str, fmt: Format = "markdown") -> str | None:
    """Why *text* is not parsed (nested too deep), or None."""
    fences = _OpenFences() if fmt == "markdown" else None
    paragraph: list[str] = []
    paragraph_depth = 0  # of its deepest line
    for line in [*text.split("\n"), ""]:
        if not line.strip():
            if paragraph and fmt == "markdown":
                paragraph_depth += _emphasis_depth("\n".join(paragraph))
            if paragraph_depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            paragraph, paragraph_depth = [], 0
            continue
        paragraph.append(line)
        prefix_end = _prefix_end(line)
        depth = prefix_end + 7 * line.count("\t", 0, prefix_end)  # a tab: up to 8 columns
        if fences is not None:
            fence = _FENCE.match(line, prefix_end)
            if fence:
                fences.see(fence.group(1)[0], len(fence.group(1)), fence.group(2).strip())
            depth += FENCE_DEPTH * fences.directives
        paragraph_depth = max(paragraph_depth, depth)
    return None


def _prefix_end(line: str) -> int:
    """Where what opens levels at the start of *line* ends."""
    match = _NESTING_PREFIX.match(line)
    return match.end() if match else 0


class _OpenFences:
    """The Markdown fences open around a line, as a body's lines go by.

    A fence with a directive whose content is Markdown (``{note}``, not ``{code-block}``)
    nests it; a code fence's content is text up to its closing fence.  Where this differs
    from MyST it keeps more fences open, never fewer.
    """

    def __init__(self) -> None:
        self.open: list[tuple[str, int, bool]] = []  # (character, length, is a directive)
        self.directives = 0
        #: for each fence character, the shortest of its open fences from the bottom up to
        #: each of them, to tell at once whether a closing fence closes any
        self._shortest: dict[str, list[int]] = {}

    def see(self, char: str, length: int, info: str) -> None:
        in_code = bool(self.open) and not self.open[-1][2]
        shortest = self._shortest.get(char)
        if not info and shortest and shortest[-1] <= length:
            while True:  # close the innermost fence it can close, and those inside it
                top_char, top_length, _ = self._pop()
                if top_char == char and top_length <= length:
                    return
        if in_code:
            return  # a line of the code
        directive = _DIRECTIVE_INFO.match(info)
        is_directive = directive is not None and (
            directive.group(1).rpartition(":")[2] not in CODE_DIRECTIVES)
        self.open.append((char, length, is_directive))
        self.directives += is_directive
        shortest = self._shortest.setdefault(char, [])
        shortest.append(min(length, shortest[-1]) if shortest else length)

    def _pop(self) -> tuple[str, int, bool]:
        char, length, is_directive = self.open.pop()
        self.directives -= is_directive
        self._shortest[char].pop()
        return char, length, is_directive


def _emphasis_depth(paragraph: str) -> int:
    """How many pairs of emphasis (``*``, ``_``, ``~``) may be open around one character of
    a Markdown *paragraph*, counted as if each run that may close one closed the latest
    runs that may open one (more than CommonMark's rules ever pair)."""
    open_runs: dict[str, list[list[int]]] = {"*": [], "_": [], "~": []}  # [start, length]
    changes: list[tuple[int, int]] = []  # (offset, +levels opened / -levels closed)
    for run in _EMPHASIS_RUN.finditer(paragraph):
        start, end = run.span()
        char, length = paragraph[start], end - start
        if start and not paragraph[start - 1].isspace():  # may close
            runs = open_runs[char]
            while length and runs:
                opener = runs[-1]
                paired = min(length, opener[1])
                changes += [(opener[0], paired), (start, -paired)]
                length -= paired
                opener[1] -= paired
                if not opener[1]:
                    runs.pop()
        if length and end < len(paragraph) and not paragraph[end].isspace():  # may open
            open_runs[char].append([start, length])
    deepest = depth = 0
    for _, levels in sorted(changes):
        depth += levels
        deepest = max(deepest, depth)
    return deepest


def tree_too_deep(root: nodes.Node) -> str | None:
    """Why the parsed body *root* is not kept (nested too deep), or None.  Walked with a
    list, not recursively: the tree may be deeper than Python's stack."""
    pending = [(root, 0)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_TREE_DEPTH:
            return f"nested deeper than {MAX_TREE_DEPTH} levels once parsed"
        pending.extend((child, depth + 1) for child in node.children)  # a text's are ()
    return None
