"""The project the command works on: its conf.py, read as Sphinx reads it, and its bib."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from ..config import add_to_config, bib_state, configured_bibfiles
from .errors import UsageError

if TYPE_CHECKING:
    from ..bib.bibliography import Bibliography


def read_config(confdir: Path) -> Config:
    """conf.py read as sphinx-build reads it, with our settings declared and validated."""
    if not (confdir / "conf.py").is_file():
        raise UsageError(f"no conf.py in {confdir} (give the folder that holds conf.py: "
                         "shortscience check docs/)")
    try:
        config = Config.read(confdir, overrides={}, tags=Tags())
    except ConfigError as error:
        raise UsageError(f"conf.py could not be read: {error}") from None
    add_to_config(config)
    return config


def default_cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sphinx-shortscience"


def load_bibliography(srcdir: Path, *, allow_empty: bool = False) -> Bibliography:
    """The project's bibliography, read as ``check`` reads it; problems are errors here
    only when no entry at all could be read (and *allow_empty* is not set: a project
    about to get its first entry)."""
    config = read_config(srcdir.resolve())
    if not configured_bibfiles(config):
        raise UsageError(f"conf.py in {srcdir} lists no bib files (set bibtex_bibfiles or "
                         "shortscience_bibfiles)")
    state = bib_state(srcdir.resolve(), config, default_cache_folder())
    bibliography = state.bibliography
    unreadable = [p for p in bibliography.problems if p.kind == "file"]
    if unreadable and not len(bibliography) and not allow_empty:
        raise UsageError("; ".join(f"{p.message}: {p.path}" for p in unreadable))
    return bibliography
