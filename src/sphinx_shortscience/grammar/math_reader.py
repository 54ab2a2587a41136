"""Reading a formula as TeX does: groups, environments, rows and columns, scripts.

:class:`Reader` reads a formula once, left to right, keeping a :class:`~.math_state.Group`
for each level it is in, and raises :class:`~.math_state.Refused` at the first thing TeX
would stop at; what commands take after them, :class:`~.math_arguments.ArgumentReader` reads.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .math_arguments import BRACED_NUMBER, PIECE, ArgumentReader
from .math_signatures import (
    DISPLAY_ONLY,
    ENVIRONMENTS,
    GENERALIZED_FRACTIONS,
    MAKES_OPERATOR,
    NEGATIVE_SPACES,
    OPERATORS,
    SIGNATURES,
    STRUCTURE,
    TEXT_COMMANDS,
    TEXT_ONLY,
    UNTYPESETTABLE,
    Arg,
)
from .math_state import Group, Refused

if TYPE_CHECKING:
    from collections.abc import Callable

#: How deep groups, arguments and environments may nest (TeX gives up at 255 levels, and a
#: group can cost it several).
MAX_NESTING = 20

_ENVIRONMENT_NAME = re.compile(r"[ \t\n]*\{([^{}]*)\}")
_PREAMBLE = re.compile(r"[ \t\n]*\{([lcr| \t\n]*)\}")
_SUBARRAY_PREAMBLE = re.compile(r"[ \t\n]*\{[ \t\n]*[lcr][ \t\n]*\}")
_POSITION = re.compile(r"[ \t\n]*\[[ \t\n]*[tcb][ \t\n]*\]")
_BRACKET_NEXT = re.compile(r"[ \t\n]*\[")
_DISPLAY_ONLY_REASON = ("which LaTeX cannot carry into a title or a caption, so only display "
                        "math may use it")


class Reader(ArgumentReader):
    """Reads a formula as TeX will, and stops where TeX would."""

    def read(self, group: Group) -> None:
        """Read up to and including *group*'s closer."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise Refused(group.opener, f"which nests groups more than {MAX_NESTING} deep")
        text = self.text
        while True:
            if self.position >= len(text):
                if group.closer:
                    raise Refused(group.opener, f"which has no '{group.closer}' to close it")
                self.depth -= 1
                return
            match = PIECE.match(text, self.position)
            assert match is not None
            self.position = match.end()
            word, symbol, spaces, plain, other = match.groups()
            if spaces is not None:
                continue
            if group.outer and word != "begin":
                raise Refused(match.group(), "which a ':nowrap:' math block may only hold inside "
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

    def new_symbol(self, group: Group, operator: bool = False) -> None:
        group.superscript = group.subscript = group.primes = False
        group.operator = operator
        group.row_start = False

    def character(self, group: Group, char: str) -> bool:
        """Handle *char*; True when it closed *group*."""
        if char == "{":
            self.read(self.child(group, "{", "}"))
            self.new_symbol(group)
        elif char == "}":
            if group.closer == "}":
                return True
            raise Refused("}", "which closes a group that was never opened" if not group.closer
                          else f"which closes a group before '{group.opener}' is closed")
        elif char == "]" and group.in_brackets:
            if group.closer == "]":
                return True
            raise Refused("]", f"which ends the optional argument before '{group.opener}' is "
                          "closed; put it in braces")
        elif char == "\\":  # at the very end: it would take Sphinx's \\) as its name
            raise Refused("\\", "which has no command name after it")
        elif char == "$":
            if group.closer == "$":
                return True
            if not group.text:
                raise Refused("$", "which would end the math; write \\$ for a dollar sign")
            self.read(self.child(group, "$", "$", text=False))
            self.new_symbol(group)
        elif group.text:
            if char in "^_&":
                raise Refused(char, "which TeX allows only in math, not in text; put math "
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

    def script(self, group: Group, char: str) -> None:
        if char == "^":
            if group.superscript and not (group.primes and self.text[self.position - 2] == "'"):
                raise Refused("^", "which gives one symbol a second superscript, and TeX "
                              "refuses that; put braces around the first: {x^a}^b")
            group.superscript = True
        else:
            if group.subscript:
                raise Refused("_", "which gives one symbol a second subscript, and TeX "
                              "refuses that; put braces around the first: {x_a}_b")
            group.subscript = True
        group.primes = group.operator = False
        self.argument(group, char, text=False)
        group.row_start = False

    def primes(self, group: Group) -> None:
        while self.text.startswith("'", self.position):
            self.position += 1
        if group.superscript:
            raise Refused("'", "which after a superscript is a second superscript to TeX; "
                          "put the prime inside the superscript")
        group.superscript = group.primes = True
        group.operator = group.row_start = False

    def ampersand(self, group: Group) -> None:
        if group.columns == 0:
            raise Refused("&", "which separates columns only directly inside an environment "
                          "that aligns them (aligned, cases, matrix, array) or in display math")
        if group.columns is not None and group.cells >= group.columns:
            raise Refused("&", f"which starts a column beyond the {group.columns} of "
                          f"'{group.opener or 'display math'}'")
        group.cells += 1
        self.new_cell(group)

    def new_cell(self, group: Group) -> None:
        group.fraction = False
        self.new_symbol(group)

    def control_symbol(self, group: Group, name: str) -> None:
        if name == "\\":
            self.row_end(group, "\\\\", options=True)
            return
        if group.text and name not in TEXT_COMMANDS:
            raise Refused(f"\\{name}", "which TeX allows only in math, not in text")
        if name in NEGATIVE_SPACES:
            self.add_length(f"\\{name}", NEGATIVE_SPACES[name], total_only=True)
        self.new_symbol(group)

    def row_end(self, group: Group, construct: str, *, options: bool) -> None:
        if not group.rows or group.text:
            raise Refused(construct, "which ends a row only in display math or inside an "
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

    def control_word(self, group: Group, name: str) -> bool:
        """Handle ``\\name``; True when it closed *group*."""
        construct = f"\\{name}"
        if name in UNTYPESETTABLE:
            raise Refused(construct, UNTYPESETTABLE[name])
        if name in DISPLAY_ONLY and name != "hline" and not self.display:
            raise Refused(construct, _DISPLAY_ONLY_REASON)
        if group.text:
            if name not in TEXT_COMMANDS and name not in ("begin", "end"):
                raise Refused(construct, "which TeX allows only in math, not in text; put math "
                              "inside text in $...$")
        elif name in TEXT_ONLY:
            raise Refused(construct, "which TeX allows only in text, not in math; write "
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

    def begin(self, group: Group, construct: str) -> bool:
        name = self.environment_name(construct)
        environment = ENVIRONMENTS.get(name)
        opener = f"\\begin{{{name}}}"
        if environment is None:  # the allow-list knows no other; this keeps the two in step
            raise Refused(opener, "which is not on the allow-list of math environments")
        if environment.where == "display" and not group.outer:
            raise Refused(opener, "which starts display math itself, so it cannot be inside "
                          "math; in $$...$$ write aligned, gathered or split instead")
        if environment.where != "display" and group.outer:
            raise Refused(opener, "which needs math around it; a ':nowrap:' block may only "
                          "hold display environments such as align")
        if environment.where == "equation" and group.environment not in (
                "equation", "equation*"):
            raise Refused(opener, "which works only directly inside an equation; display "
                          "math is already one (Sphinx puts each part in split)")
        if group.text:
            raise Refused(opener, "which TeX allows only in math, not in text")
        columns = environment.columns
        positioned = environment.arguments in ("position", "preamble")
        if positioned and not self.optional(_POSITION) and _BRACKET_NEXT.match(
                self.text, self.position):
            # amsmath reads it as the start of [t], [c] or [b], to the next ']'
            raise Refused(opener, "which reads a '[' right after it as its optional "
                          "[t], [c] or [b]; write the bracket in braces, {[}")
        if environment.arguments == "preamble":
            columns = self.preamble(opener)
        elif environment.arguments == "pairs":
            columns = 2 * self.number(opener, BRACED_NUMBER, smallest=1)
        elif environment.arguments == "subarray" and not self.optional(_SUBARRAY_PREAMBLE):
            raise Refused(opener, "which needs one column, {l}, {c} or {r}")
        start = self.position
        self.read(self.child(group, opener, f"\\end{{{name}}}", columns=columns,
                             rows=environment.rows, kernel_rows=environment.kernel_rows,
                             hline=environment.hline, environment=name))
        if environment.where == "display":
            check_body(self.text[start : self.end_at])
        self.new_symbol(group)
        return False

    def end(self, group: Group, construct: str) -> bool:
        self.end_at = self.position - len(construct)
        name = self.environment_name(construct)
        if group.closer == f"\\end{{{name}}}":
            return True
        if group.closer:
            raise Refused(f"\\end{{{name}}}", f"which does not close '{group.opener}'")
        raise Refused(f"\\end{{{name}}}", "which has no \\begin before it")

    def environment_name(self, construct: str) -> str:
        match = _ENVIRONMENT_NAME.match(self.text, self.position)
        if match is None:
            raise Refused(construct, "which needs an environment's {name}")
        self.position = match.end()
        return match.group(1).strip()

    def preamble(self, opener: str) -> int:
        match = _PREAMBLE.match(self.text, self.position)
        columns = sum(match.group(1).count(c) for c in "lcr") if match else 0
        if match is None or not columns:
            raise Refused(opener, "which needs its columns as l, c, r and |, such as {cc}")
        self.position = match.end()
        return columns

    def left(self, group: Group, construct: str) -> bool:
        delimiter = self.delimiter(group, construct)
        self.read(self.child(group, f"\\left{delimiter}", "\\right"))
        self.new_symbol(group)
        return False

    def right(self, group: Group, construct: str) -> bool:
        if group.closer != "\\right":
            raise Refused(construct, "which has no \\left before it" if not group.closer
                          else f"which comes before '{group.opener}' is closed")
        self.delimiter(group, construct)
        return True

    def middle(self, group: Group, construct: str) -> bool:
        if group.closer != "\\right":
            raise Refused(construct, "which belongs between \\left and \\right")
        self.delimiter(group, construct)
        return False

    def limits(self, group: Group, construct: str) -> bool:
        if not group.operator:
            raise Refused(construct, "which may only follow an operator such as \\sum, \\int "
                          "or \\lim")
        return False

    def hline(self, group: Group, construct: str) -> bool:
        if not group.hline or not group.row_start:
            raise Refused(construct, "which draws a line only at the start of a row of an "
                          "array, a matrix or cases")
        if not self.display:
            raise Refused(construct, _DISPLAY_ONLY_REASON)
        return False

    def carriage_return(self, group: Group, construct: str) -> bool:
        self.row_end(group, construct, options=False)
        return False

    def buildrel(self, group: Group, construct: str) -> bool:
        self.read(self.child(group, construct, "\\over"))
        self.argument(group, construct, text=False)
        self.new_symbol(group)
        return False

    def over(self, group: Group, construct: str) -> bool:
        if group.closer == "\\over":
            return True
        self.generalized_fraction(group, "over")
        return False

    def root_shift(self, group: Group, construct: str) -> bool:
        if not group.root_index:
            raise Refused(construct, "which may only stand in the [index] of \\sqrt")
        self.take(group, construct, Arg.NUMBER)
        return False

    def generalized_fraction(self, group: Group, name: str) -> None:
        if group.fraction:
            raise Refused(f"\\{name}", "which makes a second fraction of its kind in one "
                          "group; TeX needs braces around one: {a \\over b} \\over c")
        group.fraction = True
        for kind in GENERALIZED_FRACTIONS[name]:
            self.take(group, f"\\{name}", kind)
        self.new_symbol(group)


def check_body(body: str) -> None:
    """Refuse the body of a display environment (Sphinx's split is one) that is a single
    brace group with an environment inside: amsmath reads such a body as an argument, TeX
    takes the braces away, and amsmath then mistakes the inner ``\\end`` for its own."""
    body = body.strip()
    if body.startswith("{") and "\\end" in body and _closing_brace(body) == len(body) - 1:
        raise Refused("{", "which wraps a whole display formula around an environment; "
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


_STRUCTURE: dict[str, Callable[[Reader, Group, str], bool]] = {
    "begin": Reader.begin, "end": Reader.end, "left": Reader.left, "right": Reader.right,
    "middle": Reader.middle, "limits": Reader.limits, "nolimits": Reader.limits,
    "hline": Reader.hline, "cr": Reader.carriage_return, "buildrel": Reader.buildrel,
    "over": Reader.over, "uproot": Reader.root_shift, "leftroot": Reader.root_shift,
}

assert set(_STRUCTURE) == STRUCTURE, "math_signatures.STRUCTURE names what the reader reads"
