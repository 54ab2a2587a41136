"""What makes a summary's key and options right, and the messages when they are not.

Pure functions shared by the ``summary`` directive (during a build) and by
``shortscience check`` (without one), so that both report the same problems in the same words.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.domains.std import StandardDomain

from ..grammar.allowed import option_problem
from ..util.text import control_message, visible_controls
from ..warnings_ import ShortScienceWarning

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..bib.bibliography import Bibliography
    from ..grammar.tokens import Format

FORMATS: tuple[Format, ...] = ("markdown", "rst")
#: The options of ``summary`` and what each means (the reference is generated from this).
OPTIONS: dict[str, str] = {
    "author": "Who wrote the summary; shown in its header, and the writer's page lists it.",
    "date": "When the summary was written, ``YYYY-MM-DD``; orders summaries and the feed.",
    "keywords": "Comma-separated keywords, added to those of the paper's bib entry.",
    "format": "``markdown`` (the default) or ``rst``: the language of the body.",
    "name": "A label, so that ``:ref:`name``` links to this summary.",
    "class": "Extra CSS classes for the summary's box.",
}
KNOWN_OPTIONS = tuple(sorted(OPTIONS))


@dataclass(frozen=True, slots=True)
class OptionProblem:
    """A problem located at the line of the option *option*."""

    option: str
    message: str
    subtype: ShortScienceWarning = ShortScienceWarning.bad_option


@dataclass(frozen=True, slots=True)
class VisibleSummary:
    """A summary's key, options and body lines with every control character shown as its
    symbol, and where each was: ``(part, body line, character)``, *part* being ``key``,
    an option's name or ``body`` (with the 0-based line of the body)."""

    argument: str
    options: list[tuple[str, str]]
    body: list[str]
    controls: list[tuple[str, int, str]]

    @staticmethod
    def message(part: str, char: str) -> str:
        what = {"key": "the summary's key", "body": "the summary"}.get(part, f"':{part}:'")
        return control_message(what, char)


def visible_summary(argument: str, options: Iterable[tuple[str, str]],
                    body: Iterable[str]) -> VisibleSummary:
    """*argument*, *options* and *body* as :class:`VisibleSummary` shows them."""
    controls: list[tuple[str, int, str]] = []
    argument, found = visible_controls(argument)
    controls += [("key", 0, char) for _, char in found[:1]]
    shown_options = []
    for name, value in options:
        shown, found = visible_controls(value) if isinstance(value, str) else (value, [])
        controls += [(name, 0, char) for _, char in found[:1]]
        shown_options.append((name, shown))
    lines = []
    for number, line in enumerate(body):
        shown, found = visible_controls(line)
        controls += [("body", number, char) for _, char in found[:1]]
        lines.append(shown)
    return VisibleSummary(argument, shown_options, lines, controls)


def summary_key(argument: str) -> tuple[str, str | None]:
    """The key of ``.. summary:: ARGUMENT`` and, if the argument is wrong, why."""
    argument = argument.strip()
    if not argument:
        return "", ("summary needs one BibTeX key as its argument, e.g. "
                    "'.. summary:: He2016'")
    words = argument.split()
    if len(words) > 1:
        return words[0], (f"summary takes one key, got {len(words)}: {argument!r}; "
                          f"using {words[0]!r}")
    return words[0], None


def check_options(
    given: Iterable[tuple[str, str]], unknown: Iterable[str], classes: Iterable[str] = (),
) -> tuple[dict[str, str], list[OptionProblem]]:
    """Known options normalized (``date`` to ISO, ``format`` to a known format) and the
    problems, in the order a reader meets them: unknown options, then date, then format."""
    options = dict(given)
    problems = [
        OptionProblem(name, f"unknown option ':{name}:' of summary "
                      f"(known: {', '.join(KNOWN_OPTIONS)}); ignored")
        for name in unknown
    ]
    date = options.get("date", "")
    if date:
        options["date"], date_problem = summary_date(date)
        if date_problem:
            problems.append(OptionProblem("date", date_problem))
    if options.get("name") and nodes.fully_normalize_name(options["name"]) in sphinx_pages():
        problems.append(OptionProblem("name", f"':name: {options['name']}' is the label of "
                                      "a page Sphinx makes; the summary gets no label"))
        options["name"] = ""
    if options.get("class"):
        options["class"], class_problem = class_names(options["class"], classes)
        if class_problem:
            problems.append(OptionProblem("class", class_problem))
    fmt = options.get("format", "markdown").lower() or "markdown"
    if fmt not in FORMATS:
        problems.append(OptionProblem("format", f"':format: {fmt}' must be markdown or rst; "
                                      "using markdown"))
        fmt = "markdown"
    options["format"] = fmt
    return options, problems


