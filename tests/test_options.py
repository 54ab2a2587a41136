"""Bad directive input: each a located warning, and the summary is still shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Build


@pytest.fixture(scope="module")
def options(built: Callable[..., Build]) -> Build:
    return built("options", "html")


def test_bad_options_are_located_at_their_line(options: Build) -> None:
    warnings = options.warning_lines()
    date = options.line_of("index.rst", ":date: yesterday")
    colour = options.line_of("index.rst", ":colour: blue")
    fmt = options.line_of("index.rst", ":format: latex")
    assert (f"index.rst:{date}: WARNING: ':date: yesterday' is not an ISO date (YYYY-MM-DD); "
            "shown as written [shortscience.bad_option]") in warnings
    assert any(w.startswith(f"index.rst:{colour}: WARNING: unknown option ':colour:' of summary")
               for w in warnings)
    assert (f"index.rst:{fmt}: WARNING: ':format: latex' must be markdown or rst; using "
            "markdown [shortscience.bad_option]") in warnings
    md_date = options.line_of("md.md", ":date: 2024-13-01")
    md_unknown = options.line_of("md.md", ":unknown-option: 1")
    assert any(w.startswith(f"md.md:{md_date}: WARNING: ':date: 2024-13-01' is not an ISO date")
               for w in warnings)
    assert any(w.startswith(f"md.md:{md_unknown}: WARNING: unknown option ':unknown-option:'")
               for w in warnings)


def test_bad_arguments_are_located(options: Build) -> None:
    warnings = options.warning_lines()
    lines = (options.srcdir / "index.rst").read_text().splitlines()
    empty = lines.index(".. summary::") + 1
    assert any(w.startswith(f"index.rst:{empty}: WARNING: summary needs one BibTeX key")
               and w.endswith("[shortscience.bad_argument]") for w in warnings)
    two = options.line_of("index.rst", ".. summary:: known other")
    assert any(w.startswith(f"index.rst:{two}: WARNING: summary takes one key, got 2")
               for w in warnings)


def test_nothing_is_dropped(options: Build) -> None:
    html = options.read("index.html")
    assert "The body is still shown with" in html and r"\(x\)" in html
    assert "A summary without a key keeps its body." in html
    assert "Two keys." in html
    assert "Still <em>rendered</em>." in options.read("md.html")
    assert "yesterday" in html  # a malformed date is shown as written
    assert len(options.warning_lines()) == 7, options.warnings
