"""The bad-input catalogue: every row of docs/catalogue.csv, checked on a real build.

Each row says what the author wrote, which warning it gives and what the reader sees; the
docs show the same file as a table, so the table cannot claim what the build does not do.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_shortscience.site.names import slug
from sphinx_shortscience.warnings_ import ShortScienceWarning

from .conftest import Build, copy_root, run_sphinx, small_project
from .test_pdf import compile_pdf

pytestmark = pytest.mark.slow

CATALOGUE = Path(__file__).parent.parent / "docs" / "catalogue.csv"
HUGE_PARAGRAPHS = 12_000  # about 1 MB of summary text


def rows() -> dict[str, dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = copy_root("catalogue", tmp_path_factory.mktemp("catalogue"))
    paragraph = "Plenty of words in a very long summary, with $x_i$ and \\cite{macros}.\n\n"
    (src / "huge.md").write_text(
        "---\norphan: true\n---\n# Huge\n\n````{summary} macros\n:author: Long\n\n"
        + paragraph * HUGE_PARAGRAPHS + "The very last sentence.\n````\n"
        "\n```{summary} macros\n:author: Unsafe\n\nMath $\\input{/etc/passwd}$ and "
        "[a Markdown link](javascript:alert(1)).\n```\n", encoding="utf-8")
    return run_sphinx(src)


def warnings_of(build: Build, subtype: str) -> list[str]:
    return [w for w in build.warning_lines() if w.endswith(f"[shortscience.{subtype}]")]


def page(build: Build, docname: str = "index") -> str:
    return build.soup(docname).select_one("div.body").get_text(" ", strip=True)


def line(build: Build, relative: str, needle: str) -> int:
    return build.line_of(relative, needle)


def check_unknown_key(b: Build) -> None:
    n = line(b, "index.rst", r"\cite{no/such/key}")
    assert f"index.rst:{n}: WARNING: unknown BibTeX key 'no/such/key': no bib file defines it " \
           "[shortscience.missing_key]" in b.warning_lines()
    assert "Unknown ( no/such/key )" in page(b)  # \cite reads as \citep, key and all


def check_typo_key(b: Build) -> None:
    n = line(b, "index.rst", r"\cite{macro}")
    assert f"index.rst:{n}: WARNING: unknown BibTeX key 'macro': no bib file defines it; " \
           "did you mean 'macros'? [shortscience.missing_key]" in b.warning_lines()


def check_malformed_entry(b: Build) -> None:
    n = line(b, "good.bib", "@article{broken,")
    brace = line(b, "good.bib", "title = {This brace is never closed,")
    assert f"good.bib:{brace}: WARNING: malformed entry 'broken' (it starts at line {n}): a " \
           "brace opened on this line is never closed; the entry is skipped " \
           "[shortscience.bib_syntax]" in b.warning_lines()
    assert any(f"'broken' is defined at {b.srcdir}/good.bib:{n}".replace(f"{b.srcdir}/", "")
               in w for w in warnings_of(b, "missing_key"))
    assert "Macros and Concatenation" in page(b)  # the entries around it load


def check_missing_comma(b: Build) -> None:
    n = line(b, "good.bib", "title = {The Comma Before This Field Is Missing}")
    assert f"good.bib:{n}: WARNING: entry 'nocomma': no comma before field 'title', so it is " \
           "read as part of field 'author' [shortscience.bib_syntax]" in b.warning_lines()


def check_duplicate_in_file(b: Build) -> None:
    first = line(b, "good.bib", "@article{twice,")
    assert any(w.startswith("good.bib:") and f"already defined at good.bib:{first}" in w
               for w in warnings_of(b, "duplicate_key"))
    assert "The First Twice" in b.read("index.html")
    assert "The Second Twice" not in b.read("index.html")


def check_duplicate_across_files(b: Build) -> None:
    first = line(b, "good.bib", "@article{across,")
    assert any(w.startswith("bom-crlf.bib:6:") and f"already defined at good.bib:{first}" in w
               for w in warnings_of(b, "duplicate_key"))
    assert "Across Files, First" in b.read("index.html")


def check_not_utf8(b: Build) -> None:
    assert any(w.startswith("latin1.bib:1: WARNING: bib file not valid UTF-8")
               for w in warnings_of(b, "bib_file"))
    assert "Gödel in Latin-1" in b.read("index.html")


def check_bom_crlf(b: Build) -> None:
    assert "With a BOM and CRLF" in b.read("index.html")
    assert not any(w.startswith("bom-crlf.bib:") for w in warnings_of(b, "bib_syntax"))


def check_string_macros(b: Build) -> None:
    paper = b.read(f"shortscience/paper/{slug('macros')}.html")
    assert "Journal of Machine Learning Research" in paper


def check_comment_preamble(b: Build) -> None:
    assert not any("comment" in w.lower() or "preamble" in w.lower() for w in b.warning_lines())


def check_missing_bib(b: Build) -> None:
    n = line(b, "conf.py", "bibtex_bibfiles")
    assert (f"conf.py:{n}: WARNING: bibtex_bibfiles: bib file 'missing.bib' (not found): "
            "missing.bib [shortscience.bib_file]") in b.warning_lines()


def check_empty_cite(b: Build) -> None:
    n = line(b, "index.rst", r"\cite{}")
    assert f"index.rst:{n}: WARNING: empty key in '\\cite{{}}'; shown as text " \
           "[shortscience.bad_cite]" in b.warning_lines()
    assert r"empty \cite{}" in page(b)


def check_key_with_spaces(b: Build) -> None:
    assert any("'a key'" in w for w in warnings_of(b, "bad_cite"))
    assert r"spaced \cite{a key}" in page(b)


def check_unbalanced_dollar(b: Build) -> None:
    n = line(b, "index.rst", r"$\alpha + unclosed")
    assert any(w.startswith(f"index.rst:{n}:") and "never closed" in w
               for w in warnings_of(b, "bad_math"))
    assert r"$\alpha + unclosed" in page(b)


def check_unsafe_math(b: Build) -> None:
    n = line(b, "huge.md", r"\input{/etc/passwd}")
    assert any(w.startswith(f"huge.md:{n}:") and "\\input" in w
               for w in warnings_of(b, "bad_math"))
    html = b.read("huge.html")
    assert r"Math $\input{/etc/passwd}$ and" in BeautifulSoup(html, "html.parser").get_text()
    assert r"\(\input" not in html


def check_unsafe_link(b: Build) -> None:
    n = line(b, "index.rst", "javascript:alert(1)")
    assert any(w.startswith(f"index.rst:{n}:") for w in warnings_of(b, "unsafe_link"))
    assert "An rST link to code." in page(b)
    assert "[a Markdown link](javascript:alert(1))" in page(b, "huge")
    for name in ("index.html", "huge.html"):
        assert 'href="javascript' not in b.read(name)


def check_no_argument(b: Build) -> None:
    lines = (b.srcdir / "index.rst").read_text().splitlines()
    n = lines.index(".. summary::") + 1
    assert any(w.startswith(f"index.rst:{n}:") for w in warnings_of(b, "bad_argument"))
    assert "No key at all." in page(b)


def check_two_arguments(b: Build) -> None:
    n = line(b, "index.rst", ".. summary:: macros twice")
    assert any(w.startswith(f"index.rst:{n}:") and "using 'macros'" in w
               for w in warnings_of(b, "bad_argument"))
    assert "Two keys." in page(b)


def check_unknown_option(b: Build) -> None:
    n = line(b, "index.rst", ":colour: blue")
    assert any(w.startswith(f"index.rst:{n}:") for w in warnings_of(b, "bad_option"))


def check_bad_date(b: Build) -> None:
    n = line(b, "index.rst", ":date: not-a-date")
    assert any(w.startswith(f"index.rst:{n}:") for w in warnings_of(b, "bad_option"))
    assert "Summary by Cat, not-a-date" in page(b)


def check_huge_summary(b: Build) -> None:
    html = b.read("huge.html")
    assert len(html) > 1_000_000
    assert "The very last sentence." in html
    assert not any(w.startswith("huge.md") and "missing" in w for w in b.warning_lines())


def check_many_authors(b: Build) -> None:
    header = BeautifulSoup(b.read("index.html"), "html.parser")
    link = next(a for a in header.select("a.shortscience-paper-link")
                if a.get_text() == "Five Hundred Authors" or "Person" in a.get("title", ""))
    del link
    listing = page(b, "shortscience/papers")
    assert "Author9 Person9 et al." in listing and "Author10 Person10" not in listing
    full = page(b, f"shortscience/paper/{slug('many')}")
    assert "Author498 Person498 and Author499 Person499" in full


def _bib_latex_warning(b: Build, key: str, field: str) -> None:
    n = line(b, "good.bib", f"{{{key},")
    assert any(w.startswith(f"good.bib:{n}: WARNING: field '{field}' of '{key}' is shown as "
                            "written") for w in warnings_of(b, "bib_latex")), b.warnings


def check_bib_href(b: Build) -> None:
    paper = page(b, f"shortscience/paper/{slug('hrefpage')}")
    assert "Example page" in paper.split("BibTeX")[0]  # decoded, before the raw entry


def check_bib_few_arguments(b: Build) -> None:
    assert "Colours red" in page(b)


def check_bib_deep_braces(b: Build) -> None:
    _bib_latex_warning(b, "deepbraces", "title")
    assert r"\emph{Deep}" in page(b, f"shortscience/paper/{slug('deepbraces')}")


#: The formulas of the texmath summaries, each with what the warning names (and, after the
#: construct, words of the reason).
TEX_CANNOT_TYPESET = {
    "$a}b$": ("'}'", "never opened"),
    r"$\left( x$": ("'\\left('", "no '\\right'"),
    "$a & b$": ("'&'", "separates columns only"),
    r"$\color{nosuchcolor}x$": ("'\\color{nosuchcolor}'", "colour"),
    r"$x\limits$": ("'\\limits'", "only follow an operator"),
    r"$a\over b\over c$": ("'\\over'", "second fraction"),
    r"$\hline$": ("'\\hline'", "start of a row"),
    r"$\frac{\frac{\frac{": ("'{'", "nests groups more than 20 deep"),
}
HUGE_LENGTHS = {
    r"$\raise{-300em}{\rule{500em}{500em}}$": ("'\\raise'", "needs a length"),
    r"$\kern-500em x$": ("'\\kern-500em'", "more than 10em"),
    r"$\rule{100000pt}{1pt}$": ("'\\rule{100000pt}'", "more than 10em"),
    r"$\kern-9em\kern-9em\kern-9em": ("'\\kern-9em'", "beyond 40em in all"),
}


def _refused_math(b: Build, formulas: dict[str, tuple[str, str]]) -> None:
    for formula, (construct, reason) in formulas.items():
        n = line(b, "index.rst", formula)
        assert any(w.startswith(f"index.rst:{n}: WARNING: math uses {construct}, which")
                   and reason in w for w in warnings_of(b, "bad_math")), (formula, b.warnings)
        assert formula in page(b), formula  # as written, as text
    assert r"\(a}b" not in b.read("index.html")


def check_math_tex_cannot_typeset(b: Build) -> None:
    _refused_math(b, TEX_CANNOT_TYPESET)
    n = line(b, "good.bib", "@article{texmath,")
    assert f"good.bib:{n}: WARNING: math in field 'title' of 'texmath' uses '\\left(', which " \
           "has no '\\right' to close it; shown as text [shortscience.bad_math]" \
           in b.warning_lines()
    assert r"T $\left( x$" in page(b, f"shortscience/paper/{slug('texmath')}")


def check_math_huge_lengths(b: Build) -> None:
    _refused_math(b, HUGE_LENGTHS)


def check_config_type(b: Build) -> None:
    del b  # a build of its own, below


def check_crossref_missing(b: Build) -> None:
    n = line(b, "good.bib", "@inproceedings{orphanchild")
    assert f"good.bib:{n}: WARNING: crossref of 'orphanchild' names 'no-such-proceedings', " \
        "which no bib file defines; its fields are not inherited [shortscience.bib_crossref]" \
        in b.warning_lines()
    assert "An Orphan Chapter" in page(b, f"shortscience/paper/{slug('orphanchild')}")


def check_unfinished(b: Build) -> None:
    n = line(b, "index.rst", "Summarize the paper here")
    assert any(w.startswith(f"index.rst:{n}: WARNING: the summary still holds the placeholder")
               for w in warnings_of(b, "unfinished"))


def _small_project(tmp: Path, page_text: str) -> Build:
    return run_sphinx(small_project(tmp, {"refs.bib": "@misc{k,\n  title = {K},\n}\n",
                                          "index.rst": page_text}))


def check_unknown_keyword(b: Build) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = _small_project(Path(tmp), "I\n=\n\nSee :shortscience:keyword:`nosuchkeyword`.\n")
        assert small.warning_lines() == [
            "index.rst:4: WARNING: no summarized paper has the keyword 'nosuchkeyword', so it "
            "has no page [shortscience.unknown_keyword]"]
        assert "nosuchkeyword" in small.read("index.html")


def check_generated_page_by_hand(b: Build) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small = _small_project(Path(tmp), "I\n=\n\nText.\n\n.. shortscience-part:: nosuchpart\n")
        assert small.warning_lines() == [
            "index.rst:6: WARNING: unknown generated part 'nosuchpart' "
            "[shortscience.generated_page]"]


def check_page_collision(b: Build) -> None:
    from .test_one_source import colliding_build

    with tempfile.TemporaryDirectory() as tmp:
        colliding_build(Path(tmp))


CHECKS: dict[str, Callable[[Build], None]] = {
    "crossref-missing": check_crossref_missing,
    "unfinished": check_unfinished,
    "unknown-keyword": check_unknown_keyword,
    "generated-page-by-hand": check_generated_page_by_hand,
    "page-collision": check_page_collision,
    "unknown-key": check_unknown_key,
    "typo-key": check_typo_key,
    "malformed-entry": check_malformed_entry,
    "missing-comma": check_missing_comma,
    "duplicate-in-file": check_duplicate_in_file,
    "duplicate-across-files": check_duplicate_across_files,
    "not-utf8": check_not_utf8,
    "bom-crlf": check_bom_crlf,
    "string-macros": check_string_macros,
    "comment-preamble": check_comment_preamble,
    "missing-bib": check_missing_bib,
    "empty-cite": check_empty_cite,
    "key-with-spaces": check_key_with_spaces,
    "unbalanced-dollar": check_unbalanced_dollar,
    "unsafe-math": check_unsafe_math,
    "unsafe-link": check_unsafe_link,
    "no-argument": check_no_argument,
    "two-arguments": check_two_arguments,
    "unknown-option": check_unknown_option,
    "bad-date": check_bad_date,
    "huge-summary": check_huge_summary,
    "many-authors": check_many_authors,
    "config-type": check_config_type,
    "bib-href": check_bib_href,
    "bib-few-arguments": check_bib_few_arguments,
    "bib-deep-braces": check_bib_deep_braces,
    "math-tex-cannot-typeset": check_math_tex_cannot_typeset,
    "math-huge-lengths": check_math_huge_lengths,
}


def _hostile_row(build: Build, subtype: str, needle: str) -> None:
    assert any(needle in w for w in warnings_of(build, subtype)), (needle, build.warnings)


#: Rows checked on the build of the ``hostile`` root (tests/test_hostile.py has the rest).
HOSTILE_CHECKS: dict[str, Callable[[Build], None]] = {
    "raw-in-summary": lambda b: _hostile_row(b, "disallowed_markup", "directive 'raw'"),
    "file-in-summary": lambda b: _hostile_row(b, "disallowed_markup", "directive 'include'"),
    "nested-summary": lambda b: _hostile_row(b, "disallowed_markup", "summary inside"),
    "math-in-browser": lambda b: _hostile_row(b, "bad_math", "'\\style'"),
    "bib-math": lambda b: _hostile_row(b, "bad_math", "field 'title' of 'mathtitle'"),
    "image-outside": lambda b: _hostile_row(b, "unsafe_link", "outside the source folder"),
    "too-deep": lambda b: _hostile_row(b, "unparsable_body", "nested deeper than"),
    "only-summary": lambda b: None if "Leslie" not in b.read("shortscience/writers.html")
    else pytest.fail("a latex-only summary on the HTML writers page"),
    "myst-substitution": lambda b: _hostile_row(b, "disallowed_markup", "substitution syntax"),
    "link-target": lambda b: _hostile_row(b, "unsafe_link", "link to \"javascript:alert('named"),
    "image-through-link": lambda b: _hostile_row(b, "unsafe_link", "image 'outside-link.png'"),
    "control-character": lambda b: _hostile_row(b, "control_character", "U+0001"),
    "future-date": lambda b: _hostile_row(b, "bad_option", "is in the future"),
    "eval-rst-in-rst": lambda b: _hostile_row(b, "disallowed_markup", "'eval-rst' is MyST"),
}
#: Rows checked on the build of the ``roundthree`` root (tests/test_round_three.py).
ROUND_THREE_CHECKS: dict[str, Callable[[Build], None]] = {
    "theme-classes": lambda b: _hostile_row(b, "disallowed_markup", "'fixed-top'"),
    "unbounded-option": lambda b: _hostile_row(b, "disallowed_markup", "':columns: 30000'"),
    "string-bomb": lambda b: _hostile_row(b, "bib_syntax", "expands to more than"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CHECKS))
def test_catalogue_on_hostile_input(built: Callable[..., Build], case: str) -> None:
    HOSTILE_CHECKS[case](built("hostile", "html"))


@pytest.mark.parametrize("case", sorted(ROUND_THREE_CHECKS))
def test_catalogue_on_round_three(built: Callable[..., Build], case: str) -> None:
    ROUND_THREE_CHECKS[case](built("roundthree", "html"))


def test_every_warning_has_a_row() -> None:
    named = {row["Warning"].split("``")[1].removeprefix("shortscience.")
             for row in rows().values() if "``shortscience." in row["Warning"]}
    assert {w.value for w in ShortScienceWarning} - named == set()


def test_every_row_is_checked() -> None:
    assert set(rows()) == set(CHECKS) | set(HOSTILE_CHECKS) | set(ROUND_THREE_CHECKS)
    for row in rows().values():
        named = row["Warning"].split("``")[1] if "``shortscience." in row["Warning"] else "none"
        if named != "none":
            assert named.removeprefix("shortscience.") in {w.value for w in ShortScienceWarning}


@pytest.mark.parametrize("case", sorted(CHECKS))
def test_catalogue(build: Build, case: str) -> None:
    CHECKS[case](build)


def test_nothing_else_warns(build: Build) -> None:
    counted = {"missing_key": 3, "bib_syntax": 2, "duplicate_key": 2, "bib_file": 2,
               "bad_option": 2, "bad_cite": 2, "bad_math": 15, "unsafe_link": 1,
               "bad_argument": 2, "bib_latex": 1, "bib_crossref": 1, "unfinished": 1}
    for subtype, count in counted.items():
        assert len(warnings_of(build, subtype)) == count, (subtype, build.warnings)
    assert len(build.warning_lines()) == sum(counted.values()), build.warnings


def test_catalogue_pdf_builds(tmp_path: Path) -> None:
    """The catalogue's hostile math is all in one PDF, and the PDF builds."""
    build = run_sphinx(copy_root("catalogue", tmp_path), "latex")
    pdf = compile_pdf(build, tmp_path / "pdf")
    assert r"\left( x" in pdf.text and "nosuchcolor" in pdf.text  # shown as text
    assert "T $\\left( x$" in pdf.text  # the bib title's math, as written


def test_wrong_config_type_warns_and_uses_the_default(project: Callable[[str], Path]) -> None:
    src = project("basic")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('shortscience_recent = "ten"\nshortscience_cite_style = "apa"\n')
    build = run_sphinx(src)
    configs = [w for w in build.warning_lines() if w.endswith("[shortscience.config]")]
    assert any("shortscience_recent = 'ten' is not a int; using 10" in w for w in configs)
    assert any("shortscience_cite_style = 'apa' is not one of" in w for w in configs)
    assert "Girshick et al., 2014" in build.read("rst-summaries.html")


def test_suppress_warnings_silences_each_subtype(tmp_path: Path) -> None:
    src = copy_root("catalogue", tmp_path)
    subtypes = [f"shortscience.{w.value}" for w in ShortScienceWarning]
    build = run_sphinx(src, confoverrides={"suppress_warnings": subtypes})
    assert build.warning_lines() == []


def test_dash_w_fails_the_build(tmp_path: Path) -> None:
    src = copy_root("catalogue", tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(src / "_out")],
        capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert "shortscience." in completed.stderr
    assert "Traceback" not in completed.stderr
