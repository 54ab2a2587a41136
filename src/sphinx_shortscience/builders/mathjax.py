"""MathJax served with the site (``shortscience_mathjax``), so math shows without a CDN.

Sphinx loads MathJax from a CDN; a site read offline, or on a network that blocks the CDN,
shows math as ``\\( ... \\)``. With the setting naming a MathJax 3 the user installed (the
npm package ``mathjax``, e.g. ``npm install mathjax@3`` beside conf.py), its browser build is
copied into ``_static/mathjax`` of every HTML build and ``mathjax_path`` points there. Nothing
is downloaded at build time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The combined component Sphinx's own default loads from the CDN.
ENTRY = "tex-mml-chtml.js"
#: Where the copy goes, under the build's ``_static``.
STATIC_FOLDER = "mathjax"


def browser_build(folder: Path) -> Path | None:
    """The folder holding MathJax 3's browser build: *folder* itself, or its ``es5``."""
    for candidate in (folder, folder / "es5"):
        if (candidate / ENTRY).is_file():
            return candidate
    return None


def configured_mathjax(app: Sphinx) -> Path | None:
    """The browser build ``shortscience_mathjax`` names, or None when unset or not found."""
    value = app.config.shortscience_mathjax
    if not value:
        return None
    return browser_build(_absolute(Path(app.confdir, value)))


def use_local_mathjax(app: Sphinx, config: Config) -> None:
    """Point ``mathjax_path`` at the copy and keep the package's files out of the sources."""
    value = config.shortscience_mathjax
    if not value:
        return
    folder = _absolute(Path(app.confdir, value))
    if browser_build(folder) is None:
        warn(ShortScienceWarning.config,
             f"shortscience_mathjax = {value!r}: no MathJax 3 there ({folder / ENTRY} is "
             "missing; `npm install mathjax@3` beside conf.py gives node_modules/mathjax); "
             "math loads from the CDN")
        config.shortscience_mathjax = None
        return
    config.mathjax_path = f"{STATIC_FOLDER}/{ENTRY}"
    excluded = _inside_sources(folder, _absolute(Path(app.srcdir)))
    if excluded is not None and excluded not in config.exclude_patterns:
        # the package's README.md and the like are not documents of the project
        config.exclude_patterns = [*config.exclude_patterns, excluded]


def _absolute(path: Path) -> Path:
    """*path* made absolute without following links: a linked package (pnpm links every
    package) still sits where the project put it."""
    return Path(os.path.normpath(path.absolute()))


def _inside_sources(folder: Path, srcdir: Path) -> str | None:
    """The pattern that keeps *folder* out of the sources: the ``node_modules`` it sits in,
    or the folder itself; None when it is outside the source tree."""
    try:
        parts = folder.relative_to(srcdir).parts
    except ValueError:
        return None
    if "node_modules" in parts:
        parts = parts[: parts.index("node_modules") + 1]
    return "/".join(parts) if parts else None


def _copy_if_changed(source: str, destination: str) -> None:
    target = Path(destination)
    origin = Path(source).stat()
    if target.exists():
        current = target.stat()
        if (current.st_size, current.st_mtime_ns) == (origin.st_size, origin.st_mtime_ns):
            return
    shutil.copy2(source, destination)


def copy_mathjax(app: Sphinx, exception: BaseException | None) -> None:
    """Copy the browser build into the HTML output's ``_static``, only what changed."""
    if exception is not None or app.builder.format != "html":
        return
    source = configured_mathjax(app)
    if source is None:
        return
    target = Path(app.outdir, "_static", STATIC_FOLDER)
    shutil.copytree(source, target, dirs_exist_ok=True, copy_function=_copy_if_changed)


def setup_mathjax(app: Sphinx) -> None:
    app.connect("config-inited", use_local_mathjax, priority=600)  # after validation
    app.connect("build-finished", copy_mathjax)
