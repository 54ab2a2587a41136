"""Entries written by bib/writer.py read back, by bibtexparser, by the project's reader and
by BibTeX's own rule, as exactly the fields and values written, whatever the values hold."""

from __future__ import annotations

import re

from bibtexparser.entrypoint import parse_string
from hypothesis import example, given
from hypothesis import strategies as st

from sphinx_shortscience.bib.entries import resolve_value
from sphinx_shortscience.bib.parse import parse_bib_text
from sphinx_shortscience.bib.render import latex_plain
from sphinx_shortscience.bib.writer import bibtex_value, entry_text, key_problem, value_as_written


def bibtex_fields(text: str) -> dict[str, str]:
    """The fields of the one entry of *text* as BibTeX itself reads them: a braced value
    ends at the brace that balances its opening one, every brace counted (a backslash
    escapes none), a bare value at the next comma or closing brace."""
    found = re.match(r"\s*@\w+\{[^,\s]+,", text)
    assert found is not None, text
    fields: dict[str, str] = {}
    index = found.end()
    while True:
        field_match = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*").match(text, index)
        if field_match is None:
            break
        name, index = field_match.group(1).lower(), field_match.end()
        start, depth = index, 0
        if text[index] == "{":
            while True:
                depth += {"{": 1, "}": -1}.get(text[index], 0)
                index += 1
                if depth == 0:
                    break
        else:
            while text[index] not in ",}":
                index += 1
        assert name not in fields
        fields[name] = text[start:index].strip()
        separator = re.compile(r"\s*,?").match(text, index)
        assert separator is not None
        index = separator.end()
    assert text[index:].strip() == "}", text[index:]
    return fields


#: What ends or starts something in a bib file, and what looks like it.
HOSTILE = ["}", "{", "\\{", "\\}", "\\", "\\\\", "@", "@misc{x,", "\n@string{s = {t}}",
           "\r@preamble{p}", ",", "=", '"', "%", "#", "\n", "\r\n", " note = {INJECTED}",
           "}, note = {", "@comment{", "A", "b c", "$x$", "\\emph{y}"]
values = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5), max_size=12).map("".join)
names = st.sampled_from(["title", "author", "note", "journal", "abstract", "x-y", "a:b"])


def written_fields(fields: dict[str, str]) -> dict[str, str]:
    return {name: value_as_written(value) for name, value in fields.items()}


@given(st.dictionaries(names, values.map(bibtex_value) | values, max_size=5))
@example({"title": bibtex_value(r"Inj \{}, note = {INJECTED}"), "year": "2024"})
@example({"title": "{a}, note = {b}", "year": "{2024}"})
@example({"title": '"quoted", note = {x}"', "month": "jan"})
def test_a_written_entry_reads_back_as_written(fields: dict[str, str]) -> None:
    text = entry_text("misc", "k", list(fields.items()))
    expected = written_fields(fields)
    parsed = parse_bib_text(text, "x.bib", "")
    assert parsed.problems == []
    [entry] = parsed.entries
    assert (entry.key, entry.fields) == ("k", expected)
    [raw] = parse_string(text, parse_stack=[]).entries  # bibtexparser without our reader
    assert {field.key: field.value for field in raw.fields} == expected
    assert bibtex_fields(text) == expected


@given(values)
def test_writing_a_written_value_changes_nothing(text: str) -> None:
    written = bibtex_value(text)
    assert value_as_written(written) == written
    assert bibtex_value(written[1:-1]) == written


#: Text with no macro in it: shown as written, braces that pair up aside (BibTeX's
#: protective braces), those that pair with none shown.
plain_texts = st.text(st.sampled_from("ab {},=@\"#\n"), max_size=30)


@given(plain_texts)
@example("Inj {}, note = {INJECTED")
@example("}{")
def test_a_written_value_shows_its_text(text: str) -> None:
    paired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired |= {opened.pop(), index}
    expected = " ".join("".join(c for i, c in enumerate(text) if i not in paired).split())
    assert latex_plain(resolve_value(bibtex_value(text), {})) == expected


def test_keys_that_would_end_or_start_something_are_refused() -> None:
    assert key_problem("conf/cvpr/HeZRS16") is None
    assert key_problem("10.1002/(SICI)1097-4636(199706)35:4<429::AID-JBM3>3.0.CO;2-F") is None
    for key in ("a,b", "a}b", "a{b", "a b", 'a"b', "a=b", "a\\b", "a#b", "a%b", "a@b", "",
                "a\nb"):
        assert key_problem(key) is not None, key
