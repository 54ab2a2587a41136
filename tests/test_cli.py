"""The ``shortscience`` command, run as a user runs it: in a subprocess, on real projects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import myst_parser
import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import Build, run_sphinx

ROOT = Path(__file__).parent.parent
SCRIPT = Path(sys.executable).parent / "shortscience"


def shortscience(*arguments: str | Path, cwd: Path | None = None, stdin: str | None = None,
                 cache: Path | None = None, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m",
                                                     "sphinx_shortscience"]
    if cache or env:
        env = {**os.environ, **(env or {}), **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    return subprocess.run([*command, *map(str, arguments)], cwd=cwd, input=stdin, text=True,
                          capture_output=True, check=False, env=env, timeout=120)


def ours(lines: list[str]) -> list[str]:
    return sorted({line for line in lines if "[shortscience." in line})


# every root whose problems the build reports, plus two clean ones
CHECKED_ROOTS = ["check", "hostile", "catalogue", "options", "bibproblems", "notebook", "grammar",
                 "include", "example"]


# MyST-Parser 3 and 4 number the lines of an {include}d Markdown file one too far (they pass
# startline + 1 to the renderer; MyST-Parser 5 does not): their builds report them so
OLD_MYST = int(myst_parser.__version__.split(".")[0]) < 5


@pytest.mark.parametrize("root", CHECKED_ROOTS)
def test_check_reports_what_the_build_reports(built: Callable[..., Build], root: str,
                                              tmp_path: Path) -> None:
    if root == "include" and OLD_MYST:
        pytest.skip("MyST-Parser < 5 gives included Markdown lines one too far; check "
                    "gives the true lines")
    build = built(root, "html", show_warning_types=True)
    result = shortscience("check", build.srcdir, cache=tmp_path)
    assert "Traceback" not in result.stderr
    checked = ours(result.stdout.replace(str(build.srcdir) + "/", "").splitlines())
    assert checked == ours(build.warning_lines())
    assert result.returncode == (1 if checked else 0)


def test_check_root_covers_every_kind_of_problem(built: Callable[..., Build]) -> None:
    """The comparison above is only as good as the problems in its roots."""
    lines = ours(built("check", "html", show_warning_types=True).warning_lines())
    subtypes = {re.search(r"\[shortscience\.(\w+)\]", line).group(1)  # type: ignore[union-attr]
                for line in lines}
    assert subtypes >= {"missing_key", "bad_option", "bad_argument", "bad_math", "bad_cite"}
    files = {line.split(":")[0] for line in lines}
    assert files == {"index.rst", "markdown.md", "nested.md"}  # not the excluded page
    assert not any("in/code" in line or "in/a/" in line or "in/text/block" in line
                   for line in lines)  # summaries and cites inside code are text


def test_problems_in_included_files_are_located_there(built: Callable[..., Build]) -> None:
    """Build and check both point into the included file, at its own lines."""
    lines = ours(built("include", "html", show_warning_types=True).warning_lines())
    body = 9 if OLD_MYST else 8  # see OLD_MYST
    assert [line.split(": WARNING")[0] for line in lines] == [
        "parts/a.md:6", f"parts/a.md:{body}", f"parts/a.md:{body}", "parts/b.rst:4",
        "parts/b.rst:5", "parts/b.rst:7"]


def test_check_json_and_exit_codes(project: Callable[[str], Path], tmp_path: Path) -> None:
    src = project("check")
    result = shortscience("check", ".", "--format", "json", cwd=src, cache=tmp_path)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {"file": "markdown.md", "line": 42, "type": "shortscience.bad_argument",
            "message": "summary needs one BibTeX key as its argument, e.g. "
                       "'.. summary:: He2016'"} in problems
    assert all(set(p) == {"file", "line", "type", "message"} for p in problems)

    clean = shortscience("check", ROOT / "example_project", cache=tmp_path)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout == ""
    assert "14 summaries in 5 documents checked: 0 problems" in clean.stderr


def test_check_missing_bib_and_missing_conf(project: Callable[[str], Path],
                                            tmp_path: Path) -> None:
    src = project("basic")
    conf = src / "conf.py"
    lines = conf.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("bibtex_bibfiles"))
    lines[line - 1] = 'bibtex_bibfiles = ["gone.bib"]'
    conf.write_text("\n".join(lines) + "\n")
    result = shortscience("check", src, cache=tmp_path)
    assert result.returncode == 1
    assert f"conf.py:{line}: WARNING: bibtex_bibfiles: bib file 'gone.bib' (not found)" \
        in result.stdout
    assert "Traceback" not in result.stderr

    nowhere = shortscience("check", tmp_path / "nowhere", cache=tmp_path)
    assert nowhere.returncode == 2
    assert nowhere.stdout == ""
    assert "error: no conf.py in" in nowhere.stderr and "Traceback" not in nowhere.stderr

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "conf.py").write_text("extensions = [\n")
    result = shortscience("check", broken, cache=tmp_path)
    assert result.returncode == 2
    assert "conf.py could not be read" in result.stderr and "Traceback" not in result.stderr


def test_new_writes_a_summary_that_builds(project: Callable[[str], Path],
                                          tmp_path: Path) -> None:
    src = project("example")
    printed = shortscience("new", "conf/cvpr/HeZRS16", "--author", "Ada", "--date",
                           "2024-05-06", cwd=src, cache=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# Deep Residual Learning for Image Recognition\n")
    assert "```{summary} conf/cvpr/HeZRS16\n:author: Ada\n:date: 2024-05-06\n" \
        in printed.stdout

    target = src / "sessions" / "04-new.md"
    written = shortscience("new", "conf/cvpr/HeZRS16", "-o", target, "--author", "Ada",
                           cwd=src, cache=tmp_path)
    assert written.returncode == 0 and target.exists()
    again = shortscience("new", "conf/cvpr/HeZRS16", "-o", target, cwd=src, cache=tmp_path)
    assert again.returncode == 2 and "not overwritten" in again.stderr

    rst = shortscience("new", "conf/cvpr/HeZRS16", "--format", "rst", "-o",
                       src / "sessions" / "05-new.rst", "--author", "Bo", "-C", src,
                       cache=tmp_path)
    assert rst.returncode == 0
    index = src / "index.md"
    index.write_text(index.read_text().replace("sessions/03-sequences\n",
                                               "sessions/03-sequences\nsessions/04-new\n"
                                               "sessions/05-new\n"))
    # the placeholder line left as written: the build and the check say so, at that line
    unfinished = build_and_check_agree(src, tmp_path)
    placeholder = "Summarize the paper here"
    assert unfinished == sorted(
        f"{name}:{line_in(src / name, placeholder)}: WARNING: the summary still holds the "
        "placeholder that `shortscience new` wrote; replace it with the summary"
        for name in ("sessions/04-new.md", "sessions/05-new.rst"))

    for name in ("sessions/04-new.md", "sessions/05-new.rst"):  # the summaries written
        path = src / name
        path.write_text(path.read_text().replace(
            "Summarize the paper here: the problem, the idea, what the results show.",
            "Residual blocks learn $F(x) = H(x) - x$."))
    build = run_sphinx(src)
    assert build.warning_lines() == []
    page = build.read("sessions/04-new.html")
    assert "shortscience-summary" in page and "Ada" in page
    assert "Bo" in build.read("sessions/05-new.html")
    assert shortscience("check", src, cache=tmp_path).returncode == 0


def line_in(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1)
                if needle in line)


def build_and_check_agree(src: Path, cache: Path) -> list[str]:
    """The build's warnings of a project, which ``shortscience check`` gives the same."""
    def untyped(lines: list[str]) -> list[str]:  # Sphinx 7 prints no [type.subtype]
        return sorted(re.sub(r" \[shortscience\.\w+\]$", "", line) for line in lines)

    build = run_sphinx(src)
    warned = untyped(build.warning_lines())
    checked = shortscience("check", src, cache=cache)
    assert checked.returncode == (1 if warned else 0)
    assert untyped(checked.stdout.replace(f"{src}/", "").splitlines()) == warned
    return warned


