"""Side by side with the Executable Books stack and sphinxcontrib-bibtex."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOTS, Build

ORDERS = ["sphinxcontrib.bibtex,sphinx_shortscience", "sphinx_shortscience,sphinxcontrib.bibtex"]


@pytest.mark.parametrize("extensions", ORDERS)
def test_beside_sphinxcontrib_bibtex(built: Callable[..., Build], extensions: str) -> None:
    build = built("bibtex", "html", extensions=extensions)
    assert build.warning_lines() == [], build.warnings
    soup = BeautifulSoup(build.read("index.html"), "html.parser")
    # sphinxcontrib-bibtex's citations and bibliography, from the shared bibtex_bibfiles
    assert "HZRS16" in soup.get_text() and soup.select("div.citation, dl.citation")
    # our \cite of another key on the same page, linked to its paper page
    cite = soup.select_one("span.shortscience-citation a")
    assert cite.get_text() == "Girshick et al., 2014"
    notes = BeautifulSoup(build.read("notes.html"), "html.parser")
    assert notes.select_one("span.shortscience-citation").get_text() == "(He et al., 2016)"


needs_myst_nb = pytest.mark.skipif(importlib.util.find_spec("myst_nb") is None,
                                   reason="myst-nb is not installed (pip install .[test])")


@needs_myst_nb
@pytest.mark.parametrize("extensions", ["myst_nb,sphinx_shortscience",
                                        "sphinx_shortscience,myst_nb"])
def test_summaries_in_notebook_cells(built: Callable[..., Build], extensions: str) -> None:
    build = built("notebook", "html", extensions=extensions)
    # myst-nb locates a line in a notebook as 10000 * cell number + line: the missing key
    # is in the fifth cell
    warnings = build.warning_lines()
    assert len(warnings) == 1 and warnings[0].startswith("notebook.ipynb:5000"), build.warnings
    assert warnings[0].endswith("unknown BibTeX key 'no/such/key': no bib file defines it "
                                "[shortscience.missing_key]")
    soup = BeautifulSoup(build.read("notebook.html"), "html.parser")
    summary = soup.select_one("div.shortscience-summary")
    assert summary.select_one("p.shortscience-summary-title a").get_text().startswith("Deep")
    assert summary.select_one("span.math").get_text() == r"\(y = F(x) + x\)"
    assert summary.select_one("span.shortscience-citation a").get_text() == (
        "Girshick et al., 2014")
    links = [a.get_text() for a in soup.select("a.shortscience-paper-link")]
    assert any(link.startswith("Long Short-Term Memory") for link in links)  # {paper} role
    paper = build.read("shortscience/paper/conf-cvpr-hezrs16--43xxletl.html")
    assert "Summary by Nora Book, 2024-05-05" in paper


JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason="jupyter-book is not installed here: "
                    "`python3 dev.py compat jupyter-book1` runs this test with Jupyter Book 1")
def test_jupyter_book(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(ROOTS / "jupyter-book", book)
    completed = subprocess.run([str(JUPYTER_BOOK), "build", str(book), "--warningiserror",
                                "--keep-going"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    page = (book / "_build/html/summaries.html").read_text(encoding="utf-8")
    assert re.search(r"shortscience-citation.*Girshick et al., 2014", page, re.S)
    assert (book / "_build/html/shortscience/index.html").exists()
