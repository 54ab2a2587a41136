"""sphinx-shortscience: short paper summaries tied to BibTeX keys, with generated paper pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    # imported here, not at the top: ``import sphinx_shortscience`` (the command, the
    # version) must not pay for loading the Sphinx side, MyST and docutils' parsers
    from . import config, gc_freeze, nodes
    from .builders import html, latex, mathjax, mathjax_safe_mode, search
    from .domain import ShortScienceDomain
    from .site import events, feed, navigation
    from .site.fill_placeholders import FillLinkedCitations, FillPlaceholders
    from .site.part_directive import GeneratedPageDirective, PagePartDirective
    from .summaries import citations
    from .summaries.directive import (
        SummaryDirective,
        describe_summaries,
        label_named_summaries,
    )
    from .summaries.resolved_links import CheckResolvedLinks, refuse_unsafe_bibliography_links

    html.setup_markdown(app)

    config.add_config_values(app)
    app.connect("config-inited", config.validate_config)

    app.add_domain(ShortScienceDomain)
    nodes.add_nodes(app)

    # reading: summaries and paper links, and the placeholders of generated pages
    app.add_directive("summary", SummaryDirective)
    app.add_role("paper", ShortScienceDomain.roles["paper"])
    app.add_transform(CheckResolvedLinks)
    app.add_directive("shortscience-part", PagePartDirective)
    app.add_directive("shortscience-page", GeneratedPageDirective)
    app.connect("doctree-read", label_named_summaries)
    app.connect("doctree-read", describe_summaries)
    # after Sphinx's toctree collector (priority 500) has noted the listing toctrees
    app.connect("doctree-read", navigation.detach_listing_toctrees, priority=900)

    # the generated pages' life cycle (see sphinx_shortscience.site.events)
    app.connect("builder-inited", events.on_builder_inited)
    app.connect("env-get-outdated", events.on_env_get_outdated)
    app.connect("env-purge-doc", events.on_env_purge_doc)
    app.connect("env-before-read-docs", events.on_env_before_read_docs)
    app.connect("env-updated", events.on_env_updated)
    app.connect("env-get-updated", events.on_env_get_updated)
    app.connect("build-finished", events.on_build_finished)

    # writing: placeholders filled, citations resolved or reported
    app.add_post_transform(FillPlaceholders)
    app.add_post_transform(FillLinkedCitations)
    app.connect("warn-missing-reference", citations.on_warn_missing_reference)
    app.connect("doctree-resolved", refuse_unsafe_bibliography_links)

    # what builders need beyond standard nodes
    html.setup_html(app)
    mathjax.setup_mathjax(app)
    mathjax_safe_mode.setup_safe_mode(app)
    latex.setup_latex(app)
    app.connect("build-finished", feed.write_feed)
    app.connect("html-page-context", feed.link_feed)
    # before the themes' own handlers (furo's renders the navigation there)
    app.connect("html-page-context", navigation.share_navigation, priority=100)
    app.connect("env-updated", navigation.forget_shared_navigation)
    app.connect("doctree-resolved", search.prepare_search_index)
    app.connect("html-collect-pages", search.escape_titles_before_dump)
    app.connect("build-finished", events.on_build_done, priority=900)
    app.connect("config-inited", gc_freeze.freeze_before_loading, priority=900)
    app.connect("env-before-read-docs", gc_freeze.freeze_long_lived, priority=900)
    app.connect("build-finished", gc_freeze.unfreeze, priority=900)
    app.connect("builder-inited", gc_freeze.remember_main_process)
    # the first events of a -j worker's batch: a document read, a page written
    app.connect("source-read", gc_freeze.freeze_inherited_in_worker, priority=0)
    app.connect("html-page-context", gc_freeze.freeze_inherited_in_worker, priority=0)

    return {
        "version": __version__,
        "env_version": 10,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
