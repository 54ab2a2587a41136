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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .math_signatures import (
    ACCENTS,
    COLORS,
    DELIMITER_CHARACTERS,
    DELIMITER_COMMANDS,
    DISPLAY_ONLY,
    ENVIRONMENTS,
    GENERALIZED_FRACTIONS,
    MAKES_OPERATOR,
    NEEDS_BRACES_AS_ARGUMENT,
    NEGATIVE_SPACES,
    OPERATORS,
    SIGNATURES,
    TEXT_COMMANDS,
    TEXT_ONLY,
    UNTYPESETTABLE,
    Arg,
)

if TYPE_CHECKING:
    from collections.abc import Callable

MathKind = Literal["inline", "display", "unwrapped"]

#: The most one length may measure, in em (1em is 10pt, as MathJax counts): room for any
#: real spacing, strut or rule, too little for a box that covers the page.
MAX_LENGTH_EM = 10.0
#: The most all the lengths and negative spaces of one formula may add up to, in em: so
#: that many small moves cannot add up to one large one.
MAX_TOTAL_LENGTH_EM = 40.0
#: How deep groups, arguments and environments may nest (TeX gives up at 255 levels, and a
#: group can cost it several).
MAX_NESTING = 20
#: The largest number ``\\uproot``, ``\\leftroot``, ``\\skew`` and ``{n}`` of alignedat take.
MAX_NUMBER = 20

#: MathJax's sizes of the units both it and TeX know, in em (TeX's px is pdfTeX's only).
_EM_PER_UNIT = {"em": 1.0, "ex": 0.43, "pt": 0.1, "pc": 1.2, "in": 7.2, "cm": 7.2 / 2.54,
                "mm": 7.2 / 25.4, "mu": 1 / 18}
_NUMBER = r"([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+))"
_LENGTH_UNITS = "pt|pc|in|cm|mm|em|ex"
#: A length as both TeX and MathJax read it, with no braces (``\\kern-2pt``).
_DIMEN = re.compile(r"[ \t\n]*" + _NUMBER + r"[ \t\n]*(" + _LENGTH_UNITS + r")")
_MU_DIMEN = re.compile(r"[ \t\n]*" + _NUMBER + r"[ \t\n]*(mu)")
_BRACED_LENGTH = re.compile(r"[ \t\n]*\{[ \t\n]*" + _NUMBER + r"[ \t\n]*(" + _LENGTH_UNITS
                            + r")[ \t\n]*\}")
_BRACED_MU_LENGTH = re.compile(r"[ \t\n]*\{[ \t\n]*" + _NUMBER + r"[ \t\n]*(mu)[ \t\n]*\}")
_BRACKETED_LENGTH = re.compile(r"\[[ \t\n]*" + _NUMBER + r"[ \t\n]*(" + _LENGTH_UNITS
                               + r")[ \t\n]*\]")
#: TeX reads a skip on after its length when ``plus`` or ``minus`` follows (MathJax does not)
_GLUE_MORE = re.compile(r"[ \t\n]*(?:plus|minus)", re.IGNORECASE)
_BRACED_NAME = re.compile(r"[ \t\n]*\{[ \t\n]*([A-Za-z]+)[ \t\n]*\}")
_BRACED_NUMBER = re.compile(r"[ \t\n]*\{[ \t\n]*([-+]?\d+)[ \t\n]*\}")
_SINGLE_DIGIT = re.compile(r"[ \t\n]*(\d)")
_BRACED_LABEL = re.compile(r"[ \t\n]*\{([A-Za-z0-9:._/-]+)\}")
_ENVIRONMENT_NAME = re.compile(r"[ \t\n]*\{([^{}]*)\}")
_PREAMBLE = re.compile(r"[ \t\n]*\{([lcr| \t\n]*)\}")
_SUBARRAY_PREAMBLE = re.compile(r"[ \t\n]*\{[ \t\n]*[lcr][ \t\n]*\}")
_POSITION = re.compile(r"[ \t\n]*\[[ \t\n]*[tcb][ \t\n]*\]")
_SIDE = {Arg.SMASH_SIDE: re.compile(r"[ \t\n]*\[[ \t\n]*[tb][ \t\n]*\]"),
         Arg.CFRAC_SIDE: re.compile(r"[ \t\n]*\[[ \t\n]*[lcr][ \t\n]*\]"),
         Arg.BOX_POSITION: re.compile(r"[ \t\n]*\[[ \t\n]*[lcrs][ \t\n]*\]")}
