"""What each allowed math command takes and where it may stand: the shape behind the names.

:mod:`.math_commands` says which names both MathJax and LaTeX know; this module says how TeX
reads each of them, so that :mod:`.math_typesetting` can tell whether a formula built from
those names typesets.  A command not listed in :data:`SIGNATURES` takes no argument.  The
lists come from compiling every command, in every place Sphinx's LaTeX output puts math
(a paragraph, a section title, a link, a table cell, a caption, display math), with
pdflatex; ``tests/test_pdf.py`` compiles them all again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal


class Arg(enum.Enum):
    """One argument of a command, as TeX reads it."""

    MATH = "a group or one token, typeset as math"
    #: LaTeX puts it in the command's own group (\\frac's numerator sits with its fraction
    #: bar, \\pmod's argument with what comes before): no \\over of its own
    SHARED_MATH = "a group or one token, typeset as math in the group of the command"
    TEXT = "a group or one token, typeset as text"
    SAME = "a group or one token, typeset like what is around it"
    GROUP = "a group in braces, typeset as math (TeX's \\mathchoice takes no single token)"
    ROWS = "a group in braces of rows (``\\\\``) of one column, typeset as math"
    BOX = "a group in braces, typeset as text (TeX's \\hbox)"
    HBOX = "\\hbox{...}: what \\raise and \\lower move"
    OPTIONAL_MATH = "an optional [argument], typeset as math"
    ROOT_INDEX = "the optional [index] of \\sqrt, where \\uproot and \\leftroot may stand"
    LENGTH = "a {length}"
    MU_LENGTH = "a {length} in mu"
    OPTIONAL_LENGTH = "an optional [length]"
    DIMEN = "a length with no braces (a TeX primitive's)"
    MU_DIMEN = "a length in mu with no braces"
    GLUE = "a length with no braces and no plus or minus"
    MU_GLUE = "a length in mu with no braces and no plus or minus"
    COLOR = "a {colour} both LaTeX and MathJax know"
    DELIMITER = "a delimiter: ( ) [ ] \\{ \\} | \\langle ..."
    NUMBER = "a small {number}"
    LABEL = "a {label}"
    STAR = "an optional *"
    SMASH_SIDE = "an optional [t] or [b]"
    CFRAC_SIDE = "an optional [l], [c] or [r]"
    BOX_POSITION = "an optional [l], [c], [r] or [s]"
    NO_OPTION = "no [option] (a colour model, which MathJax does not read)"
    NO_PICTURE = "no (size) (LaTeX's picture form, which MathJax does not read)"
    OPERATOR = "a large operator: \\sum, \\int, \\lim ..."
    ACCENT = "an accent command: \\hat, \\tilde ..."
    GENFRAC_DELIMITERS = "{}{} or two {delimiters}"
    GENFRAC_THICKNESS = "{} or a {length}"
    GENFRAC_STYLE = "{} or {0}, {1}, {2}, {3}"


A = Arg
_MATH1 = (A.MATH,)
_MATH2 = (A.MATH, A.MATH)

#: The arguments of each command that takes any, in order.
SIGNATURES: dict[str, tuple[Arg, ...]] = {
    **dict.fromkeys(
        ("Big", "Bigg", "Biggl", "Biggm", "Biggr", "Bigl", "Bigm", "Bigr", "big", "bigg",
         "biggl", "biggm", "biggr", "bigl", "bigm", "bigr"), (A.DELIMITER,)),
    **dict.fromkeys(
        ("acute", "bar", "breve", "check", "ddddot", "dddot", "ddot", "dot", "grave", "hat",
         "mathring", "tilde", "vec", "widehat", "widetilde", "overline",
         "overbrace", "underbrace", "overleftarrow", "overleftrightarrow", "overrightarrow",
         "underleftarrow", "underleftrightarrow", "underrightarrow", "boldsymbol", "pmb",
         "boxed", "mathbb", "mathbf", "mathcal",
         "mathfrak", "mathit", "mathnormal", "mathrm", "mathsf", "mathtt", "mathbin",
         "mathclose", "mathinner", "mathop", "mathopen", "mathord", "mathpunct", "mathrel",
         "Bbb", "frak"), _MATH1),
    **dict.fromkeys(("mod", "pmod", "pod", "shoveleft", "shoveright"), (A.SHARED_MATH,)),
    "substack": (A.ROWS,),
    **dict.fromkeys(("binom", "dbinom", "tbinom", "frac", "dfrac", "tfrac"),
                    (A.SHARED_MATH, A.SHARED_MATH)),
    **dict.fromkeys(("stackrel", "overset", "underset"), _MATH2),
    "sideset": (A.MATH, A.MATH, A.OPERATOR),
    **dict.fromkeys(("phantom", "hphantom", "vphantom", "underline"), (A.SAME,)),
    **dict.fromkeys(("text", "textbf", "textit", "textnormal", "textrm", "textsf", "texttt",
                     "textup", "fbox", "mbox", "llap", "rlap"), (A.TEXT,)),
    **dict.fromkeys(("eqref", "ref"), (A.LABEL,)),
    **dict.fromkeys(("leftroot", "uproot"), (A.NUMBER,)),
    **dict.fromkeys(("xleftarrow", "xrightarrow"), (A.OPTIONAL_MATH, A.MATH)),
    **dict.fromkeys(("raise", "lower"), (A.DIMEN, A.HBOX)),
    "cfrac": (A.CFRAC_SIDE, A.SHARED_MATH, A.SHARED_MATH),
    "genfrac": (A.GENFRAC_DELIMITERS, A.GENFRAC_THICKNESS, A.GENFRAC_STYLE, A.SHARED_MATH,
                A.SHARED_MATH),
    "overunderset": (A.MATH, A.MATH, A.MATH),
    "mathchoice": (A.GROUP, A.GROUP, A.GROUP, A.GROUP),
    "sqrt": (A.ROOT_INDEX, A.MATH),
    "smash": (A.SMASH_SIDE, A.SAME),
    "skew": (A.NUMBER, A.ACCENT, A.MATH),
    "operatorname": (A.STAR, A.MATH),
    **dict.fromkeys(("hbox", "vcenter"), (A.BOX,)),
    "framebox": (A.NO_PICTURE, A.OPTIONAL_LENGTH, A.BOX_POSITION, A.TEXT),
    "color": (A.NO_OPTION, A.COLOR),
    "textcolor": (A.NO_OPTION, A.COLOR, A.SAME),
    "colorbox": (A.NO_OPTION, A.COLOR, A.TEXT),
    "fcolorbox": (A.NO_OPTION, A.COLOR, A.COLOR, A.TEXT),
    "hspace": (A.STAR, A.LENGTH),
    "mspace": (A.MU_LENGTH,),
    "kern": (A.DIMEN,),
    "mkern": (A.MU_DIMEN,),
    "hskip": (A.GLUE,),
    "mskip": (A.MU_GLUE,),
    "rule": (A.OPTIONAL_LENGTH, A.LENGTH, A.LENGTH),
}

#: What the reader reads itself, rather than by a signature: groups, environments, rows,
#: limits, table lines, ``\buildrel ... \over`` and the shifts of a root's index.
STRUCTURE = frozenset({"begin", "end", "left", "right", "middle", "limits", "nolimits",
                       "hline", "cr", "buildrel", "over", "uproot", "leftroot"})

#: Generalized fractions (``a \over b``): one to a group, and what each takes after it.
GENERALIZED_FRACTIONS: dict[str, tuple[Arg, ...]] = {
    "over": (), "atop": (), "choose": (), "brace": (), "brack": (),
    "above": (A.DIMEN,),
    "overwithdelims": (A.DELIMITER, A.DELIMITER),
    "atopwithdelims": (A.DELIMITER, A.DELIMITER),
    "abovewithdelims": (A.DELIMITER, A.DELIMITER, A.DIMEN),
}

#: Operators: ``\limits`` and ``\nolimits`` may follow them, ``\sideset`` may precede them.
OPERATORS = frozenset({
    "sum", "prod", "coprod", "int", "iint", "iiint", "iiiint", "idotsint", "oint", "intop",
    "smallint", "bigcap", "bigcup", "bigodot", "bigoplus", "bigotimes", "bigsqcup",
    "biguplus", "bigvee", "bigwedge", "lim", "liminf", "limsup", "max", "min", "sup", "inf",
    "det", "gcd", "Pr", "injlim", "projlim", "varinjlim", "varprojlim", "varliminf",
    "varlimsup", "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc",
    "deg", "dim", "exp", "hom", "ker", "lg", "ln", "log", "sec", "sin", "sinh", "tan", "tanh",
})
#: Commands whose result is an operator too (``\mathop{x}\limits``).
MAKES_OPERATOR = frozenset({"mathop", "operatorname"})

#: What ``\left``, ``\right``, ``\big`` ... accept after them besides ``( ) [ ] < > / | .``.
DELIMITER_COMMANDS = frozenset({
    "{", "}", "|", "langle", "rangle", "lfloor", "rfloor", "lceil", "rceil", "vert", "Vert",
    "lvert", "rvert", "lVert", "rVert", "uparrow", "downarrow", "updownarrow", "Uparrow",
    "Downarrow", "Updownarrow", "backslash", "lbrace", "rbrace", "lbrack", "rbrack", "lgroup",
    "rgroup", "lmoustache", "rmoustache", "arrowvert", "Arrowvert", "bracevert", "ulcorner",
    "urcorner", "llcorner", "lrcorner",
})
DELIMITER_CHARACTERS = frozenset("()[]<>/|.")

#: What ``\skew`` puts its shift on.
ACCENTS = frozenset({"acute", "bar", "breve", "check", "ddot", "dot", "grave", "hat",
                     "mathring", "tilde", "vec", "widehat", "widetilde"})

#: xcolor's base colours (what Sphinx's LaTeX output knows without options); MathJax takes
#: them as CSS colours, which has them all.
COLORS = frozenset({
    "red", "green", "blue", "cyan", "magenta", "yellow", "black", "gray", "white",
    "darkgray", "lightgray", "brown", "lime", "olive", "orange", "pink", "purple", "teal",
    "violet",
})

#: Spaces that move what follows back over what came before, in em.
NEGATIVE_SPACES = {"!": 1 / 6, "negthinspace": 1 / 6, "negmedspace": 2 / 9,
                   "negthickspace": 5 / 18}

#: On the allow-list by name, but with no form that both MathJax and LaTeX typeset: why.
UNTYPESETTABLE = {
    "moveleft": "which TeX allows only between paragraphs, never in math",
    "moveright": "which TeX allows only between paragraphs, never in math",
    "displaylines": "which LaTeX allows only on its own in display math; write gathered",
    "cases": "which is an old form amsmath refuses; write \\begin{cases}...\\end{cases}",
    "matrix": "which is an old form amsmath refuses; write \\begin{matrix}...\\end{matrix}",
    "pmatrix": "which is an old form amsmath refuses; write \\begin{pmatrix}...\\end{pmatrix}",
    "array": "which only LaTeX's array environment uses; write \\begin{array}{...}",
    "root": "which is plain TeX's \\root ... \\of; write \\sqrt[n]{x}",
    "newline": "which ends a row in MathJax and not in LaTeX's environments; write \\\\",
}


@dataclass(frozen=True, slots=True)
class Environment:
    """How an environment may be used, and what its rows may hold."""

    #: ``math``: anywhere in math; ``display``: only as a ``:nowrap:`` block's own
    #: environment (LaTeX starts display math with it); ``equation``: directly in one
    where: Literal["math", "display", "equation"]
    #: how many cells a row may have (``&`` separates them); None: any number
    columns: int | None
    #: what follows ``\begin{name}``: ``position`` an optional [t], [c] or [b];
    #: ``preamble`` the columns (array); ``pairs`` {n} pairs of columns; ``subarray`` {l}
    arguments: Literal["", "position", "preamble", "pairs", "subarray"] = ""
    rows: bool = True
    hline: bool = False
    #: LaTeX's own ``\\`` (array, eqnarray): ``[`` after spaces starts its optional length
    kernel_rows: bool = False


_MATRIX = Environment("math", 10, hline=True)  # amsmath's MaxMatrixCols
_MANY = Environment("display", None)
_ONE = Environment("display", 1)
_PAIRS = Environment("display", None, "pairs")

ENVIRONMENTS: dict[str, Environment] = {
    **dict.fromkeys(("matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix"), _MATRIX),
    "smallmatrix": Environment("math", None),
    "cases": Environment("math", 2, hline=True),
    "aligned": Environment("math", None, "position"),
    "gathered": Environment("math", 1, "position"),
    "alignedat": Environment("math", None, "pairs"),
    "array": Environment("math", None, "preamble", hline=True, kernel_rows=True),
    "subarray": Environment("math", 1, "subarray"),
    "split": Environment("equation", 2),
    **dict.fromkeys(("equation", "equation*"), Environment("display", 1, rows=False)),
    **dict.fromkeys(("align", "align*", "flalign", "flalign*"), _MANY),
    **dict.fromkeys(("gather", "gather*", "multline", "multline*"), _ONE),
    **dict.fromkeys(("alignat", "alignat*", "xalignat", "xalignat*", "xxalignat"), _PAIRS),
    **dict.fromkeys(("eqnarray", "eqnarray*"), Environment("display", 3, kernel_rows=True)),
}

#: Commands that also work in text (inside ``\text{...}``); all others are math only.
TEXT_COMMANDS = frozenset({
    "$", "%", "&", "#", "_", "{", "}", " ", ",", "!", ";", ":", ">", "S", "TeX", "LaTeX",
    "bf", "it", "rm", "sf", "tt", "cal", "mit", "Huge", "LARGE", "Large", "huge", "large",
    "normalsize", "scriptsize", "small", "tiny", "quad", "qquad", "enspace", "thinspace",
    "negthinspace", "negmedspace", "negthickspace", "space", "nobreakspace", "hfil", "hfill",
    "strut", "mathstrut", "dots", "ldots", "checkmark", "yen", "maltese", "circledR",
    "lbrack", "rbrack", "text", "textbf", "textit", "textnormal", "textrm", "textsf",
    "texttt", "textup", "mbox", "fbox", "hbox", "framebox", "color", "textcolor", "colorbox",
    "fcolorbox", "hspace", "rule", "kern", "hskip", "raise", "lower", "llap", "rlap",
    "phantom", "hphantom", "vphantom", "smash", "underline", "boxed", "ref", "eqref",
})
#: Commands that break a section title or a caption, where inline math may also stand (a
#: bib title is a section title): display math only.
DISPLAY_ONLY = frozenset({"hline", "sideset", "uproot", "leftroot"})
#: Commands that work only in text.
TEXT_ONLY = frozenset({"TeX", "LaTeX"})
#: Commands without arguments that still cannot stand alone as an argument (``x^\sum``,
#: ``\frac\quad a``): LaTeX makes them of more than one token, so they need braces there.
#: Any other command without arguments can (``x^\alpha``, ``\frac\pi 2``).
NEEDS_BRACES_AS_ARGUMENT = frozenset({
    " ", "!", ",", ":", ";", ">", "And", "Huge", "Join", "LARGE", "Large", "Longrightarrow",
    "Pr", "arccos", "arcsin", "arctan", "arg", "bf", "bigcap", "bigcup", "bigodot", "bigoplus",
    "bigotimes", "bigsqcup", "biguplus", "bigvee", "bigwedge", "bmod", "bowtie", "cal", "cdots",
    "colon", "cong", "coprod", "cos", "cosh", "cot", "coth", "csc", "dashleftarrow",
    "dashrightarrow", "ddots", "deg", "det", "dim", "displaystyle", "doteq", "dots", "dotsb",
    "dotsc", "dotsi", "dotsm", "dotso", "enspace", "exp", "gcd", "hfil", "hfill", "hom", "huge",
    "idotsint", "iff", "iiiint", "iiint", "iint", "impliedby", "implies", "inf", "injlim",
    "int", "it", "ker", "large", "ldots", "lg", "lim", "liminf", "limsup", "ln", "log",
    "longrightarrow", "mathstrut", "max", "min", "mit", "models", "negmedspace",
    "negthickspace", "negthinspace", "nobreakspace", "nonscript", "normalsize", "notin", "oint",
    "prod", "projlim", "qquad", "quad", "rm", "scriptscriptstyle", "scriptsize", "scriptstyle",
    "sec", "sf", "sin", "sinh", "small", "space", "strut", "sum", "sup", "tan", "tanh",
    "textstyle", "thinspace", "tiny", "tt", "varinjlim", "varliminf", "varlimsup", "varprojlim",
    "vdots"
})