def test_new_unknown_key_suggests_close_ones(tmp_path: Path) -> None:
    result = shortscience("new", "HeZRS", "-C", ROOT / "example_project", cache=tmp_path)
    assert result.returncode == 2
    assert "unknown BibTeX key 'HeZRS'" in result.stderr
    assert "did you mean 'conf/cvpr/HeZRS16'?" in result.stderr
    assert "Traceback" not in result.stderr


SHORTSCIENCE_TEXT = """\
Deep Residual Learning for Image Recognition
Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun
arXiv e-Print archive - 2015 via Local arXiv
Keywords: residual networks, cs.CV

Summary by Hugo Larochelle 8 years ago

The paper adds identity shortcuts, $y = \\mathcal{F}(x, \\{W_i\\}) + x$, so that
a deep network only learns a residual.

```python
print("kept as written")
```

It builds on \\cite{conf/nips/KrizhevskySH12} and \\cite{not/in/the/bib}.
"""


def test_import_keeps_the_text_and_reports_missing_keys(project: Callable[[str], Path],
                                                        tmp_path: Path) -> None:
    src = project("example")
    saved = tmp_path / "resnet.txt"
    saved.write_text(SHORTSCIENCE_TEXT)
    result = shortscience("import", saved, "-C", src, "-d", src / "sessions" / "imported",
                          cache=tmp_path)
    assert result.returncode == 1
    assert f"{saved}:15: key 'not/in/the/bib' is not in the bib files" in result.stderr
    written = src / "sessions" / "imported" / "conf-cvpr-hezrs16-hugo-larochelle.md"
    text = written.read_text()
    body = SHORTSCIENCE_TEXT.split("8 years ago\n\n", 1)[1].rstrip("\n")
    assert body in text  # verbatim
    assert "````{summary} conf/cvpr/HeZRS16\n:author: Hugo Larochelle\n" \
           ":keywords: residual networks, cs.CV\n" in text  # key found from the title
    assert "arXiv e-Print archive - 2015 via Local arXiv" in text  # kept, not dropped

    piped = shortscience("import", "-C", src, "-d", src / "sessions" / "imported",
                         stdin="Key: journals/neco/HochreiterS97\n\nGates keep $c_t$.\n",
                         cache=tmp_path)
    assert piped.returncode == 0, piped.stderr
    second = src / "sessions" / "imported" / "journals-neco-hochreiters97.md"
    assert "Gates keep $c_t$." in second.read_text()

    (src / "sessions" / "imported" / "index.md").write_text(
        "# Imported\n\n```{toctree}\n:glob:\n\n*\n```\n")
    index = src / "index.md"
    index.write_text(index.read_text().replace("sessions/03-sequences\n",
                                               "sessions/03-sequences\n"
                                               "sessions/imported/index\n"))
    build = run_sphinx(src, confoverrides={"show_warning_types": True})
    assert ours(build.warning_lines()) == [
        "sessions/imported/conf-cvpr-hezrs16-hugo-larochelle.md:16: WARNING: unknown "
        "BibTeX key 'not/in/the/bib': no bib file defines it [shortscience.missing_key]"]
    page = build.read("sessions/imported/conf-cvpr-hezrs16-hugo-larochelle.html")
    assert 'print("kept as written")' in BeautifulSoup(page, "html.parser").get_text()


