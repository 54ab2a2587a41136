"""Each fact has one home (issue 31): the two spellings of the paper role are one role, a
typo of a bib key gets its "did you mean" before anything goes to the network."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import run_sphinx
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
    src = tmp_path / "p"
    src.mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["myst_parser", "sphinx_shortscience"]\n'
                                 'bibtex_bibfiles = ["refs.bib"]\n'
                                 'exclude_patterns = ["_build"]\n', encoding="utf-8")
    (src / "refs.bib").write_text(BIB, encoding="utf-8")
    (src / "index.md").write_text(page, encoding="utf-8")
    return src


def link(html: str) -> str:
    """The first paper link of a page, its href and text."""
    found = re.search(r'<a class="[^"]*shortscience-paper-link[^"]*"[^>]*>.*?</a>', html, re.S)
    assert found is not None, html
    return found.group(0)


def test_both_spellings_of_the_paper_role_are_one_role(tmp_path: Path) -> None:
    """``{shortscience:paper}`` recorded no citation: a key cited only that way had no
    page, and the warning said "did you mean" the key itself."""
    domain = run_sphinx(project(tmp_path / "domain", "# I\n\nSee {shortscience:paper}`other2020`.\n"))
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
