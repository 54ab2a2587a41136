"""Each fact has one home (issue 31): the two spellings of the paper role are one role, a
typo of a bib key gets its "did you mean" before anything goes to the network."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import run_sphinx, small_project
from .test_cli import shortscience

BIB = """@inproceedings{conf/cvpr/HeZRS16,
  author = {Kaiming He},
  title = {Deep Residual Learning},
  booktitle = {CVPR},
  year = {2016},
}

@article{other2020,
  author = {Ada Lovelace},
  title = {Another Paper},
  journal = {Journal},
  year = {2020},
}

@article{first2019,
  author = {Grace Hopper},
  title = {A First Paper},
  journal = {Journal},
  year = {2019},
}
"""


def project(tmp_path: Path, page: str) -> Path:
    return small_project(tmp_path, {"refs.bib": BIB, "index.md": page}, conf=(
        'extensions = ["myst_parser", "sphinx_shortscience"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'exclude_patterns = ["_build"]\nshow_warning_types = True\n'))


def link(html: str) -> str:
    """The first paper link of a page, its href and text."""
    found = re.search(r'<a class="[^"]*shortscience-paper-link[^"]*"[^>]*>.*?</a>', html, re.S)
    assert found is not None, html
    return found.group(0)


def test_both_spellings_of_the_paper_role_are_one_role(tmp_path: Path) -> None:
    """``{shortscience:paper}`` recorded no citation: a key cited only that way had no
    page, and the warning said "did you mean" the key itself."""
    domain = run_sphinx(project(tmp_path / "domain",
                                "# I\n\nSee {shortscience:paper}`other2020`.\n"))
    plain = run_sphinx(project(tmp_path / "plain", "# I\n\nSee {paper}`other2020`.\n"))
    assert domain.warning_lines() == plain.warning_lines() == []
    assert (domain.outdir / "shortscience" / "paper" / "other2020.html").is_file()
    assert link(domain.read("index.html")) == link(plain.read("index.html"))
    assert domain.read("shortscience/paper/other2020.html") == plain.read(
        "shortscience/paper/other2020.html")


def test_new_suggests_the_close_key_without_the_network(tmp_path: Path) -> None:
    src = project(tmp_path, "# I\n")
    result = shortscience("new", "conf/cvpr/HeZRS61", "--author", "Ada", "-o", "s.md", cwd=src,
                          env={"SHORTSCIENCE_DBLP_URL": "http://127.0.0.1:9/",
                               "SHORTSCIENCE_ARXIV_URL": "http://127.0.0.1:9/",
                               "SHORTSCIENCE_DOI_URL": "http://127.0.0.1:9/"})
    assert result.returncode != 0
    assert "did you mean 'conf/cvpr/HeZRS16'" in result.stderr, result.stderr
    assert "cannot reach" not in result.stderr
    assert not (src / "s.md").exists()


def colliding_build(tmp_path: Path) -> None:
    """Two keys whose page names agree (the digest fixed): said at the second's entry."""
    from sphinx_shortscience.site import names

    real = names.name_digest
    names.name_digest = lambda text: "aaaaaaaa"
    names.slug.cache_clear()
    try:
        src = project(tmp_path, "# I\n\nSee {paper}`Smith:2020` and {paper}`smith/2020`.\n")
        (src / "refs.bib").write_text(
            BIB + "\n@misc{Smith:2020,\n  title = {One},\n}\n\n@misc{smith/2020,\n"
            "  title = {Two},\n}\n", encoding="utf-8")
        build = run_sphinx(src)
    finally:
        names.name_digest = real
        names.slug.cache_clear()
    line = build.line_of("refs.bib", "@misc{smith/2020")
    assert build.warning_lines() == [  # the link to the second key is plain text
        f"refs.bib:{line}: WARNING: the page of 'smith/2020' would have the name of the page "
        "of 'Smith:2020' (shortscience/paper/smith-2020--aaaaaaaa); only 'Smith:2020' gets a "
        "page (change one of the keys) [shortscience.page_collision]"]
    page = build.read("shortscience/paper/smith-2020--aaaaaaaa.html")
    assert "One" in page and "Two" not in page


def test_two_keys_with_one_page_name_are_said(tmp_path: Path) -> None:
    """``page_collision``: were two keys' page names to agree, the second took the first's
    page without a word."""
    colliding_build(tmp_path)
