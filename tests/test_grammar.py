"""The ShortScience body grammar as a pure function, with property tests."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_shortscience.grammar.headings import rst_titles_to_rubrics
from sphinx_shortscience.grammar.scanner import protect, restore
from sphinx_shortscience.grammar.tokens import MARK, CiteToken, ImageToken, MathToken


def tokens(text: str, fmt: str = "markdown") -> list[object]:
    return protect(text, fmt).tokens  # type: ignore[arg-type]


def test_inline_and_display_math() -> None:
    found = tokens("a $x_1$ b $$\\sum_i x_i$$ c \\(y\\) d \\[z\\]")
    assert [(t.latex, t.display) for t in found if isinstance(t, MathToken)] == [
        ("x_1", False), ("\\sum_i x_i", True), ("y", False), ("z", True)]


def test_dollar_rules() -> None:
    assert tokens("costs $5 or $10") == []
    assert [t.latex for t in tokens("costs $5 or $10 and $x$")] == ["x"]  # type: ignore[attr-defined]
    assert tokens("a $ b$") == []  # space after the opening $
    assert tokens("a $b $") == []  # space before the closing $
    assert tokens("\\$5 and \\$6") == []
    assert tokens("$x$2") == []  # a digit right after the closing $


def test_unclosed_math_is_reported_with_its_line() -> None:
    body = protect("line one\n$\\alpha + b\n\n$$ never closed")
    assert [(p.kind, p.line) for p in body.problems] == [("bad_math", 2), ("bad_math", 4)]
    assert body.text == "line one\n$\\alpha + b\n\n$$ never closed"


def test_citations() -> None:
    found = tokens("\\cite{a} \\citep[p.~3]{b, c} \\citet[see][ch. 2]{d} \\citeauthor{e}")
    assert [(t.command, t.keys, t.prenote, t.postnote) for t in found  # type: ignore[attr-defined]
            ] == [("cite", ("a",), "", ""), ("citep", ("b", "c"), "", "p.~3"),
                  ("citet", ("d",), "see", "ch. 2"), ("citeauthor", ("e",), "", "")]


def test_keys_with_shortscience_characters_and_dois() -> None:
    found = tokens("\\cite{journals/corr/abs-1512-03385} \\cite{10.1109/CVPR.2016.90} "
                   "\\cite{DBLP:conf/x/A(1)_b\\c}")
    assert [t.keys[0] for t in found] == [  # type: ignore[attr-defined]
        "journals/corr/abs-1512-03385", "10.1109/CVPR.2016.90", "DBLP:conf/x/A(1)_b\\c"]


def test_bad_cites_are_reported_and_kept() -> None:
    body = protect("\\cite{} and \\cite{a b} and \\cite x")
    assert [p.kind for p in body.problems] == ["bad_cite"] * 3
    assert body.tokens == []


def test_code_is_left_alone() -> None:
    assert tokens("`$x$ \\cite{a}` and ``$y$``") == []
    assert tokens("```\n$x$\n\\cite{k}\n```\n") == []
    assert len(tokens("```{note}\n$x$\n```\n")) == 1  # a MyST directive's content is Markdown
    assert tokens("``$x$`` and :math:`$y$`", "rst") == []
    assert tokens("Code::\n\n   $x$ \\cite{a}\n\nafter", "rst") == []
    assert tokens(".. code-block:: latex\n\n   $x$\n", "rst") == []


def test_image_lines() -> None:
    found = tokens("Look:\nhttps://i.imgur.com/abc.png\n\nand https://x.org/a.png inline\n"
                   "  https://example.org/fig.SVG?raw=1  \n")
    assert [t.url for t in found if isinstance(t, ImageToken)] == [  # type: ignore[attr-defined]
        "https://i.imgur.com/abc.png", "https://example.org/fig.SVG?raw=1"]


def test_lines_are_counted() -> None:
    body = protect("one\n$$\na\n$$\nthree \\cite{k}")
    assert [t.line for t in body.tokens] == [2, 5]  # type: ignore[attr-defined]
    assert body.text.count("\n") == 4


def test_rst_titles_become_rubrics_keeping_lines() -> None:
    text = "Title\n=====\n\nBody\n\n-----\nOver\n-----\nmore"
    converted = rst_titles_to_rubrics(text)
    assert converted.splitlines()[0] == ".. rubric:: Title"
    assert ".. rubric:: Over" in converted
    assert converted.count("\n") == text.count("\n")


PIECES = st.sampled_from([
    "$", "$$", "\\$", "\\", "{", "}", "`", "``", "```\n", "\\cite", "\\citep[", "]", "\\(", "\\)",
    "\\[", "\\]", "x_1", "*", "_", "\n", "\n\n", " ", "https://i.imgur.com/a.png", ",", MARK,
    "a", "é", "::", "\n   ", "<b>", "%",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from(["markdown", "rst"]))
def test_protect_never_raises_and_restores_exactly(text: str, fmt: str) -> None:
    body = protect(text, fmt)  # type: ignore[arg-type]
    assert restore(body.text, body) == text
    assert body.text.count("\n") == text.count("\n")
    for token in body.tokens:
        if isinstance(token, CiteToken):
            assert all(key and " " not in key for key in token.keys)


@given(st.text(alphabet=string.ascii_letters + string.digits + " .,;!?-\n", max_size=200))
def test_plain_text_is_unchanged(text: str) -> None:
    body = protect(text)
    assert body.text == text and body.tokens == [] and body.problems == []