_GENFRAC_STYLE = re.compile(r"[ \t\n]*\{[ \t\n]*[0-3]?[ \t\n]*\}")
_EMPTY_GROUP = re.compile(r"[ \t\n]*\{[ \t\n]*\}")
#: The pieces of a formula: a control word, a control symbol, spaces, letters and digits,
#: or one other character.
_PIECE = re.compile(r"\\([A-Za-z]+)|\\(.)|([ \t\n\r]+)|([A-Za-z0-9]+)|(.)", re.DOTALL)
#: What TeX cannot read at all (control characters), and what ends its paragraph.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
#: Characters that cannot stand alone as an argument (``x^~``, ``\frac&``).
_NOT_AN_ARGUMENT = frozenset("{}$&^_'~#%\\")

_DISPLAY_ONLY_REASON = ("which LaTeX cannot carry into a title or a caption, so only display "
                        "math may use it")

_DECLARED = re.compile(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}")
STYLE = Path(__file__).resolve().parent.parent / "texinputs" / "sphinxshortscience.sty"


@functools.cache
def latex_characters() -> frozenset[str]:
    """The non-ASCII characters pdflatex typesets in math with Sphinx's preamble: Latin-1
    (inputenc and T1) and what ``sphinxshortscience.sty`` declares."""
    declared = _DECLARED.findall(STYLE.read_text(encoding="utf-8"))
    return frozenset(chr(code) for code in range(0xA0, 0x100)) | {
        chr(int(code, 16)) for code in declared}


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


class _Refused(Exception):
    """What stops the reading of a formula: TeX would stop there too."""

    def __init__(self, construct: str, reason: str) -> None:
        super().__init__(construct)
        self.refusal = MathRefusal(construct, reason)


@dataclass(slots=True)
class _Group:
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


