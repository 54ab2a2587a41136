"""``shortscience check``: the warnings a build would give, without building.

conf.py is read the way Sphinx reads it, the bib files are loaded as a build loads them
(through the same content-keyed cache), and each source is scanned for summaries and paper
roles (:mod:`.find`); their keys, options and bodies go through the
same rules and grammar as in a build, and the warnings come out in Sphinx's form.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.project import Project
from sphinx.util.inventory import InventoryFile
from sphinx.util.logging import is_suppressed_warning

from ..bib.view import field_problems
from ..config import bib_state, config_problems, markup_policy, setting_value
from ..grammar.links import (
    outside_source_message,
)
from ..grammar.math_safety import MathKind, unsafe_math, unsafe_math_message
from ..grammar.myst_syntax import refuse_syntax
from ..grammar.nesting import too_deep
from ..grammar.scanner import protect
from ..grammar.tokens import CiteToken, PaperLinkToken
from ..summaries.rules import (
    KNOWN_OPTIONS,
    disallowed_markup_message,
    missing_key_message,
    numref_to_page_message,
    option_line,
    page_without_numbers,
    unparsable_body_message,
    unsafe_link_message,
)
from ..summaries.written import read_summary
from ..util.image_files import shown_as_text_message
from ..warnings_ import WARNING_TYPE, ShortScienceWarning
from .body_links import body_links, image_directives, rst_links
from .body_markup import FoundMarkup, body_markup
from .find import PAPER_ROLES, FoundSummary, find_in_file, role_key
from .project import default_cache_folder, read_config

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.config import Config

    from ..bib.bibliography import Bibliography
    from ..grammar.allowed import MarkupPolicy


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One warning, as a build would print it."""

    path: str
    line: int
    subtype: str
    message: str
    key: str = field(default="", compare=False)  # the key a missing_key finding is about

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}WARNING: {self.message} [{WARNING_TYPE}.{self.subtype}]"

    def as_json(self, relative_to: Path | None = None) -> dict[str, Any]:
        path = self.path
        if path and relative_to is not None:
            with contextlib.suppress(ValueError):
                path = os.path.relpath(path, relative_to)
        return {"file": path or None, "line": self.line or None,
                "type": f"{WARNING_TYPE}.{self.subtype}", "message": self.message}


@dataclass
class CheckReport:
    srcdir: Path
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    summaries: int = 0
    notes: list[str] = field(default_factory=list)


def _finding(subtype: ShortScienceWarning, message: str, location: str | None) -> Finding:
    if not location:
        return Finding("", 0, subtype.value, message)
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return Finding(path, int(line), subtype.value, message)
    return Finding(location, 0, subtype.value, message)


def _suffixes(config: Config) -> list[str]:
    raw = setting_value(config, "source_suffix", [".rst"])
    suffixes = [raw] if isinstance(raw, str) else list(raw)
    extensions = setting_value(config, "extensions", [])
    for suffix in (".md", *((".ipynb",) if "myst_nb" in extensions else ())):
        if suffix not in suffixes:
            suffixes.append(suffix)
    return suffixes


def _documents(srcdir: Path, config: Config) -> Iterator[Path]:
    """Every source Sphinx would read, in the order of their document names."""
    excluded = [
        *setting_value(config, "exclude_patterns", []),
        *setting_value(config, "templates_path", []),
        *setting_value(config, "html_static_path", []),
        *setting_value(config, "html_extra_path", []),
        f"{config.shortscience_dir}/**",
    ]
    project = Project(srcdir, _suffixes(config))
    found = project.discover(exclude_paths=excluded,
                             include_paths=setting_value(config, "include_patterns", ["**"]))
    for docname in sorted(found):
        yield Path(project.doc2path(docname, absolute=True))


def _suppressed(config: Config, subtype: str) -> bool:
    return is_suppressed_warning(WARNING_TYPE, subtype,
                                 setting_value(config, "suppress_warnings", []))


class _KeyLookup:
    """Whether a key resolves: in the bib files, or in a local intersphinx inventory."""

    def __init__(self, bibliography: Bibliography, inventory_keys: set[str]):
        self.bibliography = bibliography
        self.inventory_keys = inventory_keys
        self.used: set[str] = set()  # bib keys that get a page, as the build gives them

    def missing(self, key: str) -> bool:
        canonical = self.bibliography.canonical_key(key)
        if canonical is not None:
            self.used.add(canonical)
            return False
        return key not in self.inventory_keys


