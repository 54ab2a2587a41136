"""The directives and roles of a summary body, found as its parser would run them.

``shortscience check`` asks this of each body it scans (:mod:`.scan`): which directives
and roles the allow-list must judge, what their options and arguments are, and which
links a Markdown parser does not see (MyST's ``{image}``, an ``{eval-rst}``'s rST).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..grammar.allowed import directive_allowed
from ..grammar.code import CODE_DIRECTIVES
from .scan import (
    _MD_DIRECTIVE,
    _MD_FENCE,
    _block_ends,
    _closing_fence,
    _dedent,
    _myst_options,
    _role_matches,
    _rst_options,
    _skipped_lines,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..grammar.tokens import Format

_ANY_ROLE: dict[Format, re.Pattern[str]] = {
    "rst": re.compile(r"(?<![\w`\\]):([\w:+.-]+):`([^`]*)`"),
    "markdown": re.compile(r"\{([\w:+.-]+)\}`([^`]*)`"),
}
#: rST's other spelling of a role, after its text: ```secret.txt`:download:``
_SUFFIX_ROLE = re.compile(r"(?<![\w`\\])`([^`]+)`:([\w:+.-]+):(?![\w`])")
_ROLE_NAME_PUNCTUATION = ":+.-"


def _is_role_name_char(char: str) -> bool:
    """Whether *char* may be in the name of an rST role (``[\\w:+.-]``)."""
    return char.isalnum() or char == "_" or char in _ROLE_NAME_PUNCTUATION


def _may_open_role(text: str, colon: int) -> bool:
    """Whether the colon at *colon* may open an rST role: not after a word character, a
    backtick or a backslash."""
    if colon == 0:
        return True
    before = text[colon - 1]
    return not (before.isalnum() or before in "_`\\")


def _any_role_matches(text: str, fmt: Format) -> Iterator[re.Match[str]]:
    """What ``_ANY_ROLE[fmt].finditer(text)`` finds.

    For rST, the pattern is only tried where a role can start: at the first colon that may
    open one, in the run of name characters before each ``:`` + backtick.  Let loose on a
    run of thousands of colons, the pattern tried each of them and read the rest of the run
    each time (quadratic in the run's length)."""
    pattern = _ANY_ROLE[fmt]
    if fmt != "rst":
        yield from pattern.finditer(text)
        return
    position = 0
    while True:
        name_end = text.find(":`", position)
        if name_end == -1 or text.find("`", name_end + 2) == -1:
            return
        run_start = name_end
        while run_start > position and _is_role_name_char(text[run_start - 1]):
            run_start -= 1
        match = None
        for start in range(run_start, name_end - 1):
            if text[start] == ":" and _may_open_role(text, start):
                match = pattern.match(text, start)
                if match:
                    break
        if match is None:
            position = name_end + 1
            continue
        yield match
        position = match.end()


_RST_ANY_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+([\w:+.-]+) ?::")


@dataclass(frozen=True, slots=True)
class FoundMarkup:
    """A directive or role used in a summary body, at its line in the file."""

    kind: str  # "directive", "role", or "syntax" (MyST's ``{eval-rst}``)
    name: str
    line: int
    text: str = ""  # a role's text, a math directive's content (after its options),
    # an {eval-rst}'s rST
    argument: str = ""  # a directive's argument
    options: tuple[tuple[str, str], ...] = ()  # a directive's options


def body_markup(body: str, fmt: Format, first_line: int, *,
                colon_fence: bool = False) -> list[FoundMarkup]:
    """The directives and roles of a summary body that its parser would run: not those in
    code, nor inside a directive the allow-list refuses (whose text is shown as written)."""
    lines = body.split("\n")
    if fmt == "rst":
        return _rst_markup(lines, first_line)
    return _markdown_markup(lines, first_line, colon_fence)


def _roles_of(text: str, first_line: int, fmt: Format) -> list[FoundMarkup]:
    found = [FoundMarkup("role", match.group(1), line, match.group(2))
             for match, line in _role_matches(text, first_line, fmt,
                                              _any_role_matches(text, fmt))]
    if fmt == "rst" and "`:" in text:
        found += [FoundMarkup("role", match.group(2), line, match.group(1))
                  for match, line in _role_matches(text, first_line, fmt,
                                                   _SUFFIX_ROLE.finditer(text))]
    return found


def _content_is_read(directive: str) -> bool:
    """Whether ``check`` reads the content of *directive* (a math directive's): only then is
    it kept in :attr:`FoundMarkup.text`, since joining the content of every directive was
    quadratic in the number of nested directives."""
    return directive.rpartition(":")[2] == "math"


def _option_lines(lines: list[str], start: int, end: int) -> list[str]:
    """The lines of a directive's block up to its first blank line, dedented: where its
    options are (read alone, so that nested directives stay linear)."""
    head = []
    for line in lines[start:end]:
        if not line.strip():
            break
        head.append(line)
    return _dedent(head)


def _rst_markup(lines: list[str], first_line: int) -> list[FoundMarkup]:
    found: list[FoundMarkup] = []
    skipped = _skipped_lines(lines, "rst")
    hidden: set[int] = set()
    block_ends: list[int] | None = None
    for index, line in enumerate(lines):
        match = _RST_ANY_DIRECTIVE.match(line)
        if match is None or index in skipped or index in hidden:
            continue
        block_ends = block_ends or _block_ends(lines)
        end = block_ends[index]
        name = match.group(2)
        options = _rst_options(_option_lines(lines, index + 1, end))
        content = ""
        if _content_is_read(name):  # after its options, as the directive reads it
            content = "\n".join(_dedent(lines[index + 1 : end])[len(options):])
        found.append(FoundMarkup("directive", name, first_line + index, content,
                                 line[match.end():].strip(), tuple(options)))
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
            if name == "eval-rst":  # MyST's own syntax, not a directive: its rST is parsed
                found.append(FoundMarkup("syntax", name, first_line + index,
                                         "\n".join(content)))
                found += _rst_markup(content, first_line + index + 1)
            else:
                found.append(FoundMarkup("directive", name, first_line + index,
                                         "\n".join(content[position:])
                                         if _content_is_read(name) else "",
                                         directive.group(2).strip(), tuple(options)))
            if name != "eval-rst" and directive_allowed(name) and (
                    name.split(":")[-1] not in CODE_DIRECTIVES):
                found += _markdown_markup(content[position:], first_line + index + 1 + position,
                                          colon_fence)
        for hidden in range(index, min(close + 1, len(lines))):
            kept[hidden] = ""
        index = close + 1
    return found + _roles_of("\n".join(kept), first_line, "markdown")
