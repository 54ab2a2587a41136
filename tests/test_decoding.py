"""Decoding bib fields never loses a word: each class of macro in bib/macros.py, checked."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sphinx_shortscience.bib import macros
from sphinx_shortscience.bib.decode import Math, Text, latex_inlines
from sphinx_shortscience.bib.render import latex_plain

from .conftest import nested_braces

CASES = {
    # the examples, from real bib files
    r"The pagenumber of \mbox{$k$-trees} is {$O(k)$}": "The pagenumber of k-trees is O(k)",
    r"{{\BibTeX}} Tips and {FAQ}": "BibTeX Tips and FAQ",
    r"Training \texttt{word2vec} with": "Training word2vec with",
    r"\textcolor{red}{Red} words": "Red words",
    r"\href{https://example.org}{the page}": "the page",
    r"\TeX, \LaTeX, \BibTeX, \AmSTeX, \MF": "TeX, LaTeX, BibTeX, AmS-TeX, Metafont",
    r"{\it italic} and {\sc Small Caps}": "italic and Small Caps",
    r"\url{https://a.org/b_c}": "https://a.org/b_c",
    r"{\noopsort{1973c}}1981": "1981",
    r"50% of all": "50% of all",
    r"\unknownmacro alone": r"\unknownmacro alone",
    r"\unknownmacro{kept} text": "kept text",
    r"Hyphen\-ation and a\,b": "Hyphenation and a b",
    r"{\'E}cole \c{c}a G{\"o}del": "École ça Gödel",
    r"The \LaTeX{} Companion": "The LaTeX Companion",
}


@pytest.mark.parametrize("field", sorted(CASES))
def test_decoding(field: str) -> None:
    assert latex_plain(field) == CASES[field]


def test_an_apostrophe_after_math_is_a_right_quote() -> None:
    inlines = latex_inlines(r"$k$'s trees and \emph{Bob}'s")
    assert isinstance(inlines[0], Math)
    assert latex_plain(r"$k$'s trees and \emph{Bob}'s") == "k’s trees and Bob’s"


def test_every_class_is_decoded_as_documented() -> None:
    for name in macros.KEEP_TEXT:
        assert "word" in latex_plain(f"\\{name}" + "{a}" * (macros.ARITY.get(name, 1) - 1)
                                     + "{word}"), name
    for name, word in macros.LOGOS.items():
        assert latex_plain(f"\\{name}" + "{}") == word, name
    for name, char in macros.SYMBOLS.items():
        assert latex_plain(f"a\\{name}{{}}b \\{name} c") == f"a{char}b {char}c", name
    for name in macros.VANISH - {"-", "/"}:
        assert latex_plain(f"a {{\\{name} b}}") == "a b", name
    for name in macros.HIDE_ARGUMENT:
        assert latex_plain(f"a\\{name}{{hidden}} b").replace(" ", "") == "ab", name


WORDS = ["Alpha", "Bravo", "Charlie", "Delta"]
PIECES = st.sampled_from([*WORDS, " ", "{", "}", r"\emph{", r"\mbox{", r"\texttt{",
                          r"\textcolor{red}{", r"\href{https://x.org}{", r"\foo ", r"\bar{",
                          r"{\it ", r"\LaTeX{} ", "$x$", "--", "~", r"\&", "%", r"\'e"])


@given(st.lists(PIECES, min_size=1, max_size=16).map("".join))
@example(r"\bar{Alpha\mbox{Bravo")  # an unknown macro inside a known one's argument
def test_every_word_of_the_input_is_in_the_output(field: str) -> None:
    """Random words, macros and braces: every word is shown (braces nested as BibTeX
    requires; a word right after a control word is part of its name)."""
    field = nested_braces(field)
    # an accent macro (\\bar) puts its mark on the letters: the word is still there
    shown = "".join(c for c in unicodedata.normalize("NFKD", latex_plain(field))
                    if not unicodedata.combining(c))
    for word in WORDS:
        for _ in re.finditer(rf"(?<![\\A-Za-z]){word}", field):
            assert word in shown, (field, shown)


@pytest.mark.parametrize(("written", "shown"), [
    # issue 32: 57 real entries lost the accent over a dotless i (BibTeX prints these)
    ("Mart{\\'{\\i}}n", "Martín"),
    ('Lo\\"{\\i}c', "Loïc"),
    ("Beno{\\^\\i}t", "Benoît"),
    ("Mart\\'\\i n", "Martín"),
    ("{\\`\\i}", "ì"),
    ("\\v{\\j}", "ǰ"),
    ('\\"{\\mbox{a}}', "ä"),  # an accent over another macro's text
])
def test_an_accent_over_a_dotless_letter_is_kept(written: str, shown: str) -> None:
    assert latex_inlines(written) == (Text(shown),)
