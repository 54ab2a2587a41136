"""The example site in headless Chromium: MathJax typesets every formula of the summaries and
a citation shows its preview on hover and on keyboard focus."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup

from sphinx_shortscience.site.names import slug

from .browser import CHROMIUM, COLOURS_JS, MATHJAX, contrast, run_check, serve
from .conftest import Build

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)"),
    pytest.mark.skipif(not (MATHJAX / "tex-mml-chtml.js").exists(),
                       reason=f"needs MathJax 3 in {MATHJAX} (npm install --prefix .tools "
                              "mathjax@3)"),
]

PAPER = f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}.html"

MATH_JS = """
const math = Array.from(doc.querySelectorAll(".math"));
const body = doc.querySelector("[role=main]") || doc.body;
const text = body.innerText;
return {
  math: math.length,
  typeset: math.filter((el) => el.querySelector("mjx-container")).length,
  raw: math.filter((el) => !el.querySelector("mjx-container")).map((el) => el.textContent),
  errors: doc.querySelectorAll("mjx-merror, [data-mjx-error]").length,
  delimiters: ["\\\\(", "\\\\)", "\\\\[", "\\\\]", "$$"].filter((d) => text.includes(d)),
};
"""


@pytest.fixture(scope="module")
def site(built: Callable[..., Build]) -> Iterator[tuple[Path, str]]:
    # MathJax served with the site, as shortscience_mathjax does it: the browser has no network
    build = built("example", "html", shortscience_mathjax=str(MATHJAX.parent))
    assert build.warning_lines() == []
    assert (build.outdir / "_static" / "mathjax" / "tex-mml-chtml.js").exists()
    with serve(build.outdir) as base:
        yield build.outdir, base


@pytest.mark.parametrize("page", ["sessions/01-vision.html", "sessions/02-training.html",
                                  PAPER, "shortscience/keyword/object-detection.html"])
def test_mathjax_typesets_every_formula(site: tuple[Path, str], page: str) -> None:
    found = run_check(*site, page, MATH_JS)
    assert found["math"] > 0
    assert found["raw"] == []
    assert found["typeset"] == found["math"]
    assert found["errors"] == 0
    assert found["delimiters"] == []


PREVIEW_JS = COLOURS_JS + """
const links = Array.from(
  doc.querySelectorAll(".shortscience-summary-body .shortscience-citation a"));
const first = links[0], second = links[1];
const title = first.getAttribute("title");
const edges = (el) => (({left, top, right, bottom}) => ({left, top, right, bottom}))(
  el.getBoundingClientRect());
first.focus();
const tip = doc.getElementById("shortscience-preview");
const focused = tip && {
  text: tip.textContent, hidden: tip.hidden, role: tip.getAttribute("role"),
  display: page.getComputedStyle(tip).display,
  visibility: page.getComputedStyle(tip).visibility,
  opacity: page.getComputedStyle(tip).opacity,
  box: edges(tip), link: edges(first),
  describedby: first.getAttribute("aria-describedby"),
  nativeTitle: first.getAttribute("title"),
  colours: colours(tip),
};
first.blur();
const afterBlur = tip.hidden;
const secondTitle = second.getAttribute("title");
second.dispatchEvent(new page.MouseEvent("mouseover", {bubbles: true}));
await pause(600);
const hovered = {text: tip.textContent, hidden: tip.hidden};
second.dispatchEvent(new page.MouseEvent("mouseout", {bubbles: true, relatedTarget: doc.body}));
return {count: links.length, title, focused, afterBlur, secondTitle, hovered,
        afterOut: tip.hidden, viewport: [page.innerWidth, page.innerHeight]};
