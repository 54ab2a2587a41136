"""Math for the typesetting tests: a use of every allowed command, random formulas, and the
places Sphinx's LaTeX writer puts math, so that pdflatex can be asked about each."""

from __future__ import annotations

from hypothesis import strategies as st
from sphinx.util.math import wrap_displaymath

from sphinx_shortscience.grammar.math_commands import MATH_COMMANDS
from sphinx_shortscience.grammar.math_signatures import (
    COLORS,
    DISPLAY_ONLY,
    ENVIRONMENTS,
    GENERALIZED_FRACTIONS,
    OPERATORS,
    SIGNATURES,
    TEXT_COMMANDS,
    TEXT_ONLY,
    UNTYPESETTABLE,
    Arg,
)
from sphinx_shortscience.grammar.math_typesetting import display_as_inline

#: A sample of each kind of argument.
SAMPLE_ARGUMENT = {
    Arg.MATH: "{a}", Arg.SHARED_MATH: "{a}", Arg.TEXT: "{a}", Arg.SAME: "{a}", Arg.BOX: "{a}",
    Arg.GROUP: "{a}", Arg.ROWS: r"{a \\ b}", Arg.HBOX: r"\hbox{a}",
    Arg.OPTIONAL_MATH: "[b]", Arg.ROOT_INDEX: "[3]", Arg.LENGTH: "{1pt}",
    Arg.MU_LENGTH: "{3mu}", Arg.OPTIONAL_LENGTH: "[1pt]", Arg.DIMEN: " 1pt ",
    Arg.MU_DIMEN: " 3mu ", Arg.GLUE: " 1pt ", Arg.MU_GLUE: " 3mu ", Arg.COLOR: "{red}",
    Arg.DELIMITER: "(", Arg.NUMBER: "{2}", Arg.LABEL: "{a}", Arg.STAR: "", Arg.SMASH_SIDE: "[t]",
    Arg.CFRAC_SIDE: "[l]", Arg.BOX_POSITION: "[c]", Arg.NO_OPTION: "", Arg.NO_PICTURE: "",
    Arg.OPERATOR: r"\sum", Arg.ACCENT: r"\hat", Arg.GENFRAC_DELIMITERS: "{(}{)}",
    Arg.GENFRAC_THICKNESS: "{1pt}", Arg.GENFRAC_STYLE: "{1}",
}

#: Uses of the commands that the reader handles itself (structure, not arguments).
STRUCTURE_SAMPLES = {
    "left": r"\left( a \middle| b \right)", "right": r"\left[ a \right]",
    "middle": r"\left\{ a \middle\| b \right.", "limits": r"\sum\limits_a^b",
    "nolimits": r"\int\nolimits_0^1", "hline": r"\begin{array}{c} \hline a \\ \hline \end{array}",
    "cr": r"\begin{aligned} a \cr b \end{aligned}",
    "buildrel": r"\buildrel a \over b", "uproot": r"\sqrt[\uproot{2}3]{a}",
    "leftroot": r"\sqrt[\leftroot{-1}3]{a}", "\\": r"\begin{gathered} a \\ b \end{gathered}",
    "sideset": r"\sideset{_a}{^b}\sum",
}

ENVIRONMENT_SAMPLES = {
    "matrix": r"\begin{matrix} a & b \\ c & d \end{matrix}",
    "smallmatrix": r"\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}",
    "cases": r"\begin{cases} a & b \\ \hline c & d \end{cases}",
    "aligned": r"\begin{aligned}[t] a &= b & c &= d \\[2pt] e &= f \end{aligned}",
    "gathered": r"\begin{gathered}[b] a \\ b \end{gathered}",
    "alignedat": r"\begin{alignedat}{2} a &= b & c &= d \end{alignedat}",
    "array": r"\begin{array}[t]{c|l} \hline a & b \\ [2pt] c & d \end{array}",
    "subarray": r"\sum_{\begin{subarray}{l} a \\ b \end{subarray}} x",
}


