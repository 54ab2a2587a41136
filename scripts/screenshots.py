#!/usr/bin/env python3
"""Screenshots of the example project in every tested theme, light and dark.

    python scripts/screenshots.py [--theme NAME ...] [--out DIR] [--keep DIR]

Builds ``example_project`` with each theme (``-D html_theme=...``, the example's own
``conf.py`` is left alone) in a temporary folder, serves the builds on 127.0.0.1 with a
local MathJax (``npm install --prefix .tools mathjax@3``, as ``dev.py test`` does) and takes
headless Chromium screenshots of a page with summaries (a citation's preview shown), a paper
page and a keyword page, in light and, for the themes that have one, dark mode. They are
written to ``docs/_static/screenshots/THEME-PAGE[-dark].png`` and shrunk with ``pngquant``
or ``optipng`` when either is installed. Needs the ``themes`` extra and Chromium.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# the browser tests' helpers: one local server, one MathJax, one way to start Chromium
from tests.browser import CHROMIUM, MATHJAX, add_mathjax, chromium_command, serve  # noqa: E402

EXAMPLE = ROOT / "example_project"
OUT = ROOT / "docs" / "_static" / "screenshots"


@dataclass(frozen=True)
class Theme:
    name: str  # short, used in file names
    html_theme: str
    module: str
    dark: bool  # has a dark mode that follows the browser's preference


THEMES = [
    Theme("alabaster", "alabaster", "alabaster", dark=False),
    Theme("furo", "furo", "furo", dark=True),
    Theme("pydata", "pydata_sphinx_theme", "pydata_sphinx_theme", dark=True),
    Theme("book", "sphinx_book_theme", "sphinx_book_theme", dark=True),
]

#: page name -> (document, CSS selector of a citation whose preview is shown, or "")
PAGES = {
    "summaries": ("sessions/01-vision.html", ".shortscience-summary-body .shortscience-citation a"),
    "paper": ("shortscience/paper/conf-cvpr-hezrs16--43xxletl.html", ""),
    "keyword": ("shortscience/keyword/object-detection.html", ""),
}

#: Loads a page in a frame of the window's size and focuses one of its citations, so that a
#: screenshot shows the preview that hovering it shows (the CLI cannot move a mouse).
FOCUS_PAGE = """<!doctype html>
<html><head><style>html, body { margin: 0; overflow: hidden; }
iframe { border: 0; width: 100vw; height: 100vh; }</style></head>
<body><iframe id="page"></iframe><script>
const query = new URLSearchParams(location.search);
const frame = document.getElementById("page");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
frame.onload = async () => {
  const view = frame.contentWindow;
  // MathJax changes the layout when it has typeset: place the preview after it
  for (let i = 0; i < 50 && !(view.MathJax && view.MathJax.startup); i++) { await pause(100); }
  if (view.MathJax && view.MathJax.startup) { await view.MathJax.startup.promise; }
  await view.document.fonts.ready;
  const link = frame.contentDocument.querySelector(query.get("focus"));
  if (!link) { return; }
  const box = link.getBoundingClientRect();
  if (box.bottom > view.innerHeight) { view.scrollBy(0, box.top - view.innerHeight / 2); }
  link.focus({preventScroll: true});
};
frame.src = query.get("page");
</script></body></html>
"""


def build(theme: Theme, source: Path, outdir: Path) -> None:
    print(f"building with {theme.html_theme}", flush=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
                    "-d", str(outdir.parent / f"doctrees-{theme.name}"),
                    "-D", f"html_theme={theme.html_theme}",
                    "-D", "mathjax_path=mathjax/tex-mml-chtml.js",
                    str(source), str(outdir)], check=True)
    add_mathjax(outdir)


def shrink(png: Path) -> None:
    if pngquant := shutil.which("pngquant"):
        subprocess.run([pngquant, "--force", "--skip-if-larger", "--strip", "--quality=70-95",
                        "--output", str(png), str(png)], check=False)
    if optipng := shutil.which("optipng"):
        subprocess.run([optipng, "-quiet", "-o2", "-strip", "all", str(png)], check=False)


def screenshot(url: str, target: Path, *, dark: bool) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(chromium_command(url, Path(profile), "--hide-scrollbars",
                                        f"--screenshot={target}", dark=dark, budget_ms=10000),
                       check=True, capture_output=True)
    shrink(target)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
          f"({target.stat().st_size // 1024} KiB)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--theme", action="append", choices=[t.name for t in THEMES],
                        help="only this theme (repeatable); default: all")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--keep", type=Path, help="build here and keep the builds")
    args = parser.parse_args(argv)
    themes = [t for t in THEMES if not args.theme or t.name in args.theme]
    missing = [t.html_theme for t in themes if importlib.util.find_spec(t.module) is None]
    if missing:
        sys.exit(f"not installed: {', '.join(missing)} (pip install -e '.[themes]')")
    if not (MATHJAX / "tex-mml-chtml.js").exists():
        sys.exit(f"MathJax is missing at {MATHJAX}: npm install --prefix .tools mathjax@3")
    if CHROMIUM is None:
        sys.exit("Chromium is needed: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        source = work / "example_project"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("_build", "shortscience"))
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        (site / "focus.html").write_text(FOCUS_PAGE, encoding="utf-8")
        for theme in themes:
            build(theme, source, site / theme.name)
        with serve(site) as base:
            for theme in themes:
                for page, (document, focus) in PAGES.items():
                    url = f"{base}/{theme.name}/{document}"
                    if focus:
                        url = f"{base}/focus.html?page={quote(url)}&focus={quote(focus)}"
                    for dark in (False, True) if theme.dark else (False,):
                        name = f"{theme.name}-{page}{'-dark' if dark else ''}.png"
                        screenshot(url, args.out / name, dark=dark)


if __name__ == "__main__":
    main()
