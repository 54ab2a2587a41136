"""What the body scanner finds: tokens, the placeholders that stand for them, and problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["markdown", "rst"]

#: Marks the two ends of a placeholder. A Unicode "other punctuation" character, so that
#: Markdown and rST treat a placeholder next to ``*`` or ``_`` like punctuation.
MARK = "\u2e3c"
#: Stands in for each further line of a multi-line construct, so line numbers survive.
FILL = "\ue000"
PLACEHOLDER = re.compile(MARK + r"(\d+)(?:\s*" + FILL + r")*\s*" + MARK)


@dataclass(frozen=True, slots=True)
class MathToken:
    latex: str
    display: bool
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class CiteToken:
    command: str
    keys: tuple[str, ...]
    prenote: str
    postnote: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class ImageToken:
    url: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class PaperLinkToken:
    """A bare ShortScience paper link, ``https://www.shortscience.org/paper?bibtexKey=KEY``."""

    key: str
    url: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class LiteralToken:
    """Text that must come out exactly as written (a placeholder mark typed by the author)."""

    source: str
    line: int


@dataclass(frozen=True, slots=True)
class RefusedToken:
    """Markup a summary may not use (a MyST substitution), shown as written, as code."""

    source: str
    line: int


Token = MathToken | CiteToken | ImageToken | PaperLinkToken | LiteralToken | RefusedToken


@dataclass(frozen=True, slots=True)
class GrammarProblem:
    kind: Literal["bad_math", "bad_cite", "disallowed_markup"]
    message: str
    line: int


@dataclass(slots=True)
class ProtectedBody:
    """A body with placeholders, the tokens they stand for, and what looked wrong."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    problems: list[GrammarProblem] = field(default_factory=list)

    def token_for(self, match: re.Match[str]) -> Token:
        return self.tokens[int(match.group(1))]


def placeholder(index: int, source: str) -> str:
    """An inert stand-in for *source* that keeps its line breaks and indentation."""
    lines = source.split("\n")
    rest = "".join("\n" + re.match(r"[ \t]*", line).group(0) + FILL for line in lines[1:])  # type: ignore[union-attr]
    return f"{MARK}{index}{rest}{MARK}"
