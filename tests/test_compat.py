"""Each private API we use (sphinx_shortscience.compat) still behaves as we rely on.

These fail when Sphinx, MyST-Parser or docutils change what the compatibility module
depends on; the suite runs them on every supported version (``python3 dev.py test``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from myst_parser.parsers.docutils_ import Parser as MystParser
from sphinx.config import Config
from sphinx.testing.util import SphinxTestApp
from sphinx.util.tags import Tags

from sphinx_shortscience import compat
from sphinx_shortscience.config import setting_value
from sphinx_shortscience.site import reading as reading_module
from sphinx_shortscience.site.names import papers_docname, slug

from .conftest import copy_root, run_sphinx


class Probe(Directive):
    """Records whether it ran in a MyST document."""

    seen: ClassVar[list[bool]] = []

    def run(self) -> list[nodes.Node]:
        Probe.seen.append(compat.is_myst_state(self.state))
        return []


@pytest.fixture
def probe() -> Any:
    directives.register_directive("probe", Probe)
    Probe.seen.clear()
    yield Probe
    directives._directives.pop("probe", None)


def test_myst_directives_run_in_mocks_state(probe: Any) -> None:
    settings = {"report_level": 5, "myst_suppress_warnings": ["myst.directive_unknown"]}
    publish_doctree("```{probe}\n```\n", parser=MystParser(), settings_overrides=settings)
    publish_doctree(".. probe::\n", settings_overrides={"report_level": 5})
    assert probe.seen == [True, False]


def test_generated_pages_are_not_kept_in_memory_until_written(
        project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    kept: dict[str, bool] = {}
    others_kept: list[bool] = []

    def reading(builder: Any, docname: str) -> None:
        compat.read_without_keeping(builder, docname)
        # what compat relies on: Sphinx keeps what it reads in this cache until written
        cache = builder.env._write_doc_doctree_cache
        kept[docname] = docname in cache
        others_kept.append(any(not name.startswith("shortscience/") for name in cache))

    monkeypatch.setattr(reading_module, "read_without_keeping", reading)
    build = run_sphinx(project("basic"))
    assert kept and not any(kept.values())
    assert all(others_kept)  # the documents Sphinx read itself are kept, as before
    assert "Deep Residual Learning" in build.read(
        f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}.html")
    # the fixed pages, read by Sphinx first (still empty), are written as read again
    assert "Deep Residual Learning" in build.read("shortscience/papers.html")


def test_listing_pages_are_kept_out_of_the_navigation(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build",
                        confoverrides={"source_suffix": {".rst": "restructuredtext"}})
    try:
        app.build()
        env = app.env
        papers = papers_docname(env.config)
        # what compat relies on: Sphinx records toctrees here...
        assert isinstance(env.toctree_includes, dict)
        assert papers in env.toctree_includes["shortscience/index"]
        # ...and what it did: the listing's toctree is known to nobody but its doctree
        assert papers not in env.toctree_includes
        some_paper = next(d for d in env.all_docs if d.startswith("shortscience/paper/"))
        assert papers not in env.files_to_rebuild.get(some_paper, set())
        assert not list(env.tocs[papers].findall(lambda n: n.tagname == "toctree"))
        doctree = env.get_doctree(papers)
        assert list(doctree.findall(lambda n: n.tagname == "toctree"))
        # the navigation holds the root, the index and its listings, not their members
        held = compat.documents_in_navigation(env)
        assert {env.config.root_doc, "shortscience/index", papers} <= held
        assert some_paper not in held
    finally:
        app.cleanup()


def test_setting_value_reads_undeclared_settings(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        'bibtex_bibfiles = ["a.bib"]\nhtml_static_path = ["s"]\nexclude_patterns = ["x"]\n')
    config = Config.read(tmp_path, overrides={}, tags=Tags())
    assert setting_value(config, "bibtex_bibfiles", None) == ["a.bib"]
    assert setting_value(config, "html_static_path", []) == ["s"]
    assert setting_value(config, "exclude_patterns", []) == ["x"]
    assert setting_value(config, "intersphinx_mapping", {}) == {}


def test_what_the_build_relies_on_after_reading(tmp_path: Path) -> None:
    """``included_documents``, ``find_documents_again``, ``name_label``,
    ``parallel_reading_allowed`` and ``replace_toctree_function`` on a real build."""
    src = copy_root("basic", tmp_path)
    contexts: list[dict[str, Any]] = []
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build",
                        confoverrides={"source_suffix": {".rst": "restructuredtext"}})
    app.connect("html-page-context", lambda _app, name, _t, context, _d: contexts.append(
        context) if name == "index" else None)
    try:
        app.build()
        env = app.env
        assert "shortscience/index" in compat.included_documents(env)[env.config.root_doc]
        # a file written after Sphinx looked for documents is found when asked again
        (src / "later.rst").write_text("Later\n=====\n", encoding="utf-8")
        assert "later" not in env.found_docs
        compat.find_documents_again(app)
        assert "later" in env.found_docs
        # labels of untitled nodes: (docname, id, title) in the standard domain
        label = env.domains["std"].labels["lstm-by-grace"]  # type: ignore[attr-defined]
        assert label[0] == "rst-summaries" and label[2].startswith("Summary of Long")
        compat.name_label(env, "lstm-by-grace", "elsewhere", "x", "Not taken over")
        assert env.domains["std"].labels["lstm-by-grace"] == label  # type: ignore[attr-defined]
        # every extension says whether it may read in parallel
        assert all(hasattr(e, "parallel_read_safe") for e in app.extensions.values())
        assert compat.parallel_reading_allowed(app) is False  # a serial build
        # themes call the toctree function of the context with keyword arguments
        [context] = contexts
        calls: list[dict[str, Any]] = []

        def recording(toctree: Callable[..., str]) -> Callable[..., str]:
            def record(**kwargs: Any) -> str:
                calls.append(kwargs)
                return toctree(**kwargs)
            return record

        compat.replace_toctree_function(context, recording)
        assert "shortscience/index.html" in context["toctree"](collapse=False)
        assert calls == [{"collapse": False}]
    finally:
        app.cleanup()


def test_the_parallel_reader_steps_are_sphinx_s() -> None:
    """``read_in_workers`` repeats Sphinx's reader: a task per batch, the environment
    pickled in the worker and merged in the main process."""
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.parallel import ParallelTasks

    assert list(inspect.signature(BuildEnvironment.merge_info_from).parameters) == [
        "self", "docnames", "other", "app"]
    assert list(inspect.signature(ParallelTasks.add_task).parameters)[:4] == [
        "self", "task_func", "arg", "result_func"]
    reader = inspect.getsource(Builder._read_parallel)
    assert "merge_info_from" in reader and "pickle.dumps(self.env" in reader


def test_the_lookups_every_parser_goes_through(tmp_path: Path) -> None:
    """docutils' rST parser and MyST find directives and roles through the module
    functions ``markup_lookups`` replaces, and get the old ones back after."""
    seen: list[str] = []

    def directive(name: str, language: Any, document: Any) -> tuple[Any, list[Any]]:
        seen.append(f"directive {name}")
        return Probe, []

    def role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
        seen.append(f"role {name}")
        return (lambda *args, **kwargs: ([nodes.Text("r")], [])), []

    before = directives.directive
    with compat.markup_lookups(directive, role):
        publish_doctree(".. note:: x\n\nA :emphasis:`role`.\n",
                        settings_overrides={"report_level": 5})
        publish_doctree("```{note}\nx\n```\n\nA {sub}`role`.\n", parser=MystParser(),
                        settings_overrides={"report_level": 5})
    assert directives.directive is before
    assert seen == ["directive note", "role emphasis", "directive note", "role sub"]


def test_the_search_index_hooks() -> None:
    """``remember_stems`` and ``change_frozen_index``: Sphinx stems each word through its
    language's ``stem`` and writes what ``freeze`` returns."""
    from sphinx.search import IndexBuilder

    assert "self.freeze()" in inspect.getsource(IndexBuilder.dump)
    assert "self.lang.stem" in inspect.getsource(IndexBuilder.feed)


def test_myst_parses_eval_rst_with_its_rst_parser() -> None:
    """``eval_rst_blocks``: MyST hands an ``{eval-rst}`` block to ``MockRSTParser``, padded
    with a newline per line before the block's content."""
    seen: list[tuple[str, int]] = []
    with compat.eval_rst_blocks(lambda text, line: seen.append((text, line))):
        publish_doctree("# T\n\nText.\n\n```{eval-rst}\nA `link <https://x.org>`_.\n```\n",
                        parser=MystParser(), settings_overrides={"report_level": 5})
    assert seen == [("A `link <https://x.org>`_.\n", 5)]
