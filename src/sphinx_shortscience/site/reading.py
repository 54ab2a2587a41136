"""Reading the generated pages' stubs: in the main process, or under ``-j N`` in N workers.

Generated pages are known only after every document was read, so Sphinx's read phase has
passed them by; they are read here, when the environment is updated, the way Sphinx reads
documents: purged, parsed, their doctrees pickled, and under ``-j`` in forked worker
processes whose environments are merged back.

Sphinx's own parallel reader cuts documents into batches of about √(10·n/N) (18 batches
for the medium benchmark's 1,516 stubs under ``-j 2``), and each batch's worker sends back
the *whole* environment, which the main process unpickles and merges in turn. That suits
a project's documents; for thousands of small stubs the main process spent its time
unpickling (and then collecting) eighteen copies of everything, and reading them under
``-j 2`` took longer than reading them in one process (10.1 s against 9.0 s). Here each
worker reads one batch (every N-th stub, so that each gets its share of paper, keyword
and listing pages) and the environment comes back N times (4.9 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.display import status_iterator

from .. import compat
from ..compat import forget_kept_doctrees, parallel_reading_allowed, read_without_keeping

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SUMMARY = "generating pages... "


def read_stubs(app: Sphinx, docnames: list[str]) -> None:
    """Read new and changed stubs; with ``-j N``, in N worker processes."""
    for docname in docnames:
        app.events.emit("env-purge-doc", app.env, docname)
        app.env.clear_doc(docname)
    if parallel_reading_allowed(app) and len(docnames) > 1:
        _read_in_workers(app, docnames, app.parallel)
        return
    for docname in status_iterator(docnames, SUMMARY, "purple", len(docnames), app.verbosity):
        read_without_keeping(app.builder, docname)


def _read_in_workers(app: Sphinx, docnames: list[str], nproc: int) -> None:
    builder, env = app.builder, app.env
    batches = [batch for batch in (docnames[start::nproc] for start in range(nproc)) if batch]
    # a batch is every N-th stub: its first and last name (Sphinx's display) would mislead
    progress = status_iterator(batches, SUMMARY, "purple", len(batches), app.verbosity,
                               stringify_func=lambda batch: f"{len(batch)} pages")
    # workers keep nothing they read; a version kept from this build's own reading (a
    # fixed page read before its stub was complete) must not be written instead
    forget_kept_doctrees(env, docnames)

    compat.read_in_workers(app, batches, lambda docname: read_without_keeping(builder, docname),
                           lambda: next(progress))
    logger.info("")  # the end of the progress line, as Sphinx's reader ends it
