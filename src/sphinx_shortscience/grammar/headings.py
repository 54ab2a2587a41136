"""Headings inside a summary never open sections of the page the summary is on."""

from __future__ import annotations

import re

from docutils import nodes

_RST_ADORNMENT = "=-`:'\"~^_*+#<>"
_RST_TITLE = re.compile(
    r"^(?:(?P<over>[" + re.escape(_RST_ADORNMENT) + r"])(?P=over)+[ \t]*\n)?"
    r"(?P<title>[ \t]*\S[^\n]*)\n(?P<under>[" + re.escape(_RST_ADORNMENT) + r"])(?P=under)+[ \t]*$",
    re.MULTILINE,
)


def rst_titles_to_rubrics(text: str) -> str:
    """Turn rST section titles into ``.. rubric::`` lines, keeping the line count.

    A summary is part of a page: a title in its body must not open a section of that page.
    """

    def replace(match: re.Match[str]) -> str:
        title = match.group("title").strip()
        underline_length = len(match.group(0).rsplit("\n", 1)[-1].strip())
        start = match.start()
        blank_before = start == 0 or text[:start].endswith("\n\n") or not text[:start].strip()
        if underline_length < len(title) or not blank_before or title.startswith(".."):
            return match.group(0)
        lines = match.group(0).count("\n")
        return f".. rubric:: {title}" + "\n" * lines

    return _RST_TITLE.sub(replace, text)


def sections_to_rubrics(root: nodes.Element, document: nodes.document) -> None:
    """Any section left in a parsed body (an rST title the text pass could not see, such as
    one inside ``{eval-rst}`` in Markdown) becomes a rubric followed by its content."""
    for section in reversed(list(root.findall(nodes.section))):
        title = next((child for child in section.children if isinstance(child, nodes.title)),
                     None)
        replacement: list[nodes.Node] = []
        if title is not None:
            rubric = nodes.rubric(title.rawsource, "", *title.children,
                                  classes=["shortscience-heading"])
            rubric.source, rubric.line = title.source, title.line
            # the section's names and ids (its implicit target) now mark the rubric
            rubric["ids"], rubric["names"] = section["ids"], section["names"]
            for node_id in rubric["ids"]:
                if document.ids.get(node_id) is section:
                    document.ids[node_id] = rubric
            replacement.append(rubric)
        replacement += [child for child in section.children if child is not title]
        for node in replacement:
            node.parent = None
        section.replace_self(replacement)
