"""Snapshots of what readers see, normalized so that Sphinx and docutils versions don't churn them.

Only element names, links and our own classes are kept: a change in Sphinx's markup
(``docutils container``, permalink titles) does not touch the snapshot, a change in ours does.
Regenerate with ``pytest --force-regen`` after checking the diff.
"""

from __future__ import annotations

from bs4 import Tag
from pytest_regressions.file_regression import FileRegressionFixture

from sphinx_shortscience.site.names import slug

from .conftest import Build

KEPT_CLASSES = ("shortscience", "math", "rubric")
KEPT_ATTRIBUTES = ("href", "src", "title", "id")


def normalize(element: Tag) -> str:
    for permalink in element.select("a.headerlink"):
        permalink.decompose()
    for pre in element.find_all("pre"):  # Pygments' token spans change between versions
        pre.string = pre.get_text()
    for empty in element.find_all("div"):  # Sphinx 7 ends the body with an empty "clearer"
        if not empty.get_text(strip=True) and not empty.find(["img", "a"]):
            empty.decompose()
    for tag in element.find_all(True):
        classes = [c for c in tag.get("class", []) if c.startswith(KEPT_CLASSES)]
        kept = {name: tag[name] for name in KEPT_ATTRIBUTES if tag.has_attr(name)}
        tag.attrs = kept
        if classes:
            tag["class"] = classes
    lines = [line.rstrip() for line in element.prettify().splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"


def body_of(build: Build, docname: str) -> Tag:
    soup = build.soup(docname)
    body = soup.select_one("div.body") or soup.select_one("[role=main]")
    assert body is not None
    return body


def test_summaries_page(basic: Build, file_regression: FileRegressionFixture) -> None:
    file_regression.check(normalize(body_of(basic, "rst-summaries")), extension=".html")


def test_markdown_page(basic: Build, file_regression: FileRegressionFixture) -> None:
    file_regression.check(normalize(body_of(basic, "md-summaries")), extension=".html")


def test_paper_page(basic: Build, file_regression: FileRegressionFixture) -> None:
    page = f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}"
    file_regression.check(normalize(body_of(basic, page)), extension=".html")


def test_index_page(basic: Build, file_regression: FileRegressionFixture) -> None:
    file_regression.check(normalize(body_of(basic, "shortscience/index")), extension=".html")
