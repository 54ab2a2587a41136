"""The search index: each distinct word is stemmed once per build (the index is the same
bytes as when every page stems its own words, and only languages whose stemming depends on
the word alone are remembered), and before Sphinx 9, whose search page shows titles as
HTML, section titles from bib files and summaries are kept escaped (issue 16)."""

from __future__ import annotations

import functools
import json
import urllib.parse
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sphinx
from sphinx.search.en import SearchEnglish
from sphinx.search.zh import SearchChinese

from sphinx_shortscience import compat
from sphinx_shortscience.builders import search

from .browser import CHROMIUM, run_check, serve
from .conftest import Build, copy_root, run_sphinx


def test_remembered_stems_make_the_same_search_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered: list[Any] = []

    def recording_cache(function: Any) -> Any:
        cached = functools.cache(function)
        remembered.append(cached)
        return cached

    monkeypatch.setattr(compat, "cache", recording_cache)
    once = run_sphinx(copy_root("example", tmp_path / "once"))
    [stems] = remembered  # one cache for the build, not one per page
    info = stems.cache_info()
    assert info.hits > 2 * info.misses  # the same words run through many pages

    monkeypatch.setattr(search, "_PURE_STEMMING_MODULES", frozenset())
    each_page = run_sphinx(copy_root("example", tmp_path / "each"))
    assert len(remembered) == 1
    index = (once.outdir / "searchindex.js").read_bytes()
    assert b"attent" in index  # stems, as Sphinx's English stemmer makes them
    assert index == (each_page.outdir / "searchindex.js").read_bytes()
    assert once.warning_lines() == each_page.warning_lines() == []


def _indexer(language: Any) -> Any:
    return SimpleNamespace(lang=language)


def test_a_language_whose_stemming_has_state_is_left_alone() -> None:
    chinese = SearchChinese({})
    search.remember_stems(_indexer(chinese))
    assert "stem" not in vars(chinese)

    class OwnEnglish(SearchEnglish):  # a project's own language: not known to be pure
        pass

    own = OwnEnglish({})
    search.remember_stems(_indexer(own))
    assert "stem" not in vars(own)

    english = SearchEnglish({})
    search.remember_stems(_indexer(english))
    remembered = vars(english)["stem"]
    search.remember_stems(_indexer(english))
    assert vars(english)["stem"] is remembered  # not wrapped again for every page
    assert english.stem("Attention") == "attent"
    no_search = SimpleNamespace(builder=SimpleNamespace(indexer=None))
    search.prepare_search_index(no_search, None, "x")  # type: ignore[arg-type]


def search_page_escapes_titles() -> bool:
    """Whether the installed Sphinx's search page escapes a title it shows."""
    searchtools = Path(sphinx.__file__).parent / "themes/basic/static/searchtools.js"
    return "innerHTML = _escapeHTML(title)" in searchtools.read_text(encoding="utf-8")


def test_the_escaping_follows_what_sphinxs_search_page_does() -> None:
    """Escaped where Sphinx's own search page inserts titles as HTML, and only there (an
    index escaped twice would show ``&lt;``)."""
    assert search_page_escapes_titles() == search.SEARCH_PAGE_ESCAPES_TITLES


ATTACK = "<img src=x onerror=parent.pwned=1>"


def attacked_project(folder: Path) -> Path:
    """A bib title and a keyword carrying markup: section titles of the paper and keyword
    pages, and names of objects, in the search index."""
    src = folder / "p"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_shortscience"]\n'
                                 'bibtex_bibfiles = ["refs.bib"]\n', encoding="utf-8")
    (src / "refs.bib").write_text(
        f"@misc{{k,\n  title = {{Evil {ATTACK} paper}},\n"
        f"  keywords = {{calm, wicked {ATTACK}}},\n}}\n", encoding="utf-8")
    (src / "index.rst").write_text(
        "I\n=\n\n.. toctree::\n\n   shortscience/index\n\n"
        ".. summary:: k\n\n   A summary of the evil paper.\n", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_sphinx(attacked_project(tmp_path_factory.mktemp("search")))
    assert build.warning_lines() == []
    return build


def _index(build: Build) -> Any:
    text = (build.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_titles_and_names_from_a_bib_are_text_in_the_search_index(attacked: Build) -> None:
    index = _index(attacked)
    titles = [title for title in index["alltitles"] if "Evil" in title or "wicked" in title]
    names = [f"{prefix}.{entry[4]}" for prefix, entries in index["objects"].items()
             for entry in entries if "wicked" in prefix]
    assert len(titles) >= 2 and names  # the paper page, the keyword page, its object
    escaped = ATTACK.replace("<", "&lt;").replace(">", "&gt;")
    for title in titles:
        if search_page_escapes_titles():  # Sphinx 9 escapes them when it shows them
            assert ATTACK in title
        else:
            assert "<" not in title and escaped in title
    # object names Sphinx escapes itself (and splits at dots), whatever its version
    assert all("<" not in name and "&gt;" in name for name in names)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
def test_searching_shows_a_hostile_title_as_text(attacked: Build) -> None:
    """Sphinx's own search page, in a browser, searching for the whole title: before
    Sphinx 9 a title the query covers (at least half of it) is shown as HTML."""
    found_js = """
for (let i = 0; i < 100 && !doc.querySelector("#search-results li"); i++) {
  await pause(100);
}
await pause(1000);
return {
  results: Array.from(doc.querySelectorAll("#search-results li > a"),
                      (link) => link.textContent),
  injected: doc.querySelectorAll("#search-results img, #search-results script").length,
  ran: Boolean(window.pwned),
};
"""
    with serve(attacked.outdir) as base:
        query = urllib.parse.quote(f"Evil {ATTACK} paper")
        found = run_check(attacked.outdir, base, f"search.html?q={query}", found_js)
    assert found["injected"] == 0 and found["ran"] is False
    assert any(ATTACK in result for result in found["results"]), found["results"]


@pytest.mark.skipif(search.SEARCH_PAGE_ESCAPES_TITLES, reason="Sphinx 9 escapes titles itself")
def test_titles_kept_from_the_last_index_are_escaped_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An incremental build loads the titles of pages it does not write again from the last
    index: those of an index written before titles were escaped (an upgrade) are escaped
    when the index is written again, and escaped ones stay escaped once."""
    src = attacked_project(tmp_path)
    with monkeypatch.context() as unescaped:
        unescaped.setattr(search, "SEARCH_PAGE_ESCAPES_TITLES", True)
        before = run_sphinx(src)
    assert any(ATTACK in title for title in _index(before)["alltitles"])
    indexes = []
    for words in ("Words.", "Other words."):
        (src / "other.rst").write_text(f":orphan:\n\nOther\n=====\n\n{words}\n",
                                       encoding="utf-8")
        build = run_sphinx(src)
        written = build.status.split("writing output")[-1]
        assert "other" in written and "paper/" not in written  # the paper page is not
        indexes.append(_index(build))
    for index in indexes:
        titles = [title for title in index["alltitles"] if "Evil" in title]
        assert titles and all("&lt;img" in t and "&amp;" not in t for t in titles)
    assert indexes[0]["alltitles"] == indexes[1]["alltitles"]
