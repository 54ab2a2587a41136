"""Shared helpers: build small real projects once and let many tests read the output."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOTS = Path(__file__).parent / "roots"
EXAMPLE = Path(__file__).parent.parent / "example_project"


@dataclass
class Build:
    """The result of one sphinx-build: where it is and what it said."""

    srcdir: Path
    outdir: Path
    doctreedir: Path
    builder: str
    status: str
    warnings: str

    def read(self, relative: str) -> str:
        return (self.outdir / relative).read_text(encoding="utf-8")

    def soup(self, docname: str) -> BeautifulSoup:
        """The HTML page of *docname*, parsed."""
        return BeautifulSoup(self.read(f"{docname}.html"), "html.parser")

    def warning_lines(self) -> list[str]:
        """Warnings with the source folder removed, one per line."""
        text = self.warnings.replace(str(self.srcdir) + "/", "")
        return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]

    def line_of(self, relative: str, needle: str) -> int:
        """The 1-based line of *needle* in a source file of the project."""
        for number, line in enumerate((self.srcdir / relative).read_text().splitlines(), 1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {relative}")

    def read_docs(self) -> list[str]:
        """The documents this build read, from its status output."""
        return re.findall(r"(?:reading sources|generating pages)\.\.\. \[\s*\d+%\] (\S+)",
                          self.status)


def run_sphinx(srcdir: Path, builder: str = "html", *, outdir: Path | None = None,
               parallel: int = 0, confoverrides: dict[str, Any] | None = None,
               freshenv: bool = False) -> Build:
    builddir = srcdir / "_build"
    # Sphinx adds the suffixes extensions register to the *default* source_suffix dict,
    # which every later application in this process then starts from: give each its own
    overrides = {"source_suffix": {".rst": "restructuredtext"}, **(confoverrides or {})}
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=builddir, freshenv=freshenv,
                        confoverrides=overrides, parallel=parallel)
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(srcdir, Path(app.outdir), Path(app.doctreedir), builder,
                 strip_escape_sequences(app.status.getvalue()),
                 strip_escape_sequences(app.warning.getvalue()))


#: The conf.py of a project written on the spot by a test.
SMALL_CONF = 'extensions = ["sphinx_shortscience"]\nbibtex_bibfiles = ["refs.bib"]\n'


def small_project(folder: Path, files: dict[str, str], conf: str = SMALL_CONF) -> Path:
    """A project written on the spot: *conf* as conf.py and *files* in *folder*/p."""
    src = folder / "p"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def nested_braces(text: str) -> str:
    """*text* with its braces properly nested, as BibTeX requires (random test inputs): a
    closing brace without an opening one is dropped, the ones left open are closed."""
    kept, depth = [], 0
    for char in text:
        if char == "}" and depth == 0:
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        kept.append(char)
    return "".join(kept) + "}" * depth


def copy_root(name: str, destination: Path) -> Path:
    source = EXAMPLE if name == "example" else ROOTS / f"test-{name}"
    target = destination / name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_build", "shortscience"))
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Build]]:
    """``built(root, builder)``: a build shared by every test that asks for the same one."""
    cache: dict[tuple[str, str, tuple[tuple[str, Any], ...]], Build] = {}

    def get(root: str, builder: str = "html", **confoverrides: Any) -> Build:
        key = (root, builder, tuple(sorted(confoverrides.items())))
        if key not in cache:
            where = tmp_path_factory.mktemp(f"{root}-{builder}")
            cache[key] = run_sphinx(copy_root(root, where), builder,
                                    confoverrides=confoverrides or None)
        return cache[key]

    yield get


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """``project(root)``: a fresh copy of a test root to build and edit."""
    return lambda name: copy_root(name, tmp_path)


@pytest.fixture
def basic(built: Callable[..., Build]) -> Build:
    """The ``basic`` test root built to HTML (once for the whole run)."""
    return built("basic", "html")
