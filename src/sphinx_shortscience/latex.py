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
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["markdown", "rst"]

#: Marks the two ends of a placeholder. A Unicode "other punctuation" character, so that
#: Markdown and rST treat a placeholder next to ``*`` or ``_`` like punctuation.
MARK = "\u2e3c"
#: Stands in for each further line of a multi-line construct, so line numbers survive.
FILL = "\ue000"
PLACEHOLDER = re.compile(MARK + r"(\d+)(?:\s*" + FILL + r")*\s*" + MARK)

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
SHORTSCIENCE_URL = re.compile(
    r"https?://(?:www\.)?shortscience\.org/paper\?bibtexKey=([^\s<>\"'`\]]+)", re.IGNORECASE)


def shortscience_key(url: str) -> str | None:
    """The key of a ShortScience paper URL, decoded, or None."""
    match = SHORTSCIENCE_URL.fullmatch(url.strip())
    return urllib.parse.unquote(match.group(1)) if match else None


#: Macros that make LaTeX read or write files, run programs or redefine the document. Math
#: is passed verbatim to LaTeX (and MathJax supports none of these), so math that uses one
#: is shown as text instead: summaries and bib files are untrusted input for a PDF build.
UNSAFE_MATH = re.compile(
    r"\\(?:input|include|includeonly|InputIfFileExists|IfFileExists|openin|openout|read|"
    r"readline|write|immediate|closein|closeout|catcode|def|edef|gdef|xdef|let|futurelet|"
    r"csname|expandafter|special|directlua|luaexec|latelua|usepackage|RequirePackage|"
    r"documentclass|newcommand|renewcommand|providecommand|DeclareRobustCommand|"
    r"verbatiminput|lstinputlisting|includegraphics|loop|makeatletter|endinput|"
    r"ShellEscape|pdffilemoddate|pdffiledump|pdfprimitive|everyjob|everypar|output)"
    r"(?![A-Za-z])|\\(?:begin|end)\s*\{\s*document\s*\}|\^\^"
)


def unsafe_math(latex: str) -> str | None:
    """The first construct of *latex* that a LaTeX build must not run, or None."""
    match = UNSAFE_MATH.search(latex)
    return match.group(0) if match else None


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and an unbalanced closing parenthesis after a bare URL."""
    while url and url[-1] in ".,;:!?":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url
_KEY_FORBIDDEN = re.compile(r"[\s{}]")

CODE_DIRECTIVES = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "math", "raw", "literalinclude",
    "highlight", "doctest", "testcode", "testoutput", "parsed-literal", "csv-table",
    "eval-rst", "mermaid", "graphviz", "digraph", "graph",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class MathToken:
    latex: str
    display: bool
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class CiteToken:
    command: str
    keys: tuple[str, ...]
    prenote: str
    postnote: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class ImageToken:
    url: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class PaperLinkToken:
    """A bare ShortScience paper link, ``https://www.shortscience.org/paper?bibtexKey=KEY``."""

    key: str
    url: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class LiteralToken:
    """Text that must come out exactly as written (a placeholder mark typed by the author)."""

    source: str
    line: int


Token = MathToken | CiteToken | ImageToken | PaperLinkToken | LiteralToken


@dataclass(frozen=True, slots=True)
class GrammarProblem:
    kind: Literal["bad_math", "bad_cite"]
    message: str
    line: int


@dataclass(slots=True)
class ProtectedBody:
    """A body with placeholders, the tokens they stand for, and what looked wrong."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    problems: list[GrammarProblem] = field(default_factory=list)

    def token_for(self, match: re.Match[str]) -> Token:
        return self.tokens[int(match.group(1))]


def placeholder(index: int, source: str) -> str:
    """An inert stand-in for *source* that keeps its line breaks and indentation."""
    lines = source.split("\n")
    rest = "".join("\n" + re.match(r"[ \t]*", line).group(0) + FILL for line in lines[1:])  # type: ignore[union-attr]
    return f"{MARK}{index}{rest}{MARK}"


# -- code regions ------------------------------------------------------------------------------

_MD_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
_RST_DIRECTIVE = re.compile(r"^([ \t]*)\.\.[ \t]+([\w:+-]+)::", re.MULTILINE)
_RST_LITERAL_MARKER = re.compile(r"::[ \t]*$", re.MULTILINE)


def _fence_regions(text: str) -> list[tuple[int, int]]:
    """Markdown fenced code blocks, except MyST directives whose content is Markdown."""
    regions: list[tuple[int, int]] = []
    position = 0
    while True:
        match = _MD_FENCE.search(text, position)
        if match is None:
            return regions
        indent, fence, info = match.group(1), match.group(2), match.group(3).strip()
        closer = re.compile(
            r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.MULTILINE
        )
        end_match = closer.search(text, match.end())
        end = end_match.end() if end_match else len(text)
        directive = re.match(r"^\{([\w:+-]+)\}", info)
        if directive and directive.group(1).split(":")[-1] not in CODE_DIRECTIVES:
            # the content of e.g. ```{note} is Markdown: scan it, skip only the fence lines
            regions.append((match.start(), match.end()))
            if end_match:
                regions.append((end_match.start(), end_match.end()))
        else:
            regions.append((match.start(), end))
        position = max(end, match.end() + 1)
        del indent


def _backtick_regions(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code spans: a run of N backticks up to the next run of exactly N backticks."""
    regions: list[tuple[int, int]] = []
    runs = [m for m in re.finditer(r"`+", text) if not _inside(m.start(), skip)]
    index = 0
    while index < len(runs):
        opener = runs[index]
        if opener.start() > 0 and text[opener.start() - 1] == "\\":
            index += 1
            continue
        for later in range(index + 1, len(runs)):
            if len(runs[later].group(0)) == len(opener.group(0)):
                regions.append((opener.start(), runs[later].end()))
                index = later + 1
                break
        else:
            index += 1
    return regions


