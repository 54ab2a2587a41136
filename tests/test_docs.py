"""The documentation is built with the extension itself, warnings as errors."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import run_sphinx

DOCS = Path(__file__).parent.parent / "docs"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of docs/, with the example project it includes beside it."""
    root = tmp_path_factory.mktemp("docs")
    src = root / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "shortscience"))
    # the docs include the example project's sessions and read its bib file
    shutil.copytree(DOCS.parent / "example_project", root / "example_project",
                    ignore=shutil.ignore_patterns("_build", "shortscience"))
    return src


def test_docs_build_as_latex_without_warnings(docs: Path) -> None:
    build = run_sphinx(docs, "latex", confoverrides={"nitpicky": True})
    assert build.warning_lines() == [], build.warnings
    (tex,) = build.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    # the walk through the code, the reference generated from it, and the generated pages
    for title in ("How it works", "Reference", "Paper summaries"):
        assert title in text, title
    assert r"\begin{split}" in text and r"\(" in text  # real math, display and inline


def test_docs_build_without_warnings(docs: Path) -> None:
    build = run_sphinx(docs, confoverrides={"nitpicky": True})
    assert build.warning_lines() == [], build.warnings
    # the tables generated from the code are tables (on MyST pages too)
    assert len(build.soup("reference").select("table")) >= 3
    allowed = build.soup("threat-model").select("table")[-1].get_text()
    assert "Math commands" in allowed and r"\frac" in allowed and r"\href" not in allowed
    grammar = BeautifulSoup(build.read("grammar.html"), "html.parser")
    examples = grammar.select("div.live-example")
    assert len(examples) >= 4
    # each live example shows its source and the rendered summary
    for example in examples:
        assert "{summary}" in example.select_one("div.live-example-source").get_text()
        assert example.select_one("div.shortscience-summary p.shortscience-summary-title a")


def tutorial_files() -> dict[str, str]:
    """The files the tutorial asks the reader to create, by their captions, in order."""
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    files: dict[str, str] = {}
    for match in re.finditer(r"^(`{3,})\{code-block\} \w+\n:caption: (\S+)\n\n(.*?)\n\1$",
                             text, re.MULTILINE | re.DOTALL):
        files[match.group(2)] = match.group(3) + "\n"
    return files


def test_the_tutorial_works(tmp_path: Path) -> None:
    """Follow the tutorial from an empty folder, as a reader would."""
    files = tutorial_files()
    assert {"conf.py", "refs.bib", "index.md", "sessions/01-attention.md",
            "sessions/02-attention-again.md", ".github/workflows/docs.yml",
            ".gitignore"} <= set(files)
    site = tmp_path / "reading-group"
    for name, content in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")
    index = site / "index.md"  # step 6: "list it in the toctree of index.md"
    index.write_text(index.read_text().replace(
        "sessions/01-attention\n", "sessions/01-attention\nsessions/02-attention-again\n"))
    build = run_sphinx(site)
    assert build.warning_lines() == [], build.warnings
    paper = BeautifulSoup(build.read("shortscience/paper/conf-nips-vaswanispujgkp17--"
                                     f"{_suffix('conf/nips/VaswaniSPUJGKP17')}.html"),
                          "html.parser")
    assert len(paper.select("div.shortscience-summary")) == 2
    for page in ("keyword/attention", "keyword/transformers", "keyword/sequence-models",
                 "venue/neurips", "writer/ada-lovelace"):
        assert (build.outdir / "shortscience" / f"{page}.html").exists(), page
    session = build.read("sessions/01-attention.html")
    soup = BeautifulSoup(session, "html.parser")
    citation = soup.select_one("span.shortscience-citation").get_text()
    assert citation == "(Devlin et al., 2019)"  # \cite after a noun reads as \citep
    footer = soup.select_one("div.footer").get_text(" ", strip=True)
    assert "2026, the reading group." in footer and "©." not in footer  # not "©. |"
    workflow = yaml.safe_load(files[".github/workflows/docs.yml"])
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "shortscience check" in steps

    # step 7: a misspelt key, found by the check the tutorial shows, at the line it shows
    session_file = site / "sessions" / "01-attention.md"
    session_file.write_text(session_file.read_text().replace(
        "conf/naacl/DevlinCLT19", "conf/naacl/Devlin19"))
    shown = re.search(r"^(sessions/01-attention\.md:\d+: WARNING: .*)$",
                      (DOCS / "tutorial.md").read_text(), re.MULTILINE)
    assert shown is not None
    checked = subprocess.run([sys.executable, "-m", "sphinx_shortscience", "check"], cwd=site,
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 1
    assert checked.stdout.replace(f"{site}/", "").strip() == shown.group(1)
    session_file.write_text(session_file.read_text().replace(
        "conf/naacl/Devlin19", "conf/naacl/DevlinCLT19"))

    # the skeleton of the next summary, added to the toctree as the tutorial says
    command = re.search(r"^(shortscience new .*)$", (DOCS / "tutorial.md").read_text(),
                        re.MULTILINE)
    assert command is not None
    arguments = shlex.split(command.group(1))[1:]
    made = subprocess.run([sys.executable, "-m", "sphinx_shortscience", *arguments],
                          cwd=site, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    written = site / "sessions" / "03-bert.md"  # "Write it"
    written.write_text(written.read_text().replace(
        "Summarize the paper here: the problem, the idea, what the results show.",
        "BERT pre-trains a deep bidirectional encoder by masking words."))
    index.write_text(index.read_text().replace(
        "sessions/02-attention-again\n", "sessions/02-attention-again\nsessions/03-bert\n"))
    again = run_sphinx(site)
    assert again.warning_lines() == [], again.warnings
    assert "Ada Lovelace" in again.read("sessions/03-bert.html")


def tutorial_commands() -> list[str]:
    """The shell commands of the tutorial's ``sh`` blocks, in order."""
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_tutorial_installs_from_a_checkout_and_ships_a_wheel_to_ci(tmp_path: Path) -> None:
    """Step 1's install and step 8's wheel, run as written: the checkout beside the site."""
    commands = tutorial_commands()
    assert "pip install ../sphinx-shortscience" in commands
    assert not any("OWNER" in c or "/path/to" in c for c in commands)
    (tmp_path / "sphinx-shortscience").symlink_to(DOCS.parent, target_is_directory=True)
    site = tmp_path / "reading-group"
    site.mkdir()
    [wheel_command] = [c for c in commands if c.startswith("pip wheel")]
    made = subprocess.run([sys.executable, "-m", *shlex.split(wheel_command)], cwd=site,
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr[-2000:]
    workflow = yaml.safe_load(tutorial_files()[".github/workflows/docs.yml"])
    [install] = [s["run"] for s in workflow["jobs"]["build"]["steps"]
                 if s.get("run", "").startswith("pip install")]
    # the workflow's install, with the shell's glob, against the wheel just made
    resolved = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m {install} --dry-run --no-deps --no-index "
                       "--report -"], cwd=site, capture_output=True, text=True, check=False)
    assert resolved.returncode == 0, resolved.stderr[-2000:]
    assert '"name": "sphinx-shortscience"' in resolved.stdout


def _suffix(key: str) -> str:
    from sphinx_shortscience.site.names import slug

    return slug(key).rsplit("--", 1)[1]


def test_read_the_docs_configuration() -> None:
    config = yaml.safe_load((DOCS.parent / ".readthedocs.yaml").read_text())
    assert (DOCS.parent / config["sphinx"]["configuration"]).is_file()
    assert config["sphinx"]["fail_on_warning"] is True
    (install,) = config["python"]["install"]
    assert install["method"] == "pip" and install["path"] == "."
