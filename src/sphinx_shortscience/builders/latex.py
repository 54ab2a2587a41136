"""What the LaTeX builder needs beyond the standard nodes, so that the PDF reads well.

* Sphinx's LaTeX writer emits no label for a container's ids, and a summary is a
  container: links to a summary ("Written in", "Newest summaries", "Cited by", ``:ref:``)
  pointed nowhere in the PDF.  A target in front of the summary carries its ids.
* BibTeX keys (``DBLP:journals/corr/abs-1706-03762``) are long words that TeX only breaks
  at hyphens: a long key shown as text may also break after ``/``, ``:``, ``_``, ``.`` and
  before a capital that follows a lower-case letter.
* Math in a paper title went missing from the PDF outline (hyperref drops it from
  bookmarks): the bookmark gets the math as text, ``α`` for ``$\\alpha$``.
* Display math with columns in a table cell stopped pdflatex: it goes in braces there.
* ``sphinxshortscience.sty`` (copied next to the ``.tex`` file) declares the Unicode math
  that bib fields decode to and sets summaries apart; see its comments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..bib.render import latex_plain
from ..grammar.math_typesetting import display_as_inline
from ..nodes import ancestors
from ..util.files import write_if_changed
from ..util.image_files import pdflatex_problem, shown_as_text_message
from ..warnings_ import ShortScienceWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STYLE = Path(__file__).resolve().parent.parent / "texinputs" / "sphinxshortscience.sty"

#: Words this long may not fit a narrow place (a table cell, a list item) or a line's end.
_LONG_WORD = re.compile(r"\S{24,}")
#: After key punctuation, and between a lower-case letter and a capital (``HeZRS16``).
_BREAK_AFTER = re.compile(r"(?<=[/:_.])(?=[^\s/:_.])|(?<=[a-z])(?=[A-Z])")
#: Where a break point would be wrong or would reach a PDF bookmark or a verbatim block.
_UNTOUCHED = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.title,
              nodes.Invisible)


class LabelSummaries(SphinxPostTransform):
    """Give each summary a target the LaTeX writer turns into ``\\label``."""

    default_priority = 6  # after the placeholders are filled (5), before resolving (10)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for container in list(self.document.findall(nodes.container)):
            if container.get("shortscience_summary") and container["ids"]:
                container.insert(0, nodes.target("", "", ids=container["ids"]))
                container["ids"] = []


#: How deeply lists and quotes may nest in the PDF: LaTeX stops at 6 (4 of one kind) unless
#: Sphinx's ``maxlistdepth`` allows more, which this extension sets when a project has not.
LATEX_LIST_DEPTH = 12
#: Of those, what a summary's body may use (the page around it may be inside some).
BODY_LIST_DEPTH = 8
_NESTING = (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list,
            nodes.field_list, nodes.option_list, nodes.block_quote, nodes.line_block)


class FlattenDeepLists(SphinxPostTransform):
    """Lists and quotes nested deeper than :data:`BODY_LIST_DEPTH` in a summary's body are
    written as their content, unindented: "Too deeply nested" stopped the whole PDF, and
    Sphinx's text writer, which indents each level within 70 columns, stopped the build
    ("invalid width") at about 24 levels."""

    default_priority = 6
    formats = ("latex", "text", "man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for body in list(self.document.findall(_is_summary_body)):
            for node in list(body.findall(_is_nesting)):
                depth = sum(isinstance(a, _NESTING) for a in ancestors(node) if a is not body)
                if depth >= BODY_LIST_DEPTH and isinstance(node, nodes.Element) and (
                        node.parent is not None):
                    content = [grandchild for child in node.children
                               for grandchild in (child.children
                                                  if isinstance(child, nodes.Element) and
                                                  not isinstance(child, nodes.TextElement)
                                                  else [child])]
                    for child in content:
                        child.parent = None
                    node.replace_self(content)


class UnreadableImagesAsText(SphinxPostTransform):
    """An image of a summary that pdflatex cannot include is its alt text in the PDF: a
    missing file (Sphinx warned when it read the page), or one that is not a PNG or JPEG
    that passes ``pdflatex_problem`` (warned here). pdflatex stopped the whole book."""

    default_priority = 6
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for body in list(self.document.findall(_is_summary_body)):
            for image in list(body.findall(nodes.image)):
                uri = image.get("uri", "")
                if "://" in uri or uri.startswith("data:"):
                    continue  # remote images are links by now
                path = self._chosen_file(image)
                problem = pdflatex_problem(path) if path is not None else None
                if path is None or problem is not None:
                    if path is not None and path.is_file():
                        warn(ShortScienceWarning.disallowed_markup,
                             shown_as_text_message(uri, problem or ""), image)
                    text = image.get("alt", "") or uri
                    image.replace_self(nodes.inline(text, text))

    def _chosen_file(self, image: nodes.image) -> Path | None:
        """The file the LaTeX builder will use for ``image`` (its first supported
        candidate, as Sphinx chooses), or ``None`` when there is none."""
        candidates: dict[str, str] = image.get("candidates", {})
        chosen = candidates.get("*")
        if chosen is None:
            supported = getattr(self.app.builder, "supported_image_types", [])
            chosen = next((candidates[kind] for kind in supported if kind in candidates),
                          None)
        if chosen is None and "*" not in image.get("uri", ""):
            chosen = image["uri"]
        return Path(self.env.srcdir, chosen) if chosen else None


def _is_nesting(node: nodes.Node) -> bool:
    return isinstance(node, _NESTING)


def _is_summary_body(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "shortscience-summary-body" in node["classes"]


def allow_deep_lists(app: Sphinx, config: Config) -> None:
    """Let LaTeX nest lists as deeply as summaries may (Sphinx's ``maxlistdepth``), unless
    the project chose its own depth."""
    elements = config.latex_elements
    if "maxlistdepth" not in elements:
        # a new dict: the default one is shared by every Sphinx application in a process
        config.latex_elements = {**elements, "maxlistdepth": str(LATEX_LIST_DEPTH)}


class BreakLongKeys(SphinxPostTransform):
    """Let TeX break long keys (and other long slash-separated words) in running text."""

    default_priority = 20  # after references are resolved: link texts are final
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if _LONG_WORD.search(text) and "://" not in text and not _untouched(text):
                pieces = split_long_words(str(text))
                if len(pieces) > 1:
                    text.parent.replace(text, _with_breaks(pieces))


class MathInBookmarks(SphinxPostTransform):
    """Math in the title of a generated page: typeset in the text, spelled out in the outline."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        folder = f"{self.config.shortscience_dir}/"
        engine = self.config.latex_engine
        for math in list(self.document.findall(nodes.math)):
            if _inside_title(math) and _docname(math).startswith(folder):
                latex = math.astext()
                spelled = escape(latex_plain(f"${latex}$"), engine)
                math.replace_self(nodes.raw(
                    "", rf"\texorpdfstring{{\protect\({latex}\protect\)}}{{{spelled}}}",
                    format="latex"))


class InlineDisplayMathInTables(SphinxPostTransform):
    """Display math in a table cell of a summary is written as inline math around
    ``aligned``, the rows and columns it had.

    A table cell is no place for display math: in ``tabulary`` (Sphinx 7.4 and 8 chose it
    for such tables) amsmath stopped at "\\begin{split} won't work here", in a ``tabular``
    at the first ``&`` of the math, which the table read as its own.  ``aligned`` inside
    ``\\( \\)``, in braces, typesets the same rows in both.  Math outside summaries is the
    project's own and is left as it is.
    """

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for body in list(self.document.findall(_is_summary_body)):
            for math in list(body.findall(nodes.math_block)):
                if not any(isinstance(ancestor, nodes.entry) for ancestor in ancestors(math)):
                    continue
                if math.get("nowrap") or math.get("no-wrap"):
                    # its own display environment, which no table cell takes: as written
                    warn(ShortScienceWarning.bad_math, "a ':nowrap:' math block in a table "
                         "cell cannot be typeset there; shown as text in the PDF", math)
                    text = math.astext()
                    math.replace_self(nodes.literal_block(text, text))
                else:
                    latex = "\\displaystyle " + display_as_inline(math.astext())
                    math.replace_self([nodes.raw("", "{", format="latex"),
                                       nodes.paragraph("", "", nodes.math(latex, latex)),
                                       nodes.raw("", "}", format="latex")])


def _inside_title(node: nodes.Node) -> bool:
    return any(isinstance(ancestor, nodes.title) for ancestor in ancestors(node))


def _docname(node: nodes.Node) -> str:
    """The document *node* comes from: the LaTeX builder marks each section it inlines."""
    return next((str(ancestor["docname"]) for ancestor in ancestors(node)
                 if isinstance(ancestor, nodes.section) and ancestor.get("docname")), "")


def split_long_words(text: str) -> list[str]:
    """*text* cut after the punctuation of its long words; one piece if there is none."""
    pieces: list[str] = []
    start = 0
    for word in _LONG_WORD.finditer(text):
        for cut in _BREAK_AFTER.finditer(word.group(0)):
            pieces.append(text[start : word.start() + cut.start()])
            start = word.start() + cut.start()
    pieces.append(text[start:])
    return pieces


def _untouched(text: nodes.Text) -> bool:
    return any(
        isinstance(ancestor, _UNTOUCHED)
        # a bare link, shown as a URL (which breaks by itself)
        or (isinstance(ancestor, nodes.reference) and ancestor.get("refuri") == ancestor.astext())
        for ancestor in ancestors(text))


def _with_breaks(pieces: list[str]) -> list[nodes.Node]:
    result: list[nodes.Node] = [nodes.Text(pieces[0])]
    for piece in pieces[1:]:
        result += [nodes.raw("", r"\allowbreak{}", format="latex"), nodes.Text(piece)]
    return result


def copy_style(app: Sphinx, exception: BaseException | None) -> None:
    """Put ``sphinxshortscience.sty`` beside the ``.tex`` file, rewritten only if it changed."""
    if exception is not None or app.builder.format != "latex":
        return
    write_if_changed(Path(app.builder.outdir) / STYLE.name, STYLE.read_bytes())


def setup_latex(app: Sphinx) -> None:
    app.add_post_transform(LabelSummaries)
    app.add_post_transform(BreakLongKeys)
    app.add_post_transform(FlattenDeepLists)
    app.add_post_transform(UnreadableImagesAsText)
    app.connect("config-inited", allow_deep_lists)
    app.add_post_transform(MathInBookmarks)
    app.add_post_transform(InlineDisplayMathInTables)
    app.add_latex_package(STYLE.stem)
    app.connect("build-finished", copy_style)
