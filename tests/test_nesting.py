"""Summary bodies nested too deep to parse (issue 30): whatever nests, a body is shown as
written with a located warning, in the build and in ``shortscience check`` alike, and the
build never stops."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_shortscience.cli.check import check_project
from sphinx_shortscience.grammar import nesting
from sphinx_shortscience.grammar.nesting import too_deep

from .conftest import run_sphinx
from .hostile_bodies import Format

LEVELS = 97  # the depth of the report: a line of 97 enumerators made sphinx-build exit 2


def indented_lines(make_line: Callable[[int], str], levels: int = 150) -> str:
    return "\n".join(make_line(level) for level in range(levels))


def nested_fences(fence: str, levels: int = 40) -> str:
    openers = [fence[0] * (levels + 3 - level) + "{note}" for level in range(levels)]
    closers = [fence[0] * (level + 4) for level in range(levels)]
    # a line first: MyST-Parser 3 reads a directive's first lines that start with ':' as its
    # options, colon fences included
    return "\n".join(["Nested notes:", "", *openers, "deep", *closers])


#: name: (format, body); each nested far deeper than a body may be
DEEP_BODIES: dict[str, tuple[Format, str]] = {
    "arabic enumerators": ("rst", "1. " * LEVELS + "deep"),
    "alphabetic enumerators": ("rst", "a) " * LEVELS + "deep"),
    "parenthesised enumerators": ("rst", "(a) " * LEVELS + "deep"),
    "auto enumerators": ("rst", "#. " * LEVELS + "deep"),
    "roman enumerators": ("rst", "i. " * LEVELS + "deep"),
    "capital enumerators": ("rst", "A. " * LEVELS + "deep"),
    "upper roman enumerators": ("rst", "(IV) " * LEVELS + "deep"),
    "mixed bullets and enumerators": ("rst", "- 1. * a) + (i) • #. ‣ " * 14 + "deep"),
    "field lists": ("rst", ":a: " * LEVELS + "deep"),
    "option lists": ("rst", "-a  " * LEVELS + "deep"),
    "admonitions": ("rst", ".. note:: " * LEVELS + "deep"),
    "footnotes": ("rst", ".. [#] " * LEVELS + "deep"),
    "line blocks": ("rst", indented_lines(lambda level: "|" + " " * (level + 1) + "deep")),
    "block quotes": ("rst", indented_lines(lambda level: " " * level + "deep\n")),
    "definition lists": ("rst", indented_lines(lambda level: " " * (2 * level) + "term")),
    "tab indentation": ("rst", indented_lines(lambda level: "\t" * level + "deep\n", 20)),
    "markdown enumerators": ("markdown", "1. " * LEVELS + "deep"),
    "markdown parenthesis enumerators": ("markdown", "1) " * LEVELS + "deep"),
    "markdown list, quote, list": ("markdown", "1. - > " * LEVELS + "deep"),
    "markdown emphasis": ("markdown", "x " + "_" * 300 + "deep" + "_" * 300),
    "markdown emphasis runs": ("markdown", "x " + "*a " * 300 + "deep" + " a*" * 300),
    "markdown directive fences": ("markdown", nested_fences("`")),
    "markdown colon fences": ("markdown", nested_fences(":")),
}

CONF = ('extensions = ["sphinx_shortscience"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'myst_enable_extensions = ["colon_fence"]\nshow_warning_types = True\n')


def write_project(folder: Path, bodies: list[tuple[Format, str]]) -> list[str]:
    """A project with each body in a summary (rST bodies in ``rst.rst``, Markdown ones in
    ``markdown.md``); ``file:line`` of each body's first line."""
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "refs.bib").write_text("@misc{k,\n  title = {T},\n}\n", encoding="utf-8")
    documents: dict[str, list[str]] = {"rst.rst": ["Deep", "====", ""],
                                       "markdown.md": ["# Deep", ""]}
    first_lines = []
    for fmt, body in bodies:
        body_lines = body.split("\n")
        if fmt == "rst":
            lines = documents["rst.rst"]
            lines += [".. summary:: k", "   :format: rst", ""]
            first_lines.append(f"rst.rst:{len(lines) + 1}")
            lines += [f"   {line}" if line else "" for line in body_lines] + [""]
        else:
            lines = documents["markdown.md"]
            lines.append("`" * 50 + "{summary} k")
            first_lines.append(f"markdown.md:{len(lines) + 1}")
            lines += [*body_lines, "`" * 50, ""]
    for name, lines in documents.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   rst\n   markdown\n",
                                      encoding="utf-8")
    return sorted(first_lines)


def unparsable(lines: list[str]) -> list[str]:
    """``file:line`` of each unparsable_body warning in *lines*."""
    return sorted(line.split(": WARNING")[0] for line in lines
                  if line.endswith("[shortscience.unparsable_body]"))


def check_lines(srcdir: Path, cache: Path) -> list[str]:
    report = check_project(srcdir, cache)
    return [finding.render().replace(str(srcdir) + "/", "") for finding in report.findings]


def test_deep_bodies_are_shown_as_written_in_the_build_and_in_check(tmp_path: Path) -> None:
    src = tmp_path / "deep"
    expected = write_project(src, list(DEEP_BODIES.values()))
    build = run_sphinx(src)  # an error would raise here: where sphinx-build exits 2
    assert "Traceback" not in build.warnings and "Error" not in build.warnings
    warned = [line for line in build.warning_lines()
              if line.endswith("[shortscience.unparsable_body]")]
    assert unparsable(warned) == expected
    assert all("not parsed: nested deeper than 100 levels; shown as written" in line
               for line in warned)
    assert unparsable(check_lines(src, tmp_path / "cache")) == expected
    shown = [block.get_text() for document in ("rst", "markdown")
             for block in build.soup(document).select("div.shortscience-summary-body pre")]
    assert len(shown) == len(DEEP_BODIES)
    assert all(("deep" in text or "term" in text) for text in shown)


