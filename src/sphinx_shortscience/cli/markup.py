"""Bib fields and imported lines written into the MyST and rST files ``new`` and ``import``
make: as text, whatever they hold.

Those values are hostile (a bib title ``<img src=x onerror=...>``, a saved page's line
``--> <script>``): :func:`as_text` is the one way they enter a generated file, so none can
become HTML, a link, a role, a directive, or the end of the comment that holds it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import TYPE_CHECKING, Literal

from docutils.utils import column_width

from .errors import UsageError

if TYPE_CHECKING:
    from ..grammar.tokens import Format

#: Where a value goes: running text (a heading), a comment line, a directive option's value.
Place = Literal["text", "comment", "option"]

#: What ends a line for docutils (``str.splitlines``), markdown-it or MyST's option parser.
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: The ASCII punctuation (all that Markdown can escape) that may start markup somewhere in
#: MyST or one of its extensions; not ``, ; : /`` and a hyphen inside a word, which start none
#: (left as they are, "BERT: Pre-training" stays readable in the file).
_MARKDOWN_SPECIAL = re.compile(
    "((?<![A-Za-z0-9])-|-(?![A-Za-z0-9])|["
    + re.escape(string.punctuation.translate(str.maketrans("", "", ",;:/-"))) + "])")
#: A MyST option value YAML reads as written: not quoted, not a block scalar, no comment.
_PLAIN_OPTION = re.compile(r"^(?![-?:,\[\]{}#&*!|>'\"%@`])(?!.*(?: #|: )).+$")


def one_line(value: str) -> str:
    """*value* on one line: a line break of any kind (and a tab) is a space, other control
    characters are U+FFFD, so the value cannot end the line, the comment or the option it
    is written in; white space around it goes (a heading would drop it)."""
    return _CONTROL.sub("\ufffd", _LINE_BREAKS.sub(" ", value)).strip()


def _rst_escaped(value: str) -> str:
    # a backslash makes any character literal in rST; punctuation and symbols are every
    # character that can start markup (bullets such as • included)
    escaped = "".join(
        "\\" + char if unicodedata.category(char)[0] in "PS"
        and not (char == "-" and value[index - 1:index].isalnum()
                 and value[index + 1:index + 2].isalnum()) else char
        for index, char in enumerate(value))
    # only backslashes would read as a section's adornment line; an escaped space, which
    # rST removes, tells it apart
    return "\\ " + escaped if set(escaped) == {"\\"} else escaped


def as_text(value: str, fmt: Format, place: Place = "text") -> str:
    """*value* as a *fmt* file must hold it at *place* to show exactly that text: escaped in
    running text, on one line in a comment (which nothing can close before the line ends),
    and in a form the directive's option parser reads back unchanged."""
    line = one_line(value)
    if place == "comment" or (place == "option" and fmt == "rst"):
        return line  # an rST option's value is not parsed for markup
    if place == "option":
        if _PLAIN_OPTION.match(line):
            return line
        return '"' + line.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if fmt == "rst":
        return _rst_escaped(line)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", line)


def heading(title: str, fmt: Format) -> list[str]:
    """The lines of a top-level heading that shows *title* as written."""
    text = as_text(title, fmt)
    if fmt == "rst":
        return [text, "=" * max(column_width(text), 3)]
    return [f"# {text}"]


def comment(note: str, fmt: Format) -> list[str]:
    """The lines of a comment holding *note*: in rST the ``..`` alone on its line, so that the
    text cannot make it a directive, a target or a footnote."""
    text = as_text(note, fmt, "comment")
    return ["..", f"   {text}"] if fmt == "rst" else [f"% {text}"]


def summary_key(key: str) -> str:
    """*key* as the argument of a summary directive; a key that would end the line or (in
    MyST) the directive's fence is refused."""
    if not key or key != one_line(key) or " " in key or "`" in key:
        raise UsageError(f"{key!r} cannot be a summary's key: it holds white space, a "
                         "control character or a backtick")
    return key
