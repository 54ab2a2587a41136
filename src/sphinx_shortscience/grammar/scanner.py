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
#: A line that holds only a URL; :func:`_is_image_url` says whether it is an image's.
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_IMAGE_HOST = re.compile(r"https?://i\.imgur\.com/.", re.IGNORECASE)
_IMAGE_EXTENSION = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)(?=[?#]|$)", re.IGNORECASE)
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
    url = url.rstrip(".,;:!?")
    unbalanced = url.count(")") - url.count("(")
    end = len(url)
    while unbalanced > 0 and end and url[end - 1] == ")":
        end -= 1
        unbalanced -= 1
    return url[:end]
_KEY_FORBIDDEN = re.compile(r"[\s{}]")


def _is_image_url(url: str) -> bool:
    """Whether *url* (a URL alone on its line) is an image: on i.imgur.com, or with an image
    file's extension before its end, its query or its fragment.

    Searched for, not matched with one pattern around the whole URL: that pattern backtracks
    over a long URL once per dot, quadratic in the line's length."""
    if _IMAGE_HOST.match(url):
        return True
    host_start = url.index("//") + 2
    return _IMAGE_EXTENSION.search(url, host_start + 1) is not None


def image_lines(text: str) -> dict[int, str]:
    """The image URLs that stand alone on a line of *text*, by offset."""
    return {match.start(1): match.group(1) for match in _URL_LINE.finditer(text)
            if _is_image_url(match.group(1))}


# -- the scanner -----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str, fmt: Format):
        self.text = text
        self.regions = code_regions(text, fmt)
        self.body = ProtectedBody(text="")
        self.out: list[str] = []
        self.plain_start = 0
        self.region_starts = [start for start, _ in self.regions]
        self.image_lines = image_lines(text)
        self.image_starts = sorted(self.image_lines)
        self.ahead = _LookAhead(text)
        self._next_candidate = (1, 0)  # (searched from, found): none yet
        self._line_offset = 0
        self._line = 1

    def line_at(self, offset: int) -> int:
        """The line of *offset*; counted from the last call's, as offsets mostly grow."""
        if offset < self._line_offset:
            self._line -= self.text.count("\n", offset, self._line_offset)
        else:
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
        searched_from, candidate = self._next_candidate
        if not searched_from <= position <= candidate:
            # kept for the next calls: with code spans close together and no candidate
            # after them, searching again from each span was quadratic
            found = _MAY_START.search(self.text, position)
            candidate = found.start() if found else len(self.text)
            self._next_candidate = (position, candidate)
        nearest = candidate
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
            end = self.ahead.unescaped(closer, position + 2)
            if end == -1 or (following == "(" and self.ahead.blank_line_within(position, end)):
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
            end = self.ahead.unescaped("$$", position + 2)
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
        limit = self.ahead.blank_line_from(start)
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
            close = self.ahead.matching(cursor, "[")
            if close == -1:
                break
            notes.append(text[cursor + 1 : close])
            cursor = close + 1
        cursor = _skip_blanks(text, cursor)
        if text[cursor : cursor + 1] != "{":
            self.problem("bad_cite", f"'\\{command}' without a {{key}}; shown as text",
                         position)
            return match.end() - position
        close = self.ahead.matching(cursor, "{")
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


_CLOSERS = {"[": "]", "{": "}"}


class _LookAhead:
    """What lies ahead of an offset of the text: the next blank line, the next unescaped
    ``\\)``, the bracket that closes an opening one.

    Each is found once for the whole text, when first asked for, and then looked up: searched
    for afresh from every opening construct, they made the scanner's time grow with the square
    of the length of a text full of unclosed ``\\cite{``, ``\\(`` or ``$``.
    """

    def __init__(self, text: str):
        self.text = text
        self._found: dict[str, list[int]] = {}
        self._matches: dict[str, dict[int, int]] = {}

    def _offsets(self, name: str, pattern: str) -> list[int]:
        """The offsets where *pattern* (a lookahead, so that they may overlap) matches."""
        offsets = self._found.get(name)
        if offsets is None:
            offsets = [match.start() for match in re.finditer(pattern, self.text)]
            self._found[name] = offsets
        return offsets

    def _first(self, name: str, pattern: str, start: int) -> int:
        """The first offset from *start* on where *pattern* matches, or -1."""
        offsets = self._offsets(name, pattern)
        index = bisect.bisect_left(offsets, start)
        return offsets[index] if index < len(offsets) else -1

    def blank_line_from(self, start: int) -> int:
        """Where the first blank line from *start* on begins (the text's length if none)."""
        found = self._first("blank", r"\n(?=[ \t]*\n)", start)
        return len(self.text) if found == -1 else found

    def blank_line_within(self, start: int, end: int) -> bool:
        """Whether a whole blank line (both its line breaks) lies in ``text[start:end]``."""
        found = self._first("blank", r"\n(?=[ \t]*\n)", start)
        return found != -1 and self.text.index("\n", found + 1) < end

    def unescaped(self, needle: str, start: int) -> int:
        """The first *needle* from *start* on that no backslash escapes, or -1."""
        offsets = self._found.get(needle)
        if offsets is None:
            offsets = [match.start() for match in re.finditer(f"(?={re.escape(needle)})",
                                                              self.text)
                       if _is_unescaped(self.text, match.start())]
            self._found[needle] = offsets
        index = bisect.bisect_left(offsets, start)
        return offsets[index] if index < len(offsets) else -1

    def matching(self, start: int, opener: str) -> int:
        """The bracket that closes the *opener* at *start*, counting nested pairs, or -1 if
        a paragraph break (two line breaks) comes first.  A bracket right after a backslash
        does not count."""
        matches = self._matches.get(opener)
        if matches is None:
            matches = self._matches[opener] = _bracket_pairs(self.text, opener,
                                                             _CLOSERS[opener])
        close = matches.get(start, -1)
        if close == -1:
            return -1
        paragraph_break = self._first("paragraph", "\n(?=\n)", start)
        return -1 if paragraph_break != -1 and paragraph_break < close else close


def _bracket_pairs(text: str, opener: str, closer: str) -> dict[int, int]:
    """Each *opener* of *text* that is closed, with its *closer*: the closer that brings the
    count of the unescaped brackets from the opener on back to zero."""
    pairs: dict[int, int] = {}
    open_ones: list[int] = []
    for match in re.finditer(f"[{re.escape(opener + closer)}]", text):
        index = match.start()
        if index and text[index - 1] == "\\":
            continue
        if text[index] == opener:
            open_ones.append(index)
        elif open_ones:
            pairs[open_ones.pop()] = index
    return pairs


def protect(text: str, fmt: Format = "markdown") -> ProtectedBody:
    """Replace math, citations and image lines in *text* by placeholders."""
    return _Scanner(text, fmt).run()


def restore(text: str, body: ProtectedBody) -> str:
    """Put the original source back in place of every placeholder in *text*."""
    return PLACEHOLDER.sub(lambda m: body.token_for(m).source, text)
