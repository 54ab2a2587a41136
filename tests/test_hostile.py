"""Summaries and bib files are hostile input: nothing they hold runs, reads files or breaks
the site, and every refusal is a located warning (issue 16)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_shortscience.site.names import slug

from .conftest import SMALL_CONF, Build, nested_braces, run_sphinx, small_project

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hostile(built: Callable[..., Build]) -> Build:
    return built("hostile", "html")


def warnings_of(build: Build, subtype: str) -> list[str]:
    return [w for w in build.warning_lines() if w.endswith(f"[shortscience.{subtype}]")]


def all_output(build: Build) -> str:
    """Every page, script and feed of the site (not the copies of the sources in _sources,
    which are plain text)."""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in build.outdir.rglob("*")
                     if path.is_file() and "_sources" not in path.parts)


def test_raw_html_never_reaches_a_page(hostile: Build) -> None:
    output = all_output(hostile)
    assert "<script>alert" not in output
    # shown as written, escaped, on the session page and on the paper page
    for page in ("index", "markdown", f"shortscience/paper/{slug('target')}"):
        assert '<script>alert("' in hostile.soup(page).get_text(), page


def test_no_file_is_read_or_copied(hostile: Build) -> None:
    assert "do not publish me" not in all_output(hostile)
    assert not list(hostile.outdir.rglob("secret.txt"))
    # images from outside the source folder are not copied into the site either
    assert not list(hostile.outdir.rglob("hostname*")) and not list(
        hostile.outdir.rglob("outside*"))
    outside = [w for w in warnings_of(hostile, "unsafe_link") if "outside the source" in w]
    assert [w.split(":")[0] for w in outside] == ["index.rst"] + ["markdown.md"] * 4


def test_images_are_followed_through_links_and_root_paths(hostile: Build) -> None:
    """``//etc/hostname`` is the absolute path /etc/hostname to Sphinx; ``outside-link.png``
    is a file of the project that links out of it (conf.py plants it); ``outside-link.*``
    finds it by Sphinx's glob.  None is copied; each is reported at its line."""
    assert "do not publish me either" not in all_output(hostile)
    assert not list(hostile.outdir.glob("_images/*"))
    first = hostile.line_of("markdown.md", "![a root path](//etc/hostname)")
    for line, uri in ((first, "//etc/hostname"), (first, "outside-link.png"),
                      (first + 1, "outside-link.*")):
        assert f"markdown.md:{line}: WARNING: image {uri!r} is outside the source folder and " \
               "is not copied into the site; its text is shown [shortscience.unsafe_link]" \
               in hostile.warning_lines(), uri
    assert "a link out" in hostile.soup("markdown").get_text()  # its text is shown


def test_myst_syntax_that_evaluates_is_shown_as_written(hostile: Build) -> None:
    """The project enables MyST's substitution (Jinja2) and attrs_inline for its own pages;
    in a summary neither runs: no command, no file, no id or class of the summary's
    choosing, and each is shown as written, as code, with a warning at its line."""
    output = all_output(hostile)
    assert "PWN42" not in output and "do not publish me" not in output
    assert "the reading group" not in output  # not even the project's own substitution
    page = hostile.soup("markdown")
    codes = [code.get_text() for code in page.select("code.shortscience-refused")]
    assert "{{ group }}" in codes and "{#search .hidden}" in codes
    assert any("popen('echo PWN$((6*7))')" in code for code in codes)
    assert page.select_one("#search.hidden") is None
    refused = warnings_of(hostile, "disallowed_markup")
    for needle, construct in (("popen('echo", "substitution"), ("open('secret.txt')",
                              "substitution"), ("{{ group }}", "substitution"),
                              ("{#search .hidden}", "attrs_inline")):
        line = hostile.line_of("markdown.md", needle)
        assert any(w.startswith(f"markdown.md:{line}: WARNING: MyST {construct} syntax")
                   for w in refused), needle