def test_import_without_a_key(project: Callable[[str], Path], tmp_path: Path) -> None:
    src = project("example")
    result = shortscience("import", "-C", src, "-d", src / "imported",
                          stdin="Just some text about a paper.\n", cache=tmp_path)
    assert result.returncode == 1
    assert "no key for this summary" in result.stderr
    assert not (src / "imported").exists()


@pytest.mark.parametrize("command", ["check", "new", "import"])
def test_help_has_examples(command: str) -> None:
    result = shortscience(command, "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout and f"shortscience {command}" in result.stdout


def test_usage_errors_are_clear() -> None:
    result = shortscience("bogus")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert shortscience().returncode == 2


def test_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "shortscience-check"
    assert hook["entry"] == "shortscience check" and hook["pass_filenames"] is False
    assert shutil.which(hook["entry"].split()[0], path=str(SCRIPT.parent)) or not SCRIPT.exists()


def test_the_pre_commit_snippet_of_the_ci_how_to_works(tmp_path: Path) -> None:
    """docs/howto/ci.md's .pre-commit-config.yaml, run by pre-commit in a git repository."""
    text = (ROOT / "docs" / "howto" / "ci.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(repos:.*?)```", text, re.DOTALL)
    assert snippet is not None
    repository = tmp_path / "group"
    shutil.copytree(ROOT / "tests" / "roots" / "test-basic", repository / "docs")
    (repository / ".pre-commit-config.yaml").write_text(snippet.group(1), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=repository, check=True, env=env)
    hook = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                          cwd=repository, capture_output=True, text=True, env=env, check=False)
    # the basic root has problems on purpose: the hook fails and shows check's report
    assert hook.returncode == 1, hook.stdout + hook.stderr
    assert "shortscience check" in hook.stdout and "Failed" in hook.stdout
    assert "unknown BibTeX key 'nokey'" in hook.stdout


