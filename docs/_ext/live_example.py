"""``live-example``: show a snippet's source, then what the extension makes of it.

The source and the rendering come from the same text, so the documentation cannot show an
example that does not work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class LiveExample(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, object]] = {"language": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        language = self.options.get("language", "md")
        source = nodes.literal_block(text, text, language=language,
                                     classes=["live-example-source"])
        result = nodes.container(classes=["live-example-result"])
        self.state.nested_parse(self.content, self.content_offset, result)
        caption = nodes.paragraph("", "Renders as:", classes=["live-example-caption"])
        return [nodes.container("", source, caption, result, classes=["live-example"])]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("live-example", LiveExample)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
