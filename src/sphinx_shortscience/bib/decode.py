"""Decoding the LaTeX of a bib field into inline pieces: text, math, emphasis, strong.

Pure functions over strings.  Only fields that are shown are ever decoded, and each decoded
value is memoized (a pure function of the value, so the memo can never go stale).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ..grammar.math_safety import MathRefusal, unsafe_math
from ..util.text import unescaped_braces
from . import macros

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pylatexenc.latexwalker import LatexMacroNode, LatexNode


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Math:
    latex: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


Inline = Text | Math | Emphasis | Strong

_NEEDS_LATEX = re.compile(r"[\\$~`']|--|''")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a ~ (no-break space) stays


@functools.cache
def _latex() -> SimpleNamespace:
    """pylatexenc's walker and converters, made once."""
    # imported on first use: a build that shows no field never pays for pylatexenc
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text

    return SimpleNamespace(
        walker=latexwalker,
        to_text=LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True),
        math_to_text=LatexNodes2Text(math_mode="text"),
    )


def _merge_texts(items: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return tuple(merged)


def _macro_argument(node: LatexMacroNode) -> list[LatexNode] | None:
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    if not arguments:
        return None
    last = arguments[-1]
    return list(last.nodelist) if isinstance(last, _latex().walker.LatexGroupNode) else [last]


def _walk(latex_nodes: list[LatexNode], refused: list[MathRefusal]) -> list[Inline]:
    """Inline pieces of *latex_nodes*; math off the allow-list or that TeX cannot typeset
    is text, noted in *refused*.
    Macros are decoded by their class in :mod:`.macros`: nothing written is lost."""
    latex = _latex()
    walker = latex.walker
    out: list[Inline] = []
    nodes_left = [node for node in latex_nodes if node is not None]
    index = 0
    while index < len(nodes_left):
        node = nodes_left[index]
        index += 1
        if isinstance(node, walker.LatexCommentNode):
            # BibTeX has no comments inside a field: a % there is text, and so is what
            # follows it (LaTeX would have dropped the rest of the line)
            out.append(Text(node.latex_verbatim()))
        elif isinstance(node, walker.LatexMathNode):
            inner = "".join(child.latex_verbatim() for child in node.nodelist if child).strip()
            # math goes verbatim to MathJax and LaTeX: only allowed commands, in a formula
            # TeX can typeset
            refusal = unsafe_math(inner)
            if refusal:
                refused.append(refusal)
            out.append(Text(node.latex_verbatim()) if refusal else Math(inner))
        elif isinstance(node, walker.LatexGroupNode):
            out.extend(_walk(list(node.nodelist), refused))
        elif isinstance(node, walker.LatexMacroNode):
            groups = _following_groups(nodes_left, index)
            pieces, consumed = _macro(node, groups, refused)
            out.extend(pieces)
            index += consumed
        else:
            out.append(Text(latex.to_text.nodelist_to_text([node])))
    return out


def _following_groups(nodes_left: list[LatexNode], start: int) -> list[LatexNode]:
    """The brace groups right after a macro: its arguments, if the parser did not know it."""
    group_type = _latex().walker.LatexGroupNode
    groups = []
    for node in nodes_left[start:]:
        if not isinstance(node, group_type):
            break
        groups.append(node)
    return groups


def _macro(node: LatexMacroNode, groups: list[LatexNode],
           refused: list[MathRefusal]) -> tuple[list[Inline], int]:
    """One macro, by its class in :mod:`.macros`, and how many of the following *groups*
    it took as its arguments (when the parser did not know how many it takes)."""
    name = node.macroname
    argument = _macro_argument(node)
    taken = 0
    if argument is None and groups and (name in macros.KEEP_TEXT or name in macros.HIDE_ARGUMENT
                                        or name in macros.EMPHASIS or name in macros.STRONG):
        taken = min(macros.ARITY.get(name, 1), len(groups))
        argument = list(groups[taken - 1].nodelist)
    if name in macros.EMPHASIS or name in macros.STRONG:
        if argument is None:
            return [], taken
        wrapper = Emphasis if name in macros.EMPHASIS else Strong
        return [wrapper(_merge_texts(_walk(argument, refused)))], taken
    if name in macros.LOGOS:
        return [Text(macros.LOGOS[name])], taken
    if name in macros.SYMBOLS:
        return [Text(macros.SYMBOLS[name])], taken
    if name in macros.HIDE_ARGUMENT or name in macros.VANISH:
        return [], taken
    if name in macros.SPACES:
        return [Text(" ")], taken
    if name == "url" and argument is not None:
        return [Text("".join(part.latex_verbatim() for part in argument))], taken
    if name in macros.KEEP_TEXT:
        return (_walk(argument, refused) if argument is not None else []), taken
    if name in macros.ACCENTS and argument is not None and any(
            "\\" in part.latex_verbatim() for part in argument):
        inner = _merge_texts(_walk(argument, refused))
        if len(inner) == 1 and isinstance(inner[0], Text) and inner[0].text:
            text = inner[0].text
            letter = macros.DOTLESS.get(text[0], text[0])
            return [Text(unicodedata.normalize("NFC", letter + macros.ACCENTS[name]
                                               + text[1:]))], taken
    if argument is not None and any("\\" in part.latex_verbatim() for part in argument):
        # macros inside the argument of one pylatexenc knows (an accent over \mbox{...}):
        # its converter would drop those it does not know, so the argument is ours to decode
        return _walk(argument, refused), taken
    text = _latex().to_text.nodelist_to_text([node])
    if text.strip() and "%s" not in text:
        return [Text(text)], taken  # accents, letters and symbols pylatexenc knows
    if argument is not None:
        return _walk(argument, refused), taken  # an unknown macro keeps its argument's text
    if groups:
        return [], 0  # an unknown macro: its argument, a group, follows and is kept
    return [Text(node.latex_verbatim())], taken  # unknown, no argument: shown as written


def _apostrophes(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """An apostrophe right after math or emphasis is a right quote (’): the page's smart
    quotes, seeing no letter before it, would make it a left one."""
    result: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text):
            text = item.text
            if text.startswith("'") and result and not isinstance(result[-1], Text):
                text = "\u2019" + text[1:]
            result.append(Text(text))
        elif isinstance(item, Emphasis | Strong):
            result.append(type(item)(_apostrophes(item.children)))
        else:
            result.append(item)
    return tuple(result)


def _normalise_spaces(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text):
            result.append(Text(_SPACES.sub(" ", item.text)))
        elif isinstance(item, Emphasis | Strong):
            result.append(type(item)(_normalise_spaces(item.children)))
        else:
            result.append(item)
    if result and isinstance(result[0], Text):
        result[0] = Text(result[0].text.lstrip())
    if result and isinstance(result[-1], Text):
        result[-1] = Text(result[-1].text.rstrip())
    return tuple(item for item in result if not (isinstance(item, Text) and not item.text))


#: Fields longer than this, or nested deeper, are shown as written, not decoded: bib files
#: are untrusted input, and the decoder's time and recursion grow with both.
MAX_FIELD_LENGTH = 20_000
MAX_BRACE_DEPTH = 50


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    for brace in unescaped_braces(value):
        if brace == "{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


@contextlib.contextmanager
def _quiet_pylatexenc() -> Iterator[None]:
    """pylatexenc logs what it cannot convert; a failure is reported by us, located."""
    quiet = logging.getLogger("pylatexenc")
    previous = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        quiet.setLevel(previous)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A field decoded: its pieces, why it is shown as written instead (or ""), and the
    refusals of math in it that is off the allow-list or that TeX cannot typeset (that math
    is shown as text)."""

    inlines: tuple[Inline, ...]
    failure: str = ""
    refused_math: tuple[MathRefusal, ...] = ()


@functools.lru_cache(maxsize=65536)
def decode_field(value: str) -> Decoded:
    """A LaTeX field value as inline pieces (braces vanish, allowed math stays math).
    Never raises: what cannot be decoded is shown as written."""
    if not _NEEDS_LATEX.search(value):
        return Decoded(_normalise_spaces((Text(value.replace("{", "").replace("}", "")),)))
    as_written = _normalise_spaces((Text(value),))
    if len(value) > MAX_FIELD_LENGTH:
        return Decoded(as_written, f"longer than {MAX_FIELD_LENGTH} characters")
    if _brace_depth(value) > MAX_BRACE_DEPTH:
        return Decoded(as_written, f"braces nested deeper than {MAX_BRACE_DEPTH}")
    refused: list[MathRefusal] = []
    try:
        with _quiet_pylatexenc():
            walker = _latex().walker.LatexWalker(value, tolerant_parsing=True)
            latex_nodes, _, _ = walker.get_latex_nodes()
            inlines = _apostrophes(_normalise_spaces(
                _merge_texts(_walk(list(latex_nodes), refused))))
    except (Exception, RecursionError) as error:  # the decoder's bug must not stop a build
        reason = " ".join(str(error).split())[:80] or type(error).__name__
        return Decoded(as_written, f"the LaTeX decoder failed ({type(error).__name__}: {reason})")
    return Decoded(inlines, "", tuple(refused))


def latex_inlines(value: str) -> tuple[Inline, ...]:
    """Decode a LaTeX field value into inline pieces; what cannot be decoded stays as written."""
    return decode_field(value).inlines


def latex_math_to_text(latex: str) -> str:
    """The math *latex* as Unicode text, as well as pylatexenc can (``\\alpha`` is α)."""
    with _quiet_pylatexenc():
        return str(_latex().math_to_text.latex_to_text(f"${latex}$"))
