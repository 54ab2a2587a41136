"""Reading bib files: problems located at the .bib line, macros, aliases and the cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_shortscience.bib import cache as bibcache
from sphinx_shortscience.bib.bibliography import Bibliography
from sphinx_shortscience.bib.cache import BibCache, load_bibliography
from sphinx_shortscience.bib.decode import latex_inlines
from sphinx_shortscience.bib.entries import ParsedBibFile, resolve_value
from sphinx_shortscience.bib.parse import (
    decode_bib_bytes,
    missing_comma_line,
    parse_bib_text,
    unclosed_brace_line,
)
from sphinx_shortscience.bib.people import author_list, family_names, parse_people
from sphinx_shortscience.bib.render import latex_plain

from .conftest import Build, run_sphinx


@pytest.fixture(scope="module")
def problems(built: Callable[..., Build]) -> Build:
    return built("bibproblems", "html")


def test_malformed_entry_is_located_and_the_rest_loads(problems: Build) -> None:
    line = problems.line_of("a.bib", "@article{broken,")
    brace = problems.line_of("a.bib", "title = {Never closed,")  # where the problem is
    assert (f"a.bib:{brace}: WARNING: malformed entry 'broken' (it starts at line {line}): a "
            "brace opened on this line is never closed; the entry is skipped "
            "[shortscience.bib_syntax]") in problems.warning_lines()
    # the entry after the broken one still loads and gets its page
    assert "Loaded After the Broken One" in problems.read("index.html")


def test_duplicate_keys_name_both_places(problems: Build) -> None:
    lines = problems.warning_lines()
    first = problems.line_of("a.bib", "@article{first,")
    second = len((problems.srcdir / "a.bib").read_text().splitlines()) - 3
    assert (f"a.bib:{second}: WARNING: duplicate key 'first': already defined at "
            f"a.bib:{first}; the first definition is used "
            "[shortscience.duplicate_key]") in lines
    across = problems.line_of("b.bib", "@article{after,")
    original = problems.line_of("a.bib", "@article{after,")
    assert (f"b.bib:{across}: WARNING: duplicate key 'after': already defined at "
            f"a.bib:{original}; the first definition is used "
            "[shortscience.duplicate_key]") in lines
    # first wins
    assert "The First Paper" in problems.read("index.html")
    assert "A Duplicate Across Files" not in problems.read("index.html")


def test_missing_bib_file_names_the_setting_and_the_path(problems: Build) -> None:
    line = problems.line_of("conf.py", "bibtex_bibfiles")
    assert (f"conf.py:{line}: WARNING: bibtex_bibfiles: bib file 'missing.bib' (not found): "
            "missing.bib [shortscience.bib_file]") in problems.warning_lines()


def test_string_macros_and_concatenation(problems: Build) -> None:
    html = problems.read("index.html")
    assert "Journal of Machine Learning Research" in html


def test_exactly_the_expected_problems(problems: Build) -> None:
    assert len(problems.warning_lines()) == 4, problems.warnings


# -- units -------------------------------------------------------------------------------------


def test_resolve_value() -> None:
    strings = {"jml": "Journal of ML"}
    assert resolve_value("{Deep {R}esidual}", {}) == "Deep {R}esidual"
    assert resolve_value('"Quoted"', {}) == "Quoted"
    assert resolve_value('jml # " Research"', strings) == "Journal of ML Research"
    assert resolve_value("JML", strings) == "Journal of ML"
    assert resolve_value("2016", {}) == "2016"
    assert resolve_value("jan", {}) == "January"
    assert resolve_value('{a # b} # "c"', {}) == "a # bc"


def test_keys_with_slashes_colons_and_dblp_alias() -> None:
    text = "@article{DBLP:journals/x/A(1)'s+, title={T}}\n@article{plain, title={P}}\n"
    parsed = parse_bib_text(text, "x.bib", "d")
    bib = Bibliography([parsed])
    assert bib.canonical_key("journals/x/A(1)'s+") == "DBLP:journals/x/A(1)'s+"
    assert bib.canonical_key("DBLP:plain") == "plain"
    assert bib.canonical_key("PLAIN") == "plain"
    assert bib.canonical_key("nothing") is None


def test_parse_is_cached_on_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = bibcache.parse_bib_text

    def counting(text: str, path: str, digest: str) -> ParsedBibFile:
        calls.append(path)
        return original(text, path, digest)

    monkeypatch.setattr(bibcache, "parse_bib_text", counting)
    cache = BibCache(tmp_path / "cache")
    content = {"/refs.bib": b"@article{a, title={A}}\n"}
    first = load_bibliography(content, cache=cache)
    second = load_bibliography(content, cache=cache)
    assert calls == ["/refs.bib"]
    assert first.fingerprint == second.fingerprint
    assert second.get("a") is not None
    load_bibliography({"/refs.bib": b"@article{a, title={B}}\n"}, cache=cache)
    assert calls == ["/refs.bib", "/refs.bib"]


def test_bom_crlf_and_latin1() -> None:
    text, note = decode_bib_bytes("\ufeff@article{a,\r\n title={Gödel}}\r\n".encode())
    assert note is None and text == "@article{a,\n title={Gödel}}\n"
    text, note = decode_bib_bytes("@article{a, title={Gödel}}".encode("latin-1"))
    assert note is not None and "not valid UTF-8" in note.message and "Gödel" in text


def test_byte_order_marks_and_declared_encodings() -> None:
    """UTF-16 and UTF-32 files are recognized by their BOM (they were read as Latin-1,
    losing every entry); bibtex_encoding is honoured; a file that is not valid in its
    encoding gets one note naming it, at the line where it goes wrong."""
    entry = "@article{a,\n title={Gödel, “quoted” – 5 €}}\n"
    for encoding in ("utf-16", "utf-32", "utf-8-sig"):
        text, note = decode_bib_bytes(entry.encode(encoding))
        assert note is None and text == entry, encoding
    text, note = decode_bib_bytes(entry.encode("cp1252"), "cp1252")
    assert note is None and text == entry
    text, note = decode_bib_bytes(("% a comment\n" + entry).encode("cp1252"))
    assert note is not None and note.line == 3 and "not valid UTF-8" in note.message
    text, note = decode_bib_bytes(entry.encode("utf-8"), "ascii")
    assert note is not None and "not valid ascii" in note.message
    text, note = decode_bib_bytes(entry.encode("utf-8"), "no-such-codec")
    assert note is not None and "unknown" in note.message and text == entry


def test_bibtex_encoding_is_honoured_in_a_build(project: Callable[[str], Path]) -> None:
    src = project("basic")
    bib = (src / "refs.bib").read_text(encoding="utf-8")
    (src / "refs.bib").write_bytes(bib.replace("Deep Residual", "Déjà “Deep” Residual")
                                   .encode("cp1252"))
    build = run_sphinx(src, confoverrides={"bibtex_encoding": "cp1252"})
    assert not [w for w in build.warning_lines() if "bib_file" in w], build.warnings
    assert "Déjà “Deep” Residual" in build.read("rst-summaries.html")
    fallback = run_sphinx(src, freshenv=True)
    (warning,) = [w for w in fallback.warning_lines() if "bib_file" in w]
    assert "not valid UTF-8" in warning and warning.startswith("refs.bib:")


def test_latex_decoding_of_fields() -> None:
    assert latex_plain(r"G{\"o}del -- Escher --- Bach") == "Gödel – Escher — Bach"
    assert latex_plain(r"{R-CNN}: Rich {F}eatures") == "R-CNN: Rich Features"
    assert latex_plain(r"M\"uller \& Sons, \ss") == "Müller & Sons, ß"
    inlines = latex_inlines(r"With $\alpha$ and \emph{emphasis}")
    assert [type(i).__name__ for i in inlines] == ["Text", "Math", "Text", "Emphasis"]


def test_names() -> None:
    people = parse_people(r"M{\"u}ller, J{\"o}rg and Ludwig van Beethoven and {Google Brain}")
    assert author_list(people) == "Jörg Müller, Ludwig van Beethoven and Google Brain"
    assert family_names(people) == "Müller et al."
    assert family_names(parse_people("A B and C D")) == "B and D"
    assert family_names(parse_people("A B and others")) == "B et al."
    assert author_list(parse_people("A B and others")) == "A B et al."


def test_links_from_fields() -> None:
    """Several URLs give one clean link each; no link holds white space; an eprint that is
    not an arXiv identifier and a DOI that is not a DOI give no link."""
    from sphinx_shortscience.bib.view import paper_view

    text = r"""@article{several,
  title = {Several},
  url = {https://a.example.org/x https://b.example.org/y;
         \url{https://c.example.org/with\_underscore}},
  doi = {10.1145/3\_2},
}
@article{notarxiv,
  title = {Not arXiv},
  eprint = {hal-01234567},
  archiveprefix = {arXiv},
  doi = {not a doi},
}
@article{arxiv,
  title = {On arXiv},
  eprint = {1706.03762v5},
  eprinttype = {arxiv},
}
"""
    bib = Bibliography([parse_bib_text(text, "x.bib", "d")])
    several = dict.fromkeys(url for _, url in paper_view(bib, "several").links)
    assert [url for url in several if "example.org" in url] == [
        "https://a.example.org/x", "https://b.example.org/y",
        "https://c.example.org/with_underscore"]
    assert "https://doi.org/10.1145/3_2" in several
    assert not any(char.isspace() for url in several for char in url)
    labels = [label for label, _ in paper_view(bib, "notarxiv").links]
    assert labels == ["Google Scholar"]
    assert ("arXiv", "https://arxiv.org/abs/1706.03762v5") in paper_view(bib, "arxiv").links


def test_crossref_xdata_and_commented_out_entries() -> None:
    """A child shows its proceedings' booktitle, year and publisher; biblatex xdata is
    inherited too; a crossref to nothing or a cycle is a problem; ``%@BOOK{`` lines are
    comments, not entries (nor malformed ones)."""
    from sphinx_shortscience.bib.view import field_problems, paper_view

    text = r"""% exported by a tool
%@BOOK{commented,
%  title = {Commented Out},
%}
@inproceedings{child, author = {Ada Lovelace}, title = {Child Paper}, crossref = {parent}}
@proceedings{parent, title = {Proceedings of Things}, year = {2019}, publisher = {ACM}}
@article{withxdata, title = {Uses xdata}, xdata = {journaldata}}
@xdata{journaldata, journaltitle = {Journal of Data}, year = {2021}}
@article{orphan, title = {Orphan}, crossref = {nowhere}}
@article{c1, title = {C1}, crossref = {c2}}
@article{c2, title = {C2}, crossref = {c1}}
"""
    parsed = parse_bib_text(text, "x.bib", "d")
    assert parsed.problems == []
    assert "commented" not in parsed.keys
    bib = Bibliography([parsed])
    child = paper_view(bib, "child")
    assert child is not None and (child.venue, child.year) == ("Proceedings of Things", "2019")
    assert bib.field(bib.entries["child"], "publisher") == "ACM"
    assert bib.field(bib.entries["child"], "title") == "Child Paper"  # never inherited
    withxdata = paper_view(bib, "withxdata")
    assert withxdata is not None and (withxdata.venue, withxdata.year) == ("Journal of Data",
                                                                           "2021")
    assert [kind for kind, _ in field_problems(bib, bib.entries["orphan"])] == ["bib_crossref"]
    assert "cycle" in field_problems(bib, bib.entries["c1"])[0][1]
    # the parent's change is the child's change
    before = bib.field_digest("child")
    changed = Bibliography([parse_bib_text(text.replace("ACM", "IEEE"), "x.bib", "e")])
    assert changed.field_digest("child") != before


def test_an_entry_closed_too_early_is_reported_not_silently_cut() -> None:
    """A brace that closes an entry early leaves its other fields as text between
    entries, which bibtexparser skips without a word: it is a located problem."""
    text = ("% prose between entries is fine\n@misc{k,\n  title = {}}}Alpha{{{},\n"
            "  howpublished = {lost},\n}\nSome prose = between entries.\n@misc{j, title={J}}\n")
    parsed = parse_bib_text(text, "x.bib", "d")
    assert parsed.keys == ["k", "j"]
    assert [(p.kind, p.line) for p in parsed.problems] == [("syntax", 3)]
    assert "after entry 'k'" in parsed.problems[0].message


FIELD_TEXT = st.text(alphabet=st.characters(blacklist_characters="{}\\\n\r",
                                            blacklist_categories=("Cs",)), max_size=20)


@given(st.lists(FIELD_TEXT, min_size=1, max_size=6), st.data())
@settings(max_examples=200, deadline=None)
def test_a_brace_left_open_is_found_at_its_field(values: list[str], data: st.DataObject) -> None:
    fields = [f"  field{number} = {{{value}}}," for number, value in enumerate(values)]
    entry = "\n".join(["@article{key,", *fields, "}"])
    assert unclosed_brace_line(entry) is None
    assert all(missing_comma_line(line.split("=", 1)[1]) is None for line in fields)
    broken = data.draw(st.integers(0, len(fields) - 1))
    fields[broken] = fields[broken].replace("},", ",")
    assert unclosed_brace_line("\n".join(["@article{key,", *fields, "}"])) == broken + 1


def test_a_string_defined_again_takes_its_last_value() -> None:
    """Issue 32: BibTeX reads @string definitions in order, so the last one is the value
    (26 real entries showed the first); the second definition is still warned about."""
    text = ('@string{HaxbyJV = "Haxby, J. V."}\n@string{HaxbyJV = "Haxby, James V."}\n'
            "@article{k,\n  author = HaxbyJV,\n  title = {T},\n}\n")
    parsed = parse_bib_text(text, "x.bib", "d")
    bib = Bibliography([parsed])
    assert bib.field(bib.entries["k"], "author") == "Haxby, James V."
    assert [(p.kind, p.line) for p in parsed.problems] == [("duplicate", 2)]
    assert "the last definition is used" in parsed.problems[0].message
    # and across files, in the order they are listed
    other = parse_bib_text('@string{HaxbyJV = "J. Haxby"}\n', "y.bib", "e")
    assert Bibliography([parsed, other]).field(bib.entries["k"], "author") == "J. Haxby"