def _inventory_keys(config: Config, confdir: Path, notes: list[str]) -> set[str]:
    """Papers of other projects named in intersphinx_mapping, read from local inventories."""
    if "sphinx.ext.intersphinx" not in setting_value(config, "extensions", []):
        return set()
    keys: set[str] = set()
    for name, value in dict(setting_value(config, "intersphinx_mapping", {})).items():
        target, inventories = (value if isinstance(value, tuple | list) else (value, None))
        candidates = inventories if isinstance(inventories, tuple | list) else [inventories]
        loaded = False
        for candidate in candidates:
            location = candidate or f"{str(target).rstrip('/')}/objects.inv"
            if not isinstance(location, str) or re.match(r"^\w+://", location):
                continue
            path = confdir / location
            try:
                with path.open("rb") as handle:
                    inventory = InventoryFile.load(handle, str(target), os.path.join)
            except (OSError, ValueError):
                continue
            data = getattr(inventory, "data", inventory)
            keys.update(data.get("shortscience:paper", {}))
            loaded = True
            break
        if not loaded:
            notes.append(f"intersphinx inventory {name!r} is not a local file: keys it may "
                         "define are reported as unknown")
    return keys


def check_project(srcdir: Path, cache_folder: Path | None = None) -> CheckReport:
    """Every warning a build of *srcdir* would give about summaries, keys and bib files."""
    srcdir = srcdir.resolve()
    config = read_config(srcdir)
    report = CheckReport(srcdir)
    findings: list[Finding] = [
        Finding("", 0, ShortScienceWarning.config.value, message)
        for message in config_problems(config)
    ]
    state = bib_state(srcdir, config, cache_folder or default_cache_folder())
    findings.extend(_finding(*warning) for warning in state.problem_warnings())
    lookup = _KeyLookup(state.bibliography, _inventory_keys(config, srcdir, report.notes))
    policy = markup_policy(config)
    myst_extensions = frozenset(setting_value(config, "myst_enable_extensions", []))
    pending = list(_documents(srcdir, config))
    report.documents = len(pending)
    seen: set[Path] = set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # Sphinx reports unreadable sources itself
        lowered = text.lower()  # directive names are read in any case
        if not any(word in lowered for word in ("summary", "paper", "include")):
            continue
        scanned = find_in_file(text, path.suffix, myst_extensions, str(path))
        # an included file is checked where it is written, as the build reports it
        pending.extend(_included(srcdir, path, written) for written in scanned.includes)
        lines = text.split("\n") if scanned.summaries else []
        for summary in scanned.summaries:
            report.summaries += 1
            findings.extend(_check_summary(summary, str(path), lines, lookup,
                                           policy, myst_extensions,
                                           _document_path(srcdir, path), str(srcdir)))
        for role in scanned.roles:
            if lookup.missing(role.key):
                findings.append(Finding(str(path), role.line,
                                        ShortScienceWarning.missing_key.value,
                                        missing_key_message(role.key, state.bibliography),
                                        role.key))
    for key in sorted(lookup.used):
        entry = state.bibliography.entries[key]
        findings.extend(Finding(entry.path, entry.line, kind, problem)
                        for kind, problem in field_problems(state.bibliography, entry))
    report.findings = sorted(f for f in dict.fromkeys(findings)
                             if not _suppressed(config, f.subtype))
    return report


def _included(srcdir: Path, including: Path, written: str) -> Path:
    """The file an ``include`` names: from the source folder when it starts with ``/``,
    else from the folder of the file that includes it (as Sphinx resolves it)."""
    if written.startswith("/"):
        return srcdir / written.lstrip("/")
    return Path(os.path.abspath(including.parent / written))  # noqa: PTH100


def _document_path(srcdir: Path, path: Path) -> str:
    """*path* from the source folder, ``/``-separated (its name if it is outside)."""
    try:
        return path.relative_to(srcdir).as_posix()
    except ValueError:
        return path.name


