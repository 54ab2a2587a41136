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

from sphinx_shortscience.bib.decode import Text, decode_field
from sphinx_shortscience.grammar.math_commands import MATH_COMMANDS
from sphinx_shortscience.grammar.math_safety import unsafe_math, unsafe_math_message
from sphinx_shortscience.grammar.math_typesetting import display_as_inline

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
    refusal = unsafe_math(latex)
    assert refusal is not None
    assert refusal.construct == ATTACKS[latex]
    assert refusal.reason == "which is not on the allow-list of math commands"


@pytest.mark.parametrize("latex", FINE)
def test_ordinary_math_is_allowed(latex: str) -> None:
    assert unsafe_math(latex) is None
    assert unsafe_math(latex, "display") is None


#: Math of allowed commands that TeX cannot typeset (each stopped pdflatex, and so the
#: PDF): what the refusal names, and words of its reason.
UNTYPESETTABLE = {
    "a}b": ("}", "never opened"),
    "{a": ("{", "no '}' to close it"),
    r"\left( x": ("\\left(", "no '\\right'"),
    r"x \right)": ("\\right", "no \\left before it"),
    r"a \middle| b": ("\\middle", "between \\left and \\right"),
    r"\left( { \right) }": ("\\right", "before '{' is closed"),
    r"\left x \right)": ("\\left", "delimiter"),
    "a & b": ("&", "separates columns"),
    r"\begin{cases} a & b & c \end{cases}": ("&", "beyond the 2"),
    r"\begin{aligned} {a & b} \end{aligned}": ("&", "separates columns"),
    r"\begin{aligned} a \end{matrix}": ("\\end{matrix}", "does not close"),
    r"\begin{align} a \end{align}": ("\\begin{align}", "starts display math itself"),
    r"\begin{split} a \end{split}": ("\\begin{split}", "directly inside an equation"),
    r"\begin{array}{} a \end{array}": ("\\begin{array}", "its columns"),
    r"\color{nosuchcolor}x": ("\\color{nosuchcolor}", "not a colour"),
    r"\color{Red}x": ("\\color{Red}", "not a colour"),
    r"\color[rgb]{1,0,0}x": ("\\color", "no [option]"),
    r"x\limits": ("\\limits", "only follow an operator"),
    r"\sum{}\limits": ("\\limits", "only follow an operator"),
    r"a\over b\over c": ("\\over", "second fraction"),
    r"a\choose b\atop c": ("\\atop", "second fraction"),
    r"\hline": ("\\hline", "start of a row"),
    r"\begin{array}{c} a \hline \end{array}": ("\\hline", "start of a row"),
    "x^a^b": ("^", "second superscript"),
    "x_a_b": ("_", "second subscript"),
    "x^2'": ("'", "second superscript"),
    "x^": ("^", "needs an argument"),
    r"x^\sqrt{2}": ("^", "needs braces"),
    r"\frac{a}": ("\\frac", "needs an argument"),
    r"\text{\alpha}": ("\\alpha", "only in math"),
    r"\text{a_b}": ("_", "only in math"),
    r"\TeX": ("\\TeX", "only in text"),
    r"\kern{5pt}": ("\\kern", "with no braces"),
    r"\mkern 3pt": ("\\mkern", "3mu"),
    r"\hskip 3pt plus 1fil": ("\\hskip", "plus or minus"),
    r"\moveleft 2pt \hbox{x}": ("\\moveleft", "never in math"),
    r"\displaylines{a \\ b}": ("\\displaylines", "display math"),
    r"\matrix{a & b}": ("\\matrix", "old form"),
    r"\begin{array}{cc} a & b \newline c & d \end{array}": ("\\newline", "not in LaTeX's"),
    r"\mathchoice11a{b}": ("\\mathchoice", "in braces"),
    r"\genfrac{}{(}{}{3}{a}{b}": ("\\genfrac", "both delimiters or neither"),
    r"\frac{a \over b}{c}": ("\\over", "second fraction"),
    r"\begin{array}{c} a \\ [b] \end{array}": ("\\\\", "a length such as [2pt]"),
    # found by the random math test: amsmath reads a '[' there as [t], [c] or [b]
    r"\begin{aligned}[\\\end{aligned}": ("\\begin{aligned}", "optional [t], [c] or [b]"),
    r"\begin{array}[{c} a \end{array}": ("\\begin{array}", "optional [t], [c] or [b]"),
    "a \\\\ b": ("\\\\", "ends a row only"),
    r"\sqrt[\uproot{2}3]{x}": ("\\uproot", "only display math"),
    r"\framebox(1,2){x}": ("\\framebox", "picture form"),
    "x\\": ("\\", "no command name"),
    "\u221e": ("\u221e", "U+221E"),
    "a\n\nb": ("blank line", "ends TeX's paragraph"),
    "x+" * 125000: ("x+" * 6 + "...", "more than the 20000"),  # TeX reads 200000 a line
    "\\frac{" * 300 + "x" + "}{y}" * 300: ("{", "more than 20 deep"),
}
#: Lengths that would draw far outside the formula's own place (row 10 of issue 30).
TOO_LONG = {
    r"\raise{-300em}{\rule{500em}{500em}}": ("\\raise", "needs a length"),
    r"\raise-300em\hbox{\rule{5em}{5em}}": ("\\raise-300em", "more than 10em"),
    r"\kern-500em x": ("\\kern-500em", "more than 10em"),
    r"\rule{100000pt}{1pt}": ("\\rule{100000pt}", "more than 10em"),
    r"\rule[-20em]{1pt}{1pt}": ("\\rule[-20em]", "more than 10em"),
    r"\hspace{2in}": ("\\hspace{2in}", "more than 10em"),
    r"\mspace{200mu}": ("\\mspace{200mu}", "more than 10em"),
    r"a \above 20em b": ("\\above 20em", "more than 10em"),
    r"\begin{aligned} x \\[20em] y \end{aligned}": ("\\\\[20em]", "more than 10em"),
    r"\kern-9em" * 5: ("\\kern-9em", "beyond 40em in all"),
    "\\!" * 300: ("\\!", "beyond 40em in all"),
}


