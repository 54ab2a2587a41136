"""Each distinct word is stemmed once per build for the search index: the index is the same
bytes as when every page stems its own words, and only languages whose stemming depends on
the word alone are remembered."""

from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.search.en import SearchEnglish
from sphinx.search.zh import SearchChinese

from sphinx_shortscience.builders import search

from .conftest import copy_root, run_sphinx


def test_remembered_stems_make_the_same_search_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered: list[Any] = []

    def recording_cache(function: Any) -> Any:
        cached = functools.cache(function)
        remembered.append(cached)
        return cached

    monkeypatch.setattr(search, "cache", recording_cache)
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


def _fake_app(language: Any) -> Any:
    return SimpleNamespace(builder=SimpleNamespace(indexer=SimpleNamespace(lang=language)))


def test_a_language_whose_stemming_has_state_is_left_alone() -> None:
    chinese = SearchChinese({})
    search.remember_stems(_fake_app(chinese), None, "index")  # type: ignore[arg-type]
    assert "stem" not in vars(chinese)

    class OwnEnglish(SearchEnglish):  # a project's own language: not known to be pure
        pass

    own = OwnEnglish({})
    search.remember_stems(_fake_app(own), None, "index")  # type: ignore[arg-type]
    assert "stem" not in vars(own)

    english = SearchEnglish({})
    search.remember_stems(_fake_app(english), None, "index")  # type: ignore[arg-type]
    remembered = vars(english)["stem"]
    search.remember_stems(_fake_app(english), None, "index")  # type: ignore[arg-type]
    assert vars(english)["stem"] is remembered  # not wrapped again for every page
    assert english.stem("Attention") == "attent"
    assert search.remember_stems(SimpleNamespace(builder=None), None, "x") is None  # type: ignore[arg-type, func-returns-value]
