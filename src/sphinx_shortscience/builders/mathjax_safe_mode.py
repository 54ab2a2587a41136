"""MathJax's safe mode, whatever MathJax configuration the project has.

MathJax's ``ui/safe`` filters what math may put on the page: links only to web URLs, no
script, only harmless styles, ids and classes (a second line behind the allow-list of math
commands).  Sphinx writes each MathJax configuration a project gives (``mathjax3_config``,
Sphinx 9's ``mathjax4_config``, a ``mathjax_config_path`` script) as a script setting
``window.MathJax`` before MathJax loads, each replacing the one before it; a safe mode set
as one of those configurations was gone as soon as the project had its own.  So the safe
mode is a script of its own, put on every page that loads MathJax right before MathJax and
after all of the project's configuration: it adds ``ui/safe`` to whatever those left, keeping
the rest.  conf.py is trusted: options that turn the safe mode's filters off are kept, with
a warning.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import line_of_setting
from ..warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SAFE_MODE = "ui/safe"
#: The project's MathJax configurations that are JSON (a script cannot be read, only run).
CONFIG_VALUES = ("mathjax3_config", "mathjax4_config")

#: Runs after the project's configuration scripts and before MathJax: adds the safe mode to
#: what they set up.  Not a configuration of its own, which would replace theirs.
MERGE_SAFE_MODE = f"""(function () {{
  var config = window.MathJax;
  if (typeof config !== "object" || config === null) {{ config = window.MathJax = {{}}; }}
  var loader = config.loader = config.loader || {{}};
  var load = loader.load = Array.isArray(loader.load) ? loader.load : [];
  if (load.indexOf("{SAFE_MODE}") < 0) {{ load.push("{SAFE_MODE}"); }}
}})();"""

#: URL schemes that the safe mode's ``safeProtocols`` must leave off.
_UNSAFE_PROTOCOLS = ("javascript", "data", "vbscript")


def add_safe_mode(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: object) -> None:
    """Put the safe mode's script right before MathJax's, on a page that loads MathJax."""
    scripts = context.get("script_files")
    mathjax = _mathjax_script(app, scripts) if isinstance(scripts, list) else None
    if scripts is None or mathjax is None:
        return
    app.builder.add_js_file("", body=MERGE_SAFE_MODE,  # type: ignore[attr-defined]
                            priority=getattr(mathjax, "priority", 500))
    merge = scripts.pop()  # added last; the scripts are sorted (stably) by priority
    scripts.insert(scripts.index(mathjax), merge)


def _mathjax_script(app: Sphinx, scripts: list[Any]) -> Any:
    """The script that loads MathJax, as Sphinx's mathjax extension adds it, or None."""
    path = app.config.mathjax_path
    if not path:
        return None
    names = {path, posixpath.join("_static", path)}
    return next((script for script in scripts
                 if str(getattr(script, "filename", script)) in names), None)


def check_mathjax_config(app: Sphinx, config: Config) -> None:
    """Warn when the project's own MathJax configuration turns the safe mode's filters off,
    or cannot be a configuration at all."""
    conf_py = Path(app.confdir, "conf.py")
    for name in CONFIG_VALUES:
        value = getattr(config, name, None)  # mathjax4_config: Sphinx 9 on
        if value is None:
            continue
        where = line_of_setting(conf_py, name)
        if not isinstance(value, dict):
            warn(ShortScienceWarning.config,
                 f"{name} is a {type(value).__name__}, not a dict: Sphinx writes it as a JSON "
                 "value that MathJax does not take for a configuration; MathJax's safe mode "
                 "is loaded without it", where)
            continue
        weakened = safe_mode_weakened(value)
        if weakened:
            warn(ShortScienceWarning.config,
                 f"{name} turns filters of MathJax's safe mode off ({', '.join(weakened)}): "
                 "math from summaries and bib fields reaches the page with fewer checks; "
                 "the safe mode is loaded with these options", where)


def safe_mode_weakened(mathjax_config: dict[str, Any]) -> list[str]:
    """The options of a MathJax configuration that let through what the safe mode filters."""
    options = mathjax_config.get("options")
    safe = options.get("safeOptions") if isinstance(options, dict) else None
    if not isinstance(safe, dict):
        return []
    allow = _dict(safe.get("allow"))
    protocols = _dict(safe.get("safeProtocols"))
    return ([f"allow.{key} = 'all'" for key, value in allow.items() if value == "all"]
            + [f"safeProtocols.{scheme}" for scheme in _UNSAFE_PROTOCOLS
               if protocols.get(scheme)])


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def setup_safe_mode(app: Sphinx) -> None:
    app.connect("config-inited", check_mathjax_config)
    # after Sphinx's mathjax extension (priority 500) added its scripts to the page
    app.connect("html-page-context", add_safe_mode, priority=900)