def _indented_block_end(text: str, start: int, base_indent: int) -> int:
    """End of the block of lines after *start* indented deeper than *base_indent*."""
    position = start
    end = start
    while position < len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline == -1 else newline
        line = text[position:line_end]
        if line.strip():
            indent = len(line) - len(line.lstrip())
            if indent <= base_indent:
                break
            end = line_end
        position = line_end + 1
    return end


def _rst_block_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    for match in _RST_DIRECTIVE.finditer(text):
        name = match.group(2).split(":")[-1]
        if name in CODE_DIRECTIVES:
            line_end = text.find("\n", match.end())
            if line_end == -1:
                line_end = len(text)
            regions.append((match.start(), _indented_block_end(text, line_end + 1,
                                                               len(match.group(1)))))
    for match in _RST_LITERAL_MARKER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()]
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith(".."):
            continue
        regions.append((match.end(), _indented_block_end(text, match.end() + 1, indent)))
    return regions


def code_regions(text: str, fmt: Format) -> list[tuple[int, int]]:
    """Spans of *text* that are code in *fmt* and must be left alone, sorted."""
    blocks = _fence_regions(text) if fmt == "markdown" else _rst_block_regions(text)
    spans = blocks + _backtick_regions(text, blocks)
    return sorted(spans)


def _inside(position: int, regions: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in regions)


# -- the scanner -----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str, fmt: Format):
        self.text = text
        self.regions = code_regions(text, fmt)
        self.body = ProtectedBody(text="")
        self.out: list[str] = []
        self.plain_start = 0
        self.region_starts = [start for start, _ in self.regions]
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

    def run(self) -> ProtectedBody:
        text = self.text
        image_lines = {m.start(1): m.group(1) for m in _IMAGE_LINE.finditer(text)}
        position = 0
        while position < len(text):
            end_of_code = self.region_end(position)
            if end_of_code is not None:
                position = end_of_code
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
            if self.refuse_math(latex, position):
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
            if self.refuse_math(text[position + 2 : end], position):
                return self.emit(LiteralToken(source, self.line_at(position)), position, source)
            token = MathToken(text[position + 2 : end].strip(), True, source,
                              self.line_at(position))
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
        if self.refuse_math(text[position + 1 : end], position):
            return self.emit(LiteralToken(source, self.line_at(position)), position, source)
        token = MathToken(text[position + 1 : end], False, source, self.line_at(position))
        return self.emit(token, position, source)

    def refuse_math(self, latex: str, position: int) -> bool:
        construct = unsafe_math(latex)
        if construct is None:
            return False
        self.problem("bad_math", f"math uses '{construct}', which a LaTeX build must not run; "
                     "shown as text", position)
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


_RST_ADORNMENT = "=-`:'\"~^_*+#<>"
_RST_TITLE = re.compile(
    r"^(?:(?P<over>[" + re.escape(_RST_ADORNMENT) + r"])(?P=over)+[ \t]*\n)?"
    r"(?P<title>[ \t]*\S[^\n]*)\n(?P<under>[" + re.escape(_RST_ADORNMENT) + r"])(?P=under)+[ \t]*$",
    re.MULTILINE,
)


def rst_titles_to_rubrics(text: str) -> str:
    """Turn rST section titles into ``.. rubric::`` lines, keeping the line count.

    A summary is part of a page: a title in its body must not open a section of that page.
    """

    def replace(match: re.Match[str]) -> str:
        title = match.group("title").strip()
        underline_length = len(match.group(0).rsplit("\n", 1)[-1].strip())
        start = match.start()
        blank_before = start == 0 or text[:start].endswith("\n\n") or not text[:start].strip()
        if underline_length < len(title) or not blank_before or title.startswith(".."):
            return match.group(0)
        lines = match.group(0).count("\n")
        return f".. rubric:: {title}" + "\n" * lines

    return _RST_TITLE.sub(replace, text)


def protect(text: str, fmt: Format = "markdown") -> ProtectedBody:
    """Replace math, citations and image lines in *text* by placeholders."""
    return _Scanner(text, fmt).run()


def restore(text: str, body: ProtectedBody) -> str:
    """Put the original source back in place of every placeholder in *text*."""
    return PLACEHOLDER.sub(lambda m: body.token_for(m).source, text)