def test_links_are_checked_where_they_resolve(hostile: Build) -> None:
    """Named, anonymous, chained and substitution targets, an image's target and an
    embedded URI: none reaches a page as a live link (the summary's own page, the paper
    page and the listings that copy it, and the page's own text that names the target);
    each is reported at the line where its URL is written."""
    for page in hostile.outdir.rglob("*.html"):
        hrefs = [a.get("href", "") for a in BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser").select("a[href]")]
        assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], page
    unsafe = warnings_of(hostile, "unsafe_link")
    for needle in ("`embedded <javascript:", ".. _named: javascript:", "__ data:text/html",
                   ".. _hop: javascript:", ".. _picture: javascript:",
                   "javascript:alert('text')", ":target: javascript:"):
        line = hostile.line_of("index.rst", needle) - (needle == ":target: javascript:")
        assert any(w.startswith(f"index.rst:{line}: WARNING: link to ") for w in unsafe), needle


def test_an_rst_body_in_a_markdown_file_resolves_its_own_links(hostile: Build) -> None:
    """Parsed apart from its MyST document, an rST body's targets are resolved in it: the
    safe one links, the unsafe one is refused where it is written."""
    links = {a.get_text(): a.get("href") for a in hostile.soup("markdown").select("a")}
    assert links["safe"] == "https://example.org/safe"
    assert links.get("unsafe", "#").startswith("#")
    line = hostile.line_of("markdown.md", ".. _unsafe: javascript:")
    assert any(w.startswith(f"markdown.md:{line}: WARNING: link to ")
               for w in warnings_of(hostile, "unsafe_link"))
    assert not [w for w in hostile.warning_lines() if "Unknown target name" in w]


def test_eval_rst_in_an_rst_body_is_shown_as_written(hostile: Build) -> None:
    line = hostile.line_of("index.rst", ".. eval-rst::")
    assert any(w.startswith(f"index.rst:{line}: WARNING: 'eval-rst' is MyST Markdown's way")
               for w in warnings_of(hostile, "disallowed_markup"))
    assert "Written for MyST, not rST." in hostile.soup("index").get_text()


def test_only_inside_a_body_is_respected_by_excerpts(hostile: Build,
                                                     built: Callable[..., Build]) -> None:
    """A body's ``only:: latex`` stays out of the HTML listings, the feed and the search
    index that show the body's first words, and in the PDF's copy."""
    assert "PRINTONLY" not in all_output(hostile).replace(
        hostile.read("_sources/index.rst.txt"), "")
    (tex,) = built("hostile", "latex").outdir.glob("*.tex")
    assert "PRINTONLY" in tex.read_text(encoding="utf-8")


def test_control_characters_never_reach_xml(hostile: Build, built: Callable[..., Build]) -> None:
    """A control character in an option, a body or a bib title is shown as its symbol and
    reported where it is written; the feed and every page of the epub are well-formed."""
    lines = hostile.warning_lines()
    author = hostile.line_of("markdown.md", ":author: Trudy")
    body = hostile.line_of("markdown.md", "A control character:")
    title = hostile.line_of("refs.bib", "title = {Another")
    for where, code in ((f"markdown.md:{author}", "U+0001"), (f"markdown.md:{body}", "U+0002"),
                        (f"refs.bib:{title}", "U+0003")):
        assert any(w.startswith(f"{where}: WARNING: ") and code in w
                   for w in warnings_of(hostile, "control_character")), (where, lines)
    feed = ET.parse(hostile.outdir / "shortscience" / "atom.xml").getroot()
    assert "Another\u2403Paper" in [e.findtext(f"{ATOM}title", "").split(" (")[0]
                                     for e in feed.findall(f"{ATOM}entry")]
    assert "Trudy\u2401Tamper" in hostile.soup("markdown").get_text()
    epub = built("hostile", "epub")
    pages = list(epub.outdir.rglob("*.xhtml"))
    assert len(pages) > 10
    for page in pages:
        ET.parse(page)  # raises on a page that is not well-formed XML


