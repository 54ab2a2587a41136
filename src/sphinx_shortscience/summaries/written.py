"""What a summary says before its body is parsed, and what is wrong with it: one checker
for the build's ``summary`` directive and for ``shortscience check``.

Both hand over the directive as written (its argument, its options, its body's lines) and
get back the key, the options as the build uses them, the body with control characters
shown, and the problems in the order a reader meets them, each located by the part of the
summary it is in (the key, an option, or a line of the body); each caller turns that part
into a file and line its own way (the directive through docutils' state machine, check
through the lines of the file).
"""

from __future__ import annotations

import os.path
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.util.docutils import SphinxDirective

from ..compat import is_myst_state
from ..warnings_ import ShortScienceWarning
from .rules import (
    UNFINISHED_MESSAGE,
    VisibleSummary,
    check_options,
    skeleton_line,
    summary_key,
    visible_summary,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..grammar.tokens import Format


def absolute_path(path: str) -> str:
    """*path* made absolute the way Sphinx shows a node's location (symlinks kept)."""
    return os.path.abspath(path)  # noqa: PTH100


class _AnyOption(dict[str, Callable[[str], Any]]):
    """An option spec that lets unknown options through, so that ``run`` can report them
    as ``shortscience.bad_option`` at their line and still render the summary (docutils
    would drop the whole directive)."""

    def __missing__(self, name: str) -> Callable[[str], Any]:
        return _unknown


def _unknown(value: str | None) -> tuple[str, str | None]:
    return ("__unknown__", value)


def _text(value: str | None) -> str:
    return (value or "").strip()


class WrittenDirective(SphinxDirective):
    """What the ``summary`` directive reads as written (argument, options, where its body
    starts), shared by the build's directive and ``shortscience check``, which records
    summaries with it instead of rendering them."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _AnyOption(
        author=_text,
        date=_text,
        keywords=_text,
        format=_text,
        name=_text,
        **{"class": _text},
    )

    def body_start(self) -> tuple[str, int]:
        """The file and the line (in that file) where the body starts."""
        myst = is_myst_state(self.state)
        if self.content.items and self.content.items[0][1] is not None and not myst:
            item_source, offset = self.content.items[0]
            return absolute_path(item_source), int(offset) + 1
        line = self.lineno + self.content_offset + 1
        if myst:  # MyST numbers lines within the current file
            return str(self.state.document["source"]), line
        source, local = self.state_machine.get_source_and_line(line)
        return absolute_path(str(source or self.state.document["source"])), local or line

    def written_options(self) -> tuple[list[tuple[str, str]], list[str]]:
        """The options as written (name, value), and the names the directive does not
        know (kept by :class:`_AnyOption` so that they are reported, not dropped)."""
        options = [(name, value[1] or "" if isinstance(value, tuple) else value)
                   for name, value in self.options.items()]
        unknown = [name for name, value in self.options.items()
                   if isinstance(value, tuple) and value[:1] == ("__unknown__",)]
        return options, unknown



@dataclass(frozen=True, slots=True)
class SummaryProblem:
    """A problem of a summary as written: *part* is ``key``, ``body`` (with the 0-based
    *line* of the body) or the name of an option."""

    subtype: ShortScienceWarning
    message: str
    part: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class WrittenSummary:
    argument: str  # the key argument, control characters shown
    options: list[tuple[str, str]]  # as written, control characters shown
    body: list[str]  # the body's lines, control characters shown
    key: str
    checked: dict[str, str]  # the known options, normalized (``date``, ``format``)
    problems: list[SummaryProblem]

    @property
    def format(self) -> Format:
        return "rst" if self.checked["format"] == "rst" else "markdown"


def read_summary(argument: str, options: Iterable[tuple[str, str]], unknown: Iterable[str],
                 body: Iterable[str], classes: Iterable[str] = ()) -> WrittenSummary:
    """Check a summary as written: control characters, its key, its options (those named
    in *unknown* are not the directive's), and the placeholder ``shortscience new`` wrote."""
    unknown = set(unknown)
    visible = visible_summary(argument, options, body)
    problems = [SummaryProblem(ShortScienceWarning.control_character,
                               VisibleSummary.message(part, char), part, line)
                for part, line, char in visible.controls]
    key, key_problem = summary_key(visible.argument)
    if key_problem:
        problems.append(SummaryProblem(ShortScienceWarning.bad_argument, key_problem, "key"))
    given = [(name, value) for name, value in visible.options if name not in unknown]
    checked, option_problems = check_options(given, [n for n, _ in visible.options
                                                     if n in unknown], classes)
    problems += [SummaryProblem(p.subtype, p.message, p.option) for p in option_problems]
    placeholder = skeleton_line("\n".join(visible.body))
    if placeholder is not None:
        problems.append(SummaryProblem(ShortScienceWarning.unfinished, UNFINISHED_MESSAGE,
                                       "body", placeholder))
    return WrittenSummary(visible.argument, visible.options, visible.body, key, checked,
                          problems)
