"""The text of a citation, natbib-style, in every ``shortscience_cite_style``.

One place for it: the pages (through :mod:`sphinx_shortscience.summaries.citations`), the
LaTeX output (the same nodes) and the Atom feed all build a citation's text here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from .people import family_names

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .view import PaperView

#: Commands that put parentheses around the whole citation in every style.
PARENTHESISED = frozenset({"citep", "citeyearpar"})
#: Commands whose numbers are bracketed in the numeric style.
BRACKETED = frozenset({"cite", "citep", "citealp", "citenum"})
#: Commands that show something other than the label of the style.
NOT_NUMBERED = frozenset({"citeauthor", "citeyear", "citeyearpar"})

Item = TypeVar("Item")


def style_label(view: PaperView, style: str, number: int | None = None) -> str:
    """The label of a paper in *style*: "He et al., 2016", "3", the key or the title."""
    if style == "key":
        return view.key
    if style == "title":
        return view.title_text
    if style == "numeric":
        return str(number) if number is not None else view.key
    names = family_names(view.people) or view.title_text
    return f"{names}, {view.year}" if view.year else names


def key_text(view: PaperView, command: str, style: str, number: int | None) -> str:
    """The text of one key in a citation *command*."""
    if command == "citeauthor":
        return family_names(view.people) or view.title_text
    if command in ("citeyear", "citeyearpar"):
        return view.year or "n.d."
    if style == "numeric":
        label = style_label(view, style, number)
        if command in ("citet", "citealt"):
            return f"{family_names(view.people) or view.title_text} [{label}]"
        return label
    if style == "author-year" and command in ("citet", "citealt"):
        names = family_names(view.people) or view.title_text
        return f"{names} ({view.year})" if view.year else names
    return style_label(view, style, number)


def parenthesised(command: str, style: str, in_parentheses: bool = False) -> bool:
    """Whether the citation gets parentheses: ``\\citep`` always; in the author-year style
    a plain ``\\cite`` too ("improves R-CNN (Girshick et al., 2014)"), unless the writer
    already put it inside parentheses."""
    if command in PARENTHESISED:
        return True
    return command == "cite" and style == "author-year" and not in_parentheses


def citation_pieces(command: str, style: str, items: Sequence[Item], prenote: str = "",
                    postnote: str = "", in_parentheses: bool = False) -> list[str | Item]:
    """A whole citation: its *items* (one per key: texts or nodes) with the notes,
    separators and brackets of *command* in *style*, as a list of strings and items;
    *in_parentheses* when the prose around it has an open parenthesis."""
    numeric = style == "numeric" and command not in NOT_NUMBERED
    separator = ", " if numeric else "; "
    pieces: list[str | Item] = []
    if prenote:
        pieces.append(prenote + " ")
    for index, item in enumerate(items):
        if index:
            pieces.append(separator)
        pieces.append(item)
    if postnote:
        pieces.append(", " + postnote)
    if numeric and command in BRACKETED:
        return ["[", *pieces, "]"]
    if parenthesised(command, style, in_parentheses):
        return ["(", *pieces, ")"]
    return pieces


def citation_string(command: str, style: str, labels: Sequence[str], prenote: str = "",
                    postnote: str = "", in_parentheses: bool = False) -> str:
    """A whole citation as plain text (for the feed)."""
    return "".join(citation_pieces(command, style, labels, prenote, postnote, in_parentheses))
