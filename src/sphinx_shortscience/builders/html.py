"""HTML: the stylesheet and script of citation previews, MathJax's safe mode, and MyST."""

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


#: MathJax's own safe mode: links only to web URLs, no script, only harmless styles, ids
#: and classes, whatever the math (a second line behind the allow-list of math commands).
SAFE_MODE = "ui/safe"


def _mathjax_safe_mode(app: Sphinx, config: Config) -> None:
    """Load MathJax's safe extension, keeping the rest of the project's MathJax settings.

    A ``mathjax3_config`` given as a dict gets the extension added to its loader; a project
    that configures MathJax some other way (a script of its own) keeps its configuration.
    """
    if "mathjax3_config" not in config:
        return
    current = config.mathjax3_config
    if current is None:
        config.mathjax3_config = {"loader": {"load": [SAFE_MODE]}}
    elif isinstance(current, dict):
        loader = dict(current.get("loader") or {})
        load = list(loader.get("load") or [])
        if SAFE_MODE not in load:
            loader["load"] = [*load, SAFE_MODE]
        config.mathjax3_config = {**current, "loader": loader}


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
    app.connect("config-inited", _mathjax_safe_mode)