@dataclass(slots=True)
class _Reader:
    text: str
    display: bool
    position: int = 0
    depth: int = 0
    total_em: float = 0.0
    #: where the last ``\\end`` began
    end_at: int = 0
    groups: list[_Group] = field(default_factory=list)

    # -- the main loop -------------------------------------------------------------------

    def read(self, group: _Group) -> None:
        """Read up to and including *group*'s closer."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _Refused(group.opener, f"which nests groups more than {MAX_NESTING} deep")
        text = self.text
        while True:
            if self.position >= len(text):
                if group.closer:
                    raise _Refused(group.opener, f"which has no '{group.closer}' to close it")
                self.depth -= 1
                return
            match = _PIECE.match(text, self.position)
            assert match is not None
            self.position = match.end()
            word, symbol, spaces, plain, other = match.groups()
            if spaces is not None:
                continue
            if group.outer and word != "begin":
                raise _Refused(match.group(), "which a ':nowrap:' math block may only hold inside "
                            "a display environment such as align or gather")
            if plain is not None:
                self.new_symbol(group)
            elif other is not None:
                if self.character(group, other):
                    self.depth -= 1
                    return
            elif symbol is not None:
                self.control_symbol(group, symbol)
            elif self.control_word(group, word):
                self.depth -= 1
                return

    def new_symbol(self, group: _Group, operator: bool = False) -> None:
        group.superscript = group.subscript = group.primes = False
        group.operator = operator
        group.row_start = False

    def child(self, parent: _Group, opener: str, closer: str, *, text: bool | None = None,
              brackets: bool = False, **kwargs: object) -> _Group:
        """A group inside *parent*; braces end the reach of an optional argument's ``]``."""
        in_brackets = brackets or (parent.in_brackets and closer not in ("}", "$"))
        return _Group(opener, closer, text=parent.text if text is None else text,
                      in_brackets=in_brackets, **kwargs)  # type: ignore[arg-type]

    # -- characters ----------------------------------------------------------------------

    def character(self, group: _Group, char: str) -> bool:
        """Handle *char*; True when it closed *group*."""
        if char == "{":
            self.read(self.child(group, "{", "}"))
            self.new_symbol(group)
        elif char == "}":
            if group.closer == "}":
                return True
            raise _Refused("}", "which closes a group that was never opened" if not group.closer
                        else f"which closes a group before '{group.opener}' is closed")
        elif char == "]" and group.in_brackets:
            if group.closer == "]":
                return True
            raise _Refused("]", f"which ends the optional argument before '{group.opener}' is "
                        "closed; put it in braces")
        elif char == "\\":  # at the very end: it would take Sphinx's \\) as its name
            raise _Refused("\\", "which has no command name after it")
        elif char == "$":
            if group.closer == "$":
                return True
            if not group.text:
                raise _Refused("$", "which would end the math; write \\$ for a dollar sign")
            self.read(self.child(group, "$", "$", text=False))
            self.new_symbol(group)
        elif group.text:
            if char in "^_&":
                raise _Refused(char, "which TeX allows only in math, not in text; put math "
                            "inside text in $...$")
            group.row_start = False
        elif char in "^_":
            self.script(group, char)
        elif char == "'":
            self.primes(group)
        elif char == "&":
            self.ampersand(group)
        else:
            self.new_symbol(group)
        return False

    def script(self, group: _Group, char: str) -> None:
        if char == "^":
            if group.superscript and not (group.primes and self.text[self.position - 2] == "'"):
                raise _Refused("^", "which gives one symbol a second superscript, and TeX "
                               "refuses that; put braces around the first: {x^a}^b")
            group.superscript = True
        else:
            if group.subscript:
                raise _Refused("_", "which gives one symbol a second subscript, and TeX "
                               "refuses that; put braces around the first: {x_a}_b")
            group.subscript = True
        group.primes = group.operator = False
        self.argument(group, char, text=False)
        group.row_start = False

    def primes(self, group: _Group) -> None:
        while self.text.startswith("'", self.position):
            self.position += 1
        if group.superscript:
            raise _Refused("'", "which after a superscript is a second superscript to TeX; "
                           "put the prime inside the superscript")
        group.superscript = group.primes = True
        group.operator = group.row_start = False

    def ampersand(self, group: _Group) -> None:
        if group.columns == 0:
            raise _Refused("&", "which separates columns only directly inside an environment "
                        "that aligns them (aligned, cases, matrix, array) or in display math")
        if group.columns is not None and group.cells >= group.columns:
            raise _Refused("&", f"which starts a column beyond the {group.columns} of "
                           f"'{group.opener or 'display math'}'")
        group.cells += 1
        self.new_cell(group)

    def new_cell(self, group: _Group) -> None:
        group.fraction = False
        self.new_symbol(group)

    # -- control symbols and words -------------------------------------------------------

    def control_symbol(self, group: _Group, name: str) -> None:
        if name == "\\":
            self.row_end(group, "\\\\", options=True)
            return
        if group.text and name not in TEXT_COMMANDS:
            raise _Refused(f"\\{name}", "which TeX allows only in math, not in text")
        if name in NEGATIVE_SPACES:
            self.add_length(f"\\{name}", NEGATIVE_SPACES[name], total_only=True)
        self.new_symbol(group)

    def row_end(self, group: _Group, construct: str, *, options: bool) -> None:
        if not group.rows or group.text:
            raise _Refused(construct, "which ends a row only in display math or inside an "
                        "environment such as aligned, cases or matrix")
        if options:
            self.skip_spaces()
            if self.text.startswith("*", self.position):
                self.position += 1
            if group.kernel_rows:
                self.skip_spaces()
            if self.text.startswith("[", self.position):
                self.bracketed_length(construct)
        group.cells = 1
        self.new_cell(group)
        group.row_start = True

    def control_word(self, group: _Group, name: str) -> bool:
        """Handle ``\\name``; True when it closed *group*."""
        construct = f"\\{name}"
        if name in UNTYPESETTABLE:
            raise _Refused(construct, UNTYPESETTABLE[name])
        if name in DISPLAY_ONLY and name != "hline" and not self.display:
            raise _Refused(construct, _DISPLAY_ONLY_REASON)
        if group.text:
            if name not in TEXT_COMMANDS and name not in ("begin", "end"):
                raise _Refused(construct, "which TeX allows only in math, not in text; put math "
                            "inside text in $...$")
        elif name in TEXT_ONLY:
            raise _Refused(construct, "which TeX allows only in text, not in math; write "
                        f"\\text{{{construct}}}")
        structure = _STRUCTURE.get(name)
        if structure is not None:
            return structure(self, group, construct)
        if name in GENERALIZED_FRACTIONS:
            self.generalized_fraction(group, name)
            return False
        if name in NEGATIVE_SPACES:
            self.add_length(construct, NEGATIVE_SPACES[name], total_only=True)
        for kind in SIGNATURES.get(name, ()):
            self.take(group, construct, kind)
        self.new_symbol(group, operator=name in OPERATORS or name in MAKES_OPERATOR)
        return False

    def begin(self, group: _Group, construct: str) -> bool:
        name = self.environment_name(construct)
        environment = ENVIRONMENTS.get(name)
        opener = f"\\begin{{{name}}}"
        if environment is None:  # the allow-list knows no other; this keeps the two in step
            raise _Refused(opener, "which is not on the allow-list of math environments")
        if environment.where == "display" and not group.outer:
            raise _Refused(opener, "which starts display math itself, so it cannot be inside "
                        "math; in $$...$$ write aligned, gathered or split instead")
        if environment.where != "display" and group.outer:
            raise _Refused(opener, "which needs math around it; a ':nowrap:' block may only "
                        "hold display environments such as align")
        if environment.where == "equation" and group.environment not in (
                "equation", "equation*"):
            raise _Refused(opener, "which works only directly inside an equation; display "
                        "math is already one (Sphinx puts each part in split)")
        if group.text:
            raise _Refused(opener, "which TeX allows only in math, not in text")
        columns = environment.columns
        if environment.arguments == "position":
            self.optional(_POSITION)
        elif environment.arguments == "preamble":
            self.optional(_POSITION)
            columns = self.preamble(opener)
        elif environment.arguments == "pairs":
            columns = 2 * self.number(opener, _BRACED_NUMBER, smallest=1)
        elif environment.arguments == "subarray" and not self.optional(_SUBARRAY_PREAMBLE):
            raise _Refused(opener, "which needs one column, {l}, {c} or {r}")
        start = self.position
        self.read(self.child(group, opener, f"\\end{{{name}}}", columns=columns,
                             rows=environment.rows, kernel_rows=environment.kernel_rows,
                             hline=environment.hline, environment=name))
        if environment.where == "display":
            _check_body(self.text[start : self.end_at])
        self.new_symbol(group)
        return False

    def end(self, group: _Group, construct: str) -> bool:
        self.end_at = self.position - len(construct)
        name = self.environment_name(construct)
        if group.closer == f"\\end{{{name}}}":
            return True
        if group.closer:
            raise _Refused(f"\\end{{{name}}}", f"which does not close '{group.opener}'")
        raise _Refused(f"\\end{{{name}}}", "which has no \\begin before it")

    def environment_name(self, construct: str) -> str:
        match = _ENVIRONMENT_NAME.match(self.text, self.position)
        if match is None:
            raise _Refused(construct, "which needs an environment's {name}")
        self.position = match.end()
        return match.group(1).strip()

    def preamble(self, opener: str) -> int:
        match = _PREAMBLE.match(self.text, self.position)
        columns = sum(match.group(1).count(c) for c in "lcr") if match else 0
        if match is None or not columns:
            raise _Refused(opener, "which needs its columns as l, c, r and |, such as {cc}")
        self.position = match.end()
        return columns

    def left(self, group: _Group, construct: str) -> bool:
        delimiter = self.delimiter(group, construct)
        self.read(self.child(group, f"\\left{delimiter}", "\\right"))
        self.new_symbol(group)
        return False

    def right(self, group: _Group, construct: str) -> bool:
        if group.closer != "\\right":
            raise _Refused(construct, "which has no \\left before it" if not group.closer
                           else f"which comes before '{group.opener}' is closed")
        self.delimiter(group, construct)
        return True

    def middle(self, group: _Group, construct: str) -> bool:
        if group.closer != "\\right":
            raise _Refused(construct, "which belongs between \\left and \\right")
        self.delimiter(group, construct)
        return False

    def limits(self, group: _Group, construct: str) -> bool:
        if not group.operator:
            raise _Refused(construct, "which may only follow an operator such as \\sum, \\int "
                        "or \\lim")
        return False

    def hline(self, group: _Group, construct: str) -> bool:
        if not group.hline or not group.row_start:
            raise _Refused(construct, "which draws a line only at the start of a row of an "
                           "array, a matrix or cases")
        if not self.display:
            raise _Refused(construct, _DISPLAY_ONLY_REASON)
        return False

    def carriage_return(self, group: _Group, construct: str) -> bool:
        self.row_end(group, construct, options=False)
        return False

    def buildrel(self, group: _Group, construct: str) -> bool:
        self.read(self.child(group, construct, "\\over"))
        self.argument(group, construct, text=False)
        self.new_symbol(group)
        return False

    def over(self, group: _Group, construct: str) -> bool:
        if group.closer == "\\over":
            return True
        self.generalized_fraction(group, "over")
        return False

    def root_shift(self, group: _Group, construct: str) -> bool:
        if not group.root_index:
            raise _Refused(construct, "which may only stand in the [index] of \\sqrt")
        self.take(group, construct, Arg.NUMBER)
        return False

    def generalized_fraction(self, group: _Group, name: str) -> None:
        if group.fraction:
            raise _Refused(f"\\{name}", "which makes a second fraction of its kind in one "
                           "group; TeX needs braces around one: {a \\over b} \\over c")
        group.fraction = True
        for kind in GENERALIZED_FRACTIONS[name]:
            self.take(group, f"\\{name}", kind)
        self.new_symbol(group)

    # -- arguments -----------------------------------------------------------------------

    def take(self, group: _Group, construct: str, kind: Arg) -> None:
        """Read one argument of *kind* for *construct*."""
        if kind in (Arg.MATH, Arg.TEXT, Arg.SAME):
            self.argument(group, construct, text=group.text if kind is Arg.SAME
                          else kind is Arg.TEXT)
        elif kind in (Arg.BOX, Arg.HBOX):
            if kind is Arg.HBOX:
                match = self.peek()
                if match is None or match.group(1) != "hbox":
                    raise _Refused(construct, "which needs \\hbox{...} after its length")
                self.position = match.end()
            self.skip_spaces()
            if not self.text.startswith("{", self.position):
                raise _Refused(construct, "which needs its contents in braces")
            self.position += 1
            self.read(self.child(group, "{", "}", text=True))
        elif kind in (Arg.OPTIONAL_MATH, Arg.ROOT_INDEX):
            self.skip_spaces()
            if self.text.startswith("[", self.position):
                self.position += 1
                self.read(self.child(group, f"{construct}[", "]", text=False, brackets=True,
                                     root_index=kind is Arg.ROOT_INDEX))
        elif kind in (Arg.LENGTH, Arg.MU_LENGTH):
            pattern = _BRACED_LENGTH if kind is Arg.LENGTH else _BRACED_MU_LENGTH
            self.length(construct, pattern, "{1pt}" if kind is Arg.LENGTH else "{3mu}")
        elif kind is Arg.OPTIONAL_LENGTH:
            self.skip_spaces()
            if self.text.startswith("[", self.position):
                self.bracketed_length(construct)
        elif kind in (Arg.DIMEN, Arg.GLUE):
            self.length(construct, _DIMEN, "1pt, with no braces")
            if kind is Arg.GLUE and _GLUE_MORE.match(self.text, self.position):
                raise _Refused(construct, "which TeX reads on into the plus or minus after "
                               "it, and MathJax does not")
        elif kind in (Arg.MU_DIMEN, Arg.MU_GLUE):
            self.length(construct, _MU_DIMEN, "3mu, with no braces")
            if kind is Arg.MU_GLUE and _GLUE_MORE.match(self.text, self.position):
                raise _Refused(construct, "which TeX reads on into the plus or minus after "
                               "it, and MathJax does not")
        elif kind is Arg.COLOR:
            match = _BRACED_NAME.match(self.text, self.position)
            if match is None or match.group(1) not in COLORS:
                written = match.group(1) if match else ""
                raise _Refused(f"{construct}{{{written}}}" if match else construct,
                               "which is not a colour both LaTeX and MathJax know (they both "
                               "know red, green, blue, gray, orange, purple and a few more)")
            self.position = match.end()
        elif kind is Arg.DELIMITER:
            self.delimiter(group, construct)
        elif kind is Arg.NUMBER:
            self.number(construct, _BRACED_NUMBER, digit=True)
        elif kind is Arg.LABEL:
            if not self.optional(_BRACED_LABEL):
                raise _Refused(construct, "which needs a {label} of letters, digits and : . _ / -")
        elif kind is Arg.STAR:
            self.skip_spaces()
            if self.text.startswith("*", self.position):
                self.position += 1
        elif kind in _SIDE:
            self.skip_spaces()
            if self.text.startswith("[", self.position) and not self.optional(_SIDE[kind]):
                raise _Refused(construct, f"whose [option] must be {kind.value.split(' ', 2)[2]}")
        elif kind in (Arg.NO_OPTION, Arg.NO_PICTURE):
            self.skip_spaces()
            if self.text.startswith("[" if kind is Arg.NO_OPTION else "(", self.position):
                raise _Refused(construct, f"which must have {kind.value}")
        elif kind is Arg.OPERATOR:
            match = self.peek()
            if match is None or match.group(1) not in OPERATORS:
                raise _Refused(construct, "which must be followed by an operator such as \\sum")
        elif kind is Arg.ACCENT:
            match = self.peek()
            if match is None or match.group(1) not in ACCENTS:
                raise _Refused(construct, "which needs an accent such as \\hat as its second "
                            "argument")
            self.position = match.end()
        elif kind is Arg.GENFRAC_DELIMITER:
            if not self.optional(_EMPTY_GROUP):
                self.expect("{", construct)
                self.delimiter(group, construct)
                self.skip_spaces()
                self.expect("}", construct)
        elif kind is Arg.GENFRAC_THICKNESS:
            if not self.optional(_EMPTY_GROUP):
                self.length(construct, _BRACED_LENGTH, "{} or {1pt}")
        elif kind is Arg.GENFRAC_STYLE and not self.optional(_GENFRAC_STYLE):
            raise _Refused(construct, "whose style must be {}, {0}, {1}, {2} or {3}")

    def argument(self, group: _Group, construct: str, *, text: bool) -> None:
        """One undelimited argument: a group in braces, or one token TeX takes whole."""
        self.skip_spaces()
        if self.position >= len(self.text):
            raise _Refused(construct, "which needs an argument after it")
        char = self.text[self.position]
        if char == "{":
            self.position += 1
            self.read(self.child(group, "{", "}", text=text))
            return
        if char == "\\":
            match = _PIECE.match(self.text, self.position)
            assert match is not None
            name = match.group(1) or match.group(2)
            if _one_token(name) and not text:
                self.position = match.end()
                return
            raise _Refused(construct, f"whose argument '{match.group()}' needs braces around "
                        "it here")
        if char in _NOT_AN_ARGUMENT or (char == "]" and group.in_brackets):
            raise _Refused(construct, f"whose argument '{char}' needs braces around it here")
        self.position += 1

    def delimiter(self, group: _Group, construct: str) -> str:
        self.skip_spaces()
        match = _PIECE.match(self.text, self.position)
        if match is not None:
            word, symbol, _, plain, other = match.groups()
            name = word or symbol
            if (name in DELIMITER_COMMANDS or (other in DELIMITER_CHARACTERS and not (
                    other == "]" and group.in_brackets))) and not plain:
                self.position = match.end()
                return match.group()
        raise _Refused(construct, "which needs a delimiter after it, such as ( [ | . or "
                    "\\langle")

    def length(self, construct: str, pattern: re.Pattern[str], form: str) -> None:
        match = pattern.match(self.text, self.position)
        if match is None:
            raise _Refused(construct, f"which needs a length such as {form}")
        self.position = match.end()
        written = match.group().strip()
        self.add_length(construct + ("" if written[0] in "-+.,{" else " ") + written,
                        _em(match.group(1), match.group(2)))

    def bracketed_length(self, construct: str) -> None:
        match = _BRACKETED_LENGTH.match(self.text, self.position)
        if match is None:
            raise _Refused(construct, "whose [option] must be a length such as [2pt]")
        self.position = match.end()
        self.add_length(construct + match.group(), _em(match.group(1), match.group(2)))

    def add_length(self, construct: str, em: float, *, total_only: bool = False) -> None:
        if not total_only and abs(em) > MAX_LENGTH_EM:
            raise _Refused(construct, f"which measures more than {MAX_LENGTH_EM:g}em (100pt), "
                           "the most one length in math may")
        self.total_em += abs(em)
        if self.total_em > MAX_TOTAL_LENGTH_EM:
            raise _Refused(construct, f"which brings this formula's lengths and negative spaces "
                        f"beyond {MAX_TOTAL_LENGTH_EM:g}em in all")

    def number(self, construct: str, pattern: re.Pattern[str], *, digit: bool = False,
               smallest: int = -MAX_NUMBER) -> int:
        match = pattern.match(self.text, self.position) or (
            _SINGLE_DIGIT.match(self.text, self.position) if digit else None)
        if match is None or not smallest <= int(match.group(1)) <= MAX_NUMBER:
            raise _Refused(construct, f"which needs a whole {{number}} from {smallest} to "
                        f"{MAX_NUMBER}")
        self.position = match.end()
        return int(match.group(1))

    def optional(self, pattern: re.Pattern[str]) -> bool:
        match = pattern.match(self.text, self.position)
        if match is not None:
            self.position = match.end()
        return match is not None

    def expect(self, char: str, construct: str) -> None:
        if not self.text.startswith(char, self.position):
            raise _Refused(construct, f"which needs '{char}' here")
        self.position += 1

    def skip_spaces(self) -> None:
        self.position = _end_of_spaces(self.text, self.position)

    def peek(self) -> re.Match[str] | None:
        """The piece after the spaces at the current position, not read yet."""
        return _PIECE.match(self.text, _end_of_spaces(self.text, self.position))


