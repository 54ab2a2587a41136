"""Which MyST syntax extensions a Markdown summary body is parsed with: an allow-list.

A project enables MyST extensions for its own pages; a summary is parsed with only those
of them that cannot evaluate, fetch or inject anything.  ``substitution`` renders ``{{ }}``
with Jinja2, unsandboxed (it runs code at build time); ``html_image`` and
``html_admonition`` turn raw HTML into nodes; ``attrs_inline`` and ``attrs_block`` set ids,
classes and link targets that the page and theme own.  What a refused extension would
have read is shown as written, and reported where it is written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .code import code_regions
from .scanner import restore
from .tokens import GrammarProblem, ProtectedBody, RefusedToken, placeholder

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The MyST extensions a summary body may be parsed with, when the project enables them.
#: ``dollarmath`` and ``amsmath`` are not among them: the ShortScience grammar reads math.
SUMMARY_MYST_EXTENSIONS = frozenset({
    "colon_fence", "deflist", "fieldlist", "inv_link", "linkify", "replacements",
    "smartquotes", "strikethrough", "tasklist",
})  # fmt: skip


def summary_myst_extensions(enabled: Iterable[str]) -> set[str]:
    """The project's MyST extensions that summary bodies are parsed with."""
    return set(enabled) & SUMMARY_MYST_EXTENSIONS


#: What each refused extension would read, as the reader of a warning sees it.
_SUBSTITUTION_OPEN, _SUBSTITUTION_CLOSE = "{{", "}}"
_ATTRIBUTES = re.compile(r"\{(?:[#.][A-Za-z_][\w.:-]*|[A-Za-z_][\w-]*=)[^{}\n]{0,200}\}")


@dataclass(frozen=True, slots=True)
class RefusedSyntax:
    extension: str
    construct: str
    offset: int

    @property
    def message(self) -> str:
        shown = self.construct if len(self.construct) <= 60 else self.construct[:57] + "..."
        return (f"MyST {self.extension} syntax {shown!r} is not read in a summary (only "
                f"{', '.join(sorted(SUMMARY_MYST_EXTENSIONS))} are); shown as written")


def _outside(regions: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps none of the sorted, disjoint *regions*."""
    index = bisect.bisect_left(starts, end) - 1
    return index < 0 or regions[index][1] <= start


def refused_syntax(text: str, enabled: Iterable[str]) -> list[RefusedSyntax]:
    """The constructs of MyST extensions the project enables that a summary body (Markdown,
    its math already replaced by placeholders) may not use, outside code."""
    enabled = set(enabled)
    wanted_substitution = "substitution" in enabled and _SUBSTITUTION_OPEN in text
    wanted_attributes = bool({"attrs_inline", "attrs_block"} & enabled) and "{" in text
    if not (wanted_substitution or wanted_attributes):
        return []
    regions = sorted(code_regions(text, "markdown"))
    starts = [first for first, _ in regions]
    found: list[RefusedSyntax] = []
    if wanted_substitution:
        position = 0
        while (start := text.find(_SUBSTITUTION_OPEN, position)) != -1:
            end = text.find(_SUBSTITUTION_CLOSE, start + 2)
            if end == -1:  # no later "}}" either: linear on any input
                break
            end += 2
            if _outside(regions, starts, start, end):
                found.append(RefusedSyntax("substitution", text[start:end], start))
            position = end
    if wanted_attributes:
        extension = "attrs_inline" if "attrs_inline" in enabled else "attrs_block"
        found.extend(RefusedSyntax(extension, match.group(0), match.start())
                     for match in _ATTRIBUTES.finditer(text)
                     if _outside(regions, starts, match.start(), match.end()))
    return sorted(found, key=lambda refused: refused.offset)


def refuse_syntax(body: ProtectedBody, enabled: Iterable[str]) -> None:
    """Replace what :func:`refused_syntax` finds in *body* (Markdown) by placeholders that
    show it as written, untouched by Markdown, and report each at its line."""
    refused = refused_syntax(body.text, enabled)
    if not refused:
        return
    pieces: list[str] = []
    line, position = 1, 0
    for found in refused:  # in order: lines counted once
        if found.offset < position:  # inside one already refused
            continue
        line += body.text.count("\n", position, found.offset)
        written = restore(found.construct, body)
        pieces += [body.text[position : found.offset],
                   placeholder(len(body.tokens), found.construct)]
        body.tokens.append(RefusedToken(written, line))
        body.problems.append(GrammarProblem("disallowed_markup", found.message, line))
        line += found.construct.count("\n")
        position = found.offset + len(found.construct)
    body.text = "".join(pieces) + body.text[position:]
