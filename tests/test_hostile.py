"""Summaries and bib files are hostile input: nothing they hold runs, reads files or breaks
the site, and every refusal is a located warning (issue 16)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sphinx_shortscience.site.names import slug

from .conftest import Build


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


def test_each_refusal_is_located(hostile: Build) -> None:
    refused = warnings_of(hostile, "disallowed_markup")
    expected = [  # file, text on the line, the line after it, what is named
        ("index.rst", ".. raw:: html", 0, "directive 'raw'"),
        ("index.rst", ":file: secret.txt", -1, "directive 'raw'"),
        ("index.rst", ".. include:: secret.txt", 0, "directive 'include'"),
        ("index.rst", ":download:", 0, "role 'download'"),
        ("markdown.md", "```{raw} html", 0, "directive 'raw'"),
        ("markdown.md", ".. raw:: html", 0, "directive 'raw'"),
        ("markdown.md", "```{summary} other", 0, "a summary inside a summary"),
        ("markdown.md", "{download}", 0, "role 'download'"),
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
    assert not (hostile.outdir / "shortscience" / "paper" / f"{slug('other')}.html").exists()
    assert r"\cite{other}" in hostile.soup("markdown").get_text()
