"""The documentation is built with the extension itself, warnings as errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import run_sphinx

DOCS = Path(__file__).parent.parent / "docs"


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "shortscience"))
    build = run_sphinx(src, confoverrides={"nitpicky": True})
    assert build.warning_lines() == [], build.warnings
    grammar = BeautifulSoup(build.read("grammar.html"), "html.parser")
    examples = grammar.select("div.live-example")
    assert len(examples) >= 4
    # each live example shows its source and the rendered summary
    for example in examples:
        assert "{summary}" in example.select_one("div.live-example-source").get_text()
        assert example.select_one("div.shortscience-summary p.shortscience-summary-title a")
