"""The ``paper`` role: ``:paper:`key``` or ``:paper:`shown text <key>``` links to a paper page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from ..domain import CitationRecord, domain_of
from ..grammar.to_nodes import paper_xref

if TYPE_CHECKING:
    from docutils import nodes


class PaperRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, key = split_explicit_title(self.text)
        key = key.strip()
        source, line = self.get_source_info()
        xref = paper_xref(key, "paper", self.env.docname, source or "", line or 0,
                          text=title if has_title else None)
        record = CitationRecord(self.env.docname, key, line or 0, "", "paper")
        domain_of(self.env).note_citation(record)
        return [xref], []
