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
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles

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


def role_allowed(name: str, extra: Iterable[str] = ()) -> bool:
    name = name.lower()
    domain, _, _ = name.rpartition(":")
    return name in ALLOWED_ROLES or name in extra or domain in ALLOWED_ROLE_DOMAINS


def directive_allowed(name: str, extra: Iterable[str] = ()) -> bool:
    return name.lower() in ALLOWED_DIRECTIVES or name.lower() in extra


@dataclass(frozen=True)
class MarkupPolicy:
    """What a project's summaries may use: the lists above and the names the project adds
    (``raw`` too, when it allows raw HTML).  The build and ``shortscience check`` ask it."""

    directives: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    @classmethod
    def of(cls, directives: Iterable[str], roles: Iterable[str],
           allow_raw: bool) -> MarkupPolicy:
        extra = RAW if allow_raw else frozenset()
        return cls(frozenset(name.lower() for name in directives) | extra,
                   frozenset(name.lower() for name in roles) | extra)

    def allows(self, kind: str, name: str) -> bool:
        """Whether the ``directive`` or ``role`` *name* may run in a summary body."""
        if kind == "directive":
            return directive_allowed(name, self.directives)
        return role_allowed(name, self.roles)


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
def only_allowed_markup(refuse: Refuse, policy: MarkupPolicy) -> Iterator[None]:
    """While active, directives and roles *policy* does not allow are shown as written."""
    find_directive = directives.directive
    find_role = roles.role

    def directive(name: str, language: Any, document: Any) -> tuple[Any, list[Any]]:
        if policy.allows("directive", name):
            return find_directive(name, language, document)
        return _refused_directive(name, refuse), []

    def role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
        if policy.allows("role", name):
            return find_role(name, language, lineno, reporter)
        return _refused_role(refuse), []

    # the same lookups docutils, Sphinx and MyST all go through; Sphinx wraps them the
    # same way while reading (sphinx.util.docutils.sphinx_domains), and reading a document
    # is single-threaded in each process
    directives.directive = directive  # type: ignore[assignment]
    roles.role = role  # type: ignore[assignment]
    try:
        yield
    finally:
        directives.directive = find_directive
        roles.role = find_role


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