def test_what_the_text_bound_misses_the_tree_bound_catches(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With the bound on the text lifted, every deep body still builds: its parser's
    recursion or the bound on its nodes stops it, with the same located warning."""
    monkeypatch.setattr(nesting, "MAX_DEPTH", 10**9)
    src = tmp_path / "deep"
    expected = write_project(src, list(DEEP_BODIES.values()))
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings
    warned = [line for line in build.warning_lines()
              if line.endswith("[shortscience.unparsable_body]")]
    assert set(unparsable(warned)) <= set(expected)
    assert any("once parsed" in line for line in warned)


ONE_LINE_MARKERS: dict[Format, list[str]] = {
    "rst": ["1. ", "a) ", "(a) ", "#. ", "i. ", "A. ", "(IV) ", "- ", "* ", "+ ", "• ", ":a: ",
            "-a  ", ".. note:: ", ".. [#] ", "| "],
    "markdown": ["1. ", "1) ", "- ", "* ", "+ ", "> ", "[^a]: "],
}
#: (format, a line at a level): nesting across lines, one more level on each line
LINE_BY_LINE: list[tuple[Format, Callable[[int], str]]] = [
    ("rst", lambda level: " " * level + "quoted\n"),
    ("rst", lambda level: " " * (2 * level) + "term"),
    ("rst", lambda level: "|" + " " * (level + 1) + "line"),
    ("rst", lambda level: "   " * level + ".. note::\n"),
    ("rst", lambda level: "  " * level + "- item\n"),
    ("markdown", lambda level: "  " * level + "- item"),
    ("markdown", lambda level: ">" * (level + 1) + " quoted"),
]


@st.composite
def nested_bodies(draw: st.DrawFn) -> tuple[Format, str]:
    """A body nested to a random depth, by markers on one line, line by line, by fences
    or by emphasis."""
    depth = draw(st.one_of(st.integers(min_value=1, max_value=40),
                           st.integers(min_value=40, max_value=300)))
    shape = draw(st.sampled_from(["one line", "line by line", "fences", "emphasis"]))
    if shape == "one line":
        fmt: Format = draw(st.sampled_from(["rst", "markdown"]))
        markers = draw(st.lists(st.sampled_from(ONE_LINE_MARKERS[fmt]), min_size=1,
                                max_size=4))
        return fmt, "".join(markers[level % len(markers)] for level in range(depth)) + "deep"
    if shape == "line by line":
        fmt, line = draw(st.sampled_from(LINE_BY_LINE))
        return fmt, "\n".join(line(level) for level in range(depth)) + "\n\ndeep"
    if shape == "fences":
        fence = draw(st.sampled_from(["`", ":"]))
        return "markdown", nested_fences(fence, min(depth, 60))
    delimiters = draw(st.lists(st.sampled_from(["*", "_", "**", "__", "~~"]), min_size=1,
                               max_size=3))
    opened = "".join(f"{delimiters[level % len(delimiters)]}a " for level in range(depth))
    closed = "".join(f" a{delimiters[level % len(delimiters)]}"
                     for level in reversed(range(depth)))
    return "markdown", f"x {opened}deep{closed}"


@pytest.mark.slow
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(nested_bodies(), min_size=1, max_size=3))
def test_any_nesting_builds_and_check_says_what_the_build_says(
        tmp_path_factory: pytest.TempPathFactory, bodies: list[tuple[Format, str]]) -> None:
    """Whatever nests and however deep: the build finishes, the parsers never reach
    Python's recursion limit (the bounds stop a body first), and ``shortscience check``
    reports the bodies the build does not parse."""
    src = tmp_path_factory.mktemp("nested") / "p"
    write_project(src, bodies)
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings and "RecursionError" not in build.warnings
    warned = unparsable(build.warning_lines())
    assert unparsable(check_lines(src, tmp_path_factory.mktemp("cache"))) == warned


def deepest_allowed(fmt: Format, body_at: Callable[[int], str]) -> str:
    """The body of *body_at* (a body nested so many levels) nested as deep as allowed."""
    depth = 1
    while too_deep(body_at(depth + 1), fmt) is None:
        depth += 1
    return body_at(depth)


def test_bodies_as_deep_as_allowed_build(tmp_path: Path) -> None:
    """The bound on the text stops a body before its parser or Sphinx would fail: each kind
    of nesting, as deep as the bound allows, builds without warning and is parsed."""
    bodies: list[tuple[Format, str]] = []
    for fmt, markers in ONE_LINE_MARKERS.items():
        for marker in markers:
            bodies.append((fmt, deepest_allowed(fmt, lambda depth, m=marker: m * depth + "x")))
    for fmt, line in LINE_BY_LINE:
        bodies.append((fmt, deepest_allowed(
            fmt, lambda depth, line=line: "\n".join(map(line, range(depth))) + "\n\nx")))
    for fence in ("`", ":"):
        bodies.append(("markdown", deepest_allowed(
            "markdown", lambda depth, fence=fence: nested_fences(fence, depth))))
    for delimiter in ("*", "_", "**"):
        bodies.append(("markdown", deepest_allowed(
            "markdown", lambda depth, d=delimiter: f"x {d * depth}deep{d * depth}")))
    src = tmp_path / "deepest"
    write_project(src, bodies)
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings
    assert unparsable(build.warning_lines()) == []
    assert unparsable(check_lines(src, tmp_path / "cache")) == []
