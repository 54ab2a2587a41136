"""The text of a summary file, as ``new`` and ``import`` write it, and writing it safely."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path


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


def summary_file(key: str, title: str, body: str, fmt: str, *, writer: str = "",
                 date: str = "", keywords: str = "", note: str = "") -> str:
    """The text of a file holding one summary of *key*, under a heading *title*."""
    heading = title or key
    options = [(name, value) for name, value in
               (("author", writer), ("date", date), ("keywords", keywords)) if value]
    if fmt == "rst":
        lines = [heading, "=" * max(len(heading), 3), ""]
        if note:
            lines += [f".. {note}", ""]
        lines.append(f".. summary:: {key}")
        lines += [f"   :{name}: {value}" for name, value in options]
        lines.append("")
        lines += [f"   {line}" if line.strip() else "" for line in body.split("\n")]
        return "\n".join(lines).rstrip() + "\n"
    fence = _fence_for(body)
    lines = [f"# {heading}", ""]
    if note:
        lines += [f"<!-- {note} -->", ""]
    lines.append(f"{fence}{{summary}} {key}")
    lines += [f":{name}: {value}" for name, value in options]
    lines += ["", body, fence]
    return "\n".join(lines) + "\n"


def write_new_file(path: Path, text: str) -> None:
    if path.exists():
        raise UsageError(f"{path} exists; not overwritten (choose another --output)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
