"""Generated pages outside the toctree share one rendering of the navigation per folder:
the HTML is byte for byte what rendering it for every page gives, in every theme."""

from __future__ import annotations

import filecmp
import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

from sphinx_shortscience.site import navigation

from .conftest import copy_root, run_sphinx

THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"]


def differing_files(left: Path, right: Path) -> list[str]:
    different: list[str] = []
    for folder, _, files in os.walk(left):
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(left)
            if relative.parts[0] == ".doctrees" or name == ".buildinfo":
                continue
            if not filecmp.cmp(path, right / relative, shallow=False):
                different.append(str(relative))
    return different


@pytest.mark.parametrize(("theme", "builder"), [(theme, "html") for theme in THEMES]
                         + [("alabaster", "dirhtml")])
def test_shared_navigation_changes_no_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           theme: str, builder: str) -> None:
    if theme != "alabaster" and importlib.util.find_spec(theme) is None:
        pytest.skip(f"{theme} is not installed")
    settings = {"html_theme": theme}
    made: list[Any] = []
    original_init = navigation._SharedNavigation.__init__

    def recording_init(self: Any, env: Any) -> None:
        original_init(self, env)
        made.append(self)

    monkeypatch.setattr(navigation._SharedNavigation, "__init__", recording_init)
    shared = run_sphinx(copy_root("example", tmp_path / "shared"), builder,
                        confoverrides=settings)
    [sharing] = made
    generated = len(list((shared.srcdir / "shortscience").rglob("*.rst")))
    assert sharing.pages > generated / 2  # the paper, keyword, ... pages took part
    if builder == "html":  # one folder each: a handful of renderings for all those pages
        assert len(sharing.html) <= 3 * len({p.parent for p in
                                             (shared.srcdir / "shortscience").rglob("*.rst")})
    monkeypatch.setattr(navigation, "share_navigation", lambda *args: None)
    each_page = run_sphinx(copy_root("example", tmp_path / "each"), builder,
                           confoverrides=settings)
    assert shared.warning_lines() == each_page.warning_lines() == []
    assert differing_files(shared.outdir, each_page.outdir) == []
