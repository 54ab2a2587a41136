"""The ``summary`` directive: a paper's key, options and a body in the ShortScience grammar.

It records the summary and its citations in the domain, and leaves a header placeholder
that is filled when the page is written (:mod:`.header`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .. import nodes as ss_nodes
from ..bib.view import paper_view
from ..compat import name_label
from ..config import markup_policy
from ..domain import CitationRecord, ShortScienceDomain, SummaryRecord, domain_of
from ..grammar.allowed import no_file_insertion, only_allowed_markup
from ..grammar.links import line_of_link, outside_source_message
from ..grammar.math_safety import unsafe_math_message
from ..grammar.nesting import too_deep
from ..grammar.parse_body import BodyTooDeep, render_body
from ..grammar.to_nodes import (
    BodyContext,
    namespace_ids,
    paper_xref,
    refuse_numref_to_pages,
)
from ..grammar.tokens import ProtectedBody
from ..util.digest import short_digest
from ..warnings_ import ShortScienceWarning, warn
from .excerpt import Pieces, make_excerpt
from .rules import (
    disallowed_markup_message,
    numref_to_page_message,
    option_line,
    page_without_numbers,
    unparsable_body_message,
    unsafe_link_message,
)
from .written import WrittenDirective, WrittenSummary, absolute_path, read_summary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..grammar.tokens import Format



class SummaryDirective(WrittenDirective):
    """``.. summary:: KEY`` with a Markdown (default) or rST body."""

    @property
    def domain(self) -> ShortScienceDomain:
        return domain_of(self.env)

    def located(self, line: int) -> str:
        """``path:line`` of the directive's *line*: the included file's, inside an include."""
        source, local = self.state_machine.get_source_and_line(line)
        if not source:
            return f"{self.env.doc2path(self.env.docname)}:{line}"
        # absolute, as Sphinx shows the location of a node
        return f"{absolute_path(source)}:{local or line}"

    def option_location(self, name: str) -> str:
        """Where the option *name* is written (the directive's line if not found).

        Read from the source file, because what MyST passes as ``block_text`` differs
        between its versions; the search stops where the body starts.
        """
        source, directive_line = self.state_machine.get_source_and_line(self.lineno)
        if not source:
            return self.located(self.lineno)
        path = absolute_path(source)
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return self.located(self.lineno)
        _, body_line = self.body_start()
        number = option_line(lines, directive_line or self.lineno, body_line - 1, name)
        return f"{path}:{number}"

    def read_written(self) -> WrittenSummary:
        """The summary as written, checked (:mod:`.written`); its problems reported where
        they are, and control characters shown in the key, options and body used below."""
        options, unknown = self.written_options()
        written = read_summary(self.arguments[0] if self.arguments else "", options, unknown,
                               self.content, markup_policy(self.config).classes)
        if self.arguments:
            self.arguments[0] = written.argument
        self.content.data[:] = written.body
        body_source, first_line = self.body_start()
        for problem in written.problems:
            location = (self.located(self.lineno) if problem.part == "key" else
                        f"{body_source}:{first_line + problem.line}" if problem.part == "body"
                        else self.option_location(problem.part))
            warn(problem.subtype, problem.message, location)
        return written

    def run(self) -> list[nodes.Node]:
        written = self.read_written()
        key, options = written.key, written.checked
        keywords = tuple(k.strip() for k in options.get("keywords", "").split(",") if k.strip())
        document = self.state.document
        node_id = self.unique_id(key)
        container = nodes.container(
            classes=["shortscience-summary", *options.get("class", "").split()],
            ids=[node_id], shortscience_summary=True, shortscience_key=key,
            shortscience_writer=options.get("author", ""),
        )
        document.ids[node_id] = container
        self.set_source_info(container)
        if options.get("name"):
            self.options["name"] = options["name"]
            self.add_name(container)

        header = ss_nodes.summary_header(key=key, writer=options.get("author", ""),
                                         date=options.get("date", ""))
        self.set_source_info(header)
        if key:
            header += paper_xref(key, "paper", self.env.docname, *self.get_source_info())
        container += header

        text = "\n".join(self.content)
        body_source, first_line = self.body_start()
        context = BodyContext(self.env.docname, body_source, first_line, node_id,
                              document_path=self._document_path(),
                              srcdir=str(self.env.srcdir))
        fmt: Format = "rst" if options["format"] == "rst" else "markdown"
        body, protected = self.render(text, fmt, first_line, context)
        namespace_ids(body, f"{node_id}-", document)
        context.page_numrefs = refuse_numref_to_pages(body, page_without_numbers)
        container += body
        for problem in protected.problems:
            warn(ShortScienceWarning[problem.kind], problem.message,
                 f"{body_source}:{first_line + problem.line - 1}")
        for uri, image_line in context.outside_images:
            warn(ShortScienceWarning.unsafe_link, outside_source_message(uri),
                 f"{body_source}:{image_line or line_of_link(text, uri, first_line, self.lineno)}")
        for target, numref_line in context.page_numrefs:
            warn(ShortScienceWarning.disallowed_markup, numref_to_page_message(target),
                 f"{body_source}:{numref_line or self.lineno}")
        for refusal, math_line in context.unsafe_math:
            warn(ShortScienceWarning.bad_math, unsafe_math_message(refusal),
                 f"{body_source}:{math_line or self.lineno}")
        for uri, line in context.unsafe_links:
            if line is None:
                line = line_of_link(text, uri, first_line, self.lineno)
            warn(ShortScienceWarning.unsafe_link, unsafe_link_message(uri),
                 f"{body_source}:{line}")

        order = len(self.domain.summaries.get(self.env.docname, ()))
        digest = short_digest(f"{options['format']}\0{text}")
        if key:
            self.domain.note_summary(SummaryRecord(
                docname=self.env.docname, node_id=node_id, key=key,
                writer=options.get("author", ""), date=options.get("date", ""),
                keywords=keywords, line=self.lineno, order=order, body_digest=digest,
                cited_keys=tuple(dict.fromkeys(k for k, _, kind in context.cited
                                               if kind == "cite")),
            ))
        for cited_key, line, kind in context.cited:
            self.domain.note_citation(
                CitationRecord(self.env.docname, cited_key, line, node_id, kind))
        return [container]

    def render(self, text: str, fmt: Format, first_line: int,
               context: BodyContext) -> tuple[nodes.container, ProtectedBody]:
        """The body as nodes; too deep to parse, or a parser failing on it: as written."""
        reason = too_deep(text, fmt)
        if reason is None:
            try:
                with only_allowed_markup(self.refuse_markup, markup_policy(self.config),
                                         self.refuse_option), \
                        no_file_insertion(self.state.document.settings):
                    return render_body(self, self.domain.summary_parsers, text, fmt, first_line,
                                       context, self.config.shortscience_allow_raw_html)
            except BodyTooDeep as error:
                reason = str(error)
            except (Exception, RecursionError) as error:  # a parser's bug must not stop a build
                reason = f"the {fmt} parser failed ({type(error).__name__})"
        warn(ShortScienceWarning.unparsable_body, unparsable_body_message(reason),
             f"{context.source}:{first_line}")
        shown = nodes.container(classes=["shortscience-summary-body"])
        shown += nodes.literal_block(text, text, classes=["shortscience-refused"])
        return shown, ProtectedBody(text)

    def _document_path(self) -> str:
        """The document's source file from the source folder, ``/``-separated."""
        return Path(self.env.doc2path(self.env.docname)).relative_to(
            Path(self.env.srcdir)).as_posix()

    def refuse_markup(self, kind: str, name: str, source: str | None, line: int | None) -> None:
        """A directive or role outside the allow-list, shown as written: say where."""
        path = absolute_path(source) if source else self.env.doc2path(self.env.docname)
        warn(ShortScienceWarning.disallowed_markup, disallowed_markup_message(kind, name),
             f"{path}:{line or self.lineno}")

    def refuse_option(self, message: str, source: str | None, line: int | None) -> None:
        """An option of a directive in the body, refused in part or whole: say where."""
        path = absolute_path(source) if source else self.env.doc2path(self.env.docname)
        warn(ShortScienceWarning.disallowed_markup, message, f"{path}:{line or self.lineno}")

    def unique_id(self, key: str) -> str:
        base = nodes.make_id(f"summary-{key}") or "summary"
        candidate = base
        number = 1
        while candidate in self.state.document.ids:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def label_named_summaries(app: Sphinx, doctree: nodes.document) -> None:
    """Give ``:name:`` labels of summaries a title, so that ``:ref:`name``` needs no text.

    Sphinx's standard domain keeps labels of untitled nodes (our container) as anonymous
    labels only; it has run by now (``doctree-read`` follows the read transforms).
    """
    env = app.env
    domain = domain_of(env)
    for container in doctree.findall(nodes.container):
        if not container.get("shortscience_summary") or not container["names"]:
            continue
        key = container["shortscience_key"]
        view = paper_view(domain.bibliography, key) if key else None
        title = f"Summary of {view.title_text if view else key}"
        writer = container.get("shortscience_writer", "")
        if writer:
            title += f" by {writer}"
        for name in container["names"]:
            # a label that is already another's (Sphinx warned) is not taken over
            name_label(env, name, env.docname, container["ids"][0], title)


def shown_keys(body: nodes.Element) -> tuple[str, ...]:
    """The keys whose papers a body shows: cited, or linked with the ``paper`` role."""
    keys: dict[str, None] = {}
    for node in body.findall(nodes.Element):
        if isinstance(node, ss_nodes.cite_group):
            keys.update(dict.fromkeys(node["keys"]))
        elif isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "shortscience":
            keys[node["reftarget"]] = None
    return tuple(keys)


def describe_summaries(app: Sphinx, doctree: nodes.document) -> None:
    """What the generated pages and the feed need of each summary that only the read
    document knows: the ``only`` conditions around it (so that they show it in exactly
    the outputs where its own page shows it), its excerpt (:mod:`.excerpt`) and the keys
    whose papers it shows."""
    domain = domain_of(app.env)
    docname = app.env.docname
    conditions: dict[str, str] = {}
    excerpts: dict[str, tuple[Pieces, bool] | None] = {}
    shown: dict[str, tuple[str, ...]] = {}
    words = app.config.shortscience_excerpt_words
    for container in doctree.findall(nodes.container):
        if container.get("shortscience_summary") and container["ids"]:
            node_id = container["ids"][0]
            expressions = [f"({node['expr']})" for node in ss_nodes.ancestors(container)
                           if isinstance(node, addnodes.only)]
            if expressions:
                conditions[node_id] = " and ".join(reversed(expressions))
            body = next((c for c in container.children if isinstance(c, nodes.container)), None)
            excerpts[node_id] = make_excerpt(body, words) if body is not None else None
            shown[node_id] = shown_keys(body) if body is not None else ()
    if docname in domain.summaries:
        domain.summaries[docname] = [
            dataclasses.replace(r, only=conditions.get(r.node_id, ""),
                                excerpt=excerpts.get(r.node_id),
                                shown_keys=shown.get(r.node_id, ()))
            for r in domain.summaries[docname]]
    if conditions:
        domain.citations[docname] = [
            dataclasses.replace(c, only=conditions.get(c.summary_id, ""))
            for c in domain.citations.get(docname, [])]
