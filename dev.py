#!/usr/bin/env python3
"""Developer commands that work on a fresh machine with nothing but python3.

    python3 dev.py example   # venv + package, build example_project to HTML (and LaTeX)
    python3 dev.py test      # venv + package with test extras, lint, type-check, whole test suite
    python3 dev.py docs      # build the documentation site
    python3 dev.py compat [NAME ...]   # only the runs against other versions

Each command creates ``.venv`` next to this file when it is missing and installs what it
needs into it, so the commands are the same on a laptop, on CI and in a clean clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


#: Debian packages the browser and PDF tests use (they skip, saying why, where these are absent).
DEBIAN_PACKAGES = {
    "latexmk": "latexmk",
    "pdflatex": "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre",
    "pdftoppm": "poppler-utils",
    "chromium": "chromium",
}
#: MathJax from the npm registry, served locally by the browser test (no network at test time),
#: and its TeX sources, from which the allow-list of math commands is derived and checked.
NPM_PACKAGES = ["mathjax@3", "mathjax-full@3"]
TOOLS = ROOT / ".tools"


def ensure_system_tools() -> None:
    """Install TeX, poppler and Chromium from Debian, MathJax from npm, when we are allowed to."""
    missing = sorted({package for command, packages in DEBIAN_PACKAGES.items()
                      if shutil.which(command) is None for package in packages.split()})
    apt_get = shutil.which("apt-get")
    if missing and apt_get and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        print(f"$ apt-get install {' '.join(missing)}", flush=True)
        installed = subprocess.run([apt_get, "install", "-y", "-q", "--no-install-recommends",
                                    *missing], env=env, check=False, capture_output=True)
        if installed.returncode:  # the package lists may be missing on a fresh machine
            subprocess.run([apt_get, "update", "-q"], env=env, check=False, capture_output=True)
            subprocess.run([apt_get, "install", "-y", "-q", "--no-install-recommends", *missing],
                           env=env, check=False, capture_output=True)
    elif missing:
        print(f"not installing {' '.join(missing)} (needs root and apt-get): "
              "the PDF and browser tests will skip", flush=True)
    npm = shutil.which("npm")
    if npm and not all((TOOLS / "node_modules" / name.split("@")[0]).exists()
                       for name in NPM_PACKAGES):
        print(f"$ npm install {' '.join(NPM_PACKAGES)}", flush=True)
        subprocess.run([npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund",
                        "--silent", *NPM_PACKAGES], check=False)


def test(pytest_args: list[str]) -> None:
    ensure_venv("test,lint")
    ensure_system_tools()
    linted = [name for name in ("src", "tests", "benchmarks", "scripts", "docs/_ext", "dev.py")
              if (ROOT / name).exists()]
    run(PYTHON, "-m", "ruff", "check", *linted)
    run(PYTHON, "-m", "mypy")
    # -rs: the reason of every skipped test is printed at the end
    run(PYTHON, "-m", "pytest", "-n", "2", "--dist", "loadfile", "-rs", *pytest_args)
    if not pytest_args:  # a whole run: the other supported versions too
        for name in COMPAT:
            compat(name)


def find_python(name: str) -> str | None:
    """An interpreter called *name* that runs: on PATH, or one that pyenv has installed."""
    candidates = [shutil.which(name), *sorted(map(str, Path.home().glob(
        f".pyenv/versions/*/bin/{name}")))]
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
    if command == "example":
        example()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "docs":
        docs()
    elif command == "compat":
        for name in sys.argv[2:] or list(COMPAT):
            compat(name)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
