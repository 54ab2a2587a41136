"""What ``new`` and ``import`` write of a bib field or an imported line reads back, in MyST
and in rST, as exactly that text: never markup (cli/markup.py)."""

from __future__ import annotations

import importlib.util

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser as MystParser

from sphinx_shortscience.cli.markup import as_text, comment, heading, one_line
from sphinx_shortscience.cli.skeleton import summary_file

#: Every MyST syntax extension a project may enable: none may turn the text into markup
#: (linkify where its package is installed: MyST-Parser 3 refuses it otherwise).
MYST_EXTENSIONS = ["amsmath", "attrs_inline", "colon_fence", "deflist", "dollarmath",
                   "fieldlist", "html_admonition", "html_image", "replacements",
                   "smartquotes", "strikethrough", "substitution", "tasklist",
                   *(["linkify"] if importlib.util.find_spec("linkify_it") else [])]
HOSTILE = ("<img src=x onerror=alert(1)> [a](javascript:x) <javascript:y> {{ sub }} $x$ "
           "~~s~~ (c) -- \"q\" it's www.example.com a@b.com {raw}`<b>` `T <javascript:z>`_ "
           ":raw:`<i>` |sub| [1]_ javascript:alert(2) --> <!-- .. raw:: html")
#: Text with what MyST and rST make markup of, and any character besides.
texts = st.text(st.sampled_from("<>[](){}`*_$~:|#!-=+.\"'&%@\\/ abcXYZ019•\u00a0\t\n")
                | st.characters(), min_size=1, max_size=60).filter(lambda t: one_line(t) != "")


def myst(source: str) -> nodes.document:
    return publish_doctree(source, parser=MystParser(), settings_overrides={
        "myst_enable_extensions": MYST_EXTENSIONS, "myst_substitutions": {"sub": "SUB"},
        "report_level": 5, "halt_level": 5})


def rst(source: str) -> nodes.document:
    return publish_doctree(source, settings_overrides={"report_level": 5, "halt_level": 5})


def only_text(doctree: nodes.document) -> None:
    markup = [node for node in doctree.findall()
              if not isinstance(node, nodes.document | nodes.title | nodes.Text |
                                nodes.comment | nodes.section | nodes.paragraph)]
    assert markup == []


def check_heading_and_comment(value: str) -> None:
    for fmt, parse in (("markdown", myst), ("rst", rst)):
        source = "\n".join([*heading(value, fmt), "", *comment(value, fmt), "", "end", ""])
        doctree = parse(source)
        only_text(doctree)
        [title] = doctree.findall(nodes.title)
        assert title.astext() == one_line(value), fmt
        [note] = doctree.findall(nodes.comment)
        assert note.astext() == one_line(value), fmt
        assert doctree.findall(nodes.paragraph).__next__().astext() == "end"


def test_hostile_text_stays_text() -> None:
    check_heading_and_comment(HOSTILE)


@settings(max_examples=150, deadline=None)
@given(texts)
@example(";")
@example("\\")
@example("\\\\\\\\")
@example("• item")
@example("- a")
def test_any_text_stays_text(value: str) -> None:
    check_heading_and_comment(value)


@given(texts)
def test_an_option_value_reads_back_as_written(value: str) -> None:
    from myst_parser.parsers.options import options_to_items

    items, _ = options_to_items(f":author: {as_text(value, 'markdown', 'option')}\n"
                                ":date: 2024-01-01\n")
    assert [item for _, item in items] == [one_line(value), "2024-01-01"]
    assert "\n" not in as_text(value, "rst", "option")


def test_no_body_line_ends_the_summary_directive() -> None:
    """The body is the summary's (the directive reads it as hostile); what matters here is
    that no line of it ends the directive, for the parser that will read the file."""
    from markdown_it import MarkdownIt

    body = "a\r````\n<img src=x onerror=alert(1)>\r\n\u2028.. raw:: html\n\n<script>"
    text = summary_file("k", "T", body, "markdown", writer="W")
    tokens = MarkdownIt("commonmark").parse(text)
    [fence] = [token for token in tokens if token.type == "fence"]
    assert fence.info == "{summary} k" and "<script>" in fence.content
    assert "onerror" in fence.content and "html" not in {t.type for t in tokens}

    text = summary_file("k", "T", body, "rst", writer="W")
    lines = text.splitlines()  # as docutils splits them
    start = lines.index(".. summary:: k")
    assert all(line.startswith("   ") or not line for line in lines[start + 1:])
