"""Every internal link of the built example site points at a page and an anchor that exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import Build


def anchors(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return cache[page]


@pytest.mark.parametrize(("root", "builder"), [
    ("example", "html"), ("example", "dirhtml"), ("example", "singlehtml"),
    ("hostile", "html"), ("hostile", "singlehtml")])
def test_no_broken_internal_links(built: Callable[..., Build], root: str, builder: str) -> None:
    build = built(root, builder)
    cache: dict[Path, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for page in sorted(build.outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all("a", href=True):
            href = link["href"]
            if urlsplit(href).scheme or href.startswith(("mailto:", "//")):
                continue
            target, fragment = urldefrag(href)
            path = (page.parent / unquote(target)).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            checked += 1
            if not path.exists():
                broken.append(f"{page.relative_to(build.outdir)}: {href} (no such file)")
            elif fragment and path.suffix == ".html" and fragment not in anchors(path, cache):
                broken.append(f"{page.relative_to(build.outdir)}: {href} (no such anchor)")
    assert checked > (500 if root == "example" else 50)
    assert broken == [], "\n".join(broken[:20])


def test_every_generated_page_is_linked_from_somewhere(built: Callable[..., Build]) -> None:
    build = built("example", "html")
    linked: set[Path] = set()
    for page in build.outdir.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            if "://" not in href:
                linked.add((page.parent / unquote(href)).resolve())
    generated = set((build.outdir / "shortscience").rglob("*.html"))
    orphans = sorted(p.relative_to(build.outdir).as_posix() for p in generated
                     if p.resolve() not in linked)
    assert orphans == []
