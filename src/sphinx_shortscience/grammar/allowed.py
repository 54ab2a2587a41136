"""The directives and roles a summary body may use: an allow-list, applied while it is parsed.

Summaries come from many people and are untrusted input.  While a body is parsed (MyST or
rST, and the rST of an ``{eval-rst}`` inside it), the lookup of directives and roles that
docutils, Sphinx and MyST share is wrapped: a name outside the list gets a stand-in that
shows the markup as written and reports it.  So ``raw`` (live HTML), ``include`` and
``literalinclude`` (file reads), ``download`` (file copies), ``toctree`` and a summary inside
a summary never take effect.  Projects add names with ``shortscience_allowed_directives``
and ``shortscience_allowed_roles``; ``shortscience_allow_raw_html = True`` allows ``raw``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive

from ..compat import markup_lookups
from ..util.text import plural

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: Directives a summary may use: admonitions, tables, math, code, images, layout.  (MyST's
#: ``{eval-rst}`` is Markdown syntax, never looked up: a Markdown body may use it, and
#: the rST inside is held to these lists; in an rST body ``eval-rst`` is refused.)
ALLOWED_DIRECTIVES = frozenset({
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
    "tip", "warning", "seealso", "versionadded", "versionchanged", "deprecated",
    "rubric", "epigraph", "highlights", "pull-quote", "compound", "container", "topic",
    "sidebar", "line-block", "table", "list-table", "math", "code", "code-block",
    "sourcecode", "image", "figure", "only", "centered", "hlist",
})  # fmt: skip
#: Roles a summary may use: inline markup and links to documents, labels and objects.
ALLOWED_ROLES = frozenset({
    "emphasis", "strong", "literal", "code", "math", "sub", "sup", "subscript",
    "superscript", "title-reference", "title", "t", "abbr", "acronym", "kbd", "guilabel",
    "menuselection", "command", "file", "samp", "dfn", "program", "envvar", "option",
    "ref", "doc", "term", "numref", "eq", "any", "keyword", "pep", "rfc", "paper",
    "cite", "footcite", "footcite:p", "footcite:t",
})  # fmt: skip
#: Roles of these domains link to objects and are allowed whatever their name.
ALLOWED_ROLE_DOMAINS = frozenset({"py", "c", "cpp", "js", "rst", "math", "std", "cite",
                                  "shortscience"})
#: What ``shortscience_allow_raw_html = True`` allows on top.
RAW = frozenset({"raw"})

#: Called with ("directive" or "role", name, source, line) for each refused use.
Refuse = Callable[[str, str, str | None, int | None], None]
#: Called with (message, source, line) for each option refused in part or whole.
RefuseOption = Callable[[str, str | None, int | None], None]


def role_allowed(name: str, extra: Iterable[str] = ()) -> bool:
    name = name.lower()
    domain, _, _ = name.rpartition(":")
    return name in ALLOWED_ROLES or name in extra or domain in ALLOWED_ROLE_DOMAINS


def directive_allowed(name: str, extra: Iterable[str] = ()) -> bool:
    return name.lower() in ALLOWED_DIRECTIVES or name.lower() in extra


@dataclass(frozen=True)
class MarkupPolicy:
    """What a project's summaries may use: the lists above and the names the project adds
    (``raw`` too, when it allows raw HTML), and the CSS classes it allows.  The build and
    ``shortscience check`` ask it."""

    directives: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, directives: Iterable[str], roles: Iterable[str], allow_raw: bool,
           classes: Iterable[str] = ()) -> MarkupPolicy:
        extra = RAW if allow_raw else frozenset()
        return cls(frozenset(name.lower() for name in directives) | extra,
                   frozenset(name.lower() for name in roles) | extra,
                   frozenset(name.lower() for name in classes))

    def option_problem(self, option: str, value: str | None) -> tuple[str, str | None]:
        """What of an option a summary gave an allowed directive stays (``""``: nothing),
        and, if not all, why (:func:`option_problem`)."""
        return option_problem(option, value, self.classes)

    def allows(self, kind: str, name: str) -> bool:
        """Whether the ``directive`` or ``role`` *name* may run in a summary body."""
        if kind == "directive":
            return directive_allowed(name, self.directives)
        return role_allowed(name, self.roles)


#: Whole-number options of the allowed directives and the range a summary may use: outside
#: it, Sphinx loops or allocates that many times (``hlist :columns: 1000000``), drops the
#: content (``:columns: -1``) or stops the PDF (``:lineno-start: 99999999999``).
COUNT_OPTIONS = {
    "columns": (1, 12), "lineno-start": (0, 1_000_000), "dedent": (0, 1_000),
    "header-rows": (0, 1_000), "stub-columns": (0, 1_000), "scale": (1, 1_000),
    "start": (0, 1_000_000),
}  # fmt: skip
#: Length options: in TeX points at most (TeX's own limit is 16383.99pt; Sphinx fits a
#: wider image to the line anyway).
LENGTH_OPTIONS = frozenset({"width", "height", "figwidth"})
MAX_LENGTH_PT = 2_000.0
_POINTS_PER_UNIT = {
    "": 0.75, "px": 0.75, "pt": 1.0, "bp": 1.0, "pc": 12.0, "in": 72.27, "cm": 28.45,
    "mm": 2.845, "em": 10.0, "ex": 4.3, "%": 0.0,
}  # fmt: skip
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-z%]*)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"[0-9]+")
#: The largest line number ``:emphasize-lines:`` may name, and the most column widths.
MAX_LINE_NUMBER = 100_000
MAX_WIDTHS = 100


def option_problem(option: str, value: str | None,
                   classes: Iterable[str] = ()) -> tuple[str, str | None]:
    """What of *value* stays when a summary gives an allowed directive the option *option*
    (``""``: nothing), and, if not all of it, why.

    Numbers are held to :data:`COUNT_OPTIONS`, lengths to :data:`MAX_LENGTH_PT`, line
    specifications and column widths to :data:`MAX_LINE_NUMBER` and :data:`MAX_WIDTHS`;
    ``class`` to the *classes* the project allows (a theme's ``fixed-top`` would lay a
    summary over the page).
    """
    if value is None:
        return "", None
    written = value.strip()
    if option == "class":
        names = written.split()
        kept = [name for name in names if name.lower() in classes]
        if len(kept) == len(names):
            return written, None
        refused = [name for name in names if name not in kept]
        listed = ", ".join(map(repr, refused))
        return " ".join(kept), (f"{plural(len(refused), 'class', 'classes')} {listed} "
                                f"{plural(len(refused), 'is', 'are')} not allowed in a summary "
                                "(add to shortscience_allowed_classes what the project "
                                "trusts); left out")
    limit: tuple[float, float] | None = None
    if option in COUNT_OPTIONS:
        low, high = COUNT_OPTIONS[option]
        limit = (low, high)
        number = written.lstrip("-")
        too_far = not number.isdigit() or not low <= int(written) <= high
    elif option in LENGTH_OPTIONS:
        length = _LENGTH.match(written)
        unit = length.group(2).lower() if length else ""
        too_far = length is not None and unit in _POINTS_PER_UNIT and (
            float(length.group(1)) * _POINTS_PER_UNIT[unit] > MAX_LENGTH_PT
            or (unit == "%" and float(length.group(1)) > 100))
        limit = (0, MAX_LENGTH_PT)
    elif option == "emphasize-lines":
        too_far = any(int(number) > MAX_LINE_NUMBER for number in _NUMBER.findall(written))
        limit = (1, MAX_LINE_NUMBER)
    elif option == "widths":
        numbers = _NUMBER.findall(written)
        too_far = len(numbers) > MAX_WIDTHS or any(int(n) > 1_000 for n in numbers)
        limit = (0, 1_000)
    else:
        return written, None
    if not too_far or (option in COUNT_OPTIONS and not written.lstrip("-").isdigit()):
        return written, None  # a value the directive itself refuses is left to it
    unit_name = "pt" if option in LENGTH_OPTIONS else ""
    return "", (f"option ':{option}: {written[:40]}' is out of the range a summary may use "
                f"({int(limit[0])} to {int(limit[1])}{unit_name}); ignored")


@dataclass(frozen=True, slots=True)
class _RefusedOption:
    """An option value :func:`option_problem` refused, in part or whole."""

    message: str
    kept: Any  # the value to use instead, or None to drop the option


def _bounded_directive(cls: type[Directive], name: str, policy: MarkupPolicy,
                       refuse_option: RefuseOption) -> type[Directive]:
    """*cls* with every option of a summary checked by :func:`option_problem` first."""

    def checked(option: str, convert: Callable[[Any], Any]) -> Callable[..., Any]:
        def convert_checked(value: str | None) -> Any:
            kept, message = policy.option_problem(option, value)
            if message is None:
                return convert(value)
            return _RefusedOption(message, convert(kept) if kept else None)

        return convert_checked

    spec = {option: checked(option, convert) for option, convert in
            (cls.option_spec or {}).items()}

    class BoundedDirective(cls):  # type: ignore[valid-type, misc]
        option_spec = spec

        def run(self) -> list[nodes.Node]:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            for option, value in list(self.options.items()):
                if isinstance(value, _RefusedOption):
                    refuse_option(value.message, source, line or self.lineno)
                    if value.kept is None:
                        del self.options[option]
                    else:
                        self.options[option] = value.kept
            arguments: list[str] = self.arguments
            if name.lower() == "container" and arguments:
                kept, message = policy.option_problem("class", arguments[0])
                if message is not None:
                    refuse_option(message, source, line or self.lineno)
                    arguments[:] = [kept] if kept else []
            return list(super().run())

    BoundedDirective.__name__ = cls.__name__
    return BoundedDirective


def _refused_directive(name: str, refuse: Refuse) -> type[Directive]:
    class RefusedDirective(Directive):
        """Shows the directive as written instead of running it."""

        has_content = True
        optional_arguments = 100
        final_argument_whitespace = True
        option_spec: ClassVar[Any] = None  # every option is taken as written

        def run(self) -> list[nodes.Node]:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            refuse("directive", name, source, line or self.lineno)
            text = self.block_text.rstrip("\n")
            block = nodes.literal_block(text, text, classes=["shortscience-refused"])
            block.source, block.line = source, line or self.lineno
            return [block]

    return RefusedDirective


def _refused_role(refuse: Refuse) -> Callable[..., Any]:
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
        source, line = inliner.reporter.get_source_and_line(lineno) if hasattr(
            inliner.reporter, "get_source_and_line") else (None, lineno)
        refuse("role", name, source, line or lineno)
        return [nodes.literal(rawtext, rawtext, classes=["shortscience-refused"])], []

    return role


@contextlib.contextmanager
def only_allowed_markup(refuse: Refuse, policy: MarkupPolicy,
                        refuse_option: RefuseOption) -> Iterator[None]:
    """While active, directives and roles *policy* does not allow are shown as written, and
    the options of those it allows are held to :func:`option_problem`."""
    bounded: dict[type[Directive], type[Directive]] = {}
    found_lookups: list[tuple[Callable[..., Any], Callable[..., Any]]] = []

    def directive(name: str, language: Any, document: Any) -> tuple[Any, list[Any]]:
        if policy.allows("directive", name):
            found, messages = found_lookups[0][0](name, language, document)
            if isinstance(found, type) and issubclass(found, Directive):
                if found not in bounded:
                    bounded[found] = _bounded_directive(found, name, policy, refuse_option)
                found = bounded[found]
            return found, messages
        return _refused_directive(name, refuse), []

    def role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
        if policy.allows("role", name):
            found: tuple[Any, list[Any]] = found_lookups[0][1](name, language, lineno, reporter)
            return found
        return _refused_role(refuse), []

    with markup_lookups(directive, role) as replaced:
        found_lookups.append(replaced)
        yield


@contextlib.contextmanager
def no_file_insertion(settings: Any) -> Iterator[None]:
    """While active, docutils' own switch for directives that read files or URLs is off:
    ``raw :file:``/``:url:``, ``include``, ``csv-table :file:`` and Sphinx's
    ``literalinclude`` refuse even when a project allows them in summaries."""
    enabled = settings.file_insertion_enabled
    settings.file_insertion_enabled = False
    try:
        yield
    finally:
        settings.file_insertion_enabled = enabled
