"""``shortscience_mathjax``: a MathJax the project installed is served with the site.

The browser tests (test_browser.py) read the example built with this setting and the real
npm package in headless Chromium with no network; here the build itself: the copy, the
script the pages load, the package kept out of the sources, a wrong folder.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import Build, copy_root, run_sphinx


def npm_install_mathjax(project: Path) -> Path:
    """The layout ``npm install mathjax@3`` leaves beside conf.py (the scripts are
    stand-ins: the build copies them and never runs them)."""
    package = project / "node_modules" / "mathjax"
    (package / "es5" / "ui").mkdir(parents=True)
    (package / "README.md").write_text("# MathJax\n\nBeautiful math in all browsers.\n")
    (package / "package.json").write_text('{"name": "mathjax", "version": "3.2.2"}\n')
    (package / "es5" / "tex-mml-chtml.js").write_text("/* MathJax 3 */\n")
    (package / "es5" / "ui" / "safe.js").write_text("/* ui/safe */\n")
    (project / "package.json").write_text('{"dependencies": {"mathjax": "^3.2.2"}}\n')
    return package


def mathjax_scripts(page: str) -> list[str]:
    return [script["src"] for script in BeautifulSoup(page, "html.parser").select("script[src]")
            if "mathjax" in script["src"].lower() or "tex-mml-chtml" in script["src"]]


def test_the_installed_mathjax_is_served_with_the_site(tmp_path: Path, basic: Build) -> None:
    project = copy_root("basic", tmp_path)
    npm_install_mathjax(project)
    settings = {"shortscience_mathjax": "node_modules/mathjax"}
    build = run_sphinx(project, confoverrides=settings)
    # the package's README.md is not a document: nothing warns beyond the root's own
    assert build.warning_lines() == basic.warning_lines()
    assert not (build.outdir / "node_modules").exists()
    copied = build.outdir / "_static" / "mathjax"
    assert (copied / "tex-mml-chtml.js").read_text() == "/* MathJax 3 */\n"
    assert (copied / "ui" / "safe.js").exists()  # MathJax's safe mode loads from the copy
    page = build.read("rst-summaries.html")
    assert mathjax_scripts(page) == ["_static/mathjax/tex-mml-chtml.js"]
    assert "cdn.jsdelivr.net" not in page
    assert "ui/safe" in page

    stamp = (copied / "tex-mml-chtml.js").stat().st_mtime_ns
    again = run_sphinx(project, confoverrides=settings)
    assert again.warning_lines() == []  # nothing re-read
    assert (copied / "tex-mml-chtml.js").stat().st_mtime_ns == stamp  # nothing copied again


def test_a_folder_without_mathjax_warns_and_keeps_the_cdn(tmp_path: Path, basic: Build) -> None:
    project = copy_root("basic", tmp_path)
    build = run_sphinx(project, confoverrides={"shortscience_mathjax": "node_modules/mathjax"})
    [warning] = [w for w in build.warning_lines() if w not in basic.warning_lines()]
    assert "shortscience_mathjax = 'node_modules/mathjax': no MathJax 3 there" in warning
    assert warning.endswith("math loads from the CDN [shortscience.config]")
    assert not (build.outdir / "_static" / "mathjax").exists()
    assert any("cdn.jsdelivr.net" in src for src in
               mathjax_scripts(build.read("rst-summaries.html")))
