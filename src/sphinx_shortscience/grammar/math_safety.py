"""Which math may reach MathJax and LaTeX: an allow-list, since math is passed on verbatim.

Summaries and bib files are untrusted input.  Math from them goes as written to MathJax in
the browser (where ``\\href``, ``\\style`` or ``\\cssId`` could link to script or restyle
the page) and to LaTeX for the PDF (where ``\\input``, ``\\catcode`` or ``\\scantokens``
could read files).  So every command and environment must be on the list of
:mod:`.math_commands`, derived from MathJax's own TeX packages and from what LaTeX defines;
``^^`` (TeX's character codes), a bare ``%`` (a comment that would swallow the end of the
math) and a bare ``#`` are refused too.  And since one formula TeX cannot typeset stops the
whole PDF, the formula must also be one TeX can typeset (:mod:`.math_typesetting`): braces
and ``\\left``/``\\right`` balanced, ``&`` only where columns are, known colours, bounded
lengths.  Refused math is shown as text, with a warning.

:func:`unsafe_math` is the one place that decides: the body scanner, math roles and
directives, ``shortscience check`` and bib fields all ask it.
"""

from __future__ import annotations

import functools
import re

from .math_commands import MATH_COMMANDS, MATH_ENVIRONMENTS
from .math_typesetting import MathKind, MathRefusal, typesetting_problem

__all__ = ["MathKind", "MathRefusal", "unsafe_math", "unsafe_math_message"]

#: A control word, a control symbol, or a character TeX treats specially.
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\^\^|%|#)", re.DOTALL)
_ENVIRONMENT = re.compile(r"\s*\{([^{}]*)\}")
_OFF_THE_LIST = "which is not on the allow-list of math commands"


@functools.lru_cache(maxsize=65536)  # the scanner asks, then the nodes ask again
def unsafe_math(latex: str, kind: MathKind = "inline") -> MathRefusal | None:
    """Why *latex* may not be shown as math of *kind*, or None when it may.

    *kind* is how Sphinx writes it: ``inline``, ``display`` (``$$...$$``, the math
    directive) or ``unwrapped`` (the math directive's ``:nowrap:``).
    """
    return off_the_list(latex) or typesetting_problem(latex, kind)


def off_the_list(latex: str) -> MathRefusal | None:
    """The first construct of *latex* that is not on the allow-list, or None."""
    for match in _TOKEN.finditer(latex):
        if match.group(2):
            return MathRefusal(match.group(2), _OFF_THE_LIST)
        name = match.group(1)
        if name in ("begin", "end"):
            environment = _ENVIRONMENT.match(latex, match.end())
            if environment is None:
                return MathRefusal(f"\\{name}", _OFF_THE_LIST)
            if environment.group(1).strip() not in MATH_ENVIRONMENTS:
                return MathRefusal(f"\\{name}{{{environment.group(1)}}}", _OFF_THE_LIST)
        elif name not in MATH_COMMANDS:
            return MathRefusal(f"\\{name}", _OFF_THE_LIST)
    return None


def unsafe_math_message(refusal: MathRefusal) -> str:
    """The warning for math refused for *refusal*."""
    return f"math {refusal.explain()}; shown as text"
