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


def _fence_for(body: str) -> str:
    """A backtick fence longer than any fence inside *body*."""
    longest = max((len(m.group(0)) for m in re.finditer(r"^ {0,3}`{3,}", body, re.M)),
                  default=0)
    return "`" * max(3, longest + 1)


def summary_file(key: str, title: str, body: str, fmt: Format, *, writer: str = "",
                 date: str = "", keywords: str = "", note: str = "") -> str:
    """The text of a file holding one summary of *key*, under a heading *title*. Every value
    but *body* (the summary's text, which the directive reads as hostile) is written as
    text (see :mod:`.markup`)."""
    argument = summary_key(key)
    options = [(name, as_text(value, fmt, "option")) for name, value in
               (("author", writer), ("date", date), ("keywords", keywords)) if value.strip()]
    lines = [*heading(title.strip() or key, fmt), ""]
    if note:
        lines += [*comment(note, fmt), ""]
    if fmt == "rst":
        lines.append(f".. summary:: {argument}")
        lines += [f"   :{name}: {value}" for name, value in options]
        lines.append("")
        lines += [f"   {line}" if line.strip() else "" for line in body.split("\n")]
        return "\n".join(lines).rstrip() + "\n"
    fence = _fence_for(body)
    lines.append(f"{fence}{{summary}} {argument}")
    lines += [f":{name}: {value}" for name, value in options]
    lines += ["", body, fence]
    return "\n".join(lines) + "\n"
