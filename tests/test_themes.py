"""The example builds warning-free under every theme we test, and what the extension adds to
a page stays readable in each theme's light and dark mode (checked in headless Chromium)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from .browser import CHROMIUM, COLOURS_JS, MATHJAX, add_mathjax, contrast, run_check, serve
from .conftest import copy_root

#: html_theme -> whether it has a dark mode that follows the browser's preference
THEMES = {"alabaster": False, "furo": True, "pydata_sphinx_theme": True,
          "sphinx_book_theme": True}

pytestmark = pytest.mark.slow


def require(theme: str) -> None:
    if importlib.util.find_spec(theme) is None:
        pytest.skip(f"{theme} is not installed (pip install -e '.[themes]')")


@pytest.fixture(scope="module")
def theme_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``theme_build(html_theme)``: the example built with ``sphinx-build -W`` in that theme."""
    cache: dict[str, Path] = {}

    def get(theme: str) -> Path:
        if theme not in cache:
            source = copy_root("example", tmp_path_factory.mktemp(theme))
            outdir = source / "_build" / "html"
            completed = subprocess.run(
                [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                 "-D", f"html_theme={theme}", "-D", "mathjax_path=mathjax/tex-mml-chtml.js",
                 str(source), str(outdir)], capture_output=True, text=True, check=False)
            assert completed.returncode == 0, completed.stderr
            cache[theme] = outdir
        return cache[theme]

    return get


@pytest.mark.parametrize("theme", THEMES)
def test_example_builds_without_warnings(theme_build: Callable[[str], Path], theme: str) -> None:
    require(theme)
    outdir = theme_build(theme)
    page = (outdir / "sessions" / "01-vision.html").read_text(encoding="utf-8")
    assert "shortscience.css" in page and "shortscience.js" in page
    assert 'class="shortscience-summary' in page


READABLE_JS = COLOURS_JS + """
const summary = doc.querySelector(".shortscience-summary");
const meta = summary.querySelector(".shortscience-summary-meta");
const text = summary.querySelector(".shortscience-summary-body p");
const link = summary.querySelector(".shortscience-summary-body .shortscience-citation a");
link.focus({preventScroll: true});
const tip = doc.getElementById("shortscience-preview");
const style = page.getComputedStyle(summary);
return {
  meta: colours(meta), text: colours(text), preview: colours(tip),
  rule: style.borderLeftWidth, gap: parseFloat(style.paddingLeft),
  dark: page.matchMedia("(prefers-color-scheme: dark)").matches,
  background: colours(doc.body)[1],
};
"""


@pytest.fixture(scope="module")
def sites(theme_build: Callable[[str], Path]) -> Iterator[Callable[[str], tuple[Path, str]]]:
    """``sites(theme)``: the theme's build served over HTTP, with MathJax."""
    served: dict[str, tuple[Path, str]] = {}
    with ExitStack() as servers:

        def get(theme: str) -> tuple[Path, str]:
            if theme not in served:
                outdir = theme_build(theme)
                add_mathjax(outdir)
                served[theme] = outdir, servers.enter_context(serve(outdir))
            return served[theme]

        yield get


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
@pytest.mark.skipif(not (MATHJAX / "tex-mml-chtml.js").exists(),
                    reason=f"needs MathJax 3 in {MATHJAX} (npm install --prefix .tools mathjax@3)")
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("theme", THEMES)
def test_readable_in_light_and_dark_mode(sites: Callable[[str], tuple[Path, str]], theme: str,
                                         dark: bool) -> None:
    require(theme)
    if dark and not THEMES[theme]:
        pytest.skip(f"{theme} has no dark mode")
    found = run_check(*sites(theme), "sessions/01-vision.html", READABLE_JS, dark=dark)
    assert found["dark"] is dark
    # the theme really switched: a dark page under light text, or the other way round
    assert (sum(found["background"]) < 3 * 128) is dark
    for part in ("text", "meta", "preview"):
        assert contrast(*found[part]) >= 4.5, (part, found[part])
    assert found["rule"] == "3px"
    assert found["gap"] >= 8, "the summary's text touches its left rule"
