"""Reference tables generated from the code, so that the documentation cannot drift.

``.. shortscience-settings::`` lists every ``shortscience_*`` setting (name, type, default,
meaning) from :data:`sphinx_shortscience.config.SETTINGS`; ``.. shortscience-warnings::``
lists every warning subtype from :class:`sphinx_shortscience.warnings_.ShortScienceWarning`;
``.. shortscience-options::`` the options of ``summary``; ``.. shortscience-cli::`` the
``--help`` of the ``shortscience`` command and of each of its commands;
``.. shortscience-allowed::`` the directives, roles and math commands summaries may use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from sphinx.util.docutils import SphinxDirective

from sphinx_shortscience.bib import macros
from sphinx_shortscience.cli.main import build_parser
from sphinx_shortscience.config import SETTINGS
from sphinx_shortscience.grammar.allowed import (
    ALLOWED_DIRECTIVES,
    ALLOWED_ROLE_DOMAINS,
    ALLOWED_ROLES,
)
from sphinx_shortscience.grammar.math_commands import MATH_COMMANDS, MATH_ENVIRONMENTS
from sphinx_shortscience.grammar.myst_syntax import SUMMARY_MYST_EXTENSIONS
from sphinx_shortscience.summaries.rules import OPTIONS
from sphinx_shortscience.warnings_ import warning_catalogue

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def _table(directive: SphinxDirective, header: list[str], rows: list[list[str]],
           widths: list[int]) -> list[nodes.Node]:
    """Build a list-table from rST cell texts (parsed, so ``literals`` work)."""
    lines = [".. list-table::", "   :header-rows: 1",
             f"   :widths: {' '.join(str(w) for w in widths)}", ""]
    for row in [header, *rows]:
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    # parsed as reStructuredText even on a MyST page (where nested_parse reads Markdown)
    document = new_document(directive.get_source_info()[0] or "",
                            directive.state.document.settings)
    RstParser().parse("\n".join(lines), document)
    return list(document.children)


def _type_name(types: tuple[type, ...]) -> str:
    return " or ".join("None" if t is type(None) else t.__name__ for t in types)


class SettingsTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = []
        for setting in SETTINGS:
            doc = setting.doc
            if setting.choices:
                doc += " One of " + ", ".join(f"``{c}``" for c in setting.choices) + "."
            rows.append([f"``{setting.name}``", _type_name(setting.types),
                         f"``{setting.default!r}``", doc])
        return _table(self, ["Setting", "Type", "Default", "Meaning"], rows, [25, 10, 15, 50])


class WarningsTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = [[f"``{name}``", meaning] for name, meaning in warning_catalogue()]
        return _table(self, ["Warning", "Meaning"], rows, [30, 70])


class OptionsTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = [[f"``:{name}:``", meaning] for name, meaning in OPTIONS.items()]
        return _table(self, ["Option", "Meaning"], rows, [20, 80])


class AllowedMarkup(SphinxDirective):
    """The allow-lists of summary bodies, from the code."""

    def run(self) -> list[nodes.Node]:
        def names(values: Iterable[str], prefix: str = "", suffix: str = "") -> str:
            return ", ".join(f"``{prefix}{name}{suffix}``" for name in sorted(values))

        commands = sorted(name for name in MATH_COMMANDS if name.isalpha())
        symbols = sorted(name for name in MATH_COMMANDS if not name.isalpha())
        rows = [
            ["MyST syntax extensions", names(SUMMARY_MYST_EXTENSIONS) + ", when the project "
             "enables them; and MyST's ``{eval-rst}`` in a Markdown body"],
            ["Directives", names(ALLOWED_DIRECTIVES)],
            ["Roles", names(ALLOWED_ROLES) + "; and every role of the domains "
             + names(ALLOWED_ROLE_DOMAINS, suffix=":")],
            ["Math environments", names(MATH_ENVIRONMENTS)],
            ["Math commands", f"{len(commands)} commands: " + names(commands, "\\")],
            ["Math symbols", " ".join(f"``\\{s}``" if s.strip() else "(a backslash and a space)"
                                      for s in symbols)],
        ]
        return _table(self, ["Kind", "Allowed"], rows, [15, 85])


class MacrosTable(SphinxDirective):
    """How each class of macro in a bib field is shown, from bib/macros.py."""

    def run(self) -> list[nodes.Node]:
        def names(values: Iterable[str]) -> str:
            return ", ".join(f"``\\{name}``" for name in sorted(values))

        logos = ", ".join(f"``\\{name}`` ({word})" for name, word in sorted(macros.LOGOS.items()))
        rows = [
            ["Emphasis, in italics", names(macros.EMPHASIS)],
            ["Strong, in bold", names(macros.STRONG)],
            ["Their (last) argument's text", names(macros.KEEP_TEXT)],
            ["Argument hidden (sorting, labels, spacing)", names(macros.HIDE_ARGUMENT)],
            ["Logos, as words", logos],
            ["Symbols, as the character", ", ".join(
                f"``\\{name}`` ({char})" for name, char in sorted(macros.SYMBOLS.items()))],
            ["Font switches and hints, vanish", names(macros.VANISH)],
            ["A space", names(name for name in macros.SPACES if name.strip())
             + ", and a backslash followed by a space"],
            ["``\\url``", "the URL, as text"],
            ["Accents, letters, symbols", "as pylatexenc decodes them: ``\\\"o`` is ö, "
             "``\\ss`` is ß, ``--`` is an en dash"],
            ["Any other macro", "its argument's text; with no argument, shown as written"],
        ]
        return _table(self, ["Macros", "Shown as"], rows, [30, 70])


class CommandHelp(SphinxDirective):
    """The ``--help`` text of ``shortscience`` and each command, as the terminal shows it."""

    def run(self) -> list[nodes.Node]:
        parser = build_parser()
        result: list[nodes.Node] = [self._help("shortscience --help", parser.format_help())]
        for action in parser._subparsers._group_actions if parser._subparsers else ():
            for name, command in getattr(action, "choices", {}).items():
                section = nodes.section(ids=[f"command-{name}"], names=[f"shortscience {name}"])
                section += nodes.title("", "", nodes.literal(f"shortscience {name}",
                                                             f"shortscience {name}"))
                section += self._help(f"shortscience {name} --help", command.format_help())
                result.append(section)
        return result

    def _help(self, command: str, text: str) -> nodes.Node:
        shown = f"$ {command}\n{text}"
        return nodes.literal_block(shown, shown, language="text")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("shortscience-settings", SettingsTable)
    app.add_directive("shortscience-warnings", WarningsTable)
    app.add_directive("shortscience-options", OptionsTable)
    app.add_directive("shortscience-cli", CommandHelp)
    app.add_directive("shortscience-allowed", AllowedMarkup)
    app.add_directive("shortscience-macros", MacrosTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
