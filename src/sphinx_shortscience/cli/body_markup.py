"""The directives and roles of a summary body, found by the parser the build runs on it.

``shortscience check`` asks this of each body it finds (:mod:`.find`): which directives
and roles the allow-list must judge, what their options and arguments are, and which
links a Markdown parser does not see (MyST's ``{image}``, an ``{eval-rst}``'s rST). The
body is parsed with docutils' parser (rST) or MyST's (Markdown, with the syntax extensions
a summary may use), every directive and role looked up here and recorded instead of run;
the content of a directive the allow-list allows and that holds markup is parsed as the
directive would, the content of a refused one (shown as written) is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import unescape

from ..compat import eval_rst_blocks
from ..grammar.allowed import directive_allowed
from ..grammar.code import CODE_DIRECTIVES
from ..grammar.myst_syntax import summary_myst_extensions
from .parse_only import AnyDirective, parse_only

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils.parsers.rst import Directive

    from ..grammar.tokens import Format


@dataclass(frozen=True, slots=True)
class FoundMarkup:
    """A directive or role used in a summary body, at its line in the file."""

    kind: str  # "directive", "role", or "syntax" (MyST's ``{eval-rst}``)
    name: str
    line: int
    text: str = ""  # a role's text, a math directive's content (after its options),
    # an {eval-rst}'s rST
    argument: str = ""  # a directive's argument
    options: tuple[tuple[str, str], ...] = ()  # a directive's options


def body_markup(body: str, fmt: Format, first_line: int,
                myst_extensions: Iterable[str] = ()) -> list[FoundMarkup]:
    """The directives and roles of a (protected) summary body that its parser would run:
    not those in code, nor inside a directive the allow-list refuses."""
    found: list[FoundMarkup] = []
    _parse(body, fmt == "markdown", first_line - 1, found,
           summary_myst_extensions(myst_extensions))
    return found


def _parse(text: str, markdown: bool, shift: int, found: list[FoundMarkup],
           extensions: Iterable[str]) -> None:
    if not _may_hold_markup(text, markdown):
        return

    def eval_rst(rst: str, fence_line: int) -> None:  # MyST's own syntax, not a directive
        found.append(FoundMarkup("syntax", "eval-rst", fence_line + shift, rst))

    with eval_rst_blocks(eval_rst):
        parse_only(text, markdown, "<summary>", directive=_directive, role=_role,
                   myst_extensions=extensions, shortscience_markup=found,
                   shortscience_shift=shift)


def _may_hold_markup(text: str, markdown: bool) -> bool:
    """Whether *text* has what every directive and role is written with (a role's
    backtick, a fence, an rST directive's ``::``): a body without any is not parsed."""
    if "`" in text:
        return True
    return any(mark in text for mark in ("~~~", ":::")) if markdown else "::" in text


class _Recorded(AnyDirective):
    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        line = self.lineno + settings.shortscience_shift
        found: list[FoundMarkup] = settings.shortscience_markup
        name = self.name
        content = "\n".join(self.content)
        found.append(FoundMarkup(
            "directive", name, line,
            content if name.rpartition(":")[2] == "math" else "",
            " ".join(self.arguments),
            tuple((option, str(value)) for option, value in self.options.items())))
        if directive_allowed(name) and name.split(":")[-1] not in CODE_DIRECTIVES and (
                self.content):
            container = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]
        return []


def _directive(name: str, language: Any, document: Any) -> tuple[type[Directive], list[Any]]:
    return _Recorded, []


def _role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
    def role(role_name: str, rawtext: str, text: str, line: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
        settings = inliner.document.settings
        # docutils hands a role its text with backslashes as null bytes
        settings.shortscience_markup.append(FoundMarkup(
            "role", name, line + settings.shortscience_shift, unescape(text, True)))
        return [nodes.Text(text)], []

    return role, []