def _end_of_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _check_body(body: str) -> None:
    """Refuse the body of a display environment (Sphinx's split is one) that is a single
    brace group with an environment inside: amsmath reads such a body as an argument, TeX
    takes the braces away, and amsmath then mistakes the inner ``\\end`` for its own."""
    body = body.strip()
    if body.startswith("{") and "\\end" in body and _closing_brace(body) == len(body) - 1:
        raise _Refused("{", "which wraps a whole display formula around an environment; "
                       "amsmath then loses track of its \\end: leave the outer braces out")


def _closing_brace(text: str) -> int:
    """Where the brace group that *text* starts with closes (-1 if it does not)."""
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index
        index += 1
    return -1


def _one_token(name: str) -> bool:
    """Whether TeX takes ``\\name`` whole as an argument, with no braces around it."""
    return not (name in SIGNATURES or name in NEEDS_BRACES_AS_ARGUMENT or name in _STRUCTURE
                or name in GENERALIZED_FRACTIONS or name in UNTYPESETTABLE or name in TEXT_ONLY
                or name in DISPLAY_ONLY or name in NEGATIVE_SPACES or name == "\\")


def _em(number: str, unit: str) -> float:
    return float(number.replace(",", ".")) * _EM_PER_UNIT[unit]


_STRUCTURE: dict[str, Callable[[_Reader, _Group, str], bool]] = {
    "begin": _Reader.begin, "end": _Reader.end, "left": _Reader.left, "right": _Reader.right,
    "middle": _Reader.middle, "limits": _Reader.limits, "nolimits": _Reader.limits,
    "hline": _Reader.hline, "cr": _Reader.carriage_return,
    "newline": _Reader.carriage_return, "buildrel": _Reader.buildrel, "over": _Reader.over,
    "uproot": _Reader.root_shift, "leftroot": _Reader.root_shift,
}


def typesetting_problem(latex: str, kind: MathKind = "inline") -> MathRefusal | None:
    """What in *latex* TeX cannot typeset as math of *kind*, or None."""
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
    reader = _Reader(latex, display=kind != "inline")
    try:
        for part in parts:
            blank = _BLANK_LINE.search(part)
            if blank:
                raise _Refused("blank line", "which ends TeX's paragraph, and the math with it")
            reader.text, reader.position = part, 0
            reader.read(_top_group(kind, several_parts=len(parts) > 1))
        if kind == "display" and len(parts) == 1:
            _check_body(parts[0])
    except _Refused as refused:
        return refused.refusal
    return None


def _top_group(kind: MathKind, *, several_parts: bool) -> _Group:
    if kind == "inline":
        return _Group("", "")
    if kind == "unwrapped":
        return _Group("", "", outer=True)
    # Sphinx's LaTeX writer puts one part in split, several in the rows of aligned
    return _Group("", "", columns=None if several_parts else 2, rows=True)


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
