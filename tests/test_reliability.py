"""Reliability: untrusted text stays text, builds are deterministic, and incremental builds
(even after an interrupted one) write what a fresh build writes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from .conftest import Build, copy_root, run_sphinx
from .test_incremental import html_pages

PAYLOADS = ("<script>alert(", "<img src=x", "<b>Journal", "<i>kw", "<i>summary kw",
            "<script>alert('writer')", "\"><script>")


# -- untrusted text ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def untrusted(built: Callable[..., Build]) -> Build:
    return built("untrusted", "html")


def test_untrusted_text_is_escaped_in_every_page(untrusted: Build) -> None:
    pages = list(untrusted.outdir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            assert payload not in text, (path, payload)
        # what Sphinx itself puts in a page is the only script
        scripts = re.findall(r"<script(?: [^>]*)?>", text)
        assert all("src=" in tag or tag == "<script>" for tag in scripts)
        assert "alert(" not in "".join(re.findall(r"<script>(.*?)</script>", text, re.S))


def test_untrusted_text_shows_as_written(untrusted: Build) -> None:
    index = untrusted.read("index.html")
    assert "&lt;script&gt;alert(" in index
    assert "Summary by &lt;script&gt;alert(&#x27;writer&#x27;)&lt;/script&gt;" in index or \
        "Summary by &lt;script&gt;alert('writer')&lt;/script&gt;" in index
    # the hover preview is an escaped attribute
    assert re.search(r'title="&lt;script&gt;alert\(', index)


def test_untrusted_urls_never_become_links(untrusted: Build) -> None:
    for path in untrusted.outdir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'href="javascript' not in text
        assert "example.org/\"><script>" not in text


def test_untrusted_text_in_search_index_and_feed(untrusted: Build) -> None:
    raw = untrusted.read("searchindex.js")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    assert index["titles"]
    feed_text = untrusted.read("shortscience/atom.xml")
    root = ET.fromstring(feed_text)  # well-formed, so every payload is escaped
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root]
    assert any(t and t.startswith("<script>alert('title')") for t in titles)
    assert "<script>" not in feed_text


def test_untrusted_text_in_latex(built: Callable[..., Build]) -> None:
    build = built("untrusted", "latex")
    tex = next(build.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\textless{}script\textgreater{}alert" in tex
    assert r"\input{/etc" not in tex  # neither from the title's text nor from its math
    assert r"\textbackslash{}input\{/etc/hosts\}" in tex


# -- determinism ------------------------------------------------------------------------------


def all_outputs(build: Build) -> dict[str, bytes]:
    return {p.relative_to(build.outdir).as_posix(): p.read_bytes()
            for p in sorted(build.outdir.rglob("*")) if p.is_file()}


def test_fresh_builds_are_byte_identical_and_independent_of_jobs(tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 1, 2, 4):
        src = copy_root("basic", tmp_path / f"j{jobs}-{len(outputs)}")
        outputs.append(all_outputs(run_sphinx(src, parallel=jobs)))
    first = outputs[0]
    for other in outputs[1:]:
        assert sorted(other) == sorted(first)
        assert [name for name in first if first[name] != other[name]] == []


def test_bib_file_order_changes_nothing(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path / "one")
    bib = (src / "refs.bib").read_text(encoding="utf-8")
    cut = bib.index("@article{journals/neco/HochreiterS97,")
    (src / "a.bib").write_text(bib[:cut], encoding="utf-8")
    (src / "b.bib").write_text(bib[cut:], encoding="utf-8")
    (src / "refs.bib").unlink()
    other = tmp_path / "two"
    shutil.copytree(src, other)
    forward = run_sphinx(src, confoverrides={"bibtex_bibfiles": ["a.bib", "b.bib"]})
    backward = run_sphinx(other, confoverrides={"bibtex_bibfiles": ["b.bib", "a.bib"]})
    assert html_pages(forward) == html_pages(backward)


# -- interrupted builds -------------------------------------------------------------------------

# loaded in every build, so that the configuration never changes; it kills the build
# only when CRASH_EVENT names the event to die in
CRASH = '''
import os

def setup(app):
    def crash(*args):
        os._exit(3)
    if os.environ.get("CRASH_EVENT"):
        app.connect(os.environ["CRASH_EVENT"], crash, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def sphinx_process(src: Path, event: str | None = None) -> int:
    env = {**__import__("os").environ}
    if event:
        env["CRASH_EVENT"] = event
    args = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(src / "_build/doctrees"),
            str(src), str(src / "_build/html")]
    return subprocess.run(args, env=env, capture_output=True, check=False, cwd=src).returncode


@pytest.mark.parametrize("event", ["env-get-updated", "html-page-context"])
def test_interrupted_build_is_repaired_by_the_next(tmp_path: Path, event: str) -> None:
    src = copy_root("basic", tmp_path / "incremental")
    (src / "crash.py").write_text(CRASH, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
                   "extensions.append('crash')\n")
    assert sphinx_process(src) == 0
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "Deep Residual Learning for Image Recognition", "Deep Residual Learning, Renamed"),
        encoding="utf-8")
    (src / "new.md").write_text("---\norphan: true\n---\n# New\n\n```{summary} unused/Smith2020"
                                "\n:author: Late\n:keywords: late\n\nWritten late.\n```\n",
                                encoding="utf-8")
    assert sphinx_process(src, event) == 3  # killed
    assert not list((src / "shortscience").rglob(".*.tmp"))  # stubs are written whole
    assert sphinx_process(src) == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("_build", "shortscience"))
    assert "CRASH_EVENT" not in __import__("os").environ
    assert sphinx_process(fresh) == 0

    def pages(root: Path) -> dict[str, str]:
        html = root / "_build" / "html"
        return {p.relative_to(html).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(html.rglob("*.html"))}

    ours, theirs = pages(src), pages(fresh)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []


# -- incremental equals fresh, for random edit sequences ----------------------------------------

KEYS = ["conf/cvpr/HeZRS16", "conf/cvpr/GirshickDDM14", "journals/neco/HochreiterS97",
        "DBLP:conf/icml/IoffeS15", "journals/corr/abs-1412-6980", "unused/Smith2020",
        "no/such/key"]
WRITERS = ["Ada", "Grace", "Alan"]
KEYWORDS = ["alpha", "beta", "gamma"]


class EditSequence(RuleBasedStateMachine):
    """Random edits to a small project; after each, incremental output == fresh output."""

    def __init__(self) -> None:
        super().__init__()
        self.root: Path | None = None
        self.docs: dict[str, list[tuple[str, str, str, list[str]]]] = {}
        self.step = 0

    @initialize()
    def start(self) -> None:
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="edits-"))
        src = copy_root("basic", self.root)
        for name in ("rst-summaries.rst", "md-summaries.md", "roles.md"):
            (src / name).unlink()
        (src / "index.rst").write_text("Edits\n=====\n\n.. toctree::\n   :glob:\n\n   doc*\n"
                                       "   shortscience/index\n", encoding="utf-8")
        self.src = src
        run_sphinx(src)

    def write(self, name: str) -> None:
        summaries = self.docs[name]
        blocks = [f"# {name}\n"]
        for key, writer, cited, keywords in summaries:
            blocks.append(f"```{{summary}} {key}\n:author: {writer}\n:date: 2024-01-0"
                          f"{len(blocks)}\n:keywords: {', '.join(keywords)}\n\n"
                          f"About \\cite{{{cited}}} and $x$.\n```\n")
        (self.src / f"{name}.md").write_text("\n".join(blocks), encoding="utf-8")

    @rule(key=st.sampled_from(KEYS), writer=st.sampled_from(WRITERS),
          cited=st.sampled_from(KEYS), keywords=st.lists(st.sampled_from(KEYWORDS), max_size=2),
          doc=st.sampled_from(["doc1", "doc2", "doc3"]))
    def add_summary(self, key: str, writer: str, cited: str, keywords: list[str],
                    doc: str) -> None:
        self.docs.setdefault(doc, []).append((key, writer, cited, keywords))
        self.write(doc)

    @rule(doc=st.sampled_from(["doc1", "doc2", "doc3"]), writer=st.sampled_from(WRITERS))
    def change_writer(self, doc: str, writer: str) -> None:
        if self.docs.get(doc):
            key, _, cited, keywords = self.docs[doc][0]
            self.docs[doc][0] = (key, writer, cited, keywords)
            self.write(doc)

    @rule(doc=st.sampled_from(["doc1", "doc2", "doc3"]))
    def delete_document(self, doc: str) -> None:
        if doc in self.docs:
            del self.docs[doc]
            (self.src / f"{doc}.md").unlink()

    @rule(title=st.sampled_from(["Renamed Paper", "Another Title", "Deep Residual Learning"]))
    def retitle_in_bib(self, title: str) -> None:
        bib = self.src / "refs.bib"
        text = bib.read_text(encoding="utf-8")
        text = re.sub(r"(@inproceedings\{conf/cvpr/HeZRS16,\s*author\s*=\s*\{[^}]*\},\s*"
                      r"title\s*=\s*\{)[^}]*(\})", rf"\g<1>{title}\2", text)
        bib.write_text(text, encoding="utf-8")

    @rule()
    def toggle_bib_entry(self) -> None:
        bib = self.src / "refs.bib"
        text = bib.read_text(encoding="utf-8")
        marker = "@article{unused/Smith2020,"
        hidden = "@comment{unused/Smith2020,"
        bib.write_text(text.replace(marker, hidden) if marker in text
                       else text.replace(hidden, marker), encoding="utf-8")

    @invariant()
    def incremental_equals_fresh(self) -> None:
        if self.root is None:
            return
        self.step += 1
        incremental = run_sphinx(self.src)
        fresh_src = self.root / f"fresh{self.step}"
        shutil.copytree(self.src, fresh_src, ignore=shutil.ignore_patterns("_build",
                                                                           "shortscience"))
        fresh = run_sphinx(fresh_src)
        ours, theirs = html_pages(incremental), html_pages(fresh)
        assert sorted(ours) == sorted(theirs)
        assert [name for name in ours if ours[name] != theirs[name]] == []
        shutil.rmtree(fresh_src)

    def teardown(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


EditSequence.TestCase.pytestmark = pytest.mark.slow  # type: ignore[attr-defined]
EditSequence.TestCase.settings = settings(
    max_examples=4, stateful_step_count=5, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_random_edit_sequences = EditSequence.TestCase
