"""What each class of LaTeX macro in a bib field becomes when it is shown: one table.

The decoder (:mod:`.decode`) looks a macro up here first; the documentation lists these
tables, and tests/test_decoding.py checks every class.  The rule behind them: nothing the
author wrote is lost.  A macro that formats text keeps its text; a logo reads as its word;
a macro that only changes fonts or spacing vanishes; a macro nobody here knows keeps its
argument's text, or, with no argument, stays visible as written.
"""

from __future__ import annotations

#: Emphasis (shown in italics).
EMPHASIS = frozenset({"emph", "textit", "textsl", "mathit"})
#: Strong emphasis (bold).
STRONG = frozenset({"textbf", "mathbf", "bm", "boldsymbol"})
#: Macros whose last argument is the text to show (``\textcolor{red}{Text}`` shows Text).
KEEP_TEXT = frozenset({
    "mbox", "hbox", "makebox", "fbox", "framebox", "text", "textrm", "textsf", "texttt",
    "textsc", "textup", "textmd", "textnormal", "textsuperscript", "textsubscript",
    "underline", "uline", "uppercase", "lowercase", "MakeUppercase", "MakeLowercase",
    "MakeTextUppercase", "MakeTextLowercase", "NoCaseChange", "nocase", "textcolor",
    "colorbox", "href", "ensuremath", "mathrm", "mathsf", "mathtt", "mathnormal", "textlf",
    "foreignlanguage", "hyphenation", "enquote", "textquote", "acronym", "acs", "acl", "ac",
})  # fmt: skip
#: How many arguments the macros above take, where it is not one.
ARITY = {"textcolor": 2, "colorbox": 2, "href": 2, "foreignlanguage": 2, "makebox": 1}
#: Macros whose argument only sorts or labels and must not be shown.
HIDE_ARGUMENT = frozenset({"noopsort", "sortkey", "label", "index", "hspace", "vspace",
                           "hskip", "vskip", "kern", "phantom", "hphantom", "vphantom"})
#: Logos and names TeX spells with macros: shown as the word.
LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX", "biblatex": "biblatex", "AmSTeX": "AmS-TeX", "AMSTeX": "AMS-TeX",
    "AmSLaTeX": "AmS-LaTeX", "AMSLaTeX": "AMS-LaTeX", "AmS": "AmS", "AMS": "AMS",
    "MF": "Metafont", "METAFONT": "METAFONT", "MP": "MetaPost", "METAPOST": "MetaPost",
    "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "ConTeXt": "ConTeXt", "SliTeX": "SliTeX",
    "eTeX": "e-TeX", "PiCTeX": "PiCTeX", "TeXeT": "TeX--XeT", "ExTeX": "ExTeX",
}  # fmt: skip
#: Symbols pylatexenc does not know, as the character they print (``shortscience add``
#: writes a brace that pairs with none so; see bib/writer.py).
SYMBOLS = {"textbraceleft": "{", "textbraceright": "}"}
#: Font switches, sizes and spacing hints: no text of their own, they vanish.
VANISH = frozenset({
    "it", "bf", "sc", "tt", "rm", "sf", "sl", "up", "md", "normalfont", "itshape",
    "bfseries", "scshape", "upshape", "ttfamily", "rmfamily", "sffamily", "mdseries",
    "slshape", "em", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large",
    "Large", "LARGE", "huge", "Huge", "relax", "protect", "noindent", "/", "-", "nobreak",
    "allowbreak", "unskip", "ignorespaces", "null", "strut", "leavevmode", "par", "selectfont",
})  # fmt: skip
#: Macros that stand for a space.
SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace",
                    "medspace", "thickspace", "space", "enskip", "nobreakspace"})


def macro_class(name: str) -> str:
    """The class of macro *name* in these tables (``"other"`` if it is in none)."""
    for label, names in (("emphasis", EMPHASIS), ("strong", STRONG), ("keep text", KEEP_TEXT),
                         ("hide argument", HIDE_ARGUMENT), ("logo", LOGOS), ("symbol", SYMBOLS),
                         ("vanish", VANISH), ("space", SPACES)):
        if name in names:
            return label
    return "other"

#: Accents (LaTeX's text accents) and the combining character each puts over the first
#: letter of its argument; over ``\i`` and ``\j`` they put it over i and j, as TeX prints
#: ``\'{\i}`` (í): pylatexenc's converter drops the accent when its argument is a macro.
ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
           "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
           "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
#: The dotless letters, which an accent over them puts back as the letters with the accent.
DOTLESS = {"\u0131": "i", "\u0237": "j"}
