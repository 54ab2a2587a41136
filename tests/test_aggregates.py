"""Aggregate pages never go stale: after every edit, an incremental build writes exactly
what a fresh build of the same sources writes, and pages without a reason to exist are gone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .conftest import Build, run_sphinx
from .test_incremental import edit, html_pages

EXTRA = """---
orphan: true
---
# Extra

```{summary} unused/Smith2020
:author: Zoe Newcomer
:date: 2024-05-01
:keywords: brand new

A new summary with a brand new keyword, citing \\cite{conf/cvpr/HeZRS16}.
```
"""


def generated(build: Build) -> set[str]:
    return {p.relative_to(build.srcdir).as_posix()
            for p in (build.srcdir / "shortscience").rglob("*.rst")}


def assert_like_fresh(incremental: Build, tmp_path: Path, step: str) -> Build:
    fresh_root = tmp_path / f"fresh-{step}"
    shutil.copytree(incremental.srcdir, fresh_root,
                    ignore=shutil.ignore_patterns("_build", "shortscience"))
    fresh = run_sphinx(fresh_root)
    assert generated(incremental) == generated(fresh), step
    ours, theirs = html_pages(incremental), html_pages(fresh)
    assert sorted(ours) == sorted(theirs), step
    different = [page for page in ours if ours[page] != theirs[page]]
    assert different == [], f"{step}: {different}"
    return fresh


def test_edit_sequence(project: Callable[[str], Path], tmp_path: Path) -> None:
    src = project("basic")
    run_sphinx(src)

    # 1. a new summary with a new keyword (and a new writer)
    (src / "extra.md").write_text(EXTRA, encoding="utf-8")
    build = run_sphinx(src)
    assert (build.outdir / "shortscience/keyword/brand-new.html").exists()
    assert_like_fresh(build, tmp_path, "new-keyword")

    # 2. move a keyword from one summary to another
    edit(src / "rst-summaries.rst", ":keywords: residual learning, cs.CV",
         ":keywords: residual learning")
    edit(src / "rst-summaries.rst", "   :name: lstm-by-grace", "   :name: lstm-by-grace\n"
         "   :keywords: cs.CV")
    build = run_sphinx(src)
    assert "Long Short-Term Memory" in build.read(
        "shortscience/keyword/cs-cv--cy3ag6e4.html")
    assert_like_fresh(build, tmp_path, "move-keyword")

    # 3. a title changes in the bib
    edit(src / "refs.bib", "Deep Residual Learning for Image Recognition",
         "Deep Residual Learning, Retitled")
    build = run_sphinx(src)
    assert "Deep Residual Learning, Retitled" in build.read("shortscience/keyword/brand-new.html")
    assert_like_fresh(build, tmp_path, "retitle")

    # 4. a writer is added to an existing document
    edit(src / "md-summaries.md", "```python", "```{summary} journals/corr/abs-1412-6980\n"
         ":author: Yusuf Later\n:date: 2024-06-01\n\nAdam, briefly.\n```\n\n```python")
    build = run_sphinx(src)
    assert (build.outdir / "shortscience/writer/yusuf-later.html").exists()
    assert_like_fresh(build, tmp_path, "new-writer")

    # 5. a document is deleted: its summary, keyword and writer pages go
    (src / "extra.md").unlink()
    build = run_sphinx(src)
    assert not (build.outdir / "shortscience/keyword/brand-new.html").exists()
    assert not (src / "shortscience/keyword/brand-new.rst").exists()
    assert not (build.outdir / "shortscience/writer/zoe-newcomer.html").exists()
    assert_like_fresh(build, tmp_path, "delete-document")

    # 6. a bib entry that is still cited is removed
    bib = (src / "refs.bib").read_text(encoding="utf-8")
    start = bib.index("@inproceedings{conf/cvpr/GirshickDDM14,")
    end = bib.index("@article{journals/neco/HochreiterS97,")
    (src / "refs.bib").write_text(bib[:start] + bib[end:], encoding="utf-8")
    build = run_sphinx(src)
    assert "unknown BibTeX key 'conf/cvpr/GirshickDDM14'" in build.warnings
    assert not list((build.outdir / "shortscience/paper").glob("conf-cvpr-girshickddm14*"))
    assert_like_fresh(build, tmp_path, "remove-cited-entry")