def command_samples() -> list[str]:
    """A use of every allowed command and math environment, for math (not text)."""
    samples = []
    for name in sorted(MATH_COMMANDS - set(UNTYPESETTABLE) - TEXT_ONLY):
        if name in STRUCTURE_SAMPLES:
            samples.append(STRUCTURE_SAMPLES[name])
        elif name in GENERALIZED_FRACTIONS:
            extra = "".join(SAMPLE_ARGUMENT[kind] for kind in GENERALIZED_FRACTIONS[name])
            samples.append(f"{{a \\{name}{extra} b}}")
        else:
            arguments = "".join(SAMPLE_ARGUMENT[kind] for kind in SIGNATURES.get(name, ()))
            samples.append(f"\\{name}{arguments} ")
    for name, environment in sorted(ENVIRONMENTS.items()):
        if environment.where == "math":
            samples.append(ENVIRONMENT_SAMPLES.get(
                name, f"\\begin{{{name}}} a & b \\\\ \\hline c & d \\end{{{name}}}"))
    return samples


def text_samples() -> list[str]:
    """A use of every command allowed in text, inside ``\\text``."""
    return [f"\\text{{a \\{name}{''.join(SAMPLE_ARGUMENT[k] for k in SIGNATURES.get(name, ()))}"
            " b}" for name in sorted(TEXT_COMMANDS)]


# -- random formulas ---------------------------------------------------------------------

_SYMBOLS = sorted(MATH_COMMANDS - set(SIGNATURES) - set(STRUCTURE_SAMPLES)
                  - set(GENERALIZED_FRACTIONS) - set(UNTYPESETTABLE) - TEXT_ONLY - {"\\"})
_WITH_ARGUMENTS = sorted(set(SIGNATURES) - set(UNTYPESETTABLE))
_MATH_ENVIRONMENTS = sorted(name for name, env in ENVIRONMENTS.items() if env.where == "math")
_OUTER_ENVIRONMENTS = sorted(name for name, env in ENVIRONMENTS.items() if env.where != "math")
_GOOD_LENGTHS = st.builds(lambda sign, number, unit: f"{sign}{number}{unit}",
                          st.sampled_from(["", "-", "+"]),
                          st.sampled_from(["0", "1", "2.5", ".5", "3,5", "9"]),
                          st.sampled_from(["pt", "em", "ex", "mm", "pc"]))
_BAD_LENGTHS = st.sampled_from(["500em", "100000pt", "3mu", "2px", "3sp", "1PT", "1 true pt",
                                "- 2pt", "x", "", "1pt plus 2pt", "99cm"])
_LENGTHS = st.one_of(_GOOD_LENGTHS, _GOOD_LENGTHS, _BAD_LENGTHS)
_MU_LENGTHS = st.one_of(st.sampled_from(["3mu", "-2mu", "18mu", "1.5mu"]), _BAD_LENGTHS)
_ARGUMENTS = {
    Arg.COLOR: st.sampled_from([*sorted(COLORS), "Red", "nosuchcolor", "red!50"]).map(
        lambda name: f"{{{name}}}"),
    Arg.DELIMITER: st.sampled_from(["(", ")", "[", "]", ".", "|", r"\{", r"\langle", r"\|",
                                    r"\lfloor", "x", r"\alpha", "{(}", ""]),
    Arg.NUMBER: st.sampled_from(["{2}", "{-3}", "3", "{100000}", "{x}"]),
    Arg.LABEL: st.sampled_from(["{a}", "{eq:1}", "{a b}", r"{\alpha}"]),
    Arg.STAR: st.sampled_from(["", "*", " *"]),
    Arg.SMASH_SIDE: st.sampled_from(["", "[t]", "[b]", "[x]"]),
    Arg.CFRAC_SIDE: st.sampled_from(["", "[l]", "[r]", "[x]"]),
    Arg.BOX_POSITION: st.sampled_from(["", "[c]", "[s]", "[x]"]),
    Arg.NO_OPTION: st.sampled_from(["", "", "", "[rgb]"]),
    Arg.NO_PICTURE: st.sampled_from(["", "", "", "(1,2)"]),
    Arg.OPERATOR: st.sampled_from([r"\sum", r"\lim", r"\int", "x", r"\alpha"]),
    Arg.ACCENT: st.sampled_from([r"\hat", r"\vec", r"\alpha", "x"]),
    Arg.GENFRAC_DELIMITERS: st.sampled_from(["{}{}", "{(}{)}", "{}{(}", "{[}{.}", "{x}{}"]),
    Arg.GENFRAC_STYLE: st.sampled_from(["{}", "{0}", "{3}", "{4}"]),
}


