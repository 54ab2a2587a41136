"""The allow-list of math: what MathJax and LaTeX both render, nothing that reaches out."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_shortscience.grammar.math_commands import MATH_COMMANDS
from sphinx_shortscience.grammar.math_safety import unsafe_math

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / ".tools" / "node_modules"

ATTACKS = {
    r"\href{javascript:alert(1)}{x}": r"\href",
    r"\style{position:fixed;top:0}{x}": r"\style",
    r"\cssId{content}{x}": r"\cssId",
    r"\class{x}{y}": r"\class",
    r"\unicode{x41}": r"\unicode",
    r"\require{html}": r"\require",
    r"\input{/etc/passwd}": r"\input",
    r"\catcode`\^=7 x": r"\catcode",
    r"a^^5cinput{/etc/passwd}": "^^",
    r"\scantokens{\input{x}}": r"\scantokens",
    r"\csname input\endcsname": r"\csname",
    r"\def\x{y}\x": r"\def",
    r"\newcommand{\x}{y}": r"\newcommand",
    r"\text{\input{x}}": r"\input",
    r"\begin{document}": r"\begin{document}",
    r"\begin{verbatim}x\end{verbatim}": r"\begin{verbatim}",
    "a % b": "%",
    "#1": "#",
    r"\DeclareMathOperator{\x}{y}": r"\DeclareMathOperator",
    r"\label{x}": r"\label",
}
FINE = [r"\frac{a}{b}", r"\alpha + \beta", r"\mathbb{R}^n", r"\operatorname{softmax}(x)",
        r"\left( x \right)", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"a \% b",
        r"\boldsymbol{\theta}", r"\textcolor{red}{x}", r"\text{if } x > 0", r"x_{i,j}^{2}",
        r"\sum_{i=1}^{n} x_i", r"\mathcal{O}(n \log n)", r"\{x\}", r"a \, b \; c \! d",
        r"\begin{aligned} a &= b \\ c &= d \end{aligned}"]


@pytest.mark.parametrize("latex", sorted(ATTACKS))
def test_attacks_are_refused(latex: str) -> None:
    assert unsafe_math(latex) == ATTACKS[latex]


@pytest.mark.parametrize("latex", FINE)
def test_ordinary_math_is_allowed(latex: str) -> None:
    assert unsafe_math(latex) is None


@given(st.text(alphabet="\\{}^%#$&_ abcdefhilnpstuxy`", max_size=40))
def test_anything_outside_the_list_is_refused(latex: str) -> None:
    """If math passes, every command in it is on the list and no TeX trick is in it."""
    if unsafe_math(latex) is None:
        assert "^^" not in latex
        for match in re.finditer(r"\\([A-Za-z]+|.)|([%#])", latex, re.DOTALL):
            assert match.group(2) is None, latex
            assert match.group(1) in MATH_COMMANDS | {"begin", "end"}, latex


def test_the_allow_list_is_what_mathjax_and_latex_give() -> None:
    """grammar/math_commands.py is regenerated from mathjax-full and pdflatex: it must match."""
    missing = [tool for tool in ("node", "pdflatex") if shutil.which(tool) is None]
    if missing or not (MODULES / "mathjax-full").is_dir():
        pytest.skip(f"needs node, pdflatex and mathjax-full in .tools (python3 dev.py test "
                    f"installs them); missing: {', '.join(missing) or 'mathjax-full'}")
    completed = subprocess.run([sys.executable, str(ROOT / "scripts" / "math_commands.py"),
                                "--check", "--modules", str(MODULES)],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert {"frac", "alpha", "mathbb", "left", "right"} <= MATH_COMMANDS
    assert not {"href", "style", "cssId", "class", "unicode", "require", "def", "input"} & (
        MATH_COMMANDS)
