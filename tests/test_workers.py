"""``-j N``: what the worker processes Sphinx forks do with what they inherit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import run_sphinx

#: An extension that records, in every process, the collector's frozen objects when a
#: document is read and a page is written (after our handlers), and the main process's
#: when the build starts and when the generated pages are about to be read.
PROBE = '''
import gc, os

LOG = {log!r}

def record(event):
    def handler(app, name=None, *args):
        with open(LOG, "a", encoding="utf-8") as log:
            name = name if isinstance(name, str) else "-"
            log.write(f"{{event}} {{os.getpid()}} {{gc.get_freeze_count()}} {{name}}\\n")
    return handler

def setup(app):
    app.connect("builder-inited", record("start"), priority=900)
    # before the extension reads the generated pages (the fixed ones were read already)
    app.connect("env-updated", record("generate"), priority=100)
    app.connect("source-read", record("read"), priority=900)
    app.connect("html-page-context", record("write"), priority=900)
    return {{"parallel_read_safe": True, "parallel_write_safe": True}}
'''


Row = tuple[str, int, int, str]  # event, process, frozen objects, document


def probed_build(src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 parallel: int) -> list[Row]:
    log = tmp_path / f"probe-{parallel}.log"
    (tmp_path / "gc_probe.py").write_text(PROBE.format(log=str(log)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "gc_probe", raising=False)  # a module per build
    build = run_sphinx(src, parallel=parallel,
                       confoverrides={"extensions": ["sphinx_shortscience", "gc_probe"]})
    assert list((build.outdir / "shortscience" / "paper").glob("*.html"))
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    return [(event, int(pid), int(frozen), name) for event, pid, frozen, name in rows]


def test_workers_freeze_what_they_inherit(project: Callable[[str], Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's full collections would walk (and copy) the main process's objects."""
    rows = probed_build(project("basic"), tmp_path, monkeypatch, parallel=2)
    main = os.getpid()
    [(_, _, frozen_at_start, _)] = [row for row in rows if row[0] == "start"]
    in_workers = [row for row in rows if row[1] != main]
    assert {row[0] for row in in_workers} == {"read", "write"}
    assert len({row[1] for row in in_workers}) >= 2
    # everything a worker inherited (the modules, the app, the environment) is frozen
    assert all(row[2] > frozen_at_start + 10_000 for row in in_workers), in_workers


def test_a_serial_build_freezes_nothing_new(project: Callable[[str], Path], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process, a fresh build leaves the collector as Sphinx has it."""
    rows = probed_build(project("basic"), tmp_path, monkeypatch, parallel=1)
    assert {row[1] for row in rows} == {os.getpid()}
    assert len({row[2] for row in rows}) == 1, rows


@pytest.mark.parametrize("jobs", [2, 3])
def test_generated_pages_are_read_in_one_batch_per_worker(
        jobs: int, project: Callable[[str], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch sends the whole environment back to be unpickled: as few as there are
    processes, each with its share of every kind of page."""
    rows = probed_build(project("basic"), tmp_path, monkeypatch, parallel=jobs)
    generating = rows.index(next(row for row in rows if row[0] == "generate"))
    generated = [row for row in rows[generating:] if row[0] == "read"]
    batches: dict[int, list[str]] = {}
    for _, pid, _, docname in generated:
        batches.setdefault(pid, []).append(docname)
    assert os.getpid() not in batches
    assert len(batches) == jobs, batches
    sizes = sorted(len(batch) for batch in batches.values())
    assert sizes[-1] - sizes[0] <= 1, batches
    assert all(any("/paper/" in name for name in batch) for batch in batches.values())
