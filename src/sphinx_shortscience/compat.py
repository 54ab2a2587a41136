"""Every use of another project's private API, in one place, each with its reason.

Each function here is covered by ``tests/test_compat.py``, which fails when the upstream
behaviour it relies on changes (Sphinx 7.4 to 9, MyST-Parser 3 to 5).  Everything else in
the package uses public APIs only.
"""

from __future__ import annotations

import contextlib
import inspect
import pickle
from functools import cache
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives as rst_directives
from docutils.parsers.rst import roles as rst_roles
from myst_parser.mocking import MockRSTParser, MockState
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.util.parallel import ParallelTasks, parallel_available

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment


def is_myst_state(state: Any) -> bool:
    """Whether a directive runs in a MyST document (MyST hands directives a mock state).

    Public module, but not a documented API: MyST numbers a directive's lines within the
    current file and has no docutils state machine behind it, so the summary directive
    locates its body and parses rST bodies differently there.
    """
    return isinstance(state, MockState)


#: ``Builder.read_doc`` is final in Sphinx: asked once, not once per page (thousands of stubs)
_READ_DOC_CAN_SKIP_KEEPING = "_cache" in inspect.signature(Builder.read_doc).parameters


def read_without_keeping(builder: Builder, docname: str) -> None:
    """Read *docname* (a generated page) without keeping its doctree in memory until it is
    written.

    Private (the ``_cache`` argument of ``Builder.read_doc``, Sphinx 7.2 to 9): Sphinx keeps
    every doctree read in a build alive until it is written. Thousands of stubs held that
    way at once made up the peak memory of a large build; each is cheap to load again from
    its pickle when it is written (as with ``-j``, where Sphinx does the same).
    """
    if _READ_DOC_CAN_SKIP_KEEPING:
        builder.read_doc(docname, _cache=False)
        # a first version read earlier in this build (a fixed page) must not be written
        forget_kept_doctrees(builder.env, [docname])
    else:  # a Sphinx without the argument: read as Sphinx reads
        builder.read_doc(docname)


def forget_kept_doctrees(env: BuildEnvironment, docnames: list[str]) -> None:
    """Drop the doctrees of *docnames* that Sphinx keeps in memory until they are written.

    Private (``env._write_doc_doctree_cache``, Sphinx 7.2 to 9): a version read earlier
    in this build must not be written instead of the one read again.
    """
    kept = getattr(env, "_write_doc_doctree_cache", None)
    if kept:
        for docname in docnames:
            kept.pop(docname, None)


def keep_out_of_navigation(env: BuildEnvironment, docname: str) -> None:
    """Forget that *docname*'s toctrees include anything, for the navigation only.

    Private (``env.toctree_includes``, ``env.files_to_rebuild``, ``env.tocs``): Sphinx has
    no toctree that is in the document (so LaTeX, single-page HTML and ePub include its
    pages) but out of the navigation that every HTML page renders; thousands of paper
    pages there make every page slower to write (quadratic in all) and the sidebar useless.
    """
    for included in env.toctree_includes.pop(docname, []):
        parents = env.files_to_rebuild.get(included)
        if parents is not None:
            parents.discard(docname)
    toc = env.tocs.get(docname)
    if toc is not None:
        for node in list(toc.findall(addnodes.toctree)):
            node.parent.remove(node)


def documents_in_navigation(env: BuildEnvironment) -> set[str]:
    """Every document the navigation tree holds, from the root document down.

    Private (``env.toctree_includes``, as in :func:`keep_out_of_navigation`): Sphinx has no
    public question "is this document in the toctree?", which decides whether a generated
    page's sidebar is the same as its neighbours' (``site.navigation``).
    """
    seen: set[str] = set()
    pending = [env.config.root_doc]
    while pending:
        docname = pending.pop()
        if docname not in seen:
            seen.add(docname)
            pending.extend(env.toctree_includes.get(docname, ()))
    return seen


def included_documents(env: BuildEnvironment) -> dict[str, list[str]]:
    """Each document and the documents its toctrees include.

    Private (``env.toctree_includes``): whether a project's own toctree lists a generated
    page decides whether pages are generated at all (``site.events``).
    """
    return env.toctree_includes


def find_documents_again(app: Sphinx) -> None:
    """Let Sphinx see the stub files written after it looked for documents.

    Private (``BuildEnvironment.find_files``, which Sphinx calls once before reading):
    generated pages are known only after every document was read.
    """
    app.env.find_files(app.config, app.builder)


def read_in_workers(app: Sphinx, batches: list[list[str]], read_one: Callable[[str], None],
                    done: Callable[[], object]) -> None:
    """Read each batch of documents in a forked worker and merge what it read back.

    Private (``ParallelTasks``, ``BuildEnvironment.merge_info_from``): the steps of
    Sphinx's own parallel reader (read, pickle the environment, merge it in the main
    process), with batches of our choosing (``site.reading`` says why).
    """
    env = app.env

    def read_batch(batch: list[str]) -> bytes:  # in a worker
        for docname in batch:
            read_one(docname)
        return pickle.dumps(env, pickle.HIGHEST_PROTOCOL)

    def merge(batch: list[str], pickled: bytes) -> None:  # in the main process
        # the environment its own worker process pickled a moment ago
        env.merge_info_from(batch, pickle.loads(pickled), app)
        done()

    tasks = ParallelTasks(len(batches))
    for batch in batches:
        tasks.add_task(read_batch, batch, merge)
    tasks.join()


