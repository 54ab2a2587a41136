"""``.. shortscience-part:: KIND [KEY]``: the placeholder a generated stub holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import nodes as ss_nodes
from ..nodes import PartKind
from ..warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes


class PagePartDirective(SphinxDirective):
    """A part of a generated page, filled when the page is written (:mod:`.content`)."""

    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"count": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in PartKind.__members__.values():
            warn(ShortScienceWarning.config, f"unknown generated part {kind!r}",
                 self.get_location())
            return []
        key = self.arguments[1] if len(self.arguments) > 1 else ""
        part = ss_nodes.page_part(kind=kind, key=key, docname=self.env.docname)
        self.set_source_info(part)
        return [part]
