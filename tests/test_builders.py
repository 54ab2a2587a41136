"""LaTeX and text output: the same summaries and pages in builders that are not HTML."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sphinx_shortscience.site.names import slug

from .conftest import Build


@pytest.fixture(scope="module")
def latex(built: Callable[..., Build]) -> str:
    build = built("basic", "latex")
    assert len(build.warning_lines()) == 2, build.warnings  # the two unknown keys
    return build.read("basic.tex")


@pytest.fixture(scope="module")
def text(built: Callable[..., Build]) -> Build:
    return built("basic", "text")


def test_latex_has_real_math(latex: str) -> None:
    assert r"\(10^{-4}\)" in latex
    assert r"\(a_i * b_i\)" in latex
    assert "\\begin{equation*}\n\\begin{split}y = F(x) + x\\end{split}" in latex


def test_latex_citations_link_to_paper_sections(latex: str) -> None:
    target = f"shortscience/paper/{slug('conf/cvpr/GirshickDDM14')}::doc"
    assert f"\\hyperref[\\detokenize{{{target}}}]" in latex
    assert "Girshick et al., 2014" in latex


def test_latex_contains_the_generated_pages(latex: str) -> None:
    # index (chapter) > papers (section) > one subsection per paper
    assert r"\chapter{Paper summaries}" in latex
    assert r"\section{Papers}" in latex
    assert r"\subsection{Deep Residual Learning for Image Recognition}" in latex
    assert "Summary by Grace Hopper, 2023\\sphinxhyphen{}11\\sphinxhyphen{}20" in latex
    # the BibTeX entry, highlighted
    assert r"\PYG{n+nc}{@inproceedings}\PYG{p}{\PYGZob{}}\PYG{n+nl}{conf/cvpr/HeZRS16}" in latex


def test_latex_shows_remote_images_as_links(latex: str) -> None:
    assert r"Image: \sphinxurl{https://i.imgur.com/resnet.png}" in latex
    assert "sphinxincludegraphics" not in latex


def test_latex_title_math(latex: str) -> None:
    # the math is typeset in the heading and spelled out in the PDF outline
    assert (r"\subsection{Long Short\sphinxhyphen{}Term Memory with "
            r"\texorpdfstring{\protect\(\alpha\protect\)}{α} "
            r"\textendash{} a \sphinxstyleemphasis{classic}}") in latex


def test_text_builder(text: Build) -> None:
    page = text.read("rst-summaries.txt")
    assert "Deep Residual Learning for Image Recognition" in page
    assert "Summary by Ada Lovelace, 2024-03-05" in page
    assert "Girshick et al., 2014" in page
    paper = text.read(f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}.txt")
    assert "Summary by Grace Hopper, 2023-11-20" in paper
    assert "Image: https://i.imgur.com/resnet.png" in paper


def test_example_project_builds_cleanly_in_latex(built: Callable[..., Build]) -> None:
    build = built("example", "latex")
    assert build.warning_lines() == []
    tex = build.read("deeplearningreadinggroup.tex")
    assert "Jürgen Schmidhuber" in tex and "Łukasz Kaiser" in tex
    assert r"\subsection{Attention is All you Need}" in tex
    assert "Image: \\sphinxurl{https://upload.wikimedia.org/" in tex


PAPER = f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}"


def test_latex_has_every_kind_of_page(latex: str) -> None:
    for heading in (r"\section{Keywords}", r"\subsection{Keyword: Residual Learning}",
                    r"\subsection{Venue: CVPR}", r"\subsection{Year 2016}",
                    r"\subsection{Summaries by Grace Hopper}", r"\subsubsection{Cited by}"):
        assert heading in latex


def test_dirhtml(built: Callable[..., Build]) -> None:
    build = built("basic", "dirhtml")
    page = build.read(f"{PAPER}/index.html")
    assert "Summary by Grace Hopper, 2023-11-20" in page
    assert 'href="../../keyword/residual-learning/"' in page
    assert "Deeper networks" in build.read("shortscience/keyword/residual-learning/index.html")
    rst_page = build.read("rst-summaries/index.html")
    assert f'href="../{PAPER}/"' in rst_page


def test_singlehtml(built: Callable[..., Build]) -> None:
    build = built("basic", "singlehtml")
    page = build.read("index.html")
    for text in ("Keyword: Residual Learning", "Summaries by Grace Hopper", "Cited by",
                 "Deep Residual Learning for Image Recognition"):
        assert text in page
    assert f'href="#document-{PAPER}"' in page


def test_epub(built: Callable[..., Build]) -> None:
    build = built("basic", "epub")
    assert (build.outdir / f"{PAPER}.xhtml").exists()
    assert (build.outdir / "shortscience/keyword/residual-learning.xhtml").exists()
    opf = build.read("content.opf")
    assert f"{PAPER}.xhtml" in opf
    assert "Summary by Ada Lovelace" in build.read(f"{PAPER}.xhtml")
