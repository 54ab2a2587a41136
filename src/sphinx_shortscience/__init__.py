"""sphinx-shortscience: short paper summaries tied to BibTeX keys, with generated paper pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from . import config, feed, latex_output, nodes, pages, transforms
    from .directives import PagePartDirective, SummaryDirective, label_named_summaries
    from .domain import ShortScienceDomain
    from .roles import PaperRole

    _setup_markdown(app)

    config.add_config_values(app)
    app.connect("config-inited", config.validate_config)

    app.add_domain(ShortScienceDomain)
    nodes.add_nodes(app)
    app.add_directive("summary", SummaryDirective)
    app.add_directive("shortscience-part", PagePartDirective)
    app.connect("doctree-read", label_named_summaries)
    # after Sphinx's toctree collector (priority 500) has noted the listing toctrees
    app.connect("doctree-read", pages.detach_listing_toctrees, priority=900)
    app.add_role("paper", PaperRole())
    app.add_post_transform(transforms.FillPlaceholders)
    latex_output.setup_latex(app)

    app.connect("builder-inited", pages.on_builder_inited)
    app.connect("env-get-outdated", pages.on_env_get_outdated)
    app.connect("env-purge-doc", pages.on_env_purge_doc)
    app.connect("env-updated", pages.on_env_updated)
    app.connect("env-get-updated", pages.on_env_get_updated)
    app.connect("env-before-read-docs", pages.on_env_before_read_docs)
    app.connect("build-finished", pages.on_build_finished)
    app.connect("warn-missing-reference", transforms.on_warn_missing_reference)

    app.connect("build-finished", feed.write_feed)
    app.connect("html-page-context", feed.link_feed)

    app.add_css_file("shortscience.css")
    app.add_js_file("shortscience.js", loading_method="defer")
    app.connect("config-inited", _add_static_path)

    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _setup_markdown(app: Sphinx) -> None:
    """MyST Markdown for ``.md`` files and for summary bodies.

    Unless myst-nb is listed (before or after us): it sets MyST up itself and reads ``.md``
    with its own parser, and setting MyST up twice is an error with MyST-Parser 3.
    """
    if "myst_nb" in app.config.extensions or "myst_commonmark_only" in app.config:
        return
    app.setup_extension("myst_parser")


def _add_static_path(app: Sphinx, config: Config) -> None:
    static = str(Path(__file__).parent / "static")
    if static not in config.html_static_path:
        # a new list: the default one is shared by every Sphinx application in the process
        config.html_static_path = [*config.html_static_path, static]