def test_check_knows_keys_of_local_intersphinx_inventories(
        built: Callable[..., Build], project: Callable[[str], Path], tmp_path: Path) -> None:
    inventory = built("basic", "html").outdir / "objects.inv"
    src = project("intersphinx")
    conf = src / "conf.py"
    original = conf.read_text()
    conf.write_text(original + "intersphinx_mapping = {'group': "
                    f"('https://group.example.org/', {str(inventory)!r})}}\n")
    local = shortscience("check", src, cache=tmp_path)
    assert local.returncode == 0, local.stdout
    assert "note:" not in local.stderr

    conf.write_text(original + "intersphinx_mapping = {'group': "
                    "('https://group.example.org/', None)}\n")
    remote = shortscience("check", src, cache=tmp_path)
    assert "note: intersphinx inventory 'group' is not a local file" in remote.stderr
    assert remote.returncode == 1
    assert "unknown BibTeX key 'conf/cvpr/HeZRS16'" in remote.stdout


# -- hostile bib fields and imported text: written as text, never as markup -----------------

HOSTILE_BIB = r"""@article{hostile/img,
  title   = {<img src=x onerror=alert(1)>},
  author  = {Mallory Mallet},
  journal = {--> <script>alert(2)</script> <!--},
  year    = {2024},
}

@misc{hostile/link,
  title  = {`T <javascript:alert(3)>`_ and javascript:alert(4)},
  author = {Eve Eavesdrop},
  note   = {raw:: html},
  year   = {2024},
}
"""

HOSTILE_PAGE = """\
<img src=x onerror=alert(5)> [T](javascript:alert(6)) `T <javascript:alert(7)>`_
Mallory --> <script>alert(8)</script> <!--
--> <script>alert(9)</script>
Keywords: "a #b, --> <script>alert(10)</script>
Summary by Eve <script>alert(11)</script> 1 year ago

The imported text, kept as written.
"""


def hostile_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text('project = "Group"\nextensions = ["sphinx_shortscience"]\n'
                                    'bibtex_bibfiles = ["refs.bib"]\n'
                                    'exclude_patterns = ["_build"]\n')
    (folder / "refs.bib").write_text(HOSTILE_BIB)
    (folder / "index.md").write_text("# Group\n\n```{toctree}\n:glob:\n\nwritten/*\n"
                                     "shortscience/index\n```\n")
    return folder


def live_markup(soup: BeautifulSoup) -> list[str]:
    """What on a page could run script: event handlers, script elements, script links."""
    found = [str(tag) for tag in soup.find_all(True)
             if any(name.lower().startswith("on") for name in tag.attrs)]
    found += [str(tag) for tag in soup.find_all("script") if "alert" in tag.get_text()]
    found += [str(tag) for tag in soup.find_all(href=True)
              if str(tag["href"]).strip().lower().startswith(("javascript:", "data:"))]
    return found