"""


def test_citation_preview_shows_on_focus_and_hover(site: tuple[Path, str]) -> None:
    found = run_check(*site, "sessions/01-vision.html", PREVIEW_JS)
    assert found["count"] >= 2
    title = found["title"]
    assert title.startswith("Dropout: a simple way to prevent neural networks from overfitting.")
    assert "Srivastava" in title and "2014" in title
    shown = found["focused"]
    assert shown is not None, "no preview element after focusing a citation"
    assert shown["text"] == title
    assert not shown["hidden"] and shown["display"] != "none"
    assert shown["visibility"] == "visible" and float(shown["opacity"]) > 0.9
    box, link, (width, height) = shown["box"], shown["link"], found["viewport"]
    assert box["right"] - box["left"] > 100 and box["bottom"] - box["top"] > 10
    assert box["left"] >= 0 and box["right"] <= width
    assert box["top"] >= 0 and box["bottom"] <= height
    assert box["top"] >= link["bottom"] or box["bottom"] <= link["top"], "covers its link"
    assert shown["role"] == "tooltip" and shown["describedby"] == "shortscience-preview"
    assert shown["nativeTitle"] is None, "the browser's own tooltip would show it a second time"
    assert contrast(*shown["colours"]) >= 4.5
    assert found["afterBlur"] is True
    assert found["hovered"] == {"text": found["secondTitle"], "hidden": False}
    assert found["afterOut"] is True


def test_preview_degrades_to_the_title_attribute(site: tuple[Path, str]) -> None:
    """Without JavaScript, the HTML as written: every paper link carries its preview."""
    outdir, _ = site
    soup = BeautifulSoup((outdir / "sessions" / "01-vision.html").read_text(encoding="utf-8"),
                         "html.parser")
    links = soup.select("a.shortscience-paper-link")
    assert len(links) > 5
    assert [link["href"] for link in links if not link.get("title")] == []
    script = soup.find("script", src=lambda src: bool(src) and "shortscience.js" in src)
    assert script is not None and script.has_attr("defer")


def test_the_tutorial_site_typesets_math_offline(tmp_path: Path) -> None:
    """The tutorial followed as written, with its offline-math step: ``npm install mathjax@3``
    (here the same package, linked) and the conf.py line; no network in the browser."""
    from .conftest import run_sphinx
    from .test_docs import DOCS, tutorial_files

    site = tmp_path / "reading-group"
    for name, content in tutorial_files().items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")
    (site / "node_modules").mkdir()
    (site / "node_modules" / "mathjax").symlink_to(MATHJAX.parent, target_is_directory=True)
    added = re.search(r":caption: conf.py \(added\)\n\n(.*?)\n```",
                      (DOCS / "tutorial.md").read_text(encoding="utf-8"), re.DOTALL)
    assert added is not None
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(added.group(1) + "\n")
    index = site / "index.md"  # step 6: "list it in the toctree of index.md"
    index.write_text(index.read_text().replace(
        "sessions/01-attention\n", "sessions/01-attention\nsessions/02-attention-again\n"))
    build = run_sphinx(site)
    assert build.warning_lines() == [], build.warnings
    with serve(build.outdir) as base:
        found = run_check(build.outdir, base, "sessions/01-attention.html", MATH_JS)
    assert found["math"] == found["typeset"] == 1
    assert found["raw"] == [] and found["errors"] == 0


SAFE_JS = """
const links = Array.from(doc.querySelectorAll("mjx-container [href]"));
return {
  load: (page.MathJax.config.loader || {}).load || [],
  macros: Object.keys(((page.MathJax.config.tex || {}).macros) || {}),
  typeset: doc.querySelectorAll("mjx-container").length,
  hrefs: links.map((el) => el.getAttribute("href")),
};
"""


@pytest.mark.parametrize("setting", [
    "mathjax3_config",
    pytest.param("mathjax4_config", marks=pytest.mark.skipif(
        sphinx.version_info < (9,), reason="mathjax4_config is Sphinx 9's")),
])
def test_a_project_mathjax_config_keeps_the_safe_mode(tmp_path: Path, setting: str) -> None:
    """With the project's own MathJax configuration, MathJax still runs in safe mode: a
    ``javascript:`` link in math (here the project's own page, which the allow-list of
    summaries does not cover) is not live, a web link is."""
    from .conftest import copy_root, run_sphinx

    project = copy_root("basic", tmp_path)
    (project / "links.rst").write_text(
        ":orphan:\n\nLinks\n=====\n\nThe project's own math: "
        r":math:`\href{javascript:alert(1)}{x} + \href{https://example.org/}{y} + \RR`"
        "\n", encoding="utf-8")
    build = run_sphinx(project, confoverrides={
        setting: {"tex": {"macros": {"RR": r"\mathbb{R}"}}},
        "shortscience_mathjax": str(MATHJAX.parent)})
    with serve(build.outdir) as base:
        found = run_check(build.outdir, base, "links.html", SAFE_JS)
    assert "ui/safe" in found["load"]
    assert found["macros"] == ["RR"]  # the project's configuration, kept
    assert found["typeset"] == 1
    assert set(found["hrefs"]) == {"https://example.org/"}  # no javascript: link
