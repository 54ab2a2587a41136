"""Which math may reach MathJax and LaTeX: an allow-list, since math is passed on verbatim.

Summaries and bib files are untrusted input.  Math from them goes as written to MathJax in
the browser (where ``\\href``, ``\\style`` or ``\\cssId`` could link to script or restyle
the page) and to LaTeX for the PDF (where ``\\input``, ``\\catcode`` or ``\\scantokens``
could read files).  So every command and environment must be on the list of
:mod:`.math_commands`, derived from MathJax's own TeX packages and from what LaTeX defines;
``^^`` (TeX's character codes), a bare ``%`` (a comment that would swallow the end of the
math) and a bare ``#`` are refused too.  Refused math is shown as text, with a warning.
"""

from __future__ import annotations

import re

from .math_commands import MATH_COMMANDS, MATH_ENVIRONMENTS

#: A control word, a control symbol, or a character TeX treats specially.
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\^\^|%|#)", re.DOTALL)
_ENVIRONMENT = re.compile(r"\s*\{([^{}]*)\}")


def unsafe_math(latex: str) -> str | None:
    """The first construct of *latex* that is not on the allow-list, or None."""
    for match in _TOKEN.finditer(latex):
        if match.group(2):
            return match.group(2)
        name = match.group(1)
        if name in ("begin", "end"):
            environment = _ENVIRONMENT.match(latex, match.end())
            if environment is None:
                return f"\\{name}"
            if environment.group(1).strip() not in MATH_ENVIRONMENTS:
                return f"\\{name}{{{environment.group(1)}}}"
        elif name not in MATH_COMMANDS:
            return f"\\{name}"
    return None


def unsafe_math_message(construct: str) -> str:
    """The warning for math that uses *construct*."""
    return (f"math uses '{construct}', which is not on the allow-list of math commands; "
            "shown as text")
