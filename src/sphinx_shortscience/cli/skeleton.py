"""The text of a summary file, as ``new`` and ``import`` write it."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from .errors import UsageError
from .markup import as_text, comment, heading, summary_key

if TYPE_CHECKING:
    from ..grammar.tokens import Format


def iso_date(value: str | None) -> str:
    if value is None:
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date like 2024-03-01") from None


def _fence_for(body_lines: list[str]) -> str:
    """A backtick fence longer than any fence in *body_lines*."""
    fences = (re.match(r" {0,3}(`{3,})", line) for line in body_lines)
    longest = max((len(fence.group(1)) for fence in fences if fence), default=0)
    return "`" * max(3, longest + 1)


def summary_file(key: str, title: str, body: str, fmt: Format, *, writer: str = "",
                 date: str = "", keywords: str = "", note: str = "") -> str:
    """The text of a file holding one summary of *key*, under a heading *title*. Every value
    but *body* (the summary's text, which the directive reads as hostile) is written as
    text (see :mod:`.markup`)."""
    argument = summary_key(key)
    # the body's lines as the parser will see them, so that none ends the directive early:
    # markdown-it reads a lone \r as a line break, docutils every break str.splitlines knows
    body_lines = body.splitlines() if fmt == "rst" else \
        body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    options = [(name, as_text(value, fmt, "option")) for name, value in
               (("author", writer), ("date", date), ("keywords", keywords)) if value.strip()]
    lines = [*heading(title.strip() or key, fmt), ""]
    if note:
        lines += [*comment(note, fmt), ""]
    if fmt == "rst":
        lines.append(f".. summary:: {argument}")
        lines += [f"   :{name}: {value}" for name, value in options]
        lines.append("")
        lines += [f"   {line}" if line.strip() else "" for line in body_lines]
        return "\n".join(lines).rstrip() + "\n"
    fence = _fence_for(body_lines)
    lines.append(f"{fence}{{summary}} {argument}")
    lines += [f":{name}: {value}" for name, value in options]
    lines += ["", *body_lines, fence]
    return "\n".join(lines) + "\n"
