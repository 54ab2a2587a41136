"""Every use of another project's private API, in one place, each with its reason.

Each function here is covered by ``tests/test_compat.py``, which fails when the upstream
behaviour it relies on changes (Sphinx 7.4 to 9, MyST-Parser 3 to 5).  Everything else in
the package uses public APIs only.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from myst_parser.mocking import MockState
from sphinx import addnodes
from sphinx.builders import Builder

if TYPE_CHECKING:
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
