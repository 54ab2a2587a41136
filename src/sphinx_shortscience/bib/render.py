"""Decoded inline pieces rendered three ways: plain text, reStructuredText and docutils nodes.

Plain text goes into previews, the feed, the inventory and sorting; reStructuredText into
the titles of generated page stubs; nodes into pages.  Math stays math in the last two.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from docutils import nodes

from .decode import Emphasis, Inline, Math, Strong, Text, latex_inlines, latex_math_to_text

if TYPE_CHECKING:
    from collections.abc import Iterable

_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a ~ (no-break space) stays
_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>:])")


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The inline pieces as plain text (math converted to Unicode where possible)."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(item.text)
        elif isinstance(item, Math):
            parts.append(math_text(item.latex))
        else:
            parts.append(plain_text(item.children))
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def math_text(latex: str) -> str:
    """Math as Unicode text where pylatexenc can (``\\alpha`` is α), else as written."""
    try:
        text = latex_math_to_text(latex)
        return _SPACES.sub(" ", text).strip() or latex
    except Exception:  # pylatexenc is tolerant, but never let a title break a build
        return latex


@functools.lru_cache(maxsize=65536)
def latex_plain(value: str) -> str:
    """A LaTeX field value as plain text."""
    return plain_text(latex_inlines(value))


def rst_text(text: str) -> str:
    """Plain text, escaped so that rST shows it as written."""
    return _RST_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def rst_inline(inlines: Iterable[Inline]) -> str:
    """Inline pieces as one line of rST (for titles): math as ``:math:``, emphasis kept."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text):
            parts.append(rst_text(item.text))
        elif isinstance(item, Math):
            if "`" in item.latex or not item.latex.strip():
                parts.append(rst_text(f"${item.latex}$"))
            else:
                parts.append(f"\\ :math:`{' '.join(item.latex.split())}`\\ ")
        elif isinstance(item, Emphasis | Strong):
            texts = [c.text for c in item.children if isinstance(c, Text)]
            plain = "".join(texts)
            if len(texts) == len(item.children) and plain and plain.strip() == plain:
                marker = "*" if isinstance(item, Emphasis) else "**"
                parts.append(f"\\ {marker}{rst_text(plain)}{marker}\\ ")
            else:
                parts.append(rst_inline(item.children))
    return "".join(parts)


def inline_nodes(inlines: Iterable[Inline]) -> list[nodes.Node]:
    """Inline pieces as docutils nodes: math as ``math``, emphasis and strong kept."""
    result: list[nodes.Node] = []
    for item in inlines:
        if isinstance(item, Text):
            result.append(nodes.Text(item.text))
        elif isinstance(item, Math):
            result.append(nodes.math(f"${item.latex}$", item.latex))
        elif isinstance(item, Emphasis):
            result.append(nodes.emphasis("", "", *inline_nodes(item.children)))
        elif isinstance(item, Strong):
            result.append(nodes.strong("", "", *inline_nodes(item.children)))
    return result
