"""Keep the cyclic garbage collector off what lives for the whole build.

The modules, the application, the environment (loaded from its pickle on a rebuild) and
the bib live from the start of a build to its end, and every full collection walks all of
them again: on an incremental build of a few hundred documents those walks cost more than
reading the edited document. :func:`gc.freeze` moves everything alive at a moment out of
the collector's sight. It is called twice: when the configuration is read (so that loading
the environment's pickle, hundreds of thousands of objects, does not walk the modules and
the app again and again), and when reading begins (the loaded environment, the bib). The
build's own garbage (doctrees, nodes) is made after that and is collected as usual. What
was frozen is handed back when the build ends, so a host process (sphinx-autobuild, a test
session) collects it again. A host that froze objects itself is left alone (``unfreeze``
cannot tell theirs from ours). If Sphinx fails to start after its configuration was read,
what was frozen then (the modules, that application) stays frozen.

Only a build that loads an environment freezes anything: in a first (or ``-E``) build the
collector is left as Sphinx has it, since freezing little there made the collector run its
full collections more often (it schedules them by how much survived the last one) and a
medium full build about 5% slower (benchmarks/gc_freeze.py).

Apart from that, automatic collections wait while a page is filled
(:func:`collector_paused`): what filling makes lives until the page is written.

Under ``-j N`` Sphinx forks worker processes to read and to write batches of documents
(one process per batch). A worker starts with everything the main process has, and its
first full collection walks all of that: it touches every object, so the operating system
copies each page of memory the worker shares with the main process. In the workers that
wrote a small build's pages, two to four full collections took 0.4 to 1.7 s (depending on
how close to one the main process was when it forked), against 2.5 s of writing. A worker
runs one batch and exits, and frees nothing of what it inherited, so it freezes all of it
when it starts (:func:`freeze_inherited_in_worker`): its collections then walk only what
it makes.
"""

from __future__ import annotations

import gc
import os
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


#: The applications whose build froze objects (and so hands them back at its end).
_freezing: weakref.WeakSet[Sphinx] = weakref.WeakSet()


def _ours_to_freeze(app: Sphinx) -> bool:
    """A host process that froze objects itself (before forking workers, say) keeps its
    freeze: ``gc.unfreeze()`` cannot tell ours from theirs, so we then freeze nothing."""
    return app in _freezing or gc.get_freeze_count() == 0


def freeze_before_loading(app: Sphinx, config: Config) -> None:
    if (Path(app.doctreedir) / ENV_PICKLE_FILENAME).exists() and _ours_to_freeze(app):
        gc.freeze()
        _freezing.add(app)


def freeze_long_lived(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.fresh_env_used:  # nothing was loaded after all (-E, a new Sphinx, a new config)
        unfreeze(app, None)
    elif _ours_to_freeze(app):
        gc.freeze()
        _freezing.add(app)


#: The process that runs the builds; any other process emitting their events is a worker.
_main_process: int | None = None
#: The worker process (if this is one) that has frozen what it inherited.
_frozen_worker: int | None = None


def remember_main_process(app: Sphinx) -> None:
    global _main_process
    _main_process = os.getpid()


def freeze_inherited_in_worker(app: Sphinx, *args: object) -> None:
    """In a ``-j`` worker, keep the collector off what the main process handed down.

    Connected to the first events of a worker's batch (a document read, a page written).
    Freezing costs nothing (it moves list heads, it walks nothing); the worker exits when
    its batch is done, so nothing it froze needed collecting.
    """
    global _frozen_worker
    process = os.getpid()
    if _main_process is None or process in (_main_process, _frozen_worker):
        return
    gc.freeze()
    _frozen_worker = process


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    if app in _freezing:
        gc.unfreeze()
        _freezing.discard(app)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection while a page is filled.

    Filling a page adds nodes that all survive until the page is written (a 1 MB summary's
    paper page: a copy of the body and 24,000 new nodes); each time the survivors grow by a
    quarter, the collector walks every object of the process, which made three or four
    full walks per large page (5 s of a 20 s build). Paused, the next collection after the
    page sees them all at once. The previous state is restored whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