def test_a_date_in_the_future_is_not_the_newest(hostile: Build) -> None:
    line = hostile.line_of("markdown.md", ":date: 9999-12-31")
    assert f"markdown.md:{line}: WARNING: ':date: 9999-12-31' is in the future; shown as " \
           "written, but not counted as the newest summary nor put in the feed " \
           "[shortscience.bad_option]" in hostile.warning_lines()
    feed = ET.parse(hostile.outdir / "shortscience" / "atom.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2024-05-01T00:00:00Z"
    newest = hostile.soup("shortscience/index").select_one("ul.shortscience-newest li")
    assert newest is not None and "Trudy" not in newest.get_text()
    assert "9999-12-31" in hostile.soup("markdown").get_text()  # shown as written


def test_each_refusal_is_located(hostile: Build) -> None:
    refused = warnings_of(hostile, "disallowed_markup")
    expected = [  # file, text on the line, the line after it, what is named
        ("index.rst", ".. raw:: html", 0, "directive 'raw'"),
        ("index.rst", ":file: secret.txt", -1, "directive 'raw'"),
        ("index.rst", ".. include:: secret.txt", 0, "directive 'include'"),
        ("index.rst", ":download:", 0, "role 'download'"),
        ("markdown.md", "```{raw} html", 0, "directive 'raw'"),
        ("markdown.md", ".. raw:: html", 0, "directive 'raw'"),
        ("markdown.md", "```{summary} innerpaper", 0, "a summary inside a summary"),
        ("markdown.md", "{download}", 0, "role 'download'"),
        ("index.rst", ".. eval-rst::", 0, "'eval-rst'"),
        ("markdown.md", "popen('echo", 0, "substitution"),
        ("markdown.md", "open('secret.txt')", 0, "substitution"),
        ("markdown.md", "{{ group }}", 0, "substitution"),
        ("markdown.md", "{#search .hidden}", 0, "attrs_inline"),
    ]
    for relative, needle, shift, what in expected:
        line = hostile.line_of(relative, needle) + shift
        assert any(w.startswith(f"{relative}:{line}: WARNING: ") and what in w
                   for w in refused), (relative, line, what, refused)
    assert len(refused) == len(expected)


def test_allowed_markup_still_works(hostile: Build) -> None:
    page = hostile.soup("index")
    assert page.select_one("div.admonition.note") is not None
    assert page.select("span.math, .math")


def test_nested_summary_is_not_credited_to_anyone(hostile: Build) -> None:
    assert not (hostile.outdir / "shortscience" / "paper" / f"{slug('innerpaper')}.html").exists()
    assert r"\cite{innerpaper}" in hostile.soup("markdown").get_text()


def test_math_off_the_allow_list_is_text(hostile: Build) -> None:
    math = " ".join(m.get_text() for page in ("index", "markdown")
                    for m in hostile.soup(page).select(".math"))
    for construct in (r"\href", r"\style", r"\class", r"\cssId", r"\catcode", "^^",
                      r"\scantokens", r"\input"):
        assert construct not in math, construct
    assert r"\frac{a}{b}" in math and r"\alpha + \beta" in math  # allowed math stays math
    text = " ".join(hostile.soup("markdown").get_text().split())
    assert r"$\style{position:fixed}{x}$" in text
    refused = [w for w in warnings_of(hostile, "bad_math") if "nowrap" not in w]
    assert len(refused) == 9, refused
    paper = hostile.soup(f"shortscience/paper/{slug('mathtitle')}")
    assert r"$\href{javascript:alert(1)}{x}$" in paper.select_one("h1").get_text()
    assert paper.select_one("h1 .math") is not None  # and $\alpha$ is math


def test_mathjax_runs_in_safe_mode(hostile: Build) -> None:
    page = hostile.read("index.html")
    assert "ui/safe" in page


def test_pdf_reads_no_file_and_launches_nothing(built: Callable[..., Build],
                                                 tmp_path: Path) -> None:
    from .test_pdf import compile_pdf

    pdf = compile_pdf(built("hostile", "latex"), tmp_path)
    assert "do not publish me" not in pdf.text
    assert "Math roles and directives are checked too" in pdf.text
    raw = next((tmp_path / "latex").glob("*.pdf")).read_bytes()
    assert b"/Launch" not in raw and b"run:" not in raw


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def test_feed_is_valid_atom_and_leaves_out_summaries_without_a_date(hostile: Build) -> None:
    """RFC 4287: the feed and each entry have an id, a title and an RFC 3339 updated date;
    entries link to their page; the feed names an author; ids are unique."""
    root = ET.parse(hostile.outdir / "shortscience" / "atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        assert element.findtext(f"{ATOM}id"), element
        assert element.findtext(f"{ATOM}title"), element
        assert RFC3339.match(element.findtext(f"{ATOM}updated") or ""), element
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    writers = [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in entries]
    assert "Eve" not in writers  # ':date: last spring'
    # not Leslie: only in LaTeX; not Trudy: dated in the future
    assert writers == ["Mallory", "Mallory", "Mallory", "Tim", "Mallory", "Mallory"]
    assert root.findtext(f"{ATOM}updated") == "2024-05-01T00:00:00Z"


def test_summaries_respect_only_in_every_generated_page(hostile: Build,
                                                        built: Callable[..., Build]) -> None:
    def generated_text(build: Build, suffix: str) -> str:
        return " ".join(path.read_text(encoding="utf-8") for path in
                        (build.outdir / "shortscience").rglob(f"*{suffix}"))

    html = generated_text(hostile, ".html") + hostile.read("shortscience/atom.xml")
    assert "Summarized for the PDF Only" not in html and "Leslie" not in html
    assert "Summarized for the Web Only" in html and "Tim" in html
    assert not (hostile.outdir / "shortscience" / "paper" / f"{slug('onlylatex')}.html").exists()
    latex = built("hostile", "latex")
    (tex,) = latex.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert "Summarized for the PDF Only" in text and "For the PDF only" in text
    assert "Summarized for the Web Only" not in text and "For the web only" not in text


def test_nothing_else_warns(hostile: Build) -> None:
    counts: dict[str, int] = {}
    for line in hostile.warning_lines():
        subtype = re.search(r"\[shortscience\.(\w+)\]$", line)
        assert subtype is not None, line
        counts[subtype.group(1)] = counts.get(subtype.group(1), 0) + 1
    assert counts == {"disallowed_markup": 13, "bad_math": 10, "bad_option": 3,
                      "unsafe_link": 13, "unparsable_body": 1, "control_character": 3}, counts


FIELD_PIECES = st.sampled_from([
    "Alpha", "Bravo", "Charlie", " ", " ", "{", "}", "$x$", "$\\alpha$", "\\emph{", "\\textbf{",
    "\\href{https://example.org}{", "\\textcolor{red}", "--", "~", "\\\"o", "\\&", "%", "$",
    "\\cite{a}", "$\\href{javascript:x}{y}$", "{" * 60, "}" * 60, "\\", "#", "\\LaTeX{}",
])
WORDS = ("Alpha", "Bravo", "Charlie")


@pytest.mark.slow
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(title=st.lists(FIELD_PIECES, min_size=1, max_size=14).map("".join),
       howpublished=st.lists(FIELD_PIECES, min_size=1, max_size=8).map("".join))
def test_any_bib_field_builds_and_keeps_its_words(tmp_path_factory: pytest.TempPathFactory,
                                                  title: str, howpublished: str) -> None:
    """Random LaTeX in the fields pages show: no traceback, and every word of the title
    is in the paper page's title (decoded, or shown as written)."""
    src = tmp_path_factory.mktemp("bibfuzz") / "p"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_shortscience"]\n'
                                 'bibtex_bibfiles = ["refs.bib"]\n', encoding="utf-8")
    balanced = nested_braces(title)
    (src / "refs.bib").write_text(
        f"@misc{{k,\n  title = {{{balanced}}},\n  howpublished = {{{howpublished}}},\n}}\n",
        encoding="utf-8")
    (src / "index.rst").write_text("I\n=\n\n.. summary:: k\n\n   A summary.\n", encoding="utf-8")
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings and "Exception" not in build.warnings
    if "bib_syntax" in build.warnings:
        return  # the entry did not parse (howpublished's braces): reported, located
    heading = build.soup(f"shortscience/paper/{slug('k')}").select_one("h1")
    assert heading is not None
    shown = heading.get_text()
    for word in WORDS:
        # "\\Alpha" is a macro (the Greek letter), not the word
        if re.search(rf"(?<!\\){word}", balanced):
            assert word in shown, (balanced, shown)


def test_a_body_too_deep_to_parse_is_shown_as_written(hostile: Build) -> None:
    line = hostile.line_of("index.rst", "> > > > deep")
    assert any(w.startswith(f"index.rst:{line}: WARNING: the summary's body is not parsed: "
                            "nested deeper than") for w in warnings_of(hostile, "unparsable_body"))
    assert "> > > deep" in hostile.soup("index").get_text()


def test_a_title_or_keyword_cannot_write_lines_into_a_generated_page(tmp_path: Path) -> None:
    """A generated page's stub is one directive whose lines name its sections: a title or a
    keyword written across lines, naming a section or a directive, stays one line of text."""
    src = small_project(tmp_path, {
        "refs.bib": "@misc{k,\n  title = {Evil\n   paper-cites Injected\n.. raw:: html\n\n"
                    "   <script>alert(1)</script>},\n"
                    "  keywords = {calm, evil\n.. raw:: html\n   <script>alert(2)</script>},\n}\n",
        "index.rst": "I\n=\n\n.. summary:: k\n\n   A summary.\n"})
    build = run_sphinx(src)
    # the search page's results: test_search_index.py
    pages = "".join(page.read_text(encoding="utf-8") for page in build.outdir.rglob("*.html"))
    assert "<script>alert" not in pages
    paper = build.soup(f"shortscience/paper/{slug('k')}")
    assert [h.get_text() for h in paper.select("div.body h1, div.body h2")] == [
        "Evil paper-cites Injected .. raw:: html <script>alert(1)</script>¶",
        "Summary¶", "BibTeX¶"]
    keyword = next(build.outdir.glob("shortscience/keyword/evil*.html"))
    assert "Keyword: evil .. raw:: html <script>alert(2)</script>" in \
        BeautifulSoup(keyword.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "Traceback" not in build.warnings


def test_a_summary_link_to_a_target_written_elsewhere_is_checked_when_resolved(
        tmp_path: Path) -> None:
    """The URL of ``evil_`` comes from ``rst_prolog``, outside any summary: the build checks
    the link once docutils has resolved it (the page's own use of it is the project's)."""
    src = small_project(tmp_path, {
        "refs.bib": "@misc{k, title = {T}}\n",
        "index.rst": "I\n=\n\nThe page's own `evil`_.\n\n.. summary:: k\n   :format: rst\n\n"
                     "   A summary's `evil`_ link,\n   on its second line: `evil`_.\n"},
        conf=SMALL_CONF + 'show_warning_types = True\n'
                          'rst_prolog = """\n.. _evil: javascript:alert(1)\n"""\n')
    build = run_sphinx(src)
    page = build.soup("index")
    summary = page.select_one("div.shortscience-summary")
    assert summary is not None and not summary.select("a[href^='javascript:']")
    assert len(page.select("a[href^='javascript:']")) == 1  # the page's own, trusted
    assert not build.soup(f"shortscience/paper/{slug('k')}").select("a[href^='javascript:']")
    assert [w for w in build.warning_lines() if "unsafe_link" in w] == [
        "index.rst:9: WARNING: link to 'javascript:alert(1)' removed (only http, https, mailto "
        "and ftp links are kept); its text is shown [shortscience.unsafe_link]",
        "index.rst:10: WARNING: link to 'javascript:alert(1)' removed (only http, https, mailto "
        "and ftp links are kept); its text is shown [shortscience.unsafe_link]"]


def test_options_and_math_cannot_write_latex(hostile: Build, built: Callable[..., Build]) -> None:
    """``:class:`` reached LaTeX as ``\\begin{sphinxuseclass}{...}`` as written, and a
    ``:nowrap:`` math block as text (``\\frac`` outside math): both are refused, with a
    warning at their line."""
    lines = hostile.warning_lines()
    option = hostile.line_of("index.rst", ":class: box}")
    assert any(w.startswith(f"index.rst:{option}: WARNING: ':class: box}}") and
               "is not allowed in a summary" in w for w in lines)
    nowrap = hostile.line_of("index.rst", ":nowrap:") - 1  # the directive's line
    assert f"index.rst:{nowrap}: WARNING: math uses '\\frac', which a ':nowrap:' math block " \
           "may only hold inside a display environment such as align or gather; shown as " \
           "text [shortscience.bad_math]" in lines
    (tex,) = built("hostile", "latex").outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert "\\input{secret.txt}" not in text and "box-input" not in text
