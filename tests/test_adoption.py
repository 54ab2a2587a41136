"""Adding the extension to a project never breaks its build (issue 16)."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_sphinx

BIB = "@article{a, author = {Ada Lovelace}, title = {A Paper}, journal = {J}, year = {2024}}\n"


def make_project(folder: Path, *, extension: bool, index: str, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    extensions = '["sphinx_shortscience"]' if extension else "[]"
    (folder / "conf.py").write_text(
        f'project = "Lab"\nextensions = {extensions}\nbibtex_bibfiles = ["refs.bib"]\n'
        'exclude_patterns = ["_build"]\nshow_warning_types = True\n', encoding="utf-8")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "index.rst").write_text(index, encoding="utf-8")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


PLAIN_INDEX = "Lab\n===\n\n.. toctree::\n\n   notes\n"
NOTES = "Notes\n=====\n\nWe read papers and write about them, in summary form.\n"


def test_a_clean_project_stays_clean_and_gets_nothing(tmp_path: Path) -> None:
    without = run_sphinx(make_project(tmp_path / "without", extension=False,
                                      index=PLAIN_INDEX, pages={"notes.rst": NOTES}))
    assert without.warning_lines() == []
    src = make_project(tmp_path / "with", extension=True, index=PLAIN_INDEX,
                       pages={"notes.rst": NOTES})
    build = run_sphinx(src)
    assert build.warning_lines() == [], build.warnings
    assert not (src / "shortscience").exists()
    assert not (build.outdir / "shortscience").exists()
    again = run_sphinx(src)  # and the next build too
    assert again.warning_lines() == []
    assert not (src / "shortscience").exists()


def test_the_index_in_no_toctree_is_not_a_warning(tmp_path: Path) -> None:
    summary = "Notes\n=====\n\n.. summary:: a\n   :author: Ada\n\n   A short summary.\n"
    src = make_project(tmp_path, extension=True, index=PLAIN_INDEX,
                       pages={"notes.rst": summary})
    build = run_sphinx(src)
    assert build.warning_lines() == [], build.warnings
    assert (build.outdir / "shortscience" / "index.html").exists()


def test_the_index_listed_before_any_summary_is_there_from_the_first_build(
        tmp_path: Path) -> None:
    index = PLAIN_INDEX + "   shortscience/index\n"
    src = make_project(tmp_path, extension=True, index=index, pages={"notes.rst": NOTES})
    build = run_sphinx(src)
    assert build.warning_lines() == [], build.warnings
    assert (build.outdir / "shortscience" / "index.html").exists()
    assert "shortscience/index.html" in build.read("index.html")


def test_removing_the_last_summary_removes_the_folder(tmp_path: Path) -> None:
    summary = "Notes\n=====\n\n.. summary:: a\n\n   A short summary.\n"
    src = make_project(tmp_path, extension=True, index=PLAIN_INDEX,
                       pages={"notes.rst": summary})
    run_sphinx(src)
    assert (src / "shortscience" / ".gitignore").exists()
    (src / "notes.rst").write_text(NOTES, encoding="utf-8")
    build = run_sphinx(src)
    assert build.warning_lines() == [], build.warnings
    assert not (src / "shortscience").exists()
    assert list(build.outdir.glob("shortscience/**/*.html")) == []


def test_a_summary_of_a_broken_entry_or_a_summary_in_a_code_block_builds(
        tmp_path: Path) -> None:
    """Pages written before reading and then found unneeded never break the write phase
    (a KeyError once: found by the random bib fields of test_hostile)."""
    broken = make_project(tmp_path / "broken", extension=True, index=PLAIN_INDEX,
                          pages={"notes.rst": "Notes\n=====\n\n.. summary:: a\n\n   Text.\n"})
    (broken / "refs.bib").write_text("@misc{a,\n  title = {Alpha},\n  howpublished = {{},\n}\n",
                                     encoding="utf-8")
    build = run_sphinx(broken)
    assert "Traceback" not in build.warnings
    assert any("bib_syntax" in line for line in build.warning_lines())
    in_code = make_project(tmp_path / "code", extension=True, index=PLAIN_INDEX,
                           pages={"notes.rst": "Notes\n=====\n\nExample::\n\n   .. summary:: a\n"})
    build = run_sphinx(in_code)
    assert build.warning_lines() == [], build.warnings
    assert run_sphinx(in_code).warning_lines() == []
