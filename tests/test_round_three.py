"""Issue 30's own round of attacks: each shape here broke the build, a page, the inventory
or the PDF before (the ``roundthree`` root holds them all; tests/test_hostile.py has the
issue's own table)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import Build, run_sphinx, small_project
from .test_cli import ours, shortscience


@pytest.fixture(scope="module")
def round3(built: Callable[..., Build]) -> Build:
    return built("roundthree", "html")


def pages(build: Build) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in build.outdir.rglob("*.html")}


def test_the_build_finishes_and_only_our_warnings_are_given(round3: Build) -> None:
    """An ``only`` expression Sphinx cannot read around a summary, an rST title inside
    ``{eval-rst}``, ``:numref:`search```: each stopped the build (exit 2)."""
    assert "build succeeded" in round3.status
    untyped = [w for w in round3.warning_lines() if "[shortscience." not in w
               and "only directive expression" not in w and not w.startswith("  line")
               and "image file not readable: missing-picture.png" not in w]
    assert untyped == []  # no "Any IDs not assigned" for the copies of captioned blocks


def test_a_bib_key_never_writes_lines_into_a_stub(round3: Build) -> None:
    everything = "".join(pages(round3).values())
    assert "<script>alert(" not in everything
    assert "root:x:0" not in everything  # /etc/passwd through a literalinclude in the key
    stubs = "".join(path.read_text(encoding="utf-8")
                    for path in (round3.srcdir / "shortscience" / "paper").glob("*.rst"))
    assert "shortscience-page:: paper-meta y%0A.. raw:: html%0A" in stubs
    assert ".. literalinclude::" not in stubs.replace("%0A.. literalinclude::", "")
    line = round3.line_of("refs.bib", "@misc{z")
    assert any(w.startswith(f"refs.bib:{line}: WARNING: the bib file holds U+2028")
               for w in round3.warning_lines())


def test_objects_inv_cannot_be_forged(round3: Build) -> None:
    """A keyword (or key) written as ``a shortscience:paper 1 //evil.example/phish`` read as
    an entry for paper ``a`` in every project that links here; now left out, warned."""
    with (round3.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "https://wiki.example/", os.path.join)
    data = getattr(inventory, "data", inventory)
    uris = [entry[2] if isinstance(entry, tuple) else entry.uri
            for kind in ("shortscience:paper", "shortscience:keyword")
            for entry in data.get(kind, {}).values()]
    assert uris and all(uri.startswith("https://wiki.example/shortscience/") for uri in uris)
    papers = data["shortscience:paper"]
    assert "a" in papers and not any("\n" in name or " " in name for name in papers)
    left_out = [w for w in round3.warning_lines() if "left out of objects.inv" in w]
    assert len(left_out) == 2 and any(w.startswith("refs.bib:") for w in left_out)


def test_a_summary_takes_no_id_label_or_substitution_of_the_page(round3: Build) -> None:
    for docname in ("index", "markdown"):
        html = round3.read(f"{docname}.html")
        assert html.count('id="searchbox"') == 1, docname  # the theme's own
    page = round3.soup("index")
    text = " ".join(page.get_text().split())
    assert "Project release: 1.0." in text  # not the summary's image
    assert page.select_one("img[src='https://example.org/hijack.png']") is not None
    genindex = [a.get("href") for a in page.select("a") if a.get_text() == "Index"]
    assert "genindex.html" in genindex


def test_options_are_bounded_and_classes_allow_listed(round3: Build) -> None:
    lines = round3.warning_lines()
    # each at the line of its directive
    for directive, message in ((".. hlist::", "':columns: 30000' is out of the range"),
                               (".. code-block::", "':emphasize-lines: 1-10000000' is out"),
                               (".. code-block::", "':lineno-start: 99999999999' is out"),
                               (".. list-table::", "':widths: 1 3000000000' is out"),
                               (".. image:: https://example.org/wide", "':width: 99999in'"),
                               (".. container:: fixed-top", "classes 'fixed-top', 'vh-100', "
                                "'bg-white' are not allowed"),
                               (".. note::", "classes 'position-fixed', 'top-0'")):
        line = round3.line_of("index.rst", directive)
        assert any(w.startswith(f"index.rst:{line}: WARNING: ") and message in w
                   for w in lines), (directive, line)
    page = round3.soup("index")
    assert not page.select(".fixed-top, .position-fixed, .vh-100")
    hlist = page.select_one("table.hlist")
    assert hlist is not None and "one" in hlist.get_text() and "two" in hlist.get_text()


def test_the_string_bomb_is_cut(round3: Build) -> None:
    cut = [w for w in round3.warning_lines() if "expands to more than 100000 characters" in w]
    assert len(cut) == 6  # s4 is the first to reach the bound


def test_check_reports_what_the_build_refuses(round3: Build, tmp_path: Path) -> None:
    """Parity, but for what only a build can see: objects.inv is written by the build."""
    result = shortscience("check", round3.srcdir, cache=tmp_path)
    assert "Traceback" not in result.stderr
    checked = ours(result.stdout.replace(str(round3.srcdir) + "/", "").splitlines())
    built = [w for w in ours(round3.warning_lines()) if "objects.inv" not in w]
    assert [w for w in checked if "in the PDF" not in w] == built
    # what only the latex build sees (an image pdflatex cannot read), check reports too
    assert len([w for w in checked if "is shown as its text in the PDF" in w]) == 3


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs latexmk (TeX Live)")
def test_the_pdf_builds(built: Callable[..., Build], tmp_path: Path) -> None:
    """An emoji and Cyrillic under pdflatex, a 30-deep list, a 99999in image, an absurd
    column width and line number, a missing image: each stopped the PDF; a remote figure
    was fetched from the network."""
    from .test_pdf import compile_pdf

    latex = built("roundthree", "latex")
    assert "Could not fetch remote image" not in latex.warnings  # no network, ever
    pdf = compile_pdf(latex, tmp_path)
    assert "missing-picture.png" in pdf.text  # a missing image is its text, not an error
    # an image pdflatex cannot read stopped the book (libpng: internal error)
    for alt, problem in (("a picture whose checksum is wrong", "fails its checksum"),
                         ("an SVG file named .png", "not a PNG or JPEG file"),
                         ("a JPEG cut short", "cut short")):
        assert alt in pdf.text
        line = latex.line_of("index.rst", alt) - 1
        assert any(w.startswith(f"index.rst:{line}: WARNING: image ") and problem in w
                   for w in latex.warning_lines()), (alt, latex.warning_lines())
    assert "a good picture" not in pdf.text
    (tex,) = latex.outdir.glob("*.tex")
    assert "{good-picture}.png" in tex.read_text(encoding="utf-8")
    words = pdf.text
    assert all(f"deep{depth}" in words for depth in range(30))
    # boxes under pdflatex, which has no font for them here (XeLaTeX would show them)
    assert "An emoji ? and ? ? ?" in words


def test_bibliography_links_from_the_bib_are_web_links(tmp_path: Path) -> None:
    """With sphinxcontrib-bibtex listed, a summary's ``:cite:p:`` shows the entry in the
    page's bibliography: its ``url = {javascript:...}`` was a live link there."""
    pytest.importorskip("sphinxcontrib.bibtex")
    src = small_project(tmp_path, {
        "refs.bib": "@misc{js,\n  author = {Eve},\n  title = {Script},\n  year = {2020},\n"
                    "  url = {javascript:alert('bibliography')},\n}\n",
        "index.rst": "I\n=\n\n.. summary:: js\n   :format: rst\n\n   Cites :footcite:p:`js` "
                     "and :cite:p:`js`.\n\n.. footbibliography::\n\n.. bibliography::\n"},
        conf='extensions = ["sphinxcontrib.bibtex", "sphinx_shortscience"]\n'
             'bibtex_bibfiles = ["refs.bib"]\n')
    build = run_sphinx(src)
    page = BeautifulSoup(build.read("index.html"), "html.parser")
    assert not [a for a in page.select("a[href]") if a["href"].startswith("javascript:")]
    assert "javascript:alert('bibliography')" in page.get_text()  # its text is shown
    assert len([w for w in build.warning_lines() if "a bibliography entry's URL" in w]) == 2
    assert all(re.match(r"index\.rst(:\d+)?: WARNING: link to", w)
               for w in build.warning_lines())
