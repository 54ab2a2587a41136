"""Parsing a text with docutils' or MyST's parser, every directive and role looked up by
the caller instead of run: how ``shortscience check`` reads sources and summary bodies
with the parsers the build uses, without building.

The parser's default settings are made once (docutils builds an option parser for them,
which cost more than parsing a summary); each parse gets a copy, with file insertion and
raw content off and nothing reported.
"""

from __future__ import annotations

import copy
import functools
import io
from typing import TYPE_CHECKING, Any, ClassVar

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from myst_parser.parsers.docutils_ import Parser as MystParser

from ..compat import markup_lookups

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes


class _AnyOptions(dict[str, Any]):
    """Every option name is known, its value kept as written."""

    def __missing__(self, name: str) -> Callable[[str | None], str]:
        return lambda value: value or ""


class AnyDirective(Directive):
    """A directive of any name, arguments and options, for a lookup to record."""

    optional_arguments = 100
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _AnyOptions(any=str)

    def run(self) -> list[nodes.Node]:
        return []


@functools.cache
def _default_settings(markdown: bool) -> Any:
    return get_default_settings(MystParser if markdown else RstParser)


def parse_only(text: str, markdown: bool, source: str, *, directive: Callable[..., Any],
               role: Callable[..., Any], myst_extensions: Iterable[str] = (),
               **extra: Any) -> nodes.document | None:
    """*text* parsed with *directive* and *role* as the lookups; *extra* settings go on
    the document's settings. ``None`` when the parser fails (the build reports that)."""
    settings = copy.copy(_default_settings(markdown))
    settings.report_level = settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = settings.raw_enabled = False
    if markdown:
        settings.myst_enable_extensions = set(myst_extensions)
    for name, value in extra.items():
        setattr(settings, name, value)
    document = new_document(source, settings)
    with markup_lookups(directive, role):
        try:
            (MystParser() if markdown else RstParser()).parse(text, document)
        except Exception:
            return None
    return document
