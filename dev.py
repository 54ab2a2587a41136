#!/usr/bin/env python3
"""Developer commands that work on a fresh machine with nothing but python3.

    python3 dev.py example   # venv + package, build example_project to HTML (and LaTeX)
    python3 dev.py test      # venv + package with test extras, lint, type-check, whole test suite
    python3 dev.py compat [NAME ...]   # the suite against the other supported versions (CI)
    python3 dev.py docs      # build the documentation site

Each command creates ``.venv`` next to this file when it is missing and installs what it
needs into it, so the commands are the same on a laptop, on CI and in a clean clone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    printable = " ".join(str(part) for part in command)
    print(f"$ {printable}", flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=cwd, check=False)
    if completed.returncode:
        sys.exit(completed.returncode)


def ensure_venv(extras: str = "") -> None:
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", target)


def example() -> None:
    ensure_venv()
    project = ROOT / "example_project"
    html = project / "_build" / "html"
    run(PYTHON, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", project, html)
    run(PYTHON, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "latex", project,
        project / "_build" / "latex")
    print(f"\nThe example site is built: open {html / 'index.html'}")
    print(f"LaTeX sources are in {project / '_build' / 'latex'}")


#: Other versions the suite runs against: name -> (python, extra requirements, pytest args).
#: Jupyter Book 1 pins Sphinx 7 and MyST-Parser 3, the oldest versions we support.
COMPAT: dict[str, tuple[str, list[str], list[str]]] = {
    "sphinx7.4-myst3": ("python3.11", ["sphinx==7.4.*", "myst-parser==3.*", "myst-nb==1.*"],
                        ["-m", "not slow"]),
    "sphinx8-myst4": ("python3.11", ["sphinx==8.*", "myst-parser==4.*"], ["-m", "not slow"]),
    "python3.13": ("python3.13", [], ["-m", "not slow"]),
    "jupyter-book1": ("python3.11", ["jupyter-book==1.*"], ["tests/test_ecosystem.py"]),
}


#: Debian packages some tests need: command -> (packages, the tests that skip without it).
DEBIAN_PACKAGES: dict[str, tuple[str, str]] = {
    "latexmk": ("latexmk", "the PDF tests (test_pdf.py, test_math.py)"),
    "pdflatex": ("texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
                 "tex-gyre", "the PDF tests (test_pdf.py, test_math.py)"),
    "pdftoppm": ("poppler-utils", "the PDF tests (test_pdf.py)"),
    "chromium": ("chromium", "the browser tests (test_browser.py, test_themes.py)"),
}
#: MathJax from the npm registry, served locally by the browser tests (no network at test
#: time), and its TeX sources, from which the allow-list of math commands is derived and checked.
NPM_PACKAGES = {
    "mathjax@3": "the browser tests (test_browser.py, test_themes.py)",
    "mathjax-full@3": "the math allow-list check (test_math.py)",
}
TOOLS = ROOT / ".tools"


def last_lines(output: bytes, count: int = 6) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return "\n".join(f"    {line}" for line in lines[-count:])


def ensure_debian_packages() -> None:
    missing = {command: packages for command, packages in DEBIAN_PACKAGES.items()
               if shutil.which(command) is None}
    if not missing:
        return
    packages = sorted({name for names, _ in missing.values() for name in names.split()})
    skipped = sorted({tests for _, tests in missing.values()})
    apt_get = shutil.which("apt-get")
    if apt_get is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(f"not installing {' '.join(packages)}: that needs apt-get and root "
              f"(sudo python3 dev.py test). Skipped: {'; '.join(skipped)}.", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt_get, "install", "-y", "-q", "--no-install-recommends", *packages]
    print(f"$ apt-get install {' '.join(packages)}   (TeX, poppler, Chromium: a few minutes "
          "the first time)", flush=True)
    done = subprocess.run(install, env=env, check=False, capture_output=True)
    if done.returncode:  # the package lists are often missing on a fresh machine
        print("$ apt-get update", flush=True)
        updated = subprocess.run([apt_get, "update", "-q"], env=env, check=False,
                                 capture_output=True)
        if updated.returncode:
            print(f"apt-get update failed (exit {updated.returncode}):\n"
                  f"{last_lines(updated.stderr + updated.stdout)}", flush=True)
        done = subprocess.run(install, env=env, check=False, capture_output=True)
    if done.returncode:
        print(f"apt-get install failed (exit {done.returncode}):\n"
              f"{last_lines(done.stderr + done.stdout)}", flush=True)
    still_missing = sorted({missing[command][1] for command in missing
                            if shutil.which(command) is None})
    if still_missing:
        print(f"Skipped for want of Debian packages: {'; '.join(still_missing)}.", flush=True)


def ensure_npm_packages() -> None:
    absent = {name: tests for name, tests in NPM_PACKAGES.items()
              if not (TOOLS / "node_modules" / name.split("@")[0] / "package.json").exists()}
    if not absent:
        return
    npm = shutil.which("npm")
    if npm is None:
        print(f"not installing {' '.join(absent)}: npm is not on PATH (apt-get install npm). "
              f"Skipped: {'; '.join(sorted(set(absent.values())))}.", flush=True)
        return
    # npm runs inside .tools rather than with --prefix: --prefix also moves where npm looks
    # for its global npmrc, which is where a machine's CA file is set (seen here: the
    # registry's certificate refused from a plain shell)
    TOOLS.mkdir(exist_ok=True)
    manifest = TOOLS / "package.json"
    if not manifest.exists():
        manifest.write_text('{"private": true, "description": "test tools of dev.py"}\n')
    print(f"$ cd .tools && npm install {' '.join(absent)}", flush=True)
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", *absent], cwd=TOOLS,
                          check=False, capture_output=True)
    if done.returncode:
        print(f"npm install failed (exit {done.returncode}):\n"
              f"{last_lines(done.stderr + done.stdout)}\n"
              f"Skipped: {'; '.join(sorted(set(absent.values())))}.", flush=True)


def ensure_system_tools() -> None:
    """TeX, poppler and Chromium from Debian, MathJax from npm; say what fails and what skips."""
    ensure_debian_packages()
    ensure_npm_packages()


def test(pytest_args: list[str]) -> None:
    ensure_venv("test,lint")
    ensure_system_tools()
    linted = [name for name in ("src", "tests", "benchmarks", "scripts", "docs/_ext", "dev.py")
              if (ROOT / name).exists()]
    run(PYTHON, "-m", "ruff", "check", *linted)
    run(PYTHON, "-m", "mypy")
    # -rs: the reason of every skipped test is printed at the end
    run(PYTHON, "-m", "pytest", "-n", "2", "--dist", "loadfile", "-rs", *pytest_args)
    if not pytest_args:
        print("\nThe other supported versions (CI runs them after this): python3 dev.py compat",
              flush=True)


def pyenv_roots() -> list[Path]:
    """Where pyenv may keep interpreters, from the account rather than from $HOME alone, so a
    plain shell (env -i, another HOME) finds the same ones."""
    homes = [Path.home()]
    if hasattr(os, "getuid"):
        import pwd  # POSIX only

        homes.insert(0, Path(pwd.getpwuid(os.getuid()).pw_dir))
    roots = [Path(os.environ["PYENV_ROOT"])] if os.environ.get("PYENV_ROOT") else []
    return list(dict.fromkeys([*roots, *(home / ".pyenv" for home in homes)]))


def find_python(name: str) -> str | None:
    """An interpreter called *name* that runs: on PATH, or one that pyenv has installed."""
    candidates = [shutil.which(name), *(str(path) for root in pyenv_roots()
                                        for path in sorted(root.glob(f"versions/*/bin/{name}")))]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", "pass"], capture_output=True,
                                        check=False).returncode == 0:
            return candidate
    return None


def compat(name: str) -> None:
    """Run the suite (or part of it) in a venv with other versions of our dependencies."""
    python, requirements, pytest_args = COMPAT[name]
    interpreter = find_python(python)
    if interpreter is None:
        print(f"\n[{name}] skipped: {python} is not on this machine", flush=True)
        return
    print(f"\n[{name}] {' '.join(requirements) or 'newest releases'} on {python}", flush=True)
    folder = ROOT / ".compat" / name
    bin_dir = folder / ("Scripts" if os.name == "nt" else "bin")
    if not (bin_dir / "python").exists():
        run(interpreter, "-m", "venv", folder)
        run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--editable", ".[test,lint]",
        *requirements)
    # the type ignores that one version needs and another does not are marked as such, so
    # mypy with warn_unused_ignores passes on every supported version
    run(bin_dir / "python", "-m", "mypy", "--no-incremental")
    run(bin_dir / "python", "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile",
        "-p", "no:cacheprovider", *pytest_args)


def docs() -> None:
    ensure_venv("docs")
    out = ROOT / "docs" / "_build"
    run(PYTHON, "-m", "sphinx", "-nW", "--keep-going", "-b", "html", ROOT / "docs", out / "html")
    print(f"\nThe documentation is built: open {out / 'html' / 'index.html'}")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    started = time.monotonic()
    atexit.register(lambda: print(f"\n[dev.py {command}: {time.monotonic() - started:.0f} s]",
                                  flush=True) if command else None)
    if command == "example":
        example()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "docs":
        docs()
    elif command == "compat":
        failed = []
        for name in sys.argv[2:] or list(COMPAT):
            try:  # every run goes ahead, so one failure does not hide the others
                compat(name)
            except SystemExit as stopped:
                if stopped.code:
                    failed.append(name)
        if failed:
            print(f"\nFailed: {', '.join(failed)}", flush=True)
            sys.exit(1)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
