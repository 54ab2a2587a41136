"""The HTML a reader sees: summaries, citations, math, links and the generated pages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from sphinx_shortscience.nodes import PartKind
from sphinx_shortscience.site.names import slug

from .conftest import Build, copy_root, run_sphinx

HE = "conf/cvpr/HeZRS16"
GIRSHICK = "conf/cvpr/GirshickDDM14"
LSTM = "journals/neco/HochreiterS97"


def paper_page(key: str) -> str:
    return f"shortscience/paper/{slug(key)}"


def summaries(soup: BeautifulSoup) -> list[Tag]:
    return soup.select("div.shortscience-summary")


def test_summary_header_shows_paper_and_writer(basic: Build) -> None:
    first = summaries(basic.soup("rst-summaries"))[0]
    title_link = first.select_one("p.shortscience-summary-title a")
    assert title_link is not None
    assert title_link.get_text() == "Deep Residual Learning for Image Recognition"
    assert title_link["href"] == f"{paper_page(HE)}.html"
    meta = first.select_one("p.shortscience-summary-meta").get_text(" ", strip=True)
    assert "Kaiming He, Xiangyu Zhang, Shaoqing Ren and Jian Sun" in meta
    assert "CVPR" in meta and "2016" in meta
    assert "Summary by Ada Lovelace, 2024-03-05" in meta


def test_markdown_body_in_rst_document(basic: Build) -> None:
    body = summaries(basic.soup("rst-summaries"))[0].select_one("div.shortscience-summary-body")
    assert body.find("strong").get_text() == "training"
    maths = [m.get_text() for m in body.select("span.math")]
    assert r"\(10^{-4}\)" in maths
    assert r"\(a_i * b_i\)" in maths  # Markdown never saw the * or _ inside math
    assert body.select_one("div.math").get_text().strip() == r"\[y = F(x) + x\]"
    text = body.get_text(" ", strip=True)
    assert "It costs $5 or $10, and $3 is a dollar." in text


def test_heading_in_summary_is_a_rubric_not_a_section(basic: Build) -> None:
    soup = basic.soup("rst-summaries")
    first = summaries(soup)[0]
    assert first.select_one("p.rubric").get_text() == "Evaluation"
    assert first.find("section") is None
    # the page's own section goes on after the summaries
    assert len(soup.select("section")) == 1
    assert "After the summaries, the section goes on." in soup.select_one("section").get_text()


def test_cite_is_an_author_year_link_with_a_preview(basic: Build) -> None:
    body = summaries(basic.soup("rst-summaries"))[0]
    link = body.select_one("span.shortscience-citation a")
    assert link.get_text() == "Girshick et al., 2014"
    assert link["href"] == f"{paper_page(GIRSHICK)}.html"
    assert link["title"].startswith("Rich Feature Hierarchies for Accurate Object Detection")
    assert "Ross B. Girshick" in link["title"] and "2014" in link["title"]


def test_natbib_commands_and_several_keys(basic: Build) -> None:
    second = summaries(basic.soup("rst-summaries"))[1]
    citations = [c.get_text() for c in second.select("span.shortscience-citation")]
    assert citations == [
        "(He et al., 2016)",
        "Ioffe and Szegedy (2015)",  # the DBLP: key answers to the bare key
        "(He et al., 2016; Girshick et al., 2014)",
    ]


def test_rst_body_keeps_code_untouched(basic: Build) -> None:
    second = summaries(basic.soup("rst-summaries"))[1]
    assert second.select_one("code").get_text() == r"\cite{literal}"
    assert second.select_one("div.shortscience-summary-body em").get_text() == "memory"
    assert second.select_one("p.rubric").get_text() == "Heading in rST"


def test_unknown_key_stays_visible_and_warns_at_its_line(basic: Build) -> None:
    body = summaries(basic.soup("rst-summaries"))[0]
    assert "Not a key: ( nokey ) here." in body.get_text(" ", strip=True)
    line = basic.line_of("rst-summaries.rst", r"\cite{nokey}")
    assert (f"rst-summaries.rst:{line}: WARNING: unknown BibTeX key 'nokey': no bib file "
            "defines it [shortscience.missing_key]") in basic.warning_lines()


def test_myst_summary(basic: Build) -> None:
    summary = summaries(basic.soup("md-summaries"))[0]
    assert summary.select_one("p.shortscience-summary-title a").get_text().startswith("Deep")
    assert [m.get_text() for m in summary.select("span.math")] == [r"\(x_1 + x_2\)"]
    assert summary.select_one("code").get_text() == "$not math$"
    image = summary.select_one("img.shortscience-image")
    assert image["src"] == "https://i.imgur.com/resnet.png"
    line = basic.line_of("md-summaries.md", r"\cite{missing/md}")
    assert any(w.startswith(f"md-summaries.md:{line}: WARNING: unknown BibTeX key 'missing/md'")
               for w in basic.warning_lines())
    assert r"\cite{in/a/code/block}" in basic.soup("md-summaries").select_one("pre").get_text()


def test_only_the_expected_warnings(basic: Build) -> None:
    assert len(basic.warning_lines()) == 2, basic.warnings


def test_paper_role(basic: Build) -> None:
    links = basic.soup("roles").select("a.shortscience-paper-link")
    assert [a.get_text() for a in links] == [
        "Adam: A Method for Stochastic Optimization",
        "the LSTM paper",
        "Rich Feature Hierarchies for Accurate Object Detection and Semantic Segmentation",
    ]
    assert links[1]["href"] == f"{paper_page(LSTM)}.html"
    assert links[1]["title"].startswith("Long Short-Term Memory")


def test_paper_page(basic: Build) -> None:
    soup = basic.soup(paper_page(HE))
    assert soup.find("h1").get_text().rstrip("¶") == "Deep Residual Learning for Image Recognition"
    links = {a.get_text(): a["href"] for a in soup.select("p.shortscience-links a")}
    assert links["DOI"] == "https://doi.org/10.1109/CVPR.2016.90"
    assert links["arXiv"] == "https://arxiv.org/abs/1512.03385"
    assert links["Google Scholar"].startswith("https://scholar.google.com/scholar?q=Deep+Residual")
    copies = summaries(soup)
    assert [c.select_one("p.rubric").get_text() for c in copies] == [
        "Summary by Ada Lovelace, 2024-03-05",
        "Summary by Grace Hopper, 2023-11-20",
    ]
    written_in = copies[0].select_one("p.shortscience-written-in a")
    assert written_in["href"] == "../../rst-summaries.html#summary-conf-cvpr-hezrs16"
    # the copied body links from the paper page's own folder
    cite = copies[0].select_one("span.shortscience-citation a")
    assert cite["href"] == f"{slug(GIRSHICK)}.html"
    bibtex = soup.select_one("div.shortscience-bibtex").get_text()
    assert "@inproceedings{conf/cvpr/HeZRS16," in bibtex


def test_paper_title_with_math_and_accents(basic: Build) -> None:
    soup = basic.soup(paper_page(LSTM))
    heading = soup.find("h1")
    assert heading.select_one("span.math").get_text() == r"\(\alpha\)"
    assert "Long Short-Term Memory with" in heading.get_text()
    assert "– a classic" in heading.get_text()
    assert "Sepp Hochreiter and Jürgen Schmidhuber" in soup.get_text()


def test_cited_papers_get_pages_and_unknown_keys_do_not(basic: Build) -> None:
    generated = sorted(p.name for p in (basic.srcdir / "shortscience" / "paper").iterdir())
    expected = sorted(f"{slug(k)}.rst" for k in (
        HE, GIRSHICK, LSTM, "DBLP:conf/icml/IoffeS15", "journals/corr/abs-1412-6980"))
    assert generated == expected
    assert (basic.srcdir / "shortscience" / ".gitignore").read_text().strip().endswith("*")


def test_index_and_papers_pages(basic: Build) -> None:
    index = basic.soup("shortscience/index")
    assert "5 papers, 3 summaries by 2 writers, 3 keywords." in index.get_text()
    newest = [li.get_text(" ", strip=True) for li in index.select("ul.shortscience-newest li")]
    assert newest[0].startswith("Deep Residual Learning") and "2024-03-05" in newest[0]
    papers = basic.soup("shortscience/papers")
    titles = [a.get_text() for a in papers.select("ul.shortscience-papers a")]
    assert titles[0] == "Adam: A Method for Stochastic Optimization"
    assert len(titles) == 5


def test_generated_pages_are_searchable(basic: Build) -> None:
    raw = basic.read("searchindex.js")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    titles = index["titles"]
    assert "Deep Residual Learning for Image Recognition" in titles
    assert "Papers" in titles
    assert paper_page(HE) in index["docnames"]


def test_arxiv_link_from_a_dblp_corr_key(basic: Build) -> None:
    soup = basic.soup(paper_page("journals/corr/abs-1412-6980"))
    links = {a.get_text(): a["href"] for a in soup.select("p.shortscience-links a")}
    assert links["arXiv"] == "https://arxiv.org/abs/1412.6980"


def test_no_placeholder_leaks(basic: Build) -> None:
    for html in basic.outdir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "\u2e3c" not in text and "\ue000" not in text, html
        assert not re.search(r"shortscience-part|summary_header|cite_group", text), html


def test_name_option_is_a_ref_label_and_pages_link_with_doc(basic: Build) -> None:
    links = {a.get_text(): a["href"] for a in basic.soup("roles").select("a.reference")}
    assert links["Summary of Long Short-Term Memory with α – a classic by Grace Hopper"] == (
        "rst-summaries.html#summary-journals-neco-hochreiters97")
    assert links["all papers"] == "shortscience/papers.html"


@pytest.mark.parametrize("extensions", [
    "myst_parser,sphinx_shortscience",
    "sphinx_shortscience,myst_parser",
])
def test_works_with_myst_parser_listed_too(built: Callable[..., Build], extensions: str) -> None:
    build = built("basic", "html", extensions=extensions)
    assert len(build.warning_lines()) == 2, build.warnings
    summary = summaries(build.soup("md-summaries"))[0]
    assert summary.select_one("span.math").get_text() == r"\(x_1 + x_2\)"


def test_a_citation_filled_after_references_are_resolved_never_leaves_a_reference(
        project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """In HTML, citations whose keys all have pages are filled after Sphinx's resolver;
    should the builder still refuse a link there, the label shows unlinked (as an
    unresolved reference does) instead of a reference no one resolves."""
    from sphinx_shortscience.summaries import citations

    monkeypatch.setattr(citations.DirectLinks, "link", lambda *args: None)
    build = run_sphinx(project("basic"))
    cited = [c for c in build.soup("rst-summaries").select("span.shortscience-citation")
             if c.get_text() == "(Girshick et al., 2014)"]
    assert cited
    assert not any(c.select("a") for c in cited)


REPEATED_CITATIONS = r"""

