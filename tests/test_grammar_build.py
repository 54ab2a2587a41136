"""The whole ShortScience grammar in real builds: HTML and LaTeX, Markdown and rST bodies."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sphinx_shortscience.site.names import slug

from .conftest import ROOTS, Build, run_sphinx


@pytest.fixture(scope="module")
def html(built: Callable[..., Build]) -> Build:
    return built("grammar", "html")


def body(build: Build, docname: str, index: int = 0) -> Tag:
    return build.soup(docname).select("div.shortscience-summary-body")[index]


def citations(tag: Tag) -> list[str]:
    return [c.get_text() for c in tag.select("span.shortscience-citation")]


def test_no_warnings(html: Build) -> None:
    # \cite inside math is neither a citation nor math either tool renders: shown as text
    line = html.line_of("markdown.md", r"$\cite{one}$")
    assert html.warning_lines() == [
        f"markdown.md:{line}: WARNING: math uses '\\cite', which is not on the allow-list of "
        "math commands; shown as text [shortscience.bad_math]"], html.warnings


def test_math(html: Build) -> None:
    summary = body(html, "markdown")
    inline = [m.get_text() for m in summary.select("span.math")]
    assert inline[:2] == [r"\(a_1 * b_1\)", r"\(c_2\)"]
    assert r"\(x^2\)" in inline  # in a table cell
    assert r"\(\alpha_i\)" in inline  # in a list item
    assert not any("cite" in math for math in inline)
    # nothing inside math is touched: not a citation, and not math MathJax or LaTeX know
    assert r"in math $\cite{one}$ stays" in " ".join(summary.get_text().split())
    blocks = [m.get_text().strip() for m in summary.select("div.math")]
    assert blocks == ["\\[\\sum_{i=1}^{n}\n  x_i^2\\]", r"\[y = mx + b\]"]
    text = summary.select_one("p").get_text()
    # MyST's dollarmath is on in this project and must not read "$5 or $" as math
    assert "costs $5 or $10, a literal $3, and" in text


def test_citation_commands_author_year(html: Build) -> None:
    cites = citations(body(html, "markdown"))
    assert cites == [
        "(Hopper and Turing, 1950)",  # two authors, "Last, First" form
        "One et al. (2001)",  # \citet, three authors
        "(Lovelace, 1843)",  # \cite reads as \citep in the author-year style
        "(Lovelace, 1843; Hopper and Turing, 1950)",
        "(One et al., 2001, p.\xa03)",  # a note, ~ is a non-breaking space
        "(see Hopper and Turing, 1950, ch.\xa02)",
        "van Beethoven et al. (1808)",  # "von" part and "and others"
        "One et al.",  # \citeauthor
        "2020",  # \citeyear
        "(Oi, 2010)",  # a DOI as key
        "(Ias, 2020)",  # DBLP: alias
        "Lovelace, 1843",  # inside the writer's own parentheses: not parenthesised again
    ]


def test_hover_preview(html: Build) -> None:
    link = body(html, "markdown").select("span.shortscience-citation a")[0]
    assert link["title"] == "Two Authors. Grace Hopper and Alan Turing, J, 1950"


def test_code_is_untouched(html: Build) -> None:
    summary = body(html, "markdown")
    assert summary.select_one("code").get_text() == r"$code$ \cite{two}"
    assert r"\cite{in/code/block} $x$" in summary.select("pre")[-1].get_text()
    rst = body(html, "rst")
    assert rst.select_one("code").get_text() == "literal $x$"
    assert r"\cite{in/rst/code} $y$" in rst.select_one("pre").get_text()


def test_images_and_shortscience_links(html: Build) -> None:
    summary = body(html, "markdown")
    assert summary.select_one("img")["src"] == "https://i.imgur.com/example.png"
    links = {a.get_text(): a["href"] for a in summary.select("a")}
    assert links["Two Authors"] == "shortscience/paper/two.html"
    assert links["named link"] == "shortscience/paper/three.html"
    unknown = "https://www.shortscience.org/paper?bibtexKey=not/here"
    assert links[unknown] == unknown


def test_raw_html_is_shown_as_text(html: Build) -> None:
    page = html.read("markdown.html")
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    summary = body(html, "markdown")
    shown = [n.get_text().strip() for n in summary.select(".shortscience-raw-html")]
    assert shown == ['<script>alert("x")</script>', "<b>", "</b>"]


def test_raw_html_can_be_allowed(built: Callable[..., Build]) -> None:
    build = built("grammar", "html", shortscience_allow_raw_html=True)
    summary = body(build, "markdown")
    assert summary.find("b").get_text() == "bold"


def test_headings_do_not_break_the_page(html: Build) -> None:
    soup = BeautifulSoup(html.read("markdown.html"), "html.parser")
    assert len(soup.select("div.body section")) == 1
    assert body(html, "markdown").select_one("p.rubric").get_text() == "A heading"
    assert body(html, "rst").select_one("p.rubric").get_text() == "Heading"


def test_markdown_and_rst_bodies_give_the_same_html(html: Build) -> None:
    markdown, rst = body(html, "equivalent", 0), body(html, "equivalent", 1)

    def clean(tag: Tag) -> str:
        return re.sub(r"\s+", " ", str(tag)).replace(' class="simple"', "")

    assert clean(markdown) == clean(rst)


@pytest.mark.parametrize(("style", "expected"), [
    ("numeric", ["[2]", "One et al. [3]", "[1]", "[1, 2]"]),
    ("key", ["two", "three", "one", "one; two"]),
    ("title", ["Two Authors", "Three Bold Authors", "One Author", "One Author; Two Authors"]),
])
def test_cite_styles(built: Callable[..., Build], style: str, expected: list[str]) -> None:
    build = built("grammar", "html", shortscience_cite_style=style)
    assert citations(body(build, "markdown"))[:4] == expected


def test_numeric_numbers_follow_first_citation_and_are_stable(
        built: Callable[..., Build], project: Callable[[str], Path]) -> None:
    first = citations(body(built("grammar", "html", shortscience_cite_style="numeric"),
                           "markdown"))
    src = project("grammar")
    parallel = run_sphinx(src, parallel=2, confoverrides={"shortscience_cite_style": "numeric"})
    assert citations(body(parallel, "markdown")) == first


def test_latex(built: Callable[..., Build]) -> None:
    build = built("grammar", "latex")
    tex = build.read("grammar.tex")
    assert r"\(a_1 * b_1\)" in tex
    assert "\\begin{split}\\sum_{i=1}^{n}\n  x_i^2\\end{split}" in tex
    assert "Hopper and Turing, 1950" in tex
    assert r"\sphinxurl{https://i.imgur.com/example.png}" in tex
    assert r"\PYG{p}{\PYGZlt{}}\PYG{n+nt}{script}" in tex  # raw HTML shown as code
    assert "<script>" not in tex
    assert r"Three \sphinxstylestrong{Bold} Authors" in tex  # \textbf in a bib title
    assert "An Institution \\& Friends\xa0Wrote It" in tex  # ~ is a no-break space


# -- property: any body builds, nothing reaches the HTML unescaped ----------------------------

PIECES = st.sampled_from([
    "$x_1$", "$$y$$", "\\(z\\)", "\\[w\\]", "$5", "\\$", "$", "\\cite{one}", "\\citep{two}",
    "\\cite{missing}", "\\cite{}", "`code $x$`", "**bold**", "*em*", "<script>x</script>",
    "<b>", "\n\n", "\n", " ", "https://i.imgur.com/a.png", "\n- item\n", "## H\n",
    "https://www.shortscience.org/paper?bibtexKey=one", "{", "}", "_", "[a](b)", "plain words",
])


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                               HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(st.lists(PIECES, min_size=1, max_size=12).map("".join), min_size=2,
                       max_size=2))
# math split by the rST parser (an indented first line makes a block quote): shown as written
@example(bodies=[" $x_1$$x_1$\n- item\n$x_1$$x_1$", "$x_1$"])
def test_any_body_builds_without_traceback_or_raw_html(tmp_path_factory: pytest.TempPathFactory,
                                                       bodies: list[str]) -> None:
    src = tmp_path_factory.mktemp("prop") / "p"
    src.mkdir()
    shutil.copy(ROOTS / "test-grammar" / "conf.py", src / "conf.py")
    shutil.copy(ROOTS / "test-grammar" / "refs.bib", src / "refs.bib")
    md = "# Random\n\n" + "".join(
        f"````{{summary}} one\n:author: P\n\n{text}\n````\n\n" for text in bodies)
    indented = "\n".join("   " + line for line in bodies[0].splitlines())
    rst = f"Random rST\n==========\n\n.. summary:: two\n   :format: rst\n\n{indented}\n"
    (src / "index.md").write_text(md + "```{toctree}\nrst\n```\n", encoding="utf-8")
    (src / "rst.rst").write_text(rst, encoding="utf-8")
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings and "Exception" not in build.warnings
    for name in ("index.html", "rst.html"):
        page = build.read(name)
        assert "<script>x" not in page and "<b>" not in page.split('<div class="body"')[1]
        assert "\u2e3c" not in page and "\ue000" not in page


def test_plain_text_comes_out_unchanged(project: Callable[[str], Path]) -> None:
    src = project("grammar")
    text = "Plain words with numbers 1 2 3 and punctuation, nothing else"
    (src / "plain.md").write_text(f"---\norphan: true\n---\n# P\n\n```{{summary}} one\n\n{text}\n"
                                  "```\n", encoding="utf-8")
    build = run_sphinx(src)
    assert body(build, "plain").get_text(strip=True) == text
    assert slug("one") == "one"


def test_a_citation_is_stored_as_one_node_naming_its_keys(html: Build) -> None:
    """Links and labels are made when pages are written: what each document stores per
    citation stays one node (a 1 MB summary has tens of thousands)."""
    import pickle

    from sphinx_shortscience import nodes as ss_nodes

    groups = []
    for path in html.doctreedir.rglob("*.doctree"):
        doctree = pickle.loads(path.read_bytes())
        groups += list(doctree.findall(ss_nodes.cite_group))
    assert groups
    assert all(group["keys"] and not group.children for group in groups)
    assert any(len(group["keys"]) > 1 for group in groups)
