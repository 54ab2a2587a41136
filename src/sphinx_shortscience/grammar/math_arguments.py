"""Reading the arguments of math commands as TeX does, lengths bounded.

Each kind of argument (:class:`~.math_signatures.Arg`) is read here: groups and single
tokens, delimiters, colours, numbers, labels, options, and lengths, in a form both TeX and
MathJax read and no longer than :data:`MAX_LENGTH_EM` (all of a formula's together, no
longer than :data:`MAX_TOTAL_LENGTH_EM`).  :class:`~.math_reader.Reader` reads the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .math_signatures import (
    ACCENTS,
    COLORS,
    DELIMITER_CHARACTERS,
    DELIMITER_COMMANDS,
    DISPLAY_ONLY,
    GENERALIZED_FRACTIONS,
    NEEDS_BRACES_AS_ARGUMENT,
    NEGATIVE_SPACES,
    OPERATORS,
    SIGNATURES,
    STRUCTURE,
    TEXT_ONLY,
    UNTYPESETTABLE,
    Arg,
)
from .math_state import Group, Refused

#: The most one length may measure, in em (1em is 10pt, as MathJax counts): room for any
#: real spacing, strut or rule, too little for a box that covers the page.
MAX_LENGTH_EM = 10.0
#: The most all the lengths and negative spaces of one formula may add up to, in em: so
#: that many small moves cannot add up to one large one.
MAX_TOTAL_LENGTH_EM = 40.0
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
BRACED_NUMBER = re.compile(r"[ \t\n]*\{[ \t\n]*([-+]?\d+)[ \t\n]*\}")
_SINGLE_DIGIT = re.compile(r"[ \t\n]*(\d)")
_BRACED_LABEL = re.compile(r"[ \t\n]*\{([A-Za-z0-9:._/-]+)\}")
_SIDE = {Arg.SMASH_SIDE: re.compile(r"[ \t\n]*\[[ \t\n]*[tb][ \t\n]*\]"),
         Arg.CFRAC_SIDE: re.compile(r"[ \t\n]*\[[ \t\n]*[lcr][ \t\n]*\]"),
         Arg.BOX_POSITION: re.compile(r"[ \t\n]*\[[ \t\n]*[lcrs][ \t\n]*\]")}
_GENFRAC_STYLE = re.compile(r"[ \t\n]*\{[ \t\n]*[0-3]?[ \t\n]*\}")
_EMPTY_GROUP = re.compile(r"[ \t\n]*\{[ \t\n]*\}")
#: The pieces of a formula: a control word, a control symbol, spaces, letters and digits,
#: or one other character.
PIECE = re.compile(r"\\([A-Za-z]+)|\\(.)|([ \t\n\r]+)|([A-Za-z0-9]+)|(.)", re.DOTALL)
#: Characters that cannot stand alone as an argument (``x^~``, ``\frac&``).
_NOT_AN_ARGUMENT = frozenset("{}$&^_'~#%\\")


@dataclass
class ArgumentReader:
    """Where the reader is in a formula, and how it reads what commands take."""

    text: str
    display: bool
    position: int = 0
    depth: int = 0
    total_em: float = 0.0
    #: where the last ``\\end`` began
    end_at: int = 0

    def read(self, group: Group) -> None:
        """Read up to and including *group*'s closer (:class:`~.math_reader.Reader`)."""
        raise NotImplementedError

    def child(self, parent: Group, opener: str, closer: str, *, text: bool | None = None,
              brackets: bool = False, **kwargs: object) -> Group:
        """A group inside *parent*; braces end the reach of an optional argument's ``]``."""
        in_brackets = brackets or (parent.in_brackets and closer not in ("}", "$"))
        return Group(opener, closer, text=parent.text if text is None else text,
                     in_brackets=in_brackets, **kwargs)  # type: ignore[arg-type]

    def take(self, group: Group, construct: str, kind: Arg) -> None:
        """Read one argument of *kind* for *construct*."""
        if kind in (Arg.MATH, Arg.TEXT, Arg.SAME, Arg.SHARED_MATH):
            self.argument(group, construct, text=group.text if kind is Arg.SAME
                          else kind is Arg.TEXT, shared=kind is Arg.SHARED_MATH)
        elif kind in (Arg.BOX, Arg.HBOX, Arg.GROUP, Arg.ROWS):
            if kind is Arg.HBOX:
                match = self.peek()
                if match is None or match.group(1) != "hbox":
                    raise Refused(construct, "which needs \\hbox{...} after its length")
                self.position = match.end()
            self.skip_spaces()
            if not self.text.startswith("{", self.position):
                raise Refused(construct, "which needs its contents in braces")
            self.position += 1
            rows = kind is Arg.ROWS  # amsmath's \substack is a subarray of one column
            self.read(self.child(group, f"{construct}{{", "}", rows=rows, columns=1 if rows else 0,
                                 text=kind in (Arg.BOX, Arg.HBOX)))
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
                raise Refused(construct, "which TeX reads on into the plus or minus after "
                              "it, and MathJax does not")
        elif kind in (Arg.MU_DIMEN, Arg.MU_GLUE):
            self.length(construct, _MU_DIMEN, "3mu, with no braces")
            if kind is Arg.MU_GLUE and _GLUE_MORE.match(self.text, self.position):
                raise Refused(construct, "which TeX reads on into the plus or minus after "
                              "it, and MathJax does not")
        elif kind is Arg.COLOR:
            match = _BRACED_NAME.match(self.text, self.position)
            if match is None or match.group(1) not in COLORS:
                written = match.group(1) if match else ""
                raise Refused(f"{construct}{{{written}}}" if match else construct,
                              "which is not a colour both LaTeX and MathJax know (they both "
                              "know red, green, blue, gray, orange, purple and a few more)")
            self.position = match.end()
        elif kind is Arg.DELIMITER:
            self.delimiter(group, construct)
        elif kind is Arg.NUMBER:
            self.number(construct, BRACED_NUMBER, digit=True)
        elif kind is Arg.LABEL:
            if not self.optional(_BRACED_LABEL):
                raise Refused(construct, "which needs a {label} of letters, digits and : . _ / -")
        elif kind is Arg.STAR:
            self.skip_spaces()
            if self.text.startswith("*", self.position):
                self.position += 1
        elif kind in _SIDE:
            self.skip_spaces()
            if self.text.startswith("[", self.position) and not self.optional(_SIDE[kind]):
                raise Refused(construct, f"whose [option] must be {kind.value.split(' ', 2)[2]}")
        elif kind in (Arg.NO_OPTION, Arg.NO_PICTURE):
            self.skip_spaces()
            if self.text.startswith("[" if kind is Arg.NO_OPTION else "(", self.position):
                raise Refused(construct, f"which must have {kind.value}")
        elif kind is Arg.OPERATOR:
            match = self.peek()
            if match is None or match.group(1) not in OPERATORS:
                raise Refused(construct, "which must be followed by an operator such as \\sum")
        elif kind is Arg.ACCENT:
            match = self.peek()
            if match is None or match.group(1) not in ACCENTS:
                raise Refused(construct, "which needs an accent such as \\hat as its second "
                              "argument")
            self.position = match.end()
        elif kind is Arg.GENFRAC_DELIMITERS:
            given = [self.genfrac_delimiter(group, construct) for _ in range(2)]
            if given[0] != given[1]:  # amsmath takes both or none
                raise Refused(construct, "which needs both delimiters or neither; write . "
                              "for none on one side")
        elif kind is Arg.GENFRAC_THICKNESS:
            if not self.optional(_EMPTY_GROUP):
                self.length(construct, _BRACED_LENGTH, "{} or {1pt}")
        elif kind is Arg.GENFRAC_STYLE and not self.optional(_GENFRAC_STYLE):
            raise Refused(construct, "whose style must be {}, {0}, {1}, {2} or {3}")

    def genfrac_delimiter(self, group: Group, construct: str) -> bool:
        """Read ``{}`` or ``{delimiter}``; whether a delimiter was given."""
        if self.optional(_EMPTY_GROUP):
            return False
        self.skip_spaces()
        self.expect("{", construct)
        self.delimiter(group, construct)
        self.skip_spaces()
        self.expect("}", construct)
        return True

    def argument(self, group: Group, construct: str, *, text: bool,
                 shared: bool = False) -> None:
        """One undelimited argument: a group in braces, or one token TeX takes whole."""
        self.skip_spaces()
        if self.position >= len(self.text):
            raise Refused(construct, "which needs an argument after it")
        char = self.text[self.position]
        if char == "{":
            self.position += 1
            # a shared group has a fraction already: LaTeX's own, or the one around it
            self.read(self.child(group, "{", "}", text=text, fraction=shared))
            return
        if char == "\\":
            match = PIECE.match(self.text, self.position)
            assert match is not None
            name = match.group(1) or match.group(2)
            if one_token(name) and not text:
                self.position = match.end()
                return
            raise Refused(construct, f"whose argument '{match.group()}' needs braces around "
                          "it here")
        if char in _NOT_AN_ARGUMENT or (char == "]" and group.in_brackets):
            raise Refused(construct, f"whose argument '{char}' needs braces around it here")
        self.position += 1

    def delimiter(self, group: Group, construct: str) -> str:
        self.skip_spaces()
        match = PIECE.match(self.text, self.position)
        if match is not None:
            word, symbol, _, plain, other = match.groups()
            name = word or symbol
            if (name in DELIMITER_COMMANDS or (other in DELIMITER_CHARACTERS and not (
                    other == "]" and group.in_brackets))) and not plain:
                self.position = match.end()
                return match.group()
        raise Refused(construct, "which needs a delimiter after it, such as ( [ | . or "
                      "\\langle")

    def length(self, construct: str, pattern: re.Pattern[str], form: str) -> None:
        match = pattern.match(self.text, self.position)
        if match is None:
            raise Refused(construct, f"which needs a length such as {form}")
        self.position = match.end()
        written = match.group().strip()
        self.add_length(construct + ("" if written[0] in "-+.,{" else " ") + written,
                        _em(match.group(1), match.group(2)))

    def bracketed_length(self, construct: str) -> None:
        match = _BRACKETED_LENGTH.match(self.text, self.position)
        if match is None:
            raise Refused(construct, "whose [option] must be a length such as [2pt]")
        self.position = match.end()
        self.add_length(construct + match.group(), _em(match.group(1), match.group(2)))

    def add_length(self, construct: str, em: float, *, total_only: bool = False) -> None:
        if not total_only and abs(em) > MAX_LENGTH_EM:
            raise Refused(construct, f"which measures more than {MAX_LENGTH_EM:g}em (100pt), "
                          "the most one length in math may")
        self.total_em += abs(em)
        if self.total_em > MAX_TOTAL_LENGTH_EM:
            raise Refused(construct, f"which brings this formula's lengths and negative spaces "
                          f"beyond {MAX_TOTAL_LENGTH_EM:g}em in all")

    def number(self, construct: str, pattern: re.Pattern[str], *, digit: bool = False,
               smallest: int = -MAX_NUMBER) -> int:
        match = pattern.match(self.text, self.position) or (
            _SINGLE_DIGIT.match(self.text, self.position) if digit else None)
        if match is None or not smallest <= int(match.group(1)) <= MAX_NUMBER:
            raise Refused(construct, f"which needs a whole {{number}} from {smallest} to "
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
            raise Refused(construct, f"which needs '{char}' here")
        self.position += 1

    def skip_spaces(self) -> None:
        self.position = _end_of_spaces(self.text, self.position)

    def peek(self) -> re.Match[str] | None:
        """The piece after the spaces at the current position, not read yet."""
        return PIECE.match(self.text, _end_of_spaces(self.text, self.position))


def _end_of_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def one_token(name: str) -> bool:
    """Whether TeX takes ``\\name`` whole as an argument, with no braces around it."""
    return not (name in SIGNATURES or name in NEEDS_BRACES_AS_ARGUMENT or name in STRUCTURE
                or name in GENERALIZED_FRACTIONS or name in UNTYPESETTABLE or name in TEXT_ONLY
                or name in DISPLAY_ONLY or name in NEGATIVE_SPACES or name == "\\")


def _em(number: str, unit: str) -> float:
    return float(number.replace(",", ".")) * _EM_PER_UNIT[unit]
