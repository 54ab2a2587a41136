"""Every ``shortscience_*`` configuration value, declared once and validated at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .bib.cache import BibSource
from .bib.state import BibState
from .grammar.allowed import MarkupPolicy
from .warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CITE_STYLES = ("author-year", "numeric", "key", "title")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    rebuild: Literal["env", "html"]
    types: tuple[type, ...]
    doc: str
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "shortscience_bibfiles", None, "env", (list, tuple, type(None)),
        "Bib files to read, relative to the folder of conf.py. ``None`` (the default) "
        "reads the files of ``bibtex_bibfiles``, the setting sphinxcontrib-bibtex uses.",
    ),
    Setting(
        "shortscience_dir", "shortscience", "env", (str,),
        "The folder of the source tree that holds the generated pages. It carries its own "
        "``.gitignore``; do not put files of your own there.",
    ),
    Setting(
        "shortscience_cite_style", "author-year", "env", (str,),
        "Link text of ``\\cite``: ``author-year`` (He et al., 2016), ``numeric``, ``key`` "
        "or ``title``.",
        CITE_STYLES,
    ),
    Setting(
        "shortscience_allow_raw_html", False, "env", (bool,),
        "Pass raw HTML in summaries through to the page. By default it is shown as text.",
    ),
    Setting(
        "shortscience_allowed_directives", [], "env", (list, tuple),
        "Directives a summary body may use beyond the built-in allow-list (admonitions, "
        "tables, math, code, images). Others are shown as text with a warning.",
    ),
    Setting(
        "shortscience_allowed_roles", [], "env", (list, tuple),
        "Roles a summary body may use beyond the built-in allow-list (inline markup, "
        "cross-references, ``paper``, sphinxcontrib-bibtex's ``cite``).",
    ),
    Setting(
        "shortscience_allowed_classes", [], "env", (list, tuple),
        "CSS classes a summary may give its box (``:class:``) and the directives in its body "
        "(``:class:``, ``container``). Others are left out with a warning: a theme's own "
        "classes (``fixed-top``, ``vh-100``) would lay a summary over the page.",
    ),
    Setting(
        "shortscience_recent", 10, "env", (int,),
        "How many of the newest summaries the index page lists.",
    ),
    Setting(
        "shortscience_venue_aliases", {}, "env", (dict,),
        "Extra venue names to merge, e.g. ``{\"Neural Computation\": \"Neural Comput.\"}``; "
        "keys are matched case-insensitively. NeurIPS and arXiv are merged by default.",
    ),
    Setting(
        "shortscience_feed_size", 20, "html", (int,),
        "How many of the newest summaries the Atom feed holds (written when "
        "``html_baseurl`` is set).",
    ),
    Setting(
        "shortscience_excerpt_words", 50, "env", (int,),
        "About how many words of a summary the listing pages show.",
    ),
    Setting(
        "shortscience_mathjax", None, "html", (str, type(None)),
        "A MathJax 3 to serve with the site instead of the CDN, so math shows offline: the "
        "folder of the npm package ``mathjax`` (``npm install mathjax@3`` beside conf.py "
        "gives ``\"node_modules/mathjax\"``), relative to conf.py. Its browser build is "
        "copied into ``_static/mathjax`` and ``mathjax_path`` points there.",
    ),
    Setting(
        "shortscience_index_title", "Paper summaries", "env", (str,),
        "The title of the generated index page.",
    ),
)


def add_config_values(app: Sphinx) -> None:
    for setting in SETTINGS:
        # types=Any: we validate ourselves, with one clear message and a fallback
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=Any)


def add_to_config(config: Config) -> None:
    """Declare our settings on a configuration read without an application."""
    for setting in SETTINGS:
        if setting.name not in config:
            config.add(setting.name, setting.default, setting.rebuild, Any)


def validate_config(app: Sphinx, config: Config) -> None:
    """Replace wrong values by their default, with a clear warning for each."""
    for message in config_problems(config):
        warn(ShortScienceWarning.config, message)


def config_problems(config: Config) -> list[str]:
    """Replace wrong values by their default; say what was wrong with each."""
    problems: list[str] = []
    for setting in SETTINGS:
        value = config[setting.name]
        wrong_type = not isinstance(value, setting.types) or (
            isinstance(value, bool) and bool not in setting.types
        )
        if wrong_type:
            expected = " or ".join(
                "None" if t is type(None) else t.__name__ for t in setting.types
            )
            problems.append(
                f"{setting.name} = {value!r} is not a {expected}; using {setting.default!r}")
            config[setting.name] = setting.default
        elif setting.choices and value not in setting.choices:
            problems.append(f"{setting.name} = {value!r} is not one of "
                            f"{', '.join(setting.choices)}; using {setting.default!r}")
            config[setting.name] = setting.default
    for name in ("shortscience_allowed_directives", "shortscience_allowed_roles",
                 "shortscience_allowed_classes"):
        if not all(isinstance(item, str) for item in config[name]):
            problems.append(f"{name} = {config[name]!r} must be a list of names; using []")
            config[name] = []
    bibfiles = config.shortscience_bibfiles
    if bibfiles is not None and not all(isinstance(name, str) for name in bibfiles):
        problems.append(f"shortscience_bibfiles = {bibfiles!r} must be a list of file names")
        config.shortscience_bibfiles = None
    folder = config.shortscience_dir.strip().strip("/")
    if not folder or ".." in Path(folder).parts or Path(folder).is_absolute():
        problems.append(f"shortscience_dir = {config.shortscience_dir!r} must be a folder "
                        "inside the source tree; using 'shortscience'")
        folder = "shortscience"
    config.shortscience_dir = folder
    return problems


def configured_bibfiles(config: Config) -> list[str]:
    """``shortscience_bibfiles``, or else ``bibtex_bibfiles`` whether or not
    sphinxcontrib-bibtex (which declares it) is loaded."""
    if config.shortscience_bibfiles is not None:
        return list(config.shortscience_bibfiles)
    value = setting_value(config, "bibtex_bibfiles", None)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return []


def bib_sources(confdir: Path, config: Config) -> list[BibSource]:
    """The configured bib files, by the name written and the path from *confdir*."""
    return [BibSource(name, (confdir / name).resolve()) for name in configured_bibfiles(config)]


def bibfiles_setting_name(config: Config) -> str:
    if config.shortscience_bibfiles is not None:
        return "shortscience_bibfiles"
    return "bibtex_bibfiles"


def setting_value(config: Config, name: str, default: Any) -> Any:
    """The value conf.py gives *name*, whether or not an extension declared it.

    A setting nobody declared (``bibtex_bibfiles`` without sphinxcontrib-bibtex, or
    ``html_static_path`` when the command reads conf.py without a builder) is declared
    here, as an extension would, so that Sphinx hands over the value conf.py sets.
    """
    if name not in config:
        config.add(name, default, "", ())
    return config[name]


def markup_policy(config: Config) -> MarkupPolicy:
    """The directives and roles this project's summaries may use."""
    return MarkupPolicy.of(config.shortscience_allowed_directives,
                           config.shortscience_allowed_roles,
                           config.shortscience_allow_raw_html,
                           config.shortscience_allowed_classes)


def bib_state(confdir: Path, config: Config, cache_folder: Path) -> BibState:
    """The bib files *config* names (relative to *confdir*), cached in *cache_folder*."""
    name = bibfiles_setting_name(config)
    shared = (config.shortscience_bibfiles is None
              and "sphinxcontrib.bibtex" in setting_value(config, "extensions", []))
    encoding = setting_value(config, "bibtex_encoding", "utf-8-sig")
    return BibState(bib_sources(confdir, config), cache_folder, name,
                    line_of_setting(confdir / "conf.py", name), shared_with_bibtex=shared,
                    encoding=encoding if isinstance(encoding, str) and encoding else "utf-8-sig")


def line_of_setting(conf_py: Path, name: str) -> str | None:
    """``conf.py:LINE`` of the line that sets *name*, to locate a warning about it."""
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(name) and "=" in line:
            return f"{conf_py}:{number}"
    return None
