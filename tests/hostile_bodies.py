"""Summary bodies written to make the body scanner slow: one generator per family, at any size.

Each family once made :func:`~sphinx_shortscience.grammar.scanner.protect` (or what
``shortscience check`` runs on a body) superlinear in the body's length (issue 30, row 11).
The tests run them at two sizes; ``benchmarks/scanner.py`` times them against prose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Format = Literal["markdown", "rst"]

PROSE_PARAGRAPH = ("Plenty of words in a very long summary about attention, with $x_i$ and "
                   "\\cite{attention}.")
SHORTSCIENCE = "https://www.shortscience.org/paper?bibtexKey="


def repeated(piece: str, size: int) -> str:
    """*piece* again and again, cut at *size* characters."""
    return (piece * (size // len(piece) + 1))[:size]


def prose(size: int) -> str:
    """Ordinary text: paragraphs with inline math and a citation each."""
    return repeated(PROSE_PARAGRAPH + "\n\n", size)


def growing_backtick_runs(size: int) -> str:
    """Runs of 1, 2, 3 ... backticks that close nothing, then many code spans."""
    runs, total, length = [], 0, 1
    while total < size // 2:
        runs.append("`" * length + " a ")
        total += length + 3
        length += 1
    return "".join(runs) + repeated("``b`` ", size - total)


def growing_indentation(line: str, size: int) -> str:
    """*line* indented one more column on each line, up to *size* characters."""
    lines, total, indent = [], 0, 0
    while total < size:
        lines.append(" " * indent + line)
        total += indent + len(line) + 1
        indent += 1
    return "\n".join(lines)


def nested_fences(size: int) -> str:
    """MyST directives in directives, each fence one backtick shorter than the one around it."""
    depth = 1
    while (depth + 1) * (depth + 2 + 2 * 3) < size:  # the fences' backticks and names
        depth += 1
    openers = [f"{'`' * (depth + 3 - level)}{{note}}" for level in range(depth)]
    closers = ["`" * (level + 4) for level in range(depth)]
    return "\n".join([*openers, "x", *closers])


def backslash_runs(size: int) -> str:
    """Unclosed ``\\(`` and a long run of backslashes that escapes the only ``)``."""
    openers = "\\(a " * (size // 8)
    return openers + "\\" * ((size - len(openers)) // 2 * 2) + ")"


#: name: (format, the text of that family at a size)
FAMILIES: dict[str, tuple[Format, Callable[[int], str]]] = {
    "cite-brace": ("markdown", lambda size: repeated("\\cite{a ", size)),
    "cite-note": ("markdown", lambda size: repeated("\\cite[a ", size)),
    "cite-nested-braces": ("markdown", lambda size: repeated("\\cite{{{{{{{{ ", size)),
    "paren-math": ("markdown", lambda size: repeated("\\(a ", size)),
    "paren-math-paragraphs": ("markdown", lambda size: repeated("\\(a\n\n", size - 2) + "\\)"),
    "bracket-math": ("markdown", lambda size: repeated("\\[a ", size)),
    "dollar": ("markdown", lambda size: repeated("$a ", size)),
    "display-dollar": ("markdown", lambda size: "$$" + repeated("a \\$$ ", size - 2)),
    "backslash-runs": ("markdown", backslash_runs),
    "backtick-runs": ("markdown", growing_backtick_runs),
    "fences-and-spans": ("markdown", lambda size: repeated("```\nx\n```\n`a` `b`\n", size)),
    "image-line": ("markdown", lambda size: "https://a" + repeated(".png?", size - 11) + " x"),
    "image-lines": ("markdown", lambda size: repeated("https://x.org/a.png?b.png?c x\n", size)),
    "paper-link-parens": ("markdown", lambda size: SHORTSCIENCE + "a"
                          + ")" * (size - len(SHORTSCIENCE) - 1)),
    "rst-literal-blocks": ("rst", lambda size: growing_indentation("a::", size)),
    "rst-code-directives": ("rst", lambda size: growing_indentation(".. code::", size)),
    "rst-nested-directives": ("rst", lambda size: growing_indentation(".. note::", size)),
    "nested-fences": ("markdown", nested_fences),
    "rst-roles": ("rst", lambda size: repeated(":a:`b` ``c`` ", size)),
    "rst-colons": ("rst", lambda size: repeated(":", size)),
    "markdown-roles": ("markdown", lambda size: repeated("{a}`b` `c` ", size)),
    "line-start-runs": ("rst", lambda size: repeated("-a", size // 3) + "\n"
                        + repeated("[", size // 3) + "\n" + repeated("1.", size // 3)),
    "emphasis": ("markdown", lambda size: repeated("*a* _b_ **c ", size)),
}
