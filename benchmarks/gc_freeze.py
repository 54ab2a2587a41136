"""Where should ``gc.freeze()`` go, if anywhere? Time and peak memory of each choice.

    python3 benchmarks/gc_freeze.py                    # small and medium, 2 runs each
    python3 benchmarks/gc_freeze.py --sizes large --repeat 1

The environment, the bib and the application live for the whole build, and every full
collection of CPython's cyclic garbage collector walks them again. ``gc.freeze()`` moves
everything alive at that moment out of the collector's sight. Three policies are built on
the ``ext`` corpus of each size, in turns, in fresh processes:

- ``off``: no freeze (the collector as Sphinx leaves it);
- ``reading``: what the extension does: freeze when reading begins (``env-before-read-docs``:
  the loaded environment, the bib, the app), unfreeze when the build ends;
- ``after reading``: that, and a second freeze once everything is read (``env-updated``),
  as issue 20 proposed: the doctrees Sphinx keeps in memory to write are frozen too.

Each policy gets a full build (CPU time, peak memory) and then an incremental one (a word
of one summary changed): CPU time. docs/performance.md has the figures and the choice.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import build_environment, format_table, generate  # noqa: E402

POLICIES = ["off", "reading", "after reading"]

BUILD = r"""
import gc, json, resource, sys, time
policy = sys.argv[3]
if policy == "off":
    gc.freeze = lambda: None
from sphinx.application import Sphinx
src, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=None, warning=sys.stderr)
if policy == "after reading":
    app.connect("env-updated", lambda app, env: gc.freeze())
app.build()
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print("FREEZE " + json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                              "rss_mb": usage.ru_maxrss / 1024}))
"""


def build(src: Path, policy: str, fresh: bool) -> dict[str, float]:
    out = src / "_build" / "gc"
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(src / "shortscience", ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", BUILD, str(src), str(out), policy],
                          capture_output=True, text=True, env=build_environment(), check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("FREEZE ")), None)
    if line is None:
        raise SystemExit(f"the build of {src} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(line.removeprefix("FREEZE "))
    return result


def edit(src: Path) -> None:
    """Change one word of the first summary, or change it back."""
    path = src / "notes" / "session0000.rst"
    text = path.read_text("utf-8")
    path.write_text(text.replace(" gc-edited ", " the ", 1) if " gc-edited " in text
                    else text.replace(" the ", " gc-edited ", 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,medium")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=HERE / "_work")
    args = parser.parse_args()
    rows = []
    for size in args.sizes.split(","):
        src = args.workdir / size / "ext"
        if not (src / "conf.py").exists():
            generate(src, size, "ext")
        full: dict[str, list[dict[str, float]]] = {policy: [] for policy in POLICIES}
        incremental: dict[str, list[dict[str, float]]] = {policy: [] for policy in POLICIES}
        for index in range(args.repeat):
            order = POLICIES if index % 2 == 0 else list(reversed(POLICIES))
            for policy in order:
                print(f"[{size}] policy {policy!r}: full build, then one summary edited",
                      flush=True)
                full[policy].append(build(src, policy, fresh=True))
                edit(src)
                incremental[policy].append(build(src, policy, fresh=False))

        def median(runs: list[dict[str, float]], name: str) -> float:
            return statistics.median(run[name] for run in runs)

        for label, runs, name, unit in (("full build, CPU", full, "cpu", "s"),
                                        ("full build, peak memory", full, "rss_mb", "MB"),
                                        ("edit one summary, CPU", incremental, "cpu", "s")):
            off = median(runs["off"], name)
            rows.append([size, label, *(
                f"{median(runs[policy], name):.2f} {unit}"
                + ("" if policy == "off" else f" ({median(runs[policy], name) / off:.2f}x)")
                for policy in POLICIES)])
    print()
    print(format_table(["size", "measure", *POLICIES], rows))


if __name__ == "__main__":
    main()
