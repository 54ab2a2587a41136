"""sphinxcontrib-bibtex's own test projects give the same warnings with our extension.

Adding sphinx-shortscience beside sphinxcontrib-bibtex, before or after it, must not add a
warning or report a problem twice (tests/roots/sphinxcontrib-bibtex/README.md says where the
projects come from).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOTS, run_sphinx

PROJECTS = sorted(path.name.removeprefix("test-")
                  for path in (ROOTS / "sphinxcontrib-bibtex").glob("test-*"))
ORDERS = {
    "alone": ["sphinxcontrib.bibtex"],
    "ours after": ["sphinxcontrib.bibtex", "sphinx_shortscience"],
    "ours before": ["sphinx_shortscience", "sphinxcontrib.bibtex"],
}


def warnings_of(name: str, extensions: list[str], destination: Path) -> list[str]:
    src = destination / name
    shutil.copytree(ROOTS / "sphinxcontrib-bibtex" / f"test-{name}", src)
    build = run_sphinx(src, confoverrides={"extensions": extensions})
    # the order in which two extensions' warnings interleave is not ours to keep
    return sorted(re.sub(r"\s+", " ", line) for line in build.warning_lines())


def test_there_are_projects() -> None:
    assert len(PROJECTS) >= 10


@pytest.mark.parametrize("name", PROJECTS)
def test_same_warnings_with_our_extension(name: str, tmp_path: Path) -> None:
    alone = warnings_of(name, ORDERS["alone"], tmp_path / "alone")
    for order in ("ours after", "ours before"):
        assert warnings_of(name, ORDERS[order], tmp_path / order.replace(" ", "-")) == alone, order
