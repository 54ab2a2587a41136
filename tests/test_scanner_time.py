"""Hostile summary bodies (issue 30): the scanner takes time linear in a body's length, and
never loses or changes a character of it."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_shortscience.cli.body_markup import body_markup
from sphinx_shortscience.grammar.code import code_regions
from sphinx_shortscience.grammar.nesting import too_deep
from sphinx_shortscience.grammar.scanner import protect, restore
from sphinx_shortscience.grammar.tokens import FILL, MARK

from .hostile_bodies import FAMILIES, Format

# -- the scanner keeps every character ---------------------------------------------------------

#: Pieces of hostile bodies: openers never closed, closers never opened, escapes, long runs.
HOSTILE_PIECES = st.one_of(
    st.sampled_from([
        "\\cite{", "\\cite[", "\\citep[a][b]{", "\\cite{a}", "]", "}", "{", "[", "\\(", "\\)",
        "\\[", "\\]", "$", "$$", "\\$", "\\", "`", "```\n", "```{note}\n", "~~~\n", "::\n",
        ".. code::\n", "\n", "\n\n", "\n \n", " ", "a", "x_1", "https://", ".png", "?",
        "https://i.imgur.com/a", "https://www.shortscience.org/paper?bibtexKey=", ")", "(",
        MARK, FILL, ":a:`", "{a}`", "é", "\t", "> ", "1. ",
    ]),
    st.builds(lambda piece, count: piece * count,
              st.sampled_from(["\\", "`", "$", "{", "[", ")", ":", " ", "\n", ".png?"]),
              st.integers(min_value=2, max_value=300)),
)
FORMATS = st.sampled_from(["markdown", "rst"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE_PIECES, max_size=60).map("".join), FORMATS)
def test_hostile_bodies_are_scanned_without_loss(text: str, fmt: Format) -> None:
    body = protect(text, fmt)
    assert restore(body.text, body) == text
    assert body.text.count("\n") == text.count("\n")
    assert all(1 <= problem.line <= text.count("\n") + 1 for problem in body.problems)
    regions = code_regions(text, fmt)
    assert regions == sorted(regions)
    assert all(0 <= start <= end for start, end in regions)
    too_deep(text, fmt)
    body_markup(body.text, fmt, 1)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_each_hostile_family_is_scanned_without_loss(name: str) -> None:
    fmt, make = FAMILIES[name]
    text = make(5_000)
    body = protect(text, fmt)
    assert restore(body.text, body) == text


# -- the scanner's time is linear in the body's length -----------------------------------------

SMALL = 4_000
#: A linear scanner takes about SCALE times longer on a text SCALE times longer; one whose
#: time grows with the square of the length, SCALE ** 2 times (with the power 1.5, 64 times).
SCALE = 16
#: Very generous, so that a busy machine does not fail the test: three times linear.
GROWTH_LIMIT = 3 * SCALE


def fastest(work: Callable[[], object], runs: int = 3) -> float:
    """The least processor time of *runs* runs of *work*, without garbage collection."""
    times = []
    gc.disable()
    try:
        for _ in range(runs):
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
    finally:
        gc.enable()
    return max(min(times), 1e-6)


def growth(scan: Callable[[str, Format], object], name: str, attempts: int = 3) -> float:
    """How much longer *scan* takes on a text of family *name* SCALE times longer; the
    least of up to *attempts* measures, as noise only ever makes one larger."""
    fmt, make = FAMILIES[name]
    small, large = make(SMALL), make(SMALL * SCALE)
    measured = []
    for _ in range(attempts):
        measured.append(fastest(lambda: scan(large, fmt))
                        / fastest(lambda: scan(small, fmt), runs=5))
        if measured[-1] < GROWTH_LIMIT:
            break
    return min(measured)


def check_scan(text: str, fmt: Format) -> None:
    """What ``shortscience check`` runs on a body before its links: the depth bound, the
    scanner, and (for a body not too deep) the body's directives and roles."""
    if too_deep(text, fmt) is None:
        body_markup(protect(text, fmt).text, fmt, 1)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_scanner_time_is_linear_in_the_length(name: str) -> None:
    """Not a timing of the scanner (benchmarks/scanner.py measures it): a text 16 times
    longer must not take more than 48 times longer, where a quadratic scanner takes 256."""
    assert growth(protect, name) < GROWTH_LIMIT


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_check_time_is_linear_in_the_length(name: str) -> None:
    assert growth(check_scan, name) < GROWTH_LIMIT
