"""Would ``gc.freeze()`` after the environment is read make our builds faster?

    python3 benchmarks/gc_freeze.py                    # small and medium, 2 runs each
    python3 benchmarks/gc_freeze.py --sizes large --repeat 1

The environment and the bib live for the whole build; once reading is done, the cyclic
collector keeps walking them on every full collection. ``gc.freeze()`` moves everything
alive at that moment out of the collector's sight. This builds the ``ext`` corpus of each
size with and without a freeze at ``env-updated`` (in turns, fresh processes), and prints
CPU time, wall time and peak memory. The extension adopts the freeze only if it wins at
every size (docs/performance.md has the figures).
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

BUILD = r"""
import gc, json, resource, sys, time
from sphinx.application import Sphinx
src, out, freeze = sys.argv[1], sys.argv[2], sys.argv[3] == "freeze"
start = time.perf_counter()
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=None, warning=sys.stderr,
             freshenv=True)
if freeze:
    app.connect("env-updated", lambda app, env: gc.freeze())
app.build()
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print("FREEZE " + json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                              "rss_mb": usage.ru_maxrss / 1024}))
"""


def build(src: Path, freeze: bool) -> dict[str, float]:
    out = src / "_build" / "gc"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(src / "shortscience", ignore_errors=True)
    env = build_environment()
    done = subprocess.run([sys.executable, "-c", BUILD, str(src), str(out),
                           "freeze" if freeze else "plain"],
                          capture_output=True, text=True, env=env, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("FREEZE ")), None)
    if line is None:
        raise SystemExit(f"the build of {src} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(line.removeprefix("FREEZE "))
    return result


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
        runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}
        for index in range(args.repeat):
            for freeze in ((False, True) if index % 2 == 0 else (True, False)):
                print(f"[{size}] build {'with' if freeze else 'without'} gc.freeze()",
                      flush=True)
                runs[freeze].append(build(src, freeze))
        for name, unit in (("cpu", "s"), ("wall", "s"), ("rss_mb", "MB")):
            plain = statistics.median(run[name] for run in runs[False])
            frozen = statistics.median(run[name] for run in runs[True])
            rows.append([size, name, f"{plain:.1f} {unit}", f"{frozen:.1f} {unit}",
                         f"{frozen / plain:.3f}x"])
    print()
    print(format_table(["size", "measure", "without", "with gc.freeze()", "ratio"], rows))


if __name__ == "__main__":
    main()
