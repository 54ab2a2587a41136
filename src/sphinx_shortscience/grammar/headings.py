"""Headings inside a summary never open sections of the page the summary is on."""

from __future__ import annotations

import re

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
