"""Which math may reach LaTeX: summaries and bib files are untrusted input for a PDF build.

Math is passed verbatim to LaTeX (and MathJax supports none of these macros), so math that
uses one of them is shown as text instead.
"""

from __future__ import annotations

import re

#: Macros that make LaTeX read or write files, run programs or redefine the document.
UNSAFE_MATH = re.compile(
    r"\\(?:input|include|includeonly|InputIfFileExists|IfFileExists|openin|openout|read|"
    r"readline|write|immediate|closein|closeout|catcode|def|edef|gdef|xdef|let|futurelet|"
    r"csname|expandafter|special|directlua|luaexec|latelua|usepackage|RequirePackage|"
    r"documentclass|newcommand|renewcommand|providecommand|DeclareRobustCommand|"
    r"verbatiminput|lstinputlisting|includegraphics|loop|makeatletter|endinput|"
    r"ShellEscape|pdffilemoddate|pdffiledump|pdfprimitive|everyjob|everypar|output)"
    r"(?![A-Za-z])|\\(?:begin|end)\s*\{\s*document\s*\}|\^\^"
)


def unsafe_math(latex: str) -> str | None:
    """The first construct of *latex* that a LaTeX build must not run, or None."""
    match = UNSAFE_MATH.search(latex)
    return match.group(0) if match else None