def test_new_and_import_write_hostile_fields_and_text_as_text(tmp_path: Path) -> None:
    src = hostile_project(tmp_path / "group")
    written = src / "written"
    for key, name in (("hostile/img", "img"), ("hostile/link", "link")):
        for fmt, suffix in (("myst", "md"), ("rst", "rst")):
            made = shortscience("new", key, "--format", fmt, "--author", "Ada", "-o",
                                written / f"{name}-{fmt}.{suffix}", cwd=src, cache=tmp_path)
            assert made.returncode == 0, made.stderr
    imported = shortscience("import", "--key", "hostile/img", "-d", written, cwd=src,
                            stdin=HOSTILE_PAGE, cache=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr

    build = run_sphinx(src)
    for page in sorted(build.outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert live_markup(soup) == [], page.name
    # every title is shown as written, as the page's heading, in the navigation and in
    # the document's <title>
    for name, title in (("img", "<img src=x onerror=alert(1)>"),
                        ("link", "`T <javascript:alert(3)>`_ and javascript:alert(4)")):
        for fmt in ("myst", "rst"):
            soup = build.soup(f"written/{name}-{fmt}")
            assert soup.find("h1").get_text().rstrip("#¶ \n") == title, (name, fmt)
            assert soup.title is not None and title in soup.title.get_text()
    index = build.soup("index").get_text()
    assert "<img src=x onerror=alert(1)>" in index
    assert "`T <javascript:alert(3)>`_ and javascript:alert(4)" in index
    [page] = [p for p in written.glob("*.md") if p.name.startswith("hostile-img-eve")]
    shown = build.soup(f"written/{page.stem}")
    assert shown.find("h1").get_text().rstrip("#¶ \n") == \
        "<img src=x onerror=alert(5)> [T](javascript:alert(6)) `T <javascript:alert(7)>`_"
    text = shown.get_text()
    assert "The imported text, kept as written." in text
    assert "Eve <script>alert(11)</script>" in text  # the writer, as text


# -- what the command writes stays inside the project --------------------------------------

def test_new_and_import_write_only_inside_the_project(tmp_path: Path) -> None:
    src = hostile_project(tmp_path / "group")
    outside = tmp_path / "outside"
    outside.mkdir()
    (src / "planted.md").symlink_to(outside / "victim.md")  # dangling
    (src / "linked").symlink_to(outside)  # a folder of the project that leads out
    (src / "gone").symlink_to(outside / "made" / "deeper")  # dangling, a folder's name
    (src / "sessions" / "2024").mkdir(parents=True)
    (src / "current").symlink_to(src / "sessions" / "2024")  # leads in: allowed

    def new(output: str | Path) -> subprocess.CompletedProcess[str]:
        return shortscience("new", "hostile/img", "--author", "Ada", "-o", output, cwd=src,
                            cache=tmp_path)

    for output in ("planted.md", "linked/x.md", "gone/x.md", "gone/sub/x.md", "../x.md",
                   outside / "y.md", src / "linked" / "z.md"):
        refused = new(output)
        assert refused.returncode == 2, (output, refused.stderr)
        [line] = refused.stderr.strip().splitlines()
        assert line.startswith("shortscience new: error: "), line
        assert "Traceback" not in refused.stderr
    assert "exists (a symbolic link); not overwritten" in new("planted.md").stderr
    assert "outside the project" in new("linked/x.md").stderr
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == []
    assert not (tmp_path / "x.md").exists()

    allowed = new("current/ok.md")
    assert allowed.returncode == 0, allowed.stderr
    assert (src / "sessions" / "2024" / "ok.md").is_file()
    assert new(src / "sub" / "folder" / "ok.md").returncode == 0  # folders made

    page = "Key: hostile/img\n\nSome text.\n"
    for directory in ("linked", "gone", "../elsewhere", outside):
        refused = shortscience("import", "-d", directory, cwd=src, stdin=page, cache=tmp_path)
        assert refused.returncode == 2, (directory, refused.stderr)
        assert "outside the project" in refused.stderr and "Traceback" not in refused.stderr
    assert list(outside.rglob("*")) == [] and not (tmp_path / "elsewhere").exists()

    # a planted link where import would write: not followed, the next free name is used
    imported = src / "imported"
    imported.mkdir()
    (imported / "hostile-img.md").symlink_to(outside / "victim.md")
    done = shortscience("import", "-d", imported, cwd=src, stdin=page, cache=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (imported / "hostile-img-2.md").is_file()
    assert list(outside.rglob("*")) == []
