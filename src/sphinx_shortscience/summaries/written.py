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

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
