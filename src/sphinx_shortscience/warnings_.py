"""The catalogue of warnings the extension emits.

Every warning has ``type="shortscience"`` and one of the subtypes below, so that
``suppress_warnings = ["shortscience.missing_key"]`` silences exactly one kind and
``-W`` turns any of them into a failed build.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

logger = logging.getLogger("sphinx_shortscience")

WARNING_TYPE = "shortscience"


class ShortScienceWarning(Enum):
    """Warning subtypes; the docstring of each member is its documentation."""

    missing_key = "missing_key"
    """A ``\\cite``, ``:paper:`` or ``summary`` names a key that no bib file defines."""

    unknown_keyword = "unknown_keyword"
    """A ``shortscience:keyword`` link names a keyword no summarized paper has, so it has
    no page; the link is plain text."""

    bib_syntax = "bib_syntax"
    """A block of a bib file could not be parsed; the other entries still load."""

    bib_latex = "bib_latex"
    """A field of a bib entry that a page shows could not be decoded from LaTeX (too long,
    nested too deep, or the decoder failed); it is shown as written."""

    bib_crossref = "bib_crossref"
    """A bib entry's ``crossref`` or ``xdata`` names an entry no bib file defines, or one
    that inherits from it in turn; the fields it would inherit are not shown."""

    duplicate_key = "duplicate_key"
    """Two bib entries share a key (in one file or across files); the first one wins."""

    bib_file = "bib_file"
    """A bib file listed in the configuration is missing or cannot be read."""

    bad_option = "bad_option"
    """A ``summary`` option is unknown or its value is malformed."""

    bad_argument = "bad_argument"
    """A ``summary`` directive has no key, or more than one."""

    bad_math = "bad_math"
    """A ``$`` or ``$$`` that opens math is never closed; the text is shown as written."""

    bad_cite = "bad_cite"
    """A ``\\cite`` command is malformed (no braces, no key, a key with spaces)."""

    unsafe_link = "unsafe_link"
    """A link or image in a summary uses a URL scheme that can run code (``javascript:``)."""

    disallowed_markup = "disallowed_markup"
    """A summary body uses a directive or role outside the allow-list (``raw``,
    ``include``, ``toctree``, a summary inside a summary, ...); it is shown as written."""

    unfinished = "unfinished"
    """A summary still holds the placeholder line ``shortscience new`` wrote."""

    unparsable_body = "unparsable_body"
    """A summary body is nested too deep to parse, or the parser failed on it; it is shown
    as written."""

    control_character = "control_character"
    """A summary (its key, an option, its body) or a bib file holds a control character,
    which an Atom feed, an XHTML page (epub) or an HTML page cannot carry; it is shown as
    its visible symbol (␁ for U+0001)."""

    config = "config"
    """A ``shortscience_*`` configuration value has the wrong type or an unknown value."""

    generated_page = "generated_page"
    """A ``shortscience-page`` or ``shortscience-part`` directive (which the extension writes
    into the files it generates) is malformed: written by hand, or a generated file
    edited; nothing is shown for it."""

    page_collision = "page_collision"
    """Two keys would get the same page name: page names end in eight characters of a
    digest of the key, and these agree (about one chance in a million for a bib of a
    thousand keys that are not already page names); only the first key, in sorted
    order, gets a page."""


def _member_docs() -> dict[str, str]:
    """The docstring of each member, read from this module's source."""
    source = inspect.getsource(ShortScienceWarning)
    tree = ast.parse(source)
    docs: dict[str, str] = {}
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    for first, second in itertools.pairwise(body):
        if (
            isinstance(first, ast.Assign)
            and isinstance(first.targets[0], ast.Name)
            and isinstance(second, ast.Expr)
            and isinstance(second.value, ast.Constant)
            and isinstance(second.value.value, str)
        ):
            docs[first.targets[0].id] = " ".join(second.value.value.split())
    return docs


def warning_catalogue() -> list[tuple[str, str]]:
    """``(type.subtype, meaning)`` for every warning, in declaration order."""
    docs = _member_docs()
    return [(f"{WARNING_TYPE}.{w.value}", docs.get(w.name, "")) for w in ShortScienceWarning]


def warn(
    subtype: ShortScienceWarning,
    message: str,
    location: str | tuple[str, int | None] | nodes.Node | None = None,
) -> None:
    """Log a located Sphinx warning of type ``shortscience``."""
    logger.warning(
        message,
        location=location,
        type=WARNING_TYPE,
        subtype=subtype.value,
    )
