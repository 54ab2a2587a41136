"""Where the time of a full build goes, phase by phase, for both variants at each size.

    python3 benchmarks/profile.py                     # small and medium
    python3 benchmarks/profile.py --sizes small,medium,large
    python3 benchmarks/profile.py --sizes large --variants ext   # ours only (plain: 20 min)

Each build runs in a fresh process (``PYTHONHASHSEED=0``) with timers around Sphinx's
phases: reading sources (our generated pages counted apart), pickling the environment,
resolving references (our page filling counted apart), the sidebar's navigation,
writing HTML, adding each page to the search index, and finishing (writing the search
index, static files).  The last table divides each
phase by the number of summaries, to show how the cost grows from one size to the next.
"other" is the rest: start-up (extensions, conf.py), consistency checks, copying assets.
Uses the corpora that ``benchmarks/run.py`` generates (made here when missing).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import build_environment, format_table, generate  # noqa: E402

SUMMARIES = {"tiny": 10, "small": 100, "medium": 500, "large": 2000}
PHASES = ["read", "generate pages", "pickle env", "resolve", "fill pages", "navigation",
          "write html", "search index", "finish", "other", "total"]

PROFILED_BUILD = r"""
import json, sys, time
from collections import defaultdict
from sphinx.application import Sphinx
import sphinx.builders
import sphinx.builders.html as html_builder

spent = defaultdict(float)

def timed(owner, name, phase):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[phase] += time.perf_counter() - start
    setattr(owner, name, wrapper)

src, out = sys.argv[1], sys.argv[2]
timed(sphinx.builders.Builder, "read", "read")
timed(sphinx.builders.Builder, "finish", "finish")
timed(html_builder.StandaloneHTMLBuilder, "finish", "finish")
timed(html_builder.StandaloneHTMLBuilder, "write_doc", "write html")
timed(html_builder, "global_toctree_for_doc", "navigation")
timed(html_builder.StandaloneHTMLBuilder, "index_page", "search index")
from sphinx.environment import BuildEnvironment
timed(BuildEnvironment, "get_and_resolve_doctree", "resolve")
original_dump = sphinx.builders.pickle.dump
def dump(obj, *args, **kwargs):
    if not isinstance(obj, BuildEnvironment):  # doctrees are pickled while reading
        return original_dump(obj, *args, **kwargs)
    start = time.perf_counter()
    try:
        return original_dump(obj, *args, **kwargs)
    finally:
        spent["pickle env"] += time.perf_counter() - start
sphinx.builders.pickle.dump = dump
try:
    import sphinx_shortscience.site.events as events
    import sphinx_shortscience.site.fill_placeholders as fill
    timed(events, "read_stubs", "generate pages")
    timed(fill.FillPlaceholders, "run", "fill pages")
except ImportError:
    pass
start = time.perf_counter()
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=None, warning=sys.stderr,
             freshenv=True)
app.build()
spent["total"] = time.perf_counter() - start
# nested timers: report each phase without what is counted apart inside it
spent["read"] -= spent["generate pages"]
spent["resolve"] -= spent["fill pages"]
spent["write html"] -= spent["navigation"]
# start-up, consistency checks, copying assets
spent["other"] = spent["total"] - sum(v for k, v in spent.items() if k != "total")
print("PROFILE " + json.dumps(spent))
"""


def corpus(size: str, variant: str, workdir: Path) -> Path:
    target = workdir / size / variant
    if not (target / "conf.py").exists():
        generate(target, size, variant)
    return target


def profile(src: Path) -> dict[str, float]:
    out = src / "_build" / "profile"
    shutil.rmtree(out, ignore_errors=True)
    env = build_environment()
    done = subprocess.run([sys.executable, "-c", PROFILED_BUILD, str(src), str(out)],
                          capture_output=True, text=True, env=env, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("PROFILE ")), None)
    if line is None:
        raise SystemExit(f"the build of {src} failed:\n{done.stderr[-3000:]}")
    return json.loads(line.removeprefix("PROFILE "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,medium")
    parser.add_argument("--variants", default="baseline,ext")
    parser.add_argument("--workdir", type=Path, default=HERE / "_work")
    args = parser.parse_args()
    results: dict[tuple[str, str], dict[str, float]] = {}
    for size in args.sizes.split(","):
        for variant in args.variants.split(","):
            print(f"[{size}] profiling the {variant} build", flush=True)
            results[size, variant] = profile(corpus(size, variant, args.workdir))
    header = ["size / variant", *PHASES]
    print("\nseconds per phase (wall time, one build each)\n")
    print(format_table(header, [
        [f"{size} / {variant}", *(f"{spent.get(p, 0):.1f}" for p in PHASES)]
        for (size, variant), spent in results.items()], numbers=True))
    print("\nmilliseconds per summary (linear growth keeps these flat across sizes)\n")
    print(format_table(header, [
        [f"{size} / {variant}",
         *(f"{1000 * spent.get(p, 0) / SUMMARIES[size]:.0f}" for p in PHASES)]
        for (size, variant), spent in results.items()], numbers=True))


if __name__ == "__main__":
    main()
