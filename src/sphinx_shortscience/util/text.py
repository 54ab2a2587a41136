"""Wording and positions in text, the same everywhere."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


def plural(number: int, singular: str, plural_form: str = "") -> str:
    """*singular* or its plural (``singular + "s"`` unless given) for *number* things."""
    return singular if number == 1 else plural_form or singular + "s"


def counted(number: int, singular: str, plural_form: str = "") -> str:
    """``"1 paper"``, ``"3 papers"``, ``"2 summaries"``."""
    return f"{number} {plural(number, singular, plural_form)}"


def identity(name: str) -> str:
    """The form in which names (keywords, venues, years, writers) are merged: case and
    spacing do not matter."""
    return " ".join(name.split()).casefold()


def line_of_offset(text: str, offset: int, first_line: int = 1) -> int:
    """The line of *text* that holds character *offset*, counting from *first_line*."""
    return first_line + text.count("\n", 0, offset)


def body_lines(lines: list[str], start: int) -> tuple[int, list[str]]:
    """The body that begins at *start* after any blank lines: the index of its first line,
    and its lines without the blank lines that end it."""
    while start < len(lines) and not lines[start].strip():
        start += 1
    body = lines[start:]
    while body and not body[-1].strip():
        body.pop()
    return start, body


def unescaped_braces(text: str) -> Iterator[str]:
    """The braces of *text* that a backslash does not escape, in order (LaTeX's grouping)."""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "{}":
            yield char


#: Characters XML cannot carry (C0 controls but tab and line breaks, U+FFFE, U+FFFF),
#: those HTML calls control characters (DEL, C1): an Atom feed or an XHTML page with one
#: is not well-formed; and the line and paragraph separators, which docutils reads as line
#: breaks that no editor shows (the lines of every warning after one would be off).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def control_symbol(char: str) -> str:
    """What shows a control character: its Unicode control picture (␁ for U+0001, ␡ for
    DEL), or the replacement character where there is none."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return {0x7F: "\u2421", 0x2028: "\u2424", 0x2029: "\u2424"}.get(code, "\ufffd")


def visible_controls(text: str) -> tuple[str, list[tuple[int, str]]]:
    """*text* with each control character replaced by :func:`control_symbol` (one
    character for one), and the offset and character of each."""
    found = [(match.start(), match.group(0)) for match in _CONTROL.finditer(text)]
    if not found:
        return text, []
    return _CONTROL.sub(lambda match: control_symbol(match.group(0)), text), found


def control_message(what: str, char: str) -> str:
    """The warning for a control character (or a line separator) in *what*."""
    if char in "\u2028\u2029":
        return (f"{what} holds U+{ord(char):04X}, a line separator that docutils reads as a "
                f"line break no editor shows; shown as {control_symbol(char)}")
    return (f"{what} holds the control character U+{ord(char):04X}, which pages and feeds "
            f"cannot carry; shown as {control_symbol(char)}")
