"""Incremental and parallel builds: only what changed is read and written, and the
output of an incremental build is the output of a fresh one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_shortscience.site.names import slug

from .conftest import Build, run_sphinx

#: What plain Sphinx rewrites on every HTML build, changed or not.
ALWAYS_REWRITTEN = {".buildinfo", "genindex.html", "search.html", "searchindex.js", "objects.inv"}


def mtimes(*folders: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for folder in folders
            for path in folder.rglob("*") if path.is_file()}


def rewritten(before: dict[Path, int], after: dict[Path, int], outdir: Path) -> set[str]:
    changed = {path for path, mtime in after.items() if before.get(path) != mtime}
    names = set()
    for path in changed:
        relative = path.relative_to(outdir).as_posix() if path.is_relative_to(outdir) else str(path)
        if relative in ALWAYS_REWRITTEN or relative.startswith("_static/"):
            continue
        names.add(relative)
    return names


def html_pages(build: Build) -> dict[str, str]:
    return {path.relative_to(build.outdir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(build.outdir.rglob("*.html"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def paper_html(key: str) -> str:
    return f"shortscience/paper/{slug(key)}.html"


def test_rebuild_without_change_writes_nothing(project: Callable[[str], Path]) -> None:
    src = project("basic")
    first = run_sphinx(src)
    before = mtimes(first.outdir, first.doctreedir, src / "shortscience")
    second = run_sphinx(src)
    assert "0 added, 0 changed, 0 removed" in second.status
    assert second.read_docs() == []
    assert rewritten(before, mtimes(first.outdir, first.doctreedir, src / "shortscience"),
                     first.outdir) == set()


def test_editing_one_summary_rereads_only_its_document(project: Callable[[str], Path]) -> None:
    src = project("basic")
    run_sphinx(src)
    edit(src / "md-summaries.md", "A second summary", "An edited summary")
    build = run_sphinx(src)
    assert build.read_docs() == ["md-summaries"]
    assert "An edited summary" in build.read(paper_html("conf/cvpr/HeZRS16"))


def test_new_cite_adds_the_page_in_the_same_build(project: Callable[[str], Path]) -> None:
    src = project("basic")
    run_sphinx(src)
    assert not (src / "shortscience" / "paper" / f"{slug('unused/Smith2020')}.rst").exists()
    edit(src / "md-summaries.md", "Unknown here:",
         r"Now cited: \cite{unused/Smith2020}. Unknown here:")
    build = run_sphinx(src)
    docname = f"shortscience/paper/{slug('unused/Smith2020')}"
    assert build.read_docs() == ["md-summaries", docname, "shortscience/papers"]
    assert "A Paper Nobody Cites Yet" in build.read(f"{docname}.html")
    assert "Smith, 2020" in build.read("md-summaries.html")


UNUSED_PAPER = f"shortscience/paper/{slug('unused/Smith2020')}"


def write_only_summary_of_unused_paper(src: Path, options: str = "") -> None:
    """extra.md: the one summary of a paper of the basic root that nothing else uses."""
    (src / "extra.md").write_text(
        "---\norphan: true\n---\n# Extra\n\n```{summary} unused/Smith2020\n:author: Zed\n"
        f"{options}\nOnly summary of this paper.\n```\n", encoding="utf-8")


def test_removing_the_last_summary_removes_the_page(project: Callable[[str], Path]) -> None:
    src = project("basic")
    write_only_summary_of_unused_paper(src)
    first = run_sphinx(src)
    docname = UNUSED_PAPER
    assert "Only summary of this paper." in first.read(f"{docname}.html")
    (src / "extra.md").unlink()
    build = run_sphinx(src)
    assert not (src / f"{docname}.rst").exists()
    assert not (build.outdir / f"{docname}.html").exists()
    assert not (build.outdir / "_sources" / f"{docname}.rst.txt").exists()
    assert not (build.doctreedir / f"{docname}.doctree").exists()
    assert "A Paper Nobody Cites Yet" not in build.read("searchindex.js")
    assert "A Paper Nobody Cites Yet" not in build.read("shortscience/papers.html")


def test_fresh_environment_drops_stubs_left_by_an_earlier_build(
        project: Callable[[str], Path]) -> None:
    """A deleted _build (or -E) after a paper lost its last summary: the stub left in the
    source folder must not be read and then written after it was found obsolete."""
    src = project("basic")
    write_only_summary_of_unused_paper(src, ":keywords: only here\n")
    first = run_sphinx(src)
    docname = UNUSED_PAPER
    assert (src / f"{docname}.rst").exists()
    (src / "extra.md").unlink()
    shutil.rmtree(src / "_build")
    build = run_sphinx(src)  # used to stop with a KeyError while writing the stale page
    assert build.warning_lines() == first.warning_lines()  # the root's own missing keys
    assert not (src / f"{docname}.rst").exists()
    assert not (build.outdir / f"{docname}.html").exists()
    assert "only here" not in build.read("shortscience/keywords.html")
    stub = src / "shortscience" / "papers.rst"
    assert stub.stat().st_mode & 0o044 == 0o044  # readable like any file the user makes


def test_bib_change_updates_pages_like_a_fresh_build(project: Callable[[str], Path],
                                                     tmp_path: Path) -> None:
    src = project("basic")
    run_sphinx(src)
    new_title = "Rich Features, Retitled"
    edit(src / "refs.bib", "Rich Feature Hierarchies for Accurate Object Detection and Semantic "
         "Segmentation", new_title)
    incremental = run_sphinx(src)
    assert "rst-summaries" in incremental.read_docs()
    assert new_title in incremental.read(paper_html("conf/cvpr/GirshickDDM14"))
    fresh_src = tmp_path / "fresh"
    fresh_src.mkdir()
    import shutil

    shutil.copytree(src, fresh_src / "basic", ignore=shutil.ignore_patterns("_build"))
    fresh = run_sphinx(fresh_src / "basic")
    assert html_pages(incremental) == html_pages(fresh)


def test_parallel_build_equals_serial_build(project: Callable[[str], Path],
                                            tmp_path: Path) -> None:
    serial_src = project("example")
    parallel_src = tmp_path / "parallel"
    import shutil

    shutil.copytree(serial_src, parallel_src, ignore=shutil.ignore_patterns("_build"))
    serial = run_sphinx(serial_src, parallel=1)
    parallel = run_sphinx(parallel_src, parallel=2)
    assert parallel.warning_lines() == [] and serial.warning_lines() == []
    assert html_pages(parallel) == html_pages(serial)
    # the search index is fed in the main process either way, stems remembered or not
    assert (parallel.outdir / "searchindex.js").read_bytes() == \
        (serial.outdir / "searchindex.js").read_bytes()
    # an incremental parallel build after an edit still equals the serial one
    for src in (serial_src, parallel_src):
        edit(src / "sessions" / "02-training.rst", "Batch normalization standardizes",
             r"Batch normalization (see \cite{conf/nips/VaswaniSPUJGKP17}) standardizes")
    serial = run_sphinx(serial_src, parallel=1)
    parallel = run_sphinx(parallel_src, parallel=2)
    assert parallel.warning_lines() == []
    assert html_pages(parallel) == html_pages(serial)


def test_a_writers_second_summary_of_a_paper_updates_the_writers_count(
        project: Callable[[str], Path], tmp_path: Path) -> None:
    """The writers page counts summaries: one more of a paper the writer already summarized
    changes it, though the writer's list of papers does not change (found by the random
    edit sequences)."""
    src = project("basic")
    run_sphinx(src)
    with (src / "rst-summaries.rst").open("a", encoding="utf-8") as handle:
        handle.write("\n.. summary:: conf/cvpr/HeZRS16\n   :author: Ada Lovelace\n\n"
                     "   A second look at the same paper.\n")
    incremental = run_sphinx(src)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build", "shortscience"))
    fresh = run_sphinx(fresh_src)
    page = "shortscience/writers.html"
    assert incremental.read(page) == fresh.read(page)
    assert "2 summaries" in " ".join(incremental.soup("shortscience/writers").get_text().split())


def test_what_lives_for_the_build_is_frozen_while_reading_and_handed_back(
        project: Callable[[str], Path]) -> None:
    import gc

    from sphinx.testing.util import SphinxTestApp

    src = project("basic")
    frozen_in_a_first_build: list[int] = []
    first = SphinxTestApp("html", srcdir=src, builddir=src / "_build",
                          confoverrides={"source_suffix": {".rst": "restructuredtext"}})
    first.connect("doctree-read", lambda _app, _doctree: frozen_in_a_first_build.append(
        gc.get_freeze_count()))
    try:  # a first build leaves the collector as it is
        first.build()
    finally:
        first.cleanup()
    assert frozen_in_a_first_build and not any(frozen_in_a_first_build)
    edit(src / "rst-summaries.rst", "The idea builds on", "The idea builds upon")
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build",
                        confoverrides={"source_suffix": {".rst": "restructuredtext"}})
    env_seen_by_collector: list[bool] = []

    def note(_app: object, _doctree: object) -> None:
        if not env_seen_by_collector:  # frozen objects are not among the collector's
            tracked = {id(obj) for obj in gc.get_objects()}
            env_seen_by_collector.append(id(app.env.domaindata) in tracked)

    app.connect("doctree-read", note)
    try:
        app.build()
    finally:
        app.cleanup()
    # the loaded environment was out of the collector's sight while the edit was read
    assert env_seen_by_collector == [False]
    assert gc.get_freeze_count() == 0  # and the host process collects it again


def test_a_stub_deleted_by_hand_is_written_and_read_again(project: Callable[[str], Path]) -> None:
    src = project("basic")
    first = run_sphinx(src)
    page = paper_html("conf/cvpr/HeZRS16")
    before = first.read(page)
    stub = src / "shortscience" / "paper" / f"{slug('conf/cvpr/HeZRS16')}.rst"
    stub.unlink()
    second = run_sphinx(src)
    assert stub.exists()
    assert f"shortscience/paper/{slug('conf/cvpr/HeZRS16')}" in second.read_docs()
    assert second.read(page) == before


def test_a_host_that_froze_objects_keeps_its_freeze(project: Callable[[str], Path]) -> None:
    import gc

    src = project("basic")
    run_sphinx(src)  # an environment for the next build to load
    edit(src / "rst-summaries.rst", "The idea builds on", "The idea builds upon")
    gc.freeze()  # the host's own (as before forking workers)
    try:
        frozen = gc.get_freeze_count()
        build = run_sphinx(src)
        assert "rst-summaries" in build.read_docs()
        # not handed back by the build, nor added to (frozen objects freed by their last
        # reference going away leave the count)
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_the_collector_waits_while_a_page_is_filled(project: Callable[[str], Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from sphinx_shortscience.gc_freeze import collector_paused
    from sphinx_shortscience.site import fill_placeholders as fill

    enabled_while_filling: list[bool] = []
    filling = fill.FillPlaceholders.fill

    def recording(self: fill.FillPlaceholders) -> None:
        enabled_while_filling.append(gc.isenabled())
        filling(self)

    monkeypatch.setattr(fill.FillPlaceholders, "fill", recording)
    build = run_sphinx(project("basic"))
    assert "Deep Residual Learning" in build.read(paper_html("conf/cvpr/HeZRS16"))
    assert enabled_while_filling and not any(enabled_while_filling)
    assert gc.isenabled()
    # restored after a failure; a host that turned the collector off keeps it off
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