def _check_summary(summary: FoundSummary, path: str, lines: list[str],
                   lookup: _KeyLookup, policy: MarkupPolicy, myst_extensions: frozenset[str],
                   document_path: str, srcdir: str) -> list[Finding]:
    found: list[Finding] = []

    def add(subtype: ShortScienceWarning, message: str, line: int, about: str = "") -> None:
        found.append(Finding(path, line, subtype.value, message, about))

    unknown = [name for name, _ in summary.options if name not in KNOWN_OPTIONS]
    written = read_summary(summary.argument, summary.options, unknown, summary.body.split("\n"),
                           policy.classes)
    for written_problem in written.problems:
        add(written_problem.subtype, written_problem.message,
            summary.line if written_problem.part == "key" else
            summary.first_line + written_problem.line if written_problem.part == "body" else
            option_line(lines, summary.line, summary.first_line - 1, written_problem.part))
    summary = dataclasses.replace(summary, argument=written.argument, options=written.options,
                                  body="\n".join(written.body))
    key, fmt = written.key, written.format
    deep = too_deep(summary.body, fmt)
    if deep is not None:  # the build shows it as written, without parsing it
        add(ShortScienceWarning.unparsable_body, unparsable_body_message(deep),
            summary.first_line)
        if key and lookup.missing(key):
            add(ShortScienceWarning.missing_key, missing_key_message(key, lookup.bibliography),
                summary.line, key)
        return found
    body = protect(summary.body, fmt)
    if fmt == "markdown":
        refuse_syntax(body, myst_extensions)
    for grammar_problem in body.problems:
        add(ShortScienceWarning[grammar_problem.kind], grammar_problem.message,
            summary.first_line + grammar_problem.line - 1)
    markups = body_markup(body.text, fmt, summary.first_line, myst_extensions)
    for markup in markups:
        for subtype, message in _markup_problems(markup, policy):
            add(subtype, message, markup.line)
    cited: list[tuple[str, int]] = [(key, summary.line)] if key else []
    for token in body.tokens:
        if isinstance(token, CiteToken):
            cited.extend((k, summary.first_line + token.line - 1) for k in token.keys)
        elif isinstance(token, PaperLinkToken):
            lookup.missing(token.key)  # a page if the bib has it; no warning if not
    # the paper roles of the body, as its parser found them
    cited.extend((role_key(markup.text), markup.line) for markup in markups
                 if markup.kind == "role" and markup.name.lower() in PAPER_ROLES)
    # a ShortScience link to a paper the bib lacks stays a plain link, without a warning
    images = image_directives(markups, policy) if fmt == "markdown" else []
    # the rST of a Markdown body's {eval-rst}, whose links a Markdown parser does not see
    images += [link for markup in markups if markup.kind == "syntax"
               for link in rst_links(markup.text, markup.line + 1)]
    for uri, line, link_key, problem in body_links(body.text, fmt, summary.first_line,
                                               document_path, srcdir, images):
        if problem == "unsafe":
            add(ShortScienceWarning.unsafe_link, unsafe_link_message(uri), line)
        elif problem == "outside":
            add(ShortScienceWarning.unsafe_link, outside_source_message(uri), line)
        elif problem.startswith("pdf:"):
            add(ShortScienceWarning.disallowed_markup,
                shown_as_text_message(uri, problem.removeprefix("pdf:")), line)
        else:
            lookup.missing(link_key)
    for cited_key, line in cited:
        if lookup.missing(cited_key):
            add(ShortScienceWarning.missing_key,
                missing_key_message(cited_key, lookup.bibliography), line, cited_key)
    return found


def math_of(markup: FoundMarkup) -> tuple[str, MathKind]:
    """The math of a ``math`` role or directive, and how the build writes it."""
    if markup.kind == "role":
        return markup.text, "inline"
    nowrap = any(name == "nowrap" for name, _ in markup.options)
    return markup.text.strip("\n"), "unwrapped" if nowrap else "display"


def _markup_problems(markup: FoundMarkup,
                     policy: MarkupPolicy) -> list[tuple[ShortScienceWarning, str]]:
    """What the build refuses of one directive or role of a body, as it refuses it."""
    if markup.kind == "syntax":
        return []
    if not policy.allows(markup.kind, markup.name):
        return [(ShortScienceWarning.disallowed_markup,
                 disallowed_markup_message(markup.kind, markup.name))]
    found: list[tuple[ShortScienceWarning, str]] = []
    name = markup.name.rpartition(":")[2]
    if markup.kind == "role" and name == "numref" and page_without_numbers(markup.text):
        found.append((ShortScienceWarning.disallowed_markup,
                      numref_to_page_message(role_key(markup.text).lower())))
    if markup.kind == "directive":
        given = list(markup.options)
        if markup.name.lower() == "container" and markup.argument:
            given.append(("class", markup.argument))
        for option, value in given:
            _, message = policy.option_problem(option, value)
            if message is not None:
                found.append((ShortScienceWarning.disallowed_markup, message))
    if name == "math":
        refusal = unsafe_math(*math_of(markup))
        if refusal:
            found.append((ShortScienceWarning.bad_math, unsafe_math_message(refusal)))
    return found