def _argument(kind: Arg, math: st.SearchStrategy[str],
              text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    if kind in _ARGUMENTS:
        return _ARGUMENTS[kind]
    if kind in (Arg.MATH, Arg.SAME, Arg.SHARED_MATH):
        return st.one_of(math.map(lambda inner: f"{{{inner}}}"), st.sampled_from(["a", "1"]))
    if kind in (Arg.TEXT, Arg.BOX):
        return text.map(lambda inner: f"{{{inner}}}")
    if kind is Arg.GROUP:
        return st.one_of(math.map(lambda inner: f"{{{inner}}}"), st.just("a"))
    if kind is Arg.ROWS:
        return st.lists(math, min_size=1, max_size=3).map(
            lambda rows: "{" + r" \\ ".join(rows) + "}")
    if kind is Arg.HBOX:
        return text.map(lambda inner: f"\\hbox{{{inner}}}")
    if kind in (Arg.OPTIONAL_MATH, Arg.ROOT_INDEX):
        index = st.sampled_from(["", r"\uproot{2}", r"\leftroot{-1}\uproot{3}", r"\uproot{99}"])
        return st.one_of(st.just(""), st.tuples(index, math).map(
            lambda t: f"[{t[0]}{t[1]}]" if kind is Arg.ROOT_INDEX else f"[{t[1]}]"))
    if kind is Arg.GENFRAC_THICKNESS:
        return st.one_of(st.just("{}"), _LENGTHS.map(lambda length: f"{{{length}}}"))
    if kind is Arg.LENGTH:
        return _LENGTHS.map(lambda length: f"{{{length}}}")
    if kind is Arg.MU_LENGTH:
        return _MU_LENGTHS.map(lambda length: f"{{{length}}}")
    if kind is Arg.OPTIONAL_LENGTH:
        return st.one_of(st.just(""), _LENGTHS.map(lambda length: f"[{length}]"))
    if kind in (Arg.MU_DIMEN, Arg.MU_GLUE):
        return _MU_LENGTHS.map(lambda length: f" {length} ")
    return _LENGTHS.map(lambda length: f" {length} ")  # DIMEN and GLUE


def _command(math: st.SearchStrategy[str],
             text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def command(draw: st.DrawFn) -> str:
        name = draw(st.sampled_from(_WITH_ARGUMENTS))
        return f"\\{name}" + "".join(draw(_argument(kind, math, text))
                                     for kind in SIGNATURES[name])
    return command()


_ENVIRONMENT_OPENERS = {
    "array": ["{cc}", "{c|l}", "[t]{c}", "{ccc}", "{}", "{p{1cm}}"],
    "alignedat": ["{2}", "{1}", "{0}", ""], "alignat": ["{2}"], "alignat*": ["{1}"],
    "xalignat": ["{2}"], "xalignat*": ["{1}"], "xxalignat": ["{1}"],
    "subarray": ["{c}", "{l}", "{cc}"], "aligned": ["", "[t]"], "gathered": ["", "[b]"],
}
_ROW_ENDS = st.sampled_from([r" \\ ", r" \\ ", r" \\ \hline ", r" \\[2pt] ", r" \cr ",
                             r" \\* ", r"\\ [x] ", r" \newline "])


def _environment(math: st.SearchStrategy[str], names: list[str]) -> st.SearchStrategy[str]:
    @st.composite
    def environment(draw: st.DrawFn) -> str:
        name = draw(st.sampled_from(names))
        opener = draw(st.sampled_from(_ENVIRONMENT_OPENERS.get(name, [""])))
        rows = draw(st.lists(st.lists(math, min_size=1, max_size=4).map(" & ".join),
                             min_size=1, max_size=3))
        ends = [draw(_ROW_ENDS) for _ in rows[1:]]
        body = rows[0] + "".join(end + row for end, row in zip(ends, rows[1:], strict=True))
        return f"\\begin{{{name}}}{opener} {body} \\end{{{name}}}"
    return environment()


_MATH_ATOMS = st.one_of(
    st.sampled_from([*list("abxyz0123+-=()[],.<>|/!?;:*"), "'", "''", "~", " ", "a'"]),
    st.sampled_from(_SYMBOLS).map(lambda name: f"\\{name} "),
    st.sampled_from(_SYMBOLS).map(lambda name: f"\\{name} "),
    st.sampled_from(["&", r"\\", "^", "_", "{", "}", r"\over", r"\choose", r"\limits",
                     r"\hline", r"\left(", r"\right)", r"\middle|", "$", r"\$", r"\\[3pt]",
                     r"\kern-3pt ", r"\mkern3mu ", r"\!", r"\TeX", "∞", "α", "é", "∀", "\u00a0",
                     "\x07", r"\buildrel a \over ", r"\cr ", r"\not", r"\sideset{_1}{^2}",
                     r"\\*", r"\uproot{1}", r"\end{aligned}", r"\begin{matrix}"]),
)
_TEXT_ATOMS = st.one_of(
    st.sampled_from([*list("abc XYZ 09.,;:!?()[]'`-<>|"), "~", "--", "---"]),
    st.sampled_from(sorted(TEXT_COMMANDS - set(SIGNATURES))).map(lambda name: f"\\{name} "),
    st.sampled_from([r"\alpha", "^", "_", "&", r"\\", "{", "}", "$x$", "$x^2$", "$", "é"]),
)


def _math_compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    text = st.recursive(_TEXT_ATOMS, lambda t: st.one_of(
        st.lists(t, min_size=1, max_size=5).map("".join),
        t.map(lambda x: f"{{{x}}}"),
        inner.map(lambda x: f"${x}$"),
        _command(inner, t)), max_leaves=6)
    return st.one_of(
        st.lists(inner, min_size=1, max_size=5).map("".join),
        st.lists(inner, min_size=1, max_size=5).map("".join),
        inner.map(lambda x: f"{{{x}}}"),
        st.tuples(st.sampled_from(["(", "[", ".", r"\{", r"\langle", "|"]), inner,
                  st.sampled_from(["", r"\middle|"]), inner,
                  st.sampled_from([")", "]", ".", r"\}", r"\rangle", "|"])).map(
            lambda t: f"\\left{t[0]} {t[1]} {t[2]} {t[3]} \\right{t[4]}"),
        st.tuples(inner, st.sampled_from(["^", "_", "'^", "^{}_"]), inner).map(
            lambda t: f"{t[0]}{t[1]}{{{t[2]}}}"),
        st.tuples(inner, st.sampled_from(sorted(GENERALIZED_FRACTIONS)), inner).map(
            lambda t: f"{{{t[0]} \\{t[1]}"
                      f"{' ( ) ' if 'delims' in t[1] else ''}"
                      f"{' 1pt ' if t[1].startswith('above') else ''} {t[2]}}}"),
        st.tuples(st.sampled_from(sorted(OPERATORS)), st.sampled_from(
            ["", r"\limits", r"\nolimits", r"\limits\nolimits"]), inner).map(
            lambda t: f"\\{t[0]}{t[1]}_{{{t[2]}}}"),
        text.map(lambda x: f"\\text{{{x}}}"),
        _command(inner, text),
        _command(inner, text),
        _environment(inner, _MATH_ENVIRONMENTS),
        _environment(inner, _MATH_ENVIRONMENTS),
        _environment(inner, _OUTER_ENVIRONMENTS),
    )


#: Random formulas of allowed commands, braces, ``&``, ``\\``, ``\left``/``\right``,
#: generalized fractions, scripts, environments, text, lengths and colours; many are
#: refused, and the rest must typeset.
formulas: st.SearchStrategy[str] = st.recursive(_MATH_ATOMS, _math_compound, max_leaves=30)


# -- where Sphinx's LaTeX writer puts math -----------------------------------------------

#: Inline math in the places it can stand (sphinx/writers/latex.py, and the section title
#: of a paper page that :class:`~sphinx_shortscience.builders.latex.MathInBookmarks` writes).
INLINE_PLACES = {
    "paragraph": "\\sphinxAtStartPar\nSee \\({}\\) here.\n\n",
    "section title": "\\section{{Title \\texorpdfstring{{\\protect\\({}\\protect\\)}}{{x}}}}\n"
                     "\\sphinxAtStartPar\nText.\n\n",
    "rubric": "\\subsubsection*{{A heading \\protect\\({}\\protect\\)}}\n",
    "link": "\\sphinxAtStartPar\n\\sphinxstylestrong{{{{\\hyperref[\\detokenize{{a}}]"
            "{{\\sphinxcrossref{{\\DUrole{{shortscience-cite}}{{T \\({}\\)}}}}}}}}}}.\n\n",
    # \sphinxbeforeendvarwidth is Sphinx 8's; Sphinx 7.4 writes the same table without it
    "table cell": "\\providecommand{{\\sphinxbeforeendvarwidth}}{{}}"
                  "\\begin{{savenotes}}\\sphinxattablestart\n"
                  "\\sphinxthistablewithglobalstyle\n\\centering\n"
                  "\\begin{{tabulary}}{{\\linewidth}}[t]{{TT}}\n\\sphinxtoprule\n"
                  "\\sphinxtableatstartofbodyhook\\begin{{varwidth}}[t]{{\\sphinxcolwidth{{1}}{{2}}}}"
                  "\n\\sphinxAtStartPar\na\n\\sphinxbeforeendvarwidth\n\\end{{varwidth}}%\n"
                  "&\\begin{{varwidth}}[t]{{\\sphinxcolwidth{{1}}{{2}}}}\n\\sphinxAtStartPar\n"
                  "\\({}\\)\n\\sphinxbeforeendvarwidth\n\\end{{varwidth}}%\n\\\\\n"
                  "\\sphinxbottomrule\n\\end{{tabulary}}\n\\sphinxtableafterendhook\\par\n"
                  "\\sphinxattableend\\end{{savenotes}}\n",
    "caption": "\\begin{{figure}}[htbp]\n\\centering\n\\capstart\n\n\\noindent x\n"
               "\\caption{{A caption \\({}\\).}}\\end{{figure}}\n",
}


def in_place(latex: str, place: str) -> str:
    """*latex* as Sphinx's LaTeX writer puts it in *place*: one of :data:`INLINE_PLACES`,
    ``display``, ``excerpt`` (display math in a listing's excerpt) or ``unwrapped`` (a math
    block with ``:nowrap:``)."""
    if place == "excerpt":
        return INLINE_PLACES["paragraph"].format(display_as_inline(latex))
    if place == "display":
        return wrap_displaymath(latex, None, False) + "\n\n"
    if place == "unwrapped":
        return latex + "\n\n"
    return INLINE_PLACES[place].format(latex)


def places(kind: str) -> list[str]:
    """Where math of *kind* (see ``unsafe_math``) may end up."""
    return {"inline": list(INLINE_PLACES), "display": ["display", "excerpt"],
            "unwrapped": ["unwrapped"]}[kind]


__all__ = ["DISPLAY_ONLY", "command_samples", "formulas", "in_place", "places",
           "text_samples"]
