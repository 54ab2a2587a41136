"""Whether TeX can typeset a formula: its structure, beyond the allow-list of names.

A formula may use only allowed commands and still stop pdflatex, and with it the whole
PDF: an unbalanced brace, ``\\left`` without ``\\right``, ``&`` outside an aligning
environment, an unknown colour, ``\\limits`` after a letter, two ``\\over`` in one group, a
rule 100000pt wide.  :func:`typesetting_problem` reads a formula the way TeX will, once and
left to right, and names the first thing TeX would stop at, or that would draw outside the
formula's own place (a length beyond :data:`MAX_LENGTH_EM`).

Three kinds of math, as Sphinx writes them for LaTeX:

* ``inline``: ``\\(...\\)``, also in section titles, links, table cells and captions;
* ``display``: each part (parts are apart by a blank line) is a row of ``split`` when
  there is one part, of ``aligned`` when there are more, inside ``equation*``;
* ``unwrapped``: a ``:nowrap:`` math block, copied as it is: text, so it may hold only
  display environments such as ``align``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from .math_reader import Reader, check_body
from .math_state import Group, MathRefusal, Refused

__all__ = ["MathKind", "MathRefusal", "display_as_inline", "display_parts",
           "latex_characters", "typesetting_problem"]

MathKind = Literal["inline", "display", "unwrapped"]

#: The most characters one formula may have: far beyond any real formula, and far below
#: what TeX reads as one line (200000 characters) or holds in its memory.
MAX_FORMULA_LENGTH = 20000

#: The most characters one formula may have: far beyond any real formula, and far below
#: what TeX reads as one line (200000 characters) or holds in its memory.
MAX_FORMULA_LENGTH = 20000

#: What TeX cannot read at all (control characters), and what ends its paragraph.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_DECLARED = re.compile(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}")
STYLE = Path(__file__).resolve().parent.parent / "texinputs" / "sphinxshortscience.sty"


@functools.cache
def latex_characters() -> frozenset[str]:
    """The non-ASCII characters pdflatex typesets in math with Sphinx's preamble: Latin-1
    (inputenc and T1) and what ``sphinxshortscience.sty`` declares."""
    declared = _DECLARED.findall(STYLE.read_text(encoding="utf-8"))
    return frozenset(chr(code) for code in range(0xA0, 0x100)) | {
        chr(int(code, 16)) for code in declared}


def typesetting_problem(latex: str, kind: MathKind = "inline") -> MathRefusal | None:
    """What in *latex* TeX cannot typeset as math of *kind*, or None."""
    if len(latex) > MAX_FORMULA_LENGTH:
        return MathRefusal(latex[:12] + "...", f"which starts a formula of {len(latex)} "
                           f"characters, more than the {MAX_FORMULA_LENGTH} math may have")
    if len(latex) > MAX_FORMULA_LENGTH:
        return MathRefusal(latex[:12] + "...", f"which starts a formula of {len(latex)} "
                           f"characters, more than the {MAX_FORMULA_LENGTH} math may have")
    unreadable = _UNREADABLE.search(latex)
    if unreadable:
        return MathRefusal(f"U+{ord(unreadable.group()):04X}",
                           "which is a control character TeX cannot read")
    if _NOT_ASCII.search(latex):
        known = latex_characters()
        for char in _NOT_ASCII.findall(latex):
            if char not in known:
                return MathRefusal(char, f"which is a character (U+{ord(char):04X}) pdflatex "
                                   "cannot typeset in math; write a command such as \\infty")
    parts = display_parts(latex) if kind == "display" else [latex]
    reader = Reader(latex, display=kind != "inline")
    try:
        for part in parts:
            blank = _BLANK_LINE.search(part)
            if blank:
                raise Refused("blank line", "which ends TeX's paragraph, and the math with it")
            reader.text, reader.position = part, 0
            reader.read(_top_group(kind, several_parts=len(parts) > 1))
        if kind == "display" and len(parts) == 1:
            check_body(parts[0])
    except Refused as refused:
        return refused.refusal
    return None


def _top_group(kind: MathKind, *, several_parts: bool) -> Group:
    if kind == "inline":
        return Group("", "")
    if kind == "unwrapped":
        return Group("", "", outer=True)
    # Sphinx's LaTeX writer puts one part in split, several in the rows of aligned
    return Group("", "", columns=None if several_parts else 2, rows=True)


def display_as_inline(latex: str) -> str:
    """Display math written as inline math that typesets the same rows.

    An excerpt shows a summary's display math in its one paragraph; its rows (``\\\\``) and
    columns (``&``) and its parts (apart by a blank line) need an ``aligned`` around them
    there, as Sphinx's LaTeX writer gives them one in display math.
    """
    parts = display_parts(latex)
    if len(parts) == 1 and typesetting_problem(parts[0], "inline") is None:
        return parts[0]
    return "\\begin{aligned}" + " \\\\ ".join(parts) + "\\end{aligned}"


def display_parts(latex: str) -> list[str]:
    """The parts of display math as Sphinx writes them: apart by a blank line, each
    stripped when there are several (sphinx.util.math.wrap_displaymath)."""
    parts = [part for part in latex.split("\n\n") if part.strip()]
    return [part.strip() for part in parts] if len(parts) > 1 else parts