def parallel_reading_allowed(app: Sphinx) -> bool:
    """Whether this build reads in worker processes and every extension allows it.

    Private (``app.extensions`` and each extension's ``parallel_read_safe``): Sphinx's own
    check also warns, once per unsafe extension, which it has done by then.
    """
    return bool(parallel_available) and app.parallel > 1 and all(
        extension.parallel_read_safe for extension in app.extensions.values())


def name_label(env: BuildEnvironment, name: str, docname: str, node_id: str,
               title: str) -> None:
    """Give the label *name* (of *node_id* in *docname*) a title, unless it is another's.

    Private (``StandardDomain.labels``, name -> (docname, id, title)): Sphinx keeps labels
    of untitled nodes (a summary's container) as anonymous labels only, so that
    ``:ref:`name``` would need a text.
    """
    # typed as StandardDomain from Sphinx 8.2, as Domain before
    std: StandardDomain = env.domains["std"]  # type: ignore[assignment, unused-ignore]
    if std.labels.get(name, (docname, node_id))[:2] == (docname, node_id):
        std.labels[name] = (docname, node_id, title)


@contextlib.contextmanager
def markup_lookups(directive: Callable[..., Any], role: Callable[..., Any]
                   ) -> Iterator[tuple[Callable[..., Any], Callable[..., Any]]]:
    """While active, docutils (and Sphinx and MyST through it) look directives and roles
    up with *directive* and *role*; yields the lookups they replace.

    Private (docutils' module functions ``directives.directive`` and ``roles.role``, which
    its parser calls by module attribute): the one place every directive and role of a
    summary body passes, in rST and MyST alike. Sphinx wraps the same functions while it
    reads (``sphinx.util.docutils.sphinx_domains``); reading a document is single-threaded
    in each process.
    """
    find_directive, find_role = rst_directives.directive, rst_roles.role
    rst_directives.directive = directive
    rst_roles.role = role
    try:
        yield find_directive, find_role
    finally:
        rst_directives.directive = find_directive
        rst_roles.role = find_role


def remember_stems(indexer: Any, pure_modules: frozenset[str]) -> None:
    """Make the search index builder's ``stem`` remember its answers, for a language whose
    module is in *pure_modules* (its stem a function of the word alone).

    Private (``IndexBuilder.lang``, and ``SearchLanguage.stem`` called for every word of
    every page): Sphinx caches stems only within one page.
    """
    language = getattr(indexer, "lang", None)
    if language is None or type(language).__module__ not in pure_modules:
        return
    if "stem" in vars(language):  # already remembering
        return
    language.stem = cache(language.stem)


def change_frozen_index(indexer: Any, change: Callable[[dict[str, Any]], None]) -> None:
    """Let *change* edit the search index as ``dump`` writes it to ``searchindex.js``.

    Private (``IndexBuilder.freeze``, which ``dump`` calls): the index has no hook between
    being fed and being written.
    """
    if "freeze" in vars(indexer):
        return
    freeze: Callable[[], dict[str, Any]] = indexer.freeze

    def freeze_changed() -> dict[str, Any]:
        frozen = freeze()
        change(frozen)
        return frozen

    indexer.freeze = freeze_changed


def replace_toctree_function(context: dict[str, Any],
                             make: Callable[[Callable[..., str]], Callable[..., str]]) -> None:
    """Replace the template context's ``toctree`` function by ``make(toctree)``.

    Private (the ``toctree`` callable the HTML builder puts in each page's context, which
    themes call with keyword arguments): see ``site.navigation`` for why.
    """
    toctree = context.get("toctree")
    if toctree is not None:
        context["toctree"] = make(toctree)


@contextlib.contextmanager
def eval_rst_blocks(seen: Callable[[str, int], None]) -> Iterator[None]:
    """While active, each ``{eval-rst}`` block MyST parses is handed to *seen*: its rST,
    and the line of its fence in the text parsed.

    Private (``myst_parser.mocking.MockRSTParser``, which MyST's renderer runs on the rST,
    padded with a newline per line before it): MyST renders ``{eval-rst}`` itself, never
    looking it up as a directive, and ``shortscience check`` reads the links of that rST.
    """
    original = MockRSTParser.parse

    def parse(parser: MockRSTParser, inputstring: str, document: Any) -> None:
        text = inputstring.lstrip("\n")
        seen(text, len(inputstring) - len(text))
        original(parser, inputstring, document)

    MockRSTParser.parse = parse  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        MockRSTParser.parse = original  # type: ignore[method-assign]