Cited again and again
=====================

.. summary:: conf/icml/IoffeS15
   :author: Ada Lovelace

   Once \cite{conf/cvpr/HeZRS16}, twice \cite{conf/cvpr/HeZRS16} and *in emphasis
   \cite{conf/cvpr/HeZRS16}*; \citet{conf/cvpr/HeZRS16} reads differently, and so does
   \cite[p.~3]{conf/cvpr/HeZRS16}.

   - in a list \cite{conf/cvpr/HeZRS16}, \cite{conf/cvpr/HeZRS16,conf/cvpr/GirshickDDM14}
   - **strong \cite{conf/cvpr/HeZRS16,conf/cvpr/GirshickDDM14}**, \cite{nokey}, \cite{nokey}
"""


def test_citations_written_from_one_shared_tree_read_as_if_filled_in_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In HTML, the citations of a page that read alike are written from one tree rendered
    once by the page's translator: every page and the search index are the same bytes as
    when each citation is filled in the page as nodes of its own."""
    from sphinx_shortscience.site import fill_placeholders as fill

    shared, in_page = (copy_root("basic", tmp_path / name) for name in ("shared", "in-page"))
    for root in (shared, in_page):
        with (root / "rst-summaries.rst").open("a") as page:
            page.write(REPEATED_CITATIONS)
    shared_build = run_sphinx(shared)
    monkeypatch.setattr(fill.Citations, "all_linked", lambda *args: False)
    in_page_build = run_sphinx(in_page)

    pages = sorted(path.relative_to(shared_build.outdir)
                   for path in shared_build.outdir.rglob("*.html"))
    assert pages == sorted(path.relative_to(in_page_build.outdir)
                           for path in in_page_build.outdir.rglob("*.html"))
    written = shared_build.soup("rst-summaries").select("span.shortscience-citation")
    assert [c.get_text() for c in written].count("(He et al., 2016)") == 5
    for page in [*pages, Path("searchindex.js")]:
        assert (shared_build.outdir / page).read_bytes() == \
            (in_page_build.outdir / page).read_bytes(), page
    assert shared_build.warnings == in_page_build.warnings.replace("in-page", "shared")