@pytest.mark.parametrize("latex", sorted({**UNTYPESETTABLE, **TOO_LONG}),
                         ids=lambda latex: latex[:40])
def test_math_tex_cannot_typeset_is_refused(latex: str) -> None:
    construct, reason = {**UNTYPESETTABLE, **TOO_LONG}[latex]
    refusal = unsafe_math(latex)
    assert refusal is not None
    assert (refusal.construct, reason in refusal.reason) == (construct, True), refusal
    assert unsafe_math_message(refusal).startswith(f"math uses '{construct}', wh")


#: Math that display math may hold (Sphinx's LaTeX writer puts it in split, or in the rows
#: of aligned when blank lines part it) and inline math may not.
DISPLAY_ONLY_MATH = [
    r"a &= b \\ c &= d", r"a \\ b", "a &= b\n\nc &= d & e &= f",
    r"\begin{array}{c|c} \hline a & b \\ \hline \end{array}",
    r"\sideset{_a}{^b}\sum x", r"\sqrt[\uproot{2}\leftroot{-1}3]{x}",
]


@pytest.mark.parametrize("latex", DISPLAY_ONLY_MATH)
def test_rows_and_table_lines_are_for_display_math(latex: str) -> None:
    assert unsafe_math(latex, "display") is None
    assert unsafe_math(latex) is not None


def test_numbers_are_bounded_too() -> None:
    refusal = unsafe_math(r"\sqrt[\uproot{100000}3]{x}", "display")
    assert refusal is not None
    assert "from -20 to 20" in refusal.reason


def test_display_math_in_braces_around_an_environment_is_refused() -> None:
    """amsmath reads split's body as an argument: TeX takes the braces of ``{...}`` away,
    and amsmath mistakes the ``\\end`` inside for the end of split (the PDF stopped)."""
    refusal = unsafe_math(r"{\begin{aligned} a \end{aligned}}", "display")
    assert refusal is not None
    assert refusal.construct == "{"
    assert unsafe_math(r"{\begin{aligned} a \end{aligned}} b", "display") is None
    assert unsafe_math(r"{\begin{aligned} a \end{aligned}}") is None  # inline: no split


def test_display_math_has_the_columns_of_split() -> None:
    assert unsafe_math(r"a &= b & c", "display") is not None  # split has two columns
    assert unsafe_math("a &= b & c\n\nd", "display") is None  # the rows of aligned


def test_nowrap_math_holds_display_environments_only() -> None:
    assert unsafe_math(r"\begin{align} a &= b \\ c &= d \end{align}", "unwrapped") is None
    assert unsafe_math(r"\begin{equation} \begin{split} a &= b \end{split} \end{equation}",
                       "unwrapped") is None
    assert unsafe_math(r"\alpha", "unwrapped") is not None  # text to LaTeX: Missing $
    assert unsafe_math(r"\begin{aligned} a \end{aligned}", "unwrapped") is not None


def test_real_math_is_allowed() -> None:
    """What summaries write (ShortScience's own), in the kind of math it is written in."""
    inline = [r"\mathcal{L}(\theta) = -\sum_{i=1}^{N} \log p_\theta(x_i)",
              r"\|x\|_2^2", r"f'(x) + f''(x)^2", r"\hat{y}_t", r"x^\top W x",
              r"\mathbb{E}_{x \sim p}[\,f(x)\,]", r"\binom{n}{k}", r"\sqrt[3]{x}",
              r"\operatorname*{arg\,max}_\theta", r"\left\langle a, b \right\rangle",
              r"\textcolor{blue}{x}", r"\text{if $x > 0$}", r"\kern-2pt\mathrel{-}",
              r"\rule{0pt}{3ex}", r"\frac\pi 2", r"e^{-\frac{x^2}{2\sigma^2}}",
              r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
              r"\sum\limits_{i} \int\nolimits_0^1", r"a \over b", r"{n \choose k}"]
    display = [r"\begin{aligned} L &= \sum_i \ell_i \\ &= 0 \end{aligned}",
               r"\nabla_\theta J = \mathbb{E}\left[ \sum_t \nabla \log \pi \right]"]
    assert [m for m in inline if unsafe_math(m) is not None] == []
    assert [m for m in inline + display if unsafe_math(m, "display") is not None] == []


def test_display_math_in_an_excerpt_keeps_its_rows() -> None:
    assert display_as_inline(r"a = b") == "a = b"
    assert display_as_inline(r"a &= b \\ c &= d") == r"\begin{aligned}a &= b \\ c &= d\end{aligned}"
    assert display_as_inline("a &= b\n\nc &= d") == r"\begin{aligned}a &= b \\ c &= d\end{aligned}"
    for latex in DISPLAY_ONLY_MATH:
        assert unsafe_math(display_as_inline(latex), "display") is None


def test_math_in_a_bib_field_is_checked_the_same_way() -> None:
    decoded = decode_field(r"T $\left( x$")
    assert [r.construct for r in decoded.refused_math] == ["\\left("]
    assert decoded.inlines == (Text(r"T $\left( x$"),)
    assert decode_field(r"T $\rule{500em}{1pt}$").refused_math[0].construct == \
        "\\rule{500em}"
    # checked as it is written out: stripped, x\ would take Sphinx's \) for a command
    assert decode_field("T $x\\ $ u").refused_math[0].construct == "\\"


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
