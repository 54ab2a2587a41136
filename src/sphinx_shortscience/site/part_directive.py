"""The directives a generated stub holds.

``.. shortscience-part:: KIND [KEY]`` is one placeholder, filled when the page is written.
``.. shortscience-page:: KIND [KEY]`` is a whole generated page (an orphan, reached from the
listings) with its title and sections, for the thousands of paper and member pages.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import nodes as ss_nodes
from ..nodes import PartKind
from ..warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable


def _part(directive: SphinxDirective, kind: str,
          line: int | None = None) -> ss_nodes.page_part | None:
    """The placeholder of part *kind* of the directive's key (its second argument)."""
    if kind not in PartKind.__members__.values():
        warn(ShortScienceWarning.generated_page, f"unknown generated part {kind!r}",
             (directive.env.docname, line or directive.lineno))
        return None
    key = urllib.parse.unquote(directive.arguments[1]) if len(directive.arguments) > 1 else ""
    part = ss_nodes.page_part(kind=kind, key=key, docname=directive.env.docname)
    directive.set_source_info(part)
    if line is not None:
        part.line = line
    return part


class PagePartDirective(SphinxDirective):
    """A part of a generated page, filled when the page is written (:mod:`.content`)."""

    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"count": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        part = _part(self, self.arguments[0])
        return [] if part is None else [part]


class GeneratedPageDirective(SphinxDirective):
    """A whole generated page: its first content line is the title (reStructuredText inline
    text), the part *KIND* of *KEY* follows it, and each further line ``KIND HEADING`` is a
    section titled *HEADING* holding that part of the same key.

    The same document as a title, ``shortscience-part`` directives and section titles would
    make (the same nodes, names and ids) and an ``:orphan:`` field, without them: docutils
    sets up a state machine of its own for each run of directives, each field list and
    each section, which made most of the cost of reading thousands of stubs.
    """

    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        if not self.content:
            warn(ShortScienceWarning.generated_page, "a generated page without a title",
                 self.get_location())
            return []
        # what ``:orphan:`` at the top of the stub would note
        self.env.metadata[self.env.docname]["orphan"] = ""
        page = self._section(self.content[0], self.content_offset + 1)
        head = _part(self, self.arguments[0])
        if head is not None:
            page += head
        for offset, line in enumerate(self.content[1:], start=2):
            kind, _, heading = line.strip().partition(" ")
            line_number = self.content_offset + offset
            section = self._section(heading, line_number)
            part = _part(self, kind, line_number)
            if part is not None:
                section += part
            page += section
        return [page]

    def _section(self, heading: str, line: int) -> nodes.section:
        """A section titled *heading*, named and identified as docutils names a section
        title it reads."""
        section = nodes.section()
        text_nodes, messages = self.state.inline_text(heading, line)
        title = nodes.title(heading, "", *text_nodes)
        section["names"].append(nodes.fully_normalize_name(title.astext()))
        section += title
        section += messages
        self.state.document.note_implicit_target(section, section)
        return section