def test_generated_page_directive_makes_the_document_titles_and_parts_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper or member page's stub is one ``shortscience-page`` directive: every page,
    the search index, the LaTeX and the warnings are the same bytes as when the stubs hold
    an ``:orphan:`` field, section titles and ``shortscience-part`` directives."""
    from sphinx_shortscience.site import stubs

    def as_titles_and_parts(heading: str, kind: PartKind, key: str,
                            sections: Iterable[tuple[PartKind, str]] = ()) -> str:
        blocks = [f"{heading}\n{'=' * (2 * len(heading) + 2)}\n", stubs.part(kind, key)]
        blocks += [f"{text}\n{'-' * len(text)}\n\n{stubs.part(part_kind, key)}"
                   for part_kind, text in sections]
        return stubs.page(*blocks, orphan=True)

    directive, in_rst = (copy_root("basic", tmp_path / name) for name in ("directive", "rst"))
    builds = {}
    for builder in ("html", "latex"):
        builds["directive", builder] = run_sphinx(directive, builder)
    assert ".. shortscience-page:: paper-meta" in (directive / f"{paper_page(HE)}.rst").read_text()
    monkeypatch.setattr(stubs, "whole_page", as_titles_and_parts)
    for builder in ("html", "latex"):
        builds["rst", builder] = run_sphinx(in_rst, builder)
    assert ".. shortscience-part:: paper-meta" in (in_rst / f"{paper_page(HE)}.rst").read_text()

    for builder in ("html", "latex"):
        made, expected = builds["directive", builder], builds["rst", builder]
        files = sorted(path.relative_to(made.outdir) for path in made.outdir.rglob("*")
                       if path.is_file() and path.suffix in {".html", ".js", ".tex"}
                       and "_static" not in path.parts)
        assert len([f for f in files if "paper" in f.parts]) >= 3 if builder == "html" \
            else [f.suffix for f in files] == [".tex"]
        for file in files:
            assert (made.outdir / file).read_bytes() == (expected.outdir / file).read_bytes(), file
        assert made.warnings == expected.warnings.replace(str(in_rst), str(directive))


def test_generated_page_directive_in_a_page_of_ones_own_warns_where(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    (root / "odd.rst").write_text(
        ".. shortscience-page:: member keyword nothing\n\n"
        ".. shortscience-page:: nonsense key\n\n   \\ Odd *page*\n   paper-bibtex BibTeX\n"
        "   nonsense-too Heading\n")
    build = run_sphinx(root)
    odd = root / "odd.rst"
    assert f"{odd}:1: WARNING: a generated page without a title" in build.warnings
    assert f"{odd}:3: WARNING: unknown generated part 'nonsense'" in build.warnings
    assert f"{odd}:7: WARNING: unknown generated part 'nonsense-too'" in build.warnings
    page = build.soup("odd")
    headings = page.select("div.body h1, div.body h2")
    assert [h.get_text() for h in headings] == ["Odd page¶", "BibTeX¶", "Heading¶"]
