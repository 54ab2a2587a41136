"""The ShortScience body grammar: math, ``\\cite`` commands and image lines in summary text.

A pure function, :func:`protect`, finds the constructs in a body (Markdown or rST) and
replaces each with an inert placeholder, so that the Markdown or rST parser never looks
inside math and never mistakes ``_`` or ``*`` there for markup.  After parsing, the
placeholders are swapped for real nodes by :mod:`sphinx_shortscience.body`.

The rules, stated once (and shown in the docs):

* ``$$...$$`` and ``\\[...\\]`` are display math; ``$...$`` and ``\\(...\\)`` inline math.
* ``$`` opens inline math only when the next character is not a space, and closes it only
  when the previous character is not a space and the next one is not a digit, with no blank
  line in between: ``costs $5 or $10`` stays text.
* ``\\$`` is a literal dollar.
* ``\\cite``, ``\\citep``, ``\\citet``, ``\\citeauthor``, ``\\citeyear`` (and ``\\citealp``,
  ``\\citealt``, ``\\citenum``), with up to two optional notes ``[...]`` and one or more
  comma-separated keys in braces.
* A line that holds only an image URL (png, jpg, jpeg, gif, svg, webp, or i.imgur.com) is
  an image.
* Nothing inside code (Markdown code spans and fenced blocks; rST literals, interpreted
  text, literal blocks and code directives) is touched.
"""

from __future__ import annotations

import bisect
import re
import urllib.parse
from typing import TYPE_CHECKING, Literal

from .code import code_regions
from .math_safety import unsafe_math, unsafe_math_message
from .tokens import (
    FILL,
    MARK,
    PLACEHOLDER,
    CiteToken,
    GrammarProblem,
    ImageToken,
    LiteralToken,
    MathToken,
    PaperLinkToken,
    ProtectedBody,
    Token,
    placeholder,
)

if TYPE_CHECKING:
    from .math_safety import MathKind
    from .tokens import Format

