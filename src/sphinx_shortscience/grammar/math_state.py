"""What the reader of a formula knows as it goes: the group it is in, and why it stops."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MathRefusal:
    """Why a formula is shown as text: the *construct* as written and the *reason*.

    The reason reads on from the construct: "math uses '\\\\left(', which has no
    '\\\\right' to close it".
    """

    construct: str
    reason: str

    def explain(self) -> str:
        return f"uses '{self.construct}', {self.reason}"


class Refused(Exception):
    """What stops the reading of a formula: TeX would stop there too."""

    def __init__(self, construct: str, reason: str) -> None:
        super().__init__(construct)
        self.refusal = MathRefusal(construct, reason)


@dataclass(slots=True)
class Group:
    """What TeX reads at one level: a brace group, an argument, ``\\left...\\right``, an
    environment's body, or the formula itself; and what it has seen there so far."""

    opener: str
    #: what ends it: ``}``, ``\\right``, ``\\end{name}``, ``]``, ``$``, ``\\over`` (of
    #: ``\\buildrel``), or "" for the end of the formula
    closer: str
    text: bool = False
    #: how many cells a row may have here (0: no ``&`` at all; None: any number)
    columns: int | None = 0
    rows: bool = False
    kernel_rows: bool = False
    hline: bool = False
    #: in an optional [argument] with no braces between: a ``]`` would end it
    in_brackets: bool = False
    root_index: bool = False
    #: a ``:nowrap:`` block's top level, which is text that may hold display environments
    outer: bool = False
    environment: str = ""
    # the current row and cell
    cells: int = 1
    row_start: bool = True
    fraction: bool = False
    # the last symbol, for scripts and limits
    superscript: bool = False
    subscript: bool = False
    primes: bool = False
    operator: bool = False
