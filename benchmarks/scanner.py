"""The body scanner on hostile text: each adversarial family against ordinary prose.

    python3 benchmarks/scanner.py                       # 100 KB and 1 MB
    python3 benchmarks/scanner.py --sizes 24k,48k,96k   # smaller, for a slow scanner
    python3 benchmarks/scanner.py --families cite,dollar --repeat 5

For each family of text that once made the scanner superlinear (issue 30, row 11; the
families are in ``tests/hostile_bodies.py``, which the tests run at two sizes) it times,
at each size, the scanner (``protect``, which a build runs on every summary body before
parsing it) and what ``shortscience check`` runs on a body (the depth bound ``too_deep``,
``protect``, and for a body not too deep its directives and roles,
:func:`~sphinx_shortscience.cli.body_markup.body_markup`), and prints each time over the time of
ordinary prose of the same size (a summary of paragraphs with math and citations).
A scanner linear in the body's length shows a ratio that stays the same from one size to
the next, and a growth (the time at the largest size over the time at the smallest) near
the ratio of the sizes.  Nothing here asserts timings: the numbers are for people.
A family whose time at one size passes ``--give-up`` seconds is not run at larger sizes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent)]

from tests.hostile_bodies import FAMILIES, prose  # noqa: E402

from sphinx_shortscience.cli.body_markup import body_markup  # noqa: E402
from sphinx_shortscience.grammar.nesting import too_deep  # noqa: E402
from sphinx_shortscience.grammar.scanner import protect  # noqa: E402


def parse_size(text: str) -> int:
    text = text.strip().lower()
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text)


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def scanner_side(text: str, fmt: str) -> None:
    protect(text, fmt)  # type: ignore[arg-type]


def check_side(text: str, fmt: str) -> None:
    """What ``shortscience check`` runs on a body before its links: the depth bound, the
    scanner, and (for a body not too deep) the body's directives and roles."""
    if too_deep(text, fmt) is None:  # type: ignore[arg-type]
        body_markup(protect(text, fmt).text, fmt, 1)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help="comma-separated names from tests/hostile_bodies.py")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--give-up", type=float, default=30.0,
                        help="seconds after which a family is not run at larger sizes")
    args = parser.parse_args()
    sizes = [parse_size(size) for size in args.sizes.split(",")]
    names = ["prose", *(name for name in args.families.split(",") if name != "prose")]
    families = {"prose": ("markdown", prose), **FAMILIES}
    times: dict[tuple[str, str, int], float] = {}
    for name in names:
        fmt, make = families[name]
        for side, work in (("scan", scanner_side), ("check", check_side)):
            for size in sizes:
                text = make(size)
                seconds = best_of(args.repeat if name == "prose" else 1,
                                  lambda work=work, text=text, fmt=fmt: work(text, fmt))
                times[name, side, size] = seconds
                print(f"  {name:22} {side:5} {size:>9,} chars {seconds:9.4f} s", flush=True)
                if seconds > args.give_up:
                    break
    print()
    header = ["family", "side", *(f"{size:,}" for size in sizes), "growth"]
    rows = []
    for name in names:
        for side in ("scan", "check"):
            cells = [name, side]
            for size in sizes:
                if (name, side, size) not in times:
                    cells.append("skipped")
                    continue
                ratio = times[name, side, size] / times["prose", side, size]
                cells.append(f"{times[name, side, size]:.3f} s ({ratio:.2f}x)")
            first, last = (name, side, sizes[0]), (name, side, sizes[-1])
            cells.append(f"{times[last] / times[first]:.1f}" if last in times else "")
            rows.append(cells)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\n(x: over prose of the same size; growth: time at {sizes[-1]:,} over time at "
          f"{sizes[0]:,} characters, {sizes[-1] / sizes[0]:.0f} if linear)")


if __name__ == "__main__":
    main()
