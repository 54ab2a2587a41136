"""``shortscience_mathjax``: a MathJax the project installed is served with the site.

The browser tests (test_browser.py) read the example built with this setting and the real
npm package in headless Chromium with no network; here the build itself: the copy, the
script the pages load, the package kept out of the sources, a wrong folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sphinx
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


# -- the project's own MathJax configuration is merged with the safe mode (issue 30) --------

SPHINX_9 = sphinx.version_info >= (9,)
#: What a project might configure: a macro of its own and a TeX package to load.
PROJECT_CONFIG = {"tex": {"macros": {"RR": r"\mathbb{R}"}}, "loader": {"load": ["[tex]/physics"]}}


def effective_mathjax_config(page: str) -> Any:
    """``window.MathJax`` as MathJax finds it: the page's inline scripts up to the MathJax
    script, run in order (in node, as a browser would run them)."""
    if shutil.which("node") is None:
        pytest.skip("needs node to run the page's configuration scripts")
    bodies = []
    for script in BeautifulSoup(page, "html.parser").select("script"):
        source = str(script.get("src", ""))
        if "mathjax" in source.lower() or "tex-mml-chtml" in source:
            break
        if not source and script.get("type") in (None, "text/javascript"):
            bodies.append(script.string or "")
    program = ("var window = globalThis;\n" + ";\n".join(bodies)
               + "\nconsole.log(JSON.stringify(window.MathJax || null));")
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def build_with(tmp_path: Path, **settings: Any) -> Build:
    return run_sphinx(copy_root("basic", tmp_path), confoverrides=settings)


@pytest.mark.parametrize("setting", [
    "mathjax3_config",
    pytest.param("mathjax4_config", marks=pytest.mark.skipif(
        not SPHINX_9, reason="mathjax4_config is Sphinx 9's")),
])
def test_the_project_mathjax_config_is_merged_with_safe_mode(tmp_path: Path,
                                                             setting: str) -> None:
    build = build_with(tmp_path, **{setting: PROJECT_CONFIG})
    config = effective_mathjax_config(build.read("rst-summaries.html"))
    assert "ui/safe" in config["loader"]["load"]
    assert "[tex]/physics" in config["loader"]["load"]  # the project's own, kept
    assert config["tex"]["macros"] == {"RR": r"\mathbb{R}"}
    assert not [w for w in build.warning_lines() if w.endswith("[shortscience.config]")]


@pytest.mark.skipif(not SPHINX_9, reason="mathjax4_config is Sphinx 9's")
def test_both_mathjax_configs_and_safe_mode(tmp_path: Path) -> None:
    build = build_with(tmp_path, mathjax3_config={"tex": {"tags": "ams"}},
                       mathjax4_config=PROJECT_CONFIG)
    config = effective_mathjax_config(build.read("rst-summaries.html"))
    assert "ui/safe" in config["loader"]["load"]
    assert config["tex"]["macros"] == {"RR": r"\mathbb{R}"}


@pytest.mark.skipif(not SPHINX_9, reason="mathjax_config_path is Sphinx 9's")
def test_a_mathjax_config_script_is_merged_with_safe_mode(tmp_path: Path) -> None:
    """A configuration in JavaScript (mathjax_config_path) cannot be read, only run: the
    safe mode is added after it, before MathJax loads."""
    project = copy_root("basic", tmp_path)
    (project / "mathjax-config.js").write_text(
        "window.MathJax = {tex: {macros: {RR: '\\\\mathbb{R}'}}, "
        "loader: {load: ['[tex]/physics']}};\n")
    build = run_sphinx(project, confoverrides={"mathjax_config_path": "mathjax-config.js"})
    config = effective_mathjax_config(build.read("rst-summaries.html"))
    assert "ui/safe" in config["loader"]["load"]
    assert config["tex"]["macros"] == {"RR": r"\mathbb{R}"}


def test_safe_mode_without_a_project_config(basic: Build) -> None:
    config = effective_mathjax_config(basic.read("rst-summaries.html"))
    assert config == {"loader": {"load": ["ui/safe"]}}


@pytest.mark.parametrize(("options", "named"), [
    ({"safeOptions": {"allow": {"URLs": "all"}}}, "allow.URLs = 'all'"),
    ({"safeOptions": {"safeProtocols": {"javascript": True}}}, "safeProtocols.javascript"),
])
def test_a_config_that_weakens_safe_mode_warns(tmp_path: Path, options: dict[str, Any],
                                               named: str) -> None:
    build = build_with(tmp_path, mathjax3_config={"options": options})
    [warning] = [w for w in build.warning_lines() if w.endswith("[shortscience.config]")]
    assert "mathjax3_config" in warning and named in warning and "safe mode" in warning
    config = effective_mathjax_config(build.read("rst-summaries.html"))
    assert "ui/safe" in config["loader"]["load"]  # loaded still, as the project set it up
