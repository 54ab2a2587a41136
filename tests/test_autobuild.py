"""Live editing with sphinx-autobuild: one rebuild per edit, never a loop on our pages."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("sphinx_autobuild") is None,
                       reason="sphinx-autobuild is not installed (pip install .[test])"),
]


class Autobuild:
    def __init__(self, src: Path, *extra: str):
        self.log = src.parent / "autobuild.log"
        self.handle = self.log.open("w")
        # unbuffered: its output goes to a file, which Python would fill in blocks, and the
        # test waits for lines ("Serving on") whatever the caller's environment says
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "sphinx_autobuild", str(src),
             str(src / "_build" / "html"), "--host", "127.0.0.1", "--port", "0", "-q", *extra],
            stdout=self.handle, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def rebuilds(self) -> int:
        return len(re.findall(r"Rebuilding", self.log.read_text()))

    def builds_done(self) -> int:
        return len(re.findall(r"Serving on", self.log.read_text()))

    def settle(self, expected_builds: int, timeout: float = 120) -> None:
        """Wait until at least *expected_builds* finished and nothing happened for 6 s."""
        deadline = time.monotonic() + timeout
        last, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            size = len(self.log.read_text())
            if size != last:
                last, quiet_since = size, time.monotonic()
            elif self.builds_done() >= expected_builds and time.monotonic() - quiet_since > 6:
                return
            time.sleep(0.5)
        raise AssertionError(f"no quiet moment: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.handle.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("ignore", [False, True])
def test_one_rebuild_per_edit(project: Callable[[str], Path], ignore: bool) -> None:
    src = project("example")
    extra = ["--re-ignore", r"/shortscience/"] if ignore else []
    server = Autobuild(src, *extra)
    try:
        server.settle(expected_builds=1)
        assert server.rebuilds() == 0  # the first build alone writes our stubs
        # an edit inside a summary's text: one rebuild
        edit(src / "sessions" / "03-sequences.md", "multiplicative gates", "multiplying gates")
        server.settle(expected_builds=2)
        assert server.rebuilds() == 1
        # an edit that needs a new page (a new keyword): with --ignore one rebuild; without
        # it the new stub file is seen once more (a rebuild that writes nothing), and then
        # all is quiet: never a loop
        edit(src / "sessions" / "03-sequences.md", ":date: 2024-03-04\n",
             ":date: 2024-03-04\n:keywords: long memory\n")
        server.settle(expected_builds=3)
        if ignore:
            assert server.rebuilds() == 2
        else:
            assert server.rebuilds() in (2, 3)
    finally:
        server.stop()
    log = server.log.read_text()
    assert "Traceback" not in log
    # page generation reports through Sphinx's status iterator, which -q silences
    assert "generating pages" not in log