CITE_COMMANDS = (
    "citeauthor", "citeyearpar", "citeyear", "citealp", "citealt", "citenum",
    "citep", "citet", "cite",
)  # fmt: skip
_CITE_START = re.compile(r"\\(" + "|".join(CITE_COMMANDS) + r")\*?(?![A-Za-z])")
_IMAGE_LINE = re.compile(
    r"^[ \t]*(https?://(?:i\.imgur\.com/[^\s<>\"']+|[^\s<>\"']+\.(?:png|jpe?g|gif|svg|webp)"
    r"(?:[?#][^\s<>\"']*)?))[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: Where something may start (see ``_Scanner.run``); the scanner skips all else at once.
_MAY_START = re.compile("[\\\\$" + MARK + FILL + "]|http|HTTP|Http")
SHORTSCIENCE_URL = re.compile(
    r"https?://(?:www\.)?shortscience\.org/paper\?bibtexKey=([^\s<>\"'`\]]+)", re.IGNORECASE)


def shortscience_key(url: str) -> str | None:
    """The key of a ShortScience paper URL, decoded, or None."""
    match = SHORTSCIENCE_URL.fullmatch(url.strip())
    return urllib.parse.unquote(match.group(1)) if match else None


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and an unbalanced closing parenthesis after a bare URL."""
    while url and url[-1] in ".,;:!?":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url
_KEY_FORBIDDEN = re.compile(r"[\s{}]")


# -- the scanner -----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str, fmt: Format):
        self.text = text
        self.regions = code_regions(text, fmt)
        self.body = ProtectedBody(text="")
        self.out: list[str] = []
        self.plain_start = 0
        self.region_starts = [start for start, _ in self.regions]
        self.image_lines = {m.start(1): m.group(1) for m in _IMAGE_LINE.finditer(text)}
        self.image_starts = sorted(self.image_lines)
        self._line_offset = 0
        self._line = 1

    def line_at(self, offset: int) -> int:
        """The line of *offset*; counted on from the last call, as offsets mostly grow."""
        if offset < self._line_offset:
            self._line_offset, self._line = 0, 1
        self._line += self.text.count("\n", self._line_offset, offset)
        self._line_offset = offset
        return self._line

    def emit(self, token: Token, start: int, source: str) -> int:
        """Replace ``text[start:start+len(source)]`` by a placeholder; return its length."""
        self.out.append(self.text[self.plain_start : start])
        self.out.append(placeholder(len(self.body.tokens), source))
        self.body.tokens.append(token)
        self.plain_start = start + len(source)
        return len(source)

    def problem(self, kind: Literal["bad_math", "bad_cite"], message: str, offset: int) -> None:
        self.body.problems.append(GrammarProblem(kind, message, self.line_at(offset)))

    def region_end(self, position: int) -> int | None:
        """The end of the code region *position* is in, if it is in one."""
        index = bisect.bisect_right(self.region_starts, position) - 1
        if index >= 0:
            start, end = self.regions[index]
            if start <= position < end:
                return end
        return None

    def next_start(self, position: int) -> int:
        """The first offset from *position* on where a construct may start or a code region
        or an image line begins (a 1 MB summary is not walked character by character)."""
        found = _MAY_START.search(self.text, position)
        nearest = found.start() if found else len(self.text)
        for starts in (self.region_starts, self.image_starts):
            index = bisect.bisect_left(starts, position)
            if index < len(starts):
                nearest = min(nearest, starts[index])
        return nearest

    def run(self) -> ProtectedBody:
        text = self.text
        image_lines = self.image_lines
        position = 0
        while position < len(text):
            end_of_code = self.region_end(position)
            if end_of_code is not None:
                position = end_of_code
                continue
            next_start = self.next_start(position)
            if next_start > position:
                position = next_start
                continue
            char = text[position]
            step = 1
            if position in image_lines:
                url = image_lines[position]
                step = self.emit(ImageToken(url, url, self.line_at(position)), position, url)
            elif char in "hH" and self.is_bare_url_start(position):
                step = self.paper_link(position)
            elif char in (MARK, FILL):
                step = self.emit(LiteralToken(char, self.line_at(position)), position, char)
            elif char == "\\":
                step = self.backslash(position)
            elif char == "$":
                step = self.dollar(position)
            position += max(step, 1)
        self.out.append(text[self.plain_start :])
        self.body.text = "".join(self.out)
        return self.body

    def is_bare_url_start(self, position: int) -> bool:
        text = self.text
        if not text.startswith(("http", "HTTP", "Http"), position):
            return False
        before = text[position - 1 : position] if position else ""
        if before and not (before.isspace() or before in "(["):
            return False
        # not the destination of a Markdown link "[text](url)" nor an autolink "<url>"
        return not (before == "(" and text[position - 2 : position - 1] == "]")

    def paper_link(self, position: int) -> int:
        match = SHORTSCIENCE_URL.match(self.text, position)
        if match is None:
            return 1
        url = _trim_url(match.group(0))
        key = shortscience_key(url)
        if not key:
            return 1
        return self.emit(PaperLinkToken(key, url, url, self.line_at(position)), position, url)

    def backslash(self, position: int) -> int:
        """Handle what starts with a backslash; returns how many characters to move on."""
        text = self.text
        following = text[position + 1 : position + 2]
        if following in ("$", "\\"):
            return 2  # an escaped dollar or backslash: the parser unescapes it
        if following in ("(", "["):
            closer = "\\)" if following == "(" else "\\]"
            end = _find_unescaped(text, closer, position + 2)
            if end == -1 or (following == "(" and _BLANK_LINE.search(text, position, end)):
                self.problem("bad_math", f"'\\{following}' opens math that is never closed",
                             position)
                return 2
            source = text[position : end + 2]
            latex = text[position + 2 : end].strip()
            kind: MathKind = "display" if following == "[" else "inline"
            if self.refuse_math(latex, position, kind):
                return self.emit(LiteralToken(source, self.line_at(position)), position, source)
            token = MathToken(latex, following == "[", source, self.line_at(position))
            return self.emit(token, position, source)
        match = _CITE_START.match(text, position)
        if match:
            return self.cite(position, match)
        return 1

    def dollar(self, position: int) -> int:
        text = self.text
        if text.startswith("$$", position):
            end = _find_unescaped(text, "$$", position + 2)
            if end == -1 or not text[position + 2 : end].strip():
                self.problem("bad_math", "'$$' opens display math that is never closed; "
                             "shown as text", position)
                return 2
            source = text[position : end + 2]
            latex = text[position + 2 : end].strip()
            if self.refuse_math(latex, position, "display"):
                return self.emit(LiteralToken(source, self.line_at(position)), position, source)
            token = MathToken(latex, True, source, self.line_at(position))
            return self.emit(token, position, source)
        following = text[position + 1 : position + 2]
        if not following or following.isspace():
            return 1
        end = self.inline_math_end(position + 1)
        if end == -1:
            if following.isalpha() or following == "\\":
                self.problem("bad_math", "'$' opens math that is never closed; shown as text",
                             position)
            return 1
        source = text[position : end + 1]
        if self.refuse_math(text[position + 1 : end], position, "inline"):
            return self.emit(LiteralToken(source, self.line_at(position)), position, source)
        token = MathToken(text[position + 1 : end], False, source, self.line_at(position))
        return self.emit(token, position, source)

    def refuse_math(self, latex: str, position: int, kind: MathKind) -> bool:
        refusal = unsafe_math(latex, kind)
        if refusal is None:
            return False
        self.problem("bad_math", unsafe_math_message(refusal), position)
        return True

    def inline_math_end(self, start: int) -> int:
        """The closing ``$``: the next unescaped one, if it may close; else -1.

        Inline math cannot contain an unescaped ``$``, so a ``$`` that cannot close (a space
        before it, a digit after it) means the opening one was not math after all.
        """
        text = self.text
        blank = _BLANK_LINE.search(text, start)
        limit = blank.start() if blank else len(text)
        position = start
        while True:
            end = text.find("$", position, limit)
            if end == -1:
                return -1
            if not _is_unescaped(text, end) or self.region_end(end) is not None:
                position = end + 1
                continue
            if text[end + 1 : end + 2] == "$":
                return -1
            before = text[end - 1]
            after = text[end + 1 : end + 2]
            return end if end > start and not before.isspace() and not after.isdigit() else -1

    def cite(self, position: int, match: re.Match[str]) -> int:
        text = self.text
        command = match.group(1)
        cursor = match.end()
        notes: list[str] = []
        while len(notes) < 2:
            cursor = _skip_blanks(text, cursor)
            if text[cursor : cursor + 1] != "[":
                break
            close = _matching(text, cursor, "[", "]")
            if close == -1:
                break
            notes.append(text[cursor + 1 : close])
            cursor = close + 1
        cursor = _skip_blanks(text, cursor)
        if text[cursor : cursor + 1] != "{":
            self.problem("bad_cite", f"'\\{command}' without a {{key}}; shown as text",
                         position)
            return match.end() - position
        close = _matching(text, cursor, "{", "}")
        if close == -1:
            self.problem("bad_cite", f"'\\{command}{{' is never closed; shown as text",
                         position)
            return match.end() - position
        source = text[position : close + 1]
        raw_keys = text[cursor + 1 : close]
        keys = tuple(key.strip() for key in raw_keys.split(","))
        if not raw_keys.strip() or not all(keys):
            self.problem("bad_cite", f"empty key in '{source}'; shown as text", position)
            return len(source)
        bad = [key for key in keys if _KEY_FORBIDDEN.search(key)]
        if bad:
            self.problem("bad_cite", f"key '{bad[0]}' in '{source}' contains a space or a "
                         "brace; shown as text", position)
            return len(source)
        prenote, postnote = ("", notes[0]) if len(notes) == 1 else (*notes, "", "")[:2]
        token = CiteToken(command, keys, prenote.strip(), postnote.strip(), source,
                          self.line_at(position))
        return self.emit(token, position, source)


def _skip_blanks(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _is_unescaped(text: str, position: int) -> bool:
    """Whether the character at *position* is preceded by an even run of backslashes."""
    count = 0
    index = position - 1
    while index >= 0 and text[index] == "\\":
        count += 1
        index -= 1
    return count % 2 == 0


def _find_unescaped(text: str, needle: str, start: int) -> int:
    position = start
    while True:
        found = text.find(needle, position)
        if found == -1 or _is_unescaped(text, found):
            return found
        position = found + 1


def _matching(text: str, start: int, opener: str, closer: str) -> int:
    """Index of the *closer* matching the *opener* at *start*, honouring nesting."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\\":
            continue
        if char == opener and (index == 0 or text[index - 1] != "\\"):
            depth += 1
        elif char == closer and (index == 0 or text[index - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n" and text[index + 1 : index + 2] == "\n":
            return -1
    return -1


def protect(text: str, fmt: Format = "markdown") -> ProtectedBody:
    """Replace math, citations and image lines in *text* by placeholders."""
    return _Scanner(text, fmt).run()


def restore(text: str, body: ProtectedBody) -> str:
    """Put the original source back in place of every placeholder in *text*."""
    return PLACEHOLDER.sub(lambda m: body.token_for(m).source, text)


#: Deeper than this (columns of indentation and block markers at a line's start), a body is
#: not parsed: docutils recurses once per level, and a few hundred levels exhaust Python's
#: stack.  No summary needs it.
MAX_DEPTH = 100
_LINE_START = re.compile(r"^[ \t>*+\-]*", re.MULTILINE)


def too_deep(text: str) -> str | None:
    """Why *text* is not parsed (nested too deep), or None."""
    deepest = max((len(match.group(0)) for match in _LINE_START.finditer(text)), default=0)
    return f"nested deeper than {MAX_DEPTH} levels" if deepest > MAX_DEPTH else None