def class_names(text: str, allowed: Iterable[str]) -> tuple[str, str | None]:
    """``:class:`` as the class names docutils would make of it (``make_id``: lower case,
    letters, digits and hyphens) that the project allows, and, if any is left out, why.
    The names reach HTML and LaTeX (``\\begin{sphinxuseclass}{NAME}``) as they are."""
    names = " ".join(name for name in map(nodes.make_id, text.split()) if name)
    kept, problem = option_problem("class", names, allowed)
    if problem is None and names.split() == [name.lower() for name in text.split()]:
        return kept, None
    return kept, f"':class: {text}': " + (problem or "not a list of class names (letters, "
                                          f"digits and hyphens); using {kept!r}")


def latest_date() -> datetime.date:
    """The latest date a summary may carry: tomorrow (a writer's time zone may be ahead),
    counted from ``SOURCE_DATE_EPOCH`` when it is set, as Sphinx's ``today`` is."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    today = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
             if epoch.isdigit() else datetime.date.today())
    return today + datetime.timedelta(days=1)


def summary_date(text: str) -> tuple[str, str | None]:
    """A ``:date:`` in ISO form (as written if it is not a date) and, if it is not a date
    the site can order by (malformed, or in the future), why."""
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        return text, f"':date: {text}' is not an ISO date (YYYY-MM-DD); shown as written"
    if date > latest_date():
        return date.isoformat(), (f"':date: {text}' is in the future; shown as written, but "
                                  "not counted as the newest summary nor put in the feed")
    return date.isoformat(), None


def option_line(lines: list[str], directive_line: int, last_line: int, name: str) -> int:
    """The 1-based line of option *name* among *lines* from the directive's line to
    *last_line* (the line before the body); the directive's line if it is not there."""
    pattern = re.compile(r"^\s*(?::" + re.escape(name) + r":|" + re.escape(name) + r"\s*:)")
    for number in range(directive_line, min(len(lines), last_line) + 1):
        if pattern.match(lines[number - 1]):
            return number
    return directive_line


def missing_key_message(key: str, bibliography: Bibliography | None) -> str:
    """Why *key* has no page: not in any bib file, or its entry could not be parsed."""
    broken = bibliography.malformed(key) if bibliography is not None else None
    if broken is not None:
        return (f"BibTeX key {key!r} is defined at {broken.entry_location}, but that entry could "
                "not be parsed (see the bib_syntax warning there)")
    similar = bibliography.similar_keys(key) if bibliography is not None else []
    hint = f"; did you mean {' or '.join(map(repr, similar))}?" if similar else ""
    return f"unknown BibTeX key {key!r}: no bib file defines it{hint}"


def sphinx_pages() -> set[str]:
    """The labels and names of the pages Sphinx makes that are not documents (the index,
    the module index, the search page)."""
    labels = StandardDomain.initial_data["anonlabels"]
    return set(labels) | {docname for docname, _ in labels.values()}


def page_without_numbers(target: str) -> bool:
    """Whether ``numref`` to *target* names one of :func:`sphinx_pages`: Sphinx's numref
    stops the build there."""
    explicit = re.match(r"^(.+?)\s*<(.*)>$", target, re.DOTALL)
    name = (explicit.group(2) if explicit else target).strip().lower()
    return name in sphinx_pages()


def numref_to_page_message(target: str) -> str:
    return (f"':numref:' to {target!r}, a page without numbers (Sphinx stops the build on "
            "it); shown as text")


def unsafe_link_message(uri: str) -> str:
    return (f"link to {uri[:60]!r} removed (only http, https, mailto and ftp links are "
            "kept); its text is shown")


def disallowed_markup_message(kind: str, name: str) -> str:
    """Why a directive or role in a summary body is shown as written."""
    if kind == "directive" and name.lower() == "summary":
        return "a summary inside a summary is not allowed; shown as text"
    if kind == "directive" and name.lower() == "eval-rst":
        return ("'eval-rst' is MyST Markdown's way to write rST; in reStructuredText it is "
                "not a directive: write the rST without it. Shown as text")
    return (f"{kind} {name!r} is not allowed in a summary; shown as text (add it to "
            f"shortscience_allowed_{kind}s if the project trusts it)")


#: The line ``shortscience new`` writes for the writer to replace with the summary.
SKELETON_BODY = "Summarize the paper here: the problem, the idea, what the results show."


def skeleton_line(body: str) -> int | None:
    """The 0-based line of *body* that still holds ``shortscience new``'s placeholder."""
    for number, line in enumerate(body.splitlines()):
        if SKELETON_BODY in line:
            return number
    return None


UNFINISHED_MESSAGE = ("the summary still holds the placeholder that `shortscience new` wrote; "
                      "replace it with the summary")


def unparsable_body_message(reason: str) -> str:
    return f"the summary's body is not parsed: {reason}; shown as written"
