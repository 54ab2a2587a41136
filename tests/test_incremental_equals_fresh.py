"""An incremental build shows exactly what a fresh build of the same sources shows.

The oracle is Sphinx itself: after every edit a writer might make (tests/edits.py: a
summary's first paragraph and the rest of it, its options, adding, deleting and moving
summaries, bib fields, entries and ``@string`` values, a touched bib file), the project is
built incrementally, as ``sphinx-autobuild`` would, and the same sources are built fresh
(new doctrees, no ``shortscience/`` folder). Every HTML page the fresh build writes, and
``searchindex.js``, must be byte-identical in both.

What plain Sphinx leaves behind is not compared (and shown on a project without the
extension in the last tests): the HTML file of a document that no longer exists stays in
the output folder until a fresh build (a paper page the extension no longer makes is such
a document); a word no page holds any more stays in ``searchindex.js`` with an empty list
of pages (Sphinx prunes the pages it rewrites from each word, never the word); and Sphinx
does not write a page again when only the title of another document in its sidebar
changed, so once a session was retitled the sidebars are left out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOTS, Build, run_sphinx
from .edits import Project, apply, edits, first_state

#: More sequences locally: SHORTSCIENCE_EDIT_EXAMPLES=50 python -m pytest -k fresh
EXAMPLES = int(os.environ.get("SHORTSCIENCE_EDIT_EXAMPLES", "4"))


_SIDEBAR = re.compile(rb'<div class="sphinxsidebar".*?<div class="clearer">', re.DOTALL)


def outputs(build: Build, *, without_sidebars: bool = False) -> dict[str, bytes]:
    found = {path.relative_to(build.outdir).as_posix(): path.read_bytes()
             for path in build.outdir.rglob("*.html")}
    if without_sidebars:  # plain Sphinx leaves a retitled document's old title there
        found = {name: _SIDEBAR.sub(b"", page) for name, page in found.items()}
    found["searchindex.js"] = search_index(build, without_empty_words=True).encode()
    return found


def search_index(build: Build, *, without_empty_words: bool = False) -> str:
    """``searchindex.js`` as Sphinx wrote it, or without the words no page holds."""
    text = (build.outdir / "searchindex.js").read_text(encoding="utf-8")
    if not without_empty_words:
        return text
    start, end = text.index("(") + 1, text.rindex(")")
    index = json.loads(text[start:end])
    for part in ("terms", "titleterms"):
        index[part] = {word: pages for word, pages in index[part].items() if pages != []}
    return text[:start] + json.dumps(index, sort_keys=True) + text[end:]


class Differential:
    """One project built incrementally, compared after each step with a fresh build."""

    def __init__(self, folder: Path, project: Project):
        self.folder = folder
        self.project = project
        self.src = folder / "incremental"
        shutil.copytree(ROOTS / "test-edits", self.src,
                        ignore=shutil.ignore_patterns("_build", "shortscience"))
        project.write(self.src)
        self.steps: list[str] = []
        self.fresh_builds = 0
        self.retitled = False
        run_sphinx(self.src)

    def step(self, edit: tuple[str, object, object]) -> None:
        self.retitled = self.retitled or edit[0] == "retitle"
        if edit[0] == "touch":
            self.steps.append("touch refs.bib")
            os.utime(self.src / "refs.bib")
        else:
            self.steps.append(apply(self.project, edit))
            self.project.write(self.src)
        incremental = run_sphinx(self.src)
        self.fresh_builds += 1
        fresh_src = self.folder / f"fresh{self.fresh_builds}"
        shutil.copytree(self.src, fresh_src,
                        ignore=shutil.ignore_patterns("_build", "shortscience"))
        fresh = run_sphinx(fresh_src)
        self.compare(incremental, fresh)

    def compare(self, incremental: Build, fresh: Build) -> None:
        ours = outputs(incremental, without_sidebars=self.retitled)
        theirs = outputs(fresh, without_sidebars=self.retitled)
        missing = sorted(set(theirs) - set(ours))
        differ = sorted(name for name in theirs if name in ours and ours[name] != theirs[name])
        assert incremental.warning_lines() == [
            line.replace(str(fresh.srcdir), str(incremental.srcdir))
            for line in fresh.warning_lines()]
        assert not missing and not differ, (
            "after:\n  " + "\n  ".join(self.steps)
            + f"\nmissing from the incremental build: {missing}"
            + f"\ndifferent from a fresh build: {differ}")


@pytest.mark.parametrize(("edit", "why"), [
    (("first", 1, [("display", "e = mc^2")]), "display math in the first paragraph"),
    (("first", 2, [("word", "Gates"), ("link", "https://example.org/b"),
                   ("strong", "memory"), ("cite", "he2016")]), "a link's URL"),
    (("first", 0, [("word", "Deeper"), ("strong", "networks"), ("math", "x^2"),
                   ("cite", "girshick2014"), ("word", "train.")]), "emphasis made strong"),
    (("first", 3, [("word", "Batches"), ("image", "picture")]), "an image"),
    (("move", 0, "sessions/03-more.md"), "a summary moved to another file"),
    (("string", None, "Neural Comp."), "an @string value"),
    (("bib_field", "cvpr2016", ("year", "2001")), "a crossref parent's field"),
    (("touch", None, None), "the bib touched"),
    (("retitle", "sessions/01-vision.md", "Computer Vision"), "a session retitled"),
    (("keywords", 2, ["Vision"]), "a keyword spelled anew"),
])
def test_an_everyday_edit(tmp_path: Path, edit: tuple[str, object, object], why: str) -> None:
    Differential(tmp_path, first_state()).step(edit)


@settings(max_examples=EXAMPLES, deadline=None,
          derandomize="SHORTSCIENCE_EDIT_EXAMPLES" not in os.environ,  # CI: the same ones
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(sequence=st.lists(st.one_of(edits, st.just(("touch", None, None))),
                         min_size=2, max_size=4))
def test_any_sequence_of_edits(tmp_path_factory: pytest.TempPathFactory,
                               sequence: list[tuple[str, object, object]]) -> None:
    differential = Differential(tmp_path_factory.mktemp("edits"), first_state())
    for edit in sequence:
        differential.step(edit)


def test_the_root_is_the_models_first_state(tmp_path: Path) -> None:
    """tests/roots/test-edits is a project one can build by hand: its files are what the
    model writes first."""
    for name, text in first_state().files().items():
        assert (ROOTS / "test-edits" / name).read_text(encoding="utf-8") == text, name


def plain_project(folder: Path, files: dict[str, str]) -> Path:
    """A project without the extension, built once."""
    src = folder / "plain"
    src.mkdir()
    (src / "conf.py").write_text('exclude_patterns = ["_build"]\n', encoding="utf-8")
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    run_sphinx(src)
    return src


def test_plain_sphinx_leaves_pages_of_removed_documents(tmp_path: Path) -> None:
    """Not ours to fix: without the extension, a removed document's page stays in the
    output folder until a fresh build (which is why the comparison skips extra pages)."""
    src = plain_project(tmp_path, {
        "index.rst": "Index\n=====\n\n.. toctree::\n   :glob:\n\n   *\n",
        "gone.rst": "Gone\n====\n\nSoon removed.\n"})
    (src / "gone.rst").unlink()
    incremental = run_sphinx(src)
    assert (incremental.outdir / "gone.html").exists()


def test_plain_sphinx_keeps_words_no_page_holds(tmp_path: Path) -> None:
    """Not ours to fix either: without the extension, a word edited out of a page stays in
    the search index with no pages until a fresh build (the comparison drops such words)."""
    src = plain_project(tmp_path, {"index.rst": "Index\n=====\n\nAn aardvark.\n"})
    (src / "index.rst").write_text("Index\n=====\n\nA zebra.\n", encoding="utf-8")
    incremental = run_sphinx(src)
    assert index_terms(incremental)["aardvark"] == []
    shutil.copytree(src, tmp_path / "fresh", ignore=shutil.ignore_patterns("_build"))
    assert "aardvark" not in index_terms(run_sphinx(tmp_path / "fresh"))


def index_terms(build: Build) -> dict[str, object]:
    text = search_index(build)
    terms: dict[str, object] = json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"]
    return terms


def test_plain_sphinx_leaves_sidebars_with_an_old_title(tmp_path: Path) -> None:
    """Why the sidebars are left out of the comparison after a retitle: without the
    extension, a retitled document's old title stays in the other pages' navigation."""
    src = plain_project(tmp_path, {
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   one\n   two\n",
        "one.rst": "Old Title\n=========\n", "two.rst": "Two\n===\n"})
    (src / "one.rst").write_text("New Title\n=========\n", encoding="utf-8")
    incremental = run_sphinx(src)
    assert "Old Title" in incremental.read("two.html")
