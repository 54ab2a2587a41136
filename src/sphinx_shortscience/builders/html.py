"""HTML: the stylesheet and script of citation previews, and MyST."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).resolve().parent.parent / "static"


def setup_markdown(app: Sphinx) -> None:
    """MyST Markdown for ``.md`` files and for summary bodies.

    Unless myst-nb is listed (before or after us): it sets MyST up itself and reads ``.md``
    with its own parser, and setting MyST up twice is an error with MyST-Parser 3.
    """
    if "myst_nb" in app.config.extensions or "myst_commonmark_only" in app.config:
        return
    app.setup_extension("myst_parser")


def _add_static_path(app: Sphinx, config: Config) -> None:
    static = str(STATIC)
    if static not in config.html_static_path:
        # a new list: the default one is shared by every Sphinx application in the process
        config.html_static_path = [*config.html_static_path, static]


class OneFragment(SphinxPostTransform):
    """singlehtml: a link to an anchor in another document keeps one fragment.

    There every document's URI is a fragment itself (``#document-a``), and Sphinx appends
    the anchor to it (``#document-a#summary-k``), which leads nowhere; the anchor alone is
    the target, since all documents are on the one page.
    """

    default_priority = 20  # after references are resolved (10)
    builders = ("singlehtml",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri", "")
            if uri.startswith("#") and uri.count("#") > 1:
                reference["refuri"] = "#" + uri.rsplit("#", 1)[1]


def setup_html(app: Sphinx) -> None:
    app.add_post_transform(OneFragment)
    app.add_css_file("shortscience.css")
    app.add_js_file("shortscience.js", loading_method="defer")
    app.connect("config-inited", _add_static_path)
