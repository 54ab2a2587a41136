"""Real bib files, written by others (tests/roots/realbib/README.md says where from): every
word of every title is shown, the build takes them all, and where the title is plain
BibTeX (braces, no macros) the text is what pybtex, the reference implementation, gives."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from sphinx_shortscience.bib import macros
from sphinx_shortscience.bib.bibliography import Bibliography
from sphinx_shortscience.bib.cache import load_bibliography
from sphinx_shortscience.bib.render import latex_plain

from .conftest import ROOTS, run_sphinx

FILES = sorted((ROOTS / "realbib").glob("*.bib"))
_HIDDEN = re.compile(r"\\(?:" + "|".join(sorted(macros.HIDE_ARGUMENT)) + r")\s*\{[^{}]*\}")
_MATH = re.compile(r"\$[^$]*\$")
_MACRO = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z]{3,}")


def bibliography(path: Path) -> Bibliography:
    return load_bibliography({str(path): path.read_bytes()})


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def expected_words(value: str) -> list[str]:
    """The words a reader must see: logos as their words, not other macro names, math or
    hidden (sorting) arguments."""
    value = _MATH.sub(" ", _HIDDEN.sub(" ", value))
    value = _MACRO.sub(lambda match: f" {macros.LOGOS.get(match.group(0)[1:], '')} ", value)
    return _WORD.findall(value)


def test_there_are_real_files() -> None:
    assert len(FILES) >= 8
    assert sum(len(bibliography(path)) for path in FILES) > 140


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_no_word_of_any_title_is_lost(path: Path) -> None:
    bib = bibliography(path)
    lost = []
    for key in bib.entries:
        entry = bib.entries[key]
        for field in ("title", "booktitle", "journaltitle", "journal"):
            value = bib.field(entry, field)
            shown = _letters(latex_plain(value)).replace(" ", "")
            lost += [f"{key}.{field}: {word!r} of {value!r}"
                     for word in expected_words(value) if word not in shown]
    assert lost == []


def _pybtex_text(value: str) -> str:
    from pybtex.richtext import Text

    return " ".join(str(Text.from_latex(value).render_as("text")).split())


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_plain_titles_read_as_pybtex_reads_them(path: Path) -> None:
    bib = bibliography(path)
    compared = 0
    for key in bib.entries:
        value = bib.field(bib.entries[key], "title")
        if not value or "\\" in value or "$" in value or "~" in value or "--" in value:
            continue  # macros, math, ties and dashes: pybtex leaves them as written
        assert latex_plain(value) == _pybtex_text(value), key
        compared += 1
    if path.name == "biber-examples.bib":
        assert compared > 40


def test_the_real_files_build(tmp_path: Path) -> None:
    """Every entry of every file gets a page: no traceback, and every warning located."""
    src = tmp_path / "real"
    src.mkdir()
    keys = []
    for path in FILES:
        (src / path.name).write_bytes(path.read_bytes())
        keys += list(bibliography(path).entries)
    names = ", ".join(repr(path.name) for path in FILES)
    (src / "conf.py").write_text(f'extensions = ["sphinx_shortscience"]\n'
                                 f'bibtex_bibfiles = [{names}]\n', encoding="utf-8")
    roles = "\n".join(f"- :paper:`{key}`" for key in dict.fromkeys(keys))
    (src / "index.rst").write_text(f"Real\n====\n\n{roles}\n", encoding="utf-8")
    build = run_sphinx(src)
    assert "Traceback" not in build.warnings
    for line in build.warning_lines():
        assert re.match(r"^[\w.-]+\.(bib|rst):\d+: WARNING: ", line), line
    papers = list((build.outdir / "shortscience" / "paper").glob("*.html"))
    assert len(papers) >= len(set(keys)) - 5  # duplicate keys across files share a page
