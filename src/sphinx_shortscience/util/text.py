"""Wording and positions in text, the same everywhere."""

from __future__ import annotations

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
