"""``shortscience add``: BibTeX from DBLP, arXiv and DOIs, against a local server that
replays recorded answers of the real services (tests/recordings, SOURCES.md says whence)."""

from __future__ import annotations

import codecs
import html
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_shortscience.bib.entries import resolve_value
from sphinx_shortscience.bib.parse import parse_bib_text
from sphinx_shortscience.bib.render import latex_plain
from sphinx_shortscience.lookup.append import BibStyle, appended_bytes, file_style
from sphinx_shortscience.lookup.http import USER_AGENT, Client
from sphinx_shortscience.lookup.identifiers import Identifier, parse_identifier

from .conftest import copy_root, run_sphinx
from .lookup_server import Crafted, Recorder, lookup_server
from .test_bib_writer import bibtex_fields

SCRIPT = Path(sys.executable).parent / "shortscience"


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[dict[str, str], Recorder]]:
    with lookup_server() as served:
        yield served


def shortscience(*arguments: str | Path, cwd: Path, env: dict[str, str],
                 cache: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_shortscience", *map(str, arguments)]
    environment = {**os.environ, **env, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=120, check=False)


def empty_project(folder: Path, bib: bytes | None = b"") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text('project = "Group"\nextensions = ["sphinx_shortscience"]\n'
                                    'bibtex_bibfiles = ["refs.bib"]\n'
                                    'exclude_patterns = ["_build"]\n')
    (folder / "index.md").write_text("# Group\n\n```{toctree}\nshortscience/index\n```\n")
    if bib is not None:
        (folder / "refs.bib").write_bytes(bib)
    return folder


# -- identifiers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "value"), [
    ("conf/cvpr/HeZRS16", "dblp", "conf/cvpr/HeZRS16"),
    ("DBLP:conf/cvpr/HeZRS16", "dblp", "conf/cvpr/HeZRS16"),
    ("https://dblp.org/rec/conf/cvpr/HeZRS16.html", "dblp", "conf/cvpr/HeZRS16"),
    ("https://dblp.org/rec/conf/cvpr/HeZRS16.bib", "dblp", "conf/cvpr/HeZRS16"),
    ("https://dblp.uni-trier.de/rec/bibtex/conf/cvpr/HeZRS16", "dblp", "conf/cvpr/HeZRS16"),
    ("journals/corr/KingmaB14", "dblp", "journals/corr/KingmaB14"),
    ("1512.03385", "arxiv", "1512.03385"),
    ("1512.03385v2", "arxiv", "1512.03385"),
    ("arXiv:1605.08386", "arxiv", "1605.08386"),
    ("https://arxiv.org/abs/2104.12255v1", "arxiv", "2104.12255"),
    ("https://arxiv.org/pdf/1512.03385.pdf", "arxiv", "1512.03385"),
    ("http://export.arxiv.org/abs/math/0211159", "arxiv", "math/0211159"),
    ("hep-th/9901001", "arxiv", "hep-th/9901001"),
    ("math.GT/0309136v1", "arxiv", "math.GT/0309136"),
    ("10.1109/CVPR.2016.90", "doi", "10.1109/CVPR.2016.90"),
    ("doi:10.1126/science.169.3946.635", "doi", "10.1126/science.169.3946.635"),
    ("https://doi.org/10.1126/science.169.3946.635", "doi", "10.1126/science.169.3946.635"),
    ("https://dx.doi.org/10.1139/cjc-2022-0282", "doi", "10.1139/cjc-2022-0282"),
    ("https://www.shortscience.org/paper?bibtexKey=conf/cvpr/HeZRS16", "dblp",
     "conf/cvpr/HeZRS16"),
    ("http://www.shortscience.org/paper?bibtexKey=conf%2Fnips%2FRenHGS15", "dblp",
     "conf/nips/RenHGS15"),
])
def test_every_identifier_form(text: str, kind: str, value: str) -> None:
    assert parse_identifier(text) == Identifier(kind, value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["He2016", "nokey", "https://example.org/paper.pdf",
                                  "conf/cvpr", "10.1109", "javascript:alert(1)", "",
                                  "conf/cvpr/HeZRS16 extra"])
def test_what_is_no_identifier(text: str) -> None:
    assert parse_identifier(text) is None


@given(st.text(max_size=80))
def test_any_text_parses_or_is_refused_without_raising(text: str) -> None:
    found = parse_identifier(text)
    assert found is None or (found.value and not any(c.isspace() for c in found.value))


# -- appending ---------------------------------------------------------------------------------

@given(st.binary(max_size=400), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from(["  ", "\t", "    "]))
def test_appending_keeps_every_byte(data: bytes, newline: str, indent: str) -> None:
    style = BibStyle(newline, indent, "utf-8")
    entry = "@misc{k,\n" + indent + "title = {T},\n}"
    added = appended_bytes(data, [entry], style)
    assert added.startswith(data)
    tail = added[len(data):].decode("utf-8")
    assert tail.rstrip().endswith("}") and entry.replace("\n", newline) in tail
    if newline == "\r\n":
        assert "\n" not in tail.replace("\r\n", "")


def test_the_file_style_is_read_where_it_is_unambiguous() -> None:
    crlf_tabs = codecs.BOM_UTF8 + b"@article{a,\r\n\ttitle = {A},\r\n\tyear = 2020,\r\n}\r\n"
    assert file_style(crlf_tabs) == BibStyle("\r\n", "\t", "utf-8")
    mixed = b"@article{a,\n  title = {A},\n\tyear = 2020,\n    note = {x},\n}\n"
    assert file_style(mixed) == BibStyle("\n", "  ", "utf-8")  # no clear indent: the default
    assert file_style("@a{b,\n    t = {é},\n}\n".encode("latin-1"), "latin-1") == \
        BibStyle("\n", "    ", "latin-1")


# -- the command against the recorded services ------------------------------------------------

def test_a_dblp_key_adds_dblps_entry(tmp_path: Path,
                                     services: tuple[dict[str, str], Recorder]) -> None:
    env, recorder = services
    project = empty_project(tmp_path / "group")
    added = shortscience("add", "DBLP:series/sci/2023-1062", cwd=project, env=env,
                         cache=tmp_path / "cache")
    assert added.returncode == 0, added.stderr
    assert "added 'DBLP:series/sci/2023-1062'" in added.stderr
    recorded = (Path(__file__).parent / "recordings/dblp/series_sci_2023-1062.bib").read_text()
    # DBLP's entry, every field and value as DBLP wrote it, in the bib writer's layout
    [dblps] = parse_bib_text(recorded, "dblp", "").entries
    written = (project / "refs.bib").read_text()
    [entry] = parse_bib_text(written, "refs.bib", "").entries
    assert (entry.key, entry.entry_type, entry.fields) == \
        (dblps.key, dblps.entry_type, dblps.fields)
    assert written.startswith("@book{DBLP:series/sci/2023-1062,\n"
                              "  author    = {George A. Anastassiou},\n")
    path, headers = recorder.requests[-1]
    assert path == "/dblp/rec/series/sci/2023-1062.bib"
    assert headers["User-Agent"] == USER_AGENT

    # asked again: the bib has it (under DBLP's key), nothing is fetched or written
    before, count = (project / "refs.bib").read_bytes(), len(recorder.requests)
    again = shortscience("add", "https://dblp.org/rec/series/sci/2023-1062.html", cwd=project,
                         env=env, cache=tmp_path / "cache")
    assert again.returncode == 0
    assert "already in the bib as 'DBLP:series/sci/2023-1062'" in again.stderr
    assert (project / "refs.bib").read_bytes() == before and len(recorder.requests) == count


@pytest.mark.parametrize(("identifier", "title"), [
    ("1605.08386", "Heat-bath random walks with Markov bases"),
    ("https://arxiv.org/abs/2104.12255v1", "0"),
    ("astro-ph/0601001", "Frequency of Hot Jupiters and Very Hot Jupiters"),
    ("arXiv:quant-ph/0201082v1", "Quantum Computers and Quantum Computer Languages"),
    ("http://export.arxiv.org/abs/math/0211159", "The entropy formula for the Ricci flow"),
])
def test_an_arxiv_id_adds_an_entry_from_the_arxiv_api(
        tmp_path: Path, services: tuple[dict[str, str], Recorder], identifier: str,
        title: str) -> None:
    env, _ = services
    project = empty_project(tmp_path / "group")
    added = shortscience("add", identifier, cwd=project, env=env, cache=tmp_path / "cache")
    assert added.returncode == 0, added.stderr
    assert "from arXiv" in added.stderr
    text = (project / "refs.bib").read_text()
    key = parse_identifier(identifier).value  # type: ignore[union-attr]
    assert text.startswith(f"@misc{{{key},\n")
    assert f"{{{title}" in text and f"eprint        = {{{key}}}" in text


def test_a_doi_follows_doi_orgs_redirect_to_crossrefs_bibtex(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, recorder = services
    project = empty_project(tmp_path / "group")
    added = shortscience("add", "https://doi.org/10.1126/science.169.3946.635", cwd=project,
                         env=env, cache=tmp_path / "cache")
    assert added.returncode == 0, added.stderr
    text = (project / "refs.bib").read_text()
    # the key is the DOI (what the summary cites), not Crossref's "Frank_1970"
    assert text.startswith("@article{10.1126/science.169.3946.635,\n")
    assert "Frank, Henry S." in text and "pages     = {635–641}" in text
    asked = [headers.get("Accept") for path, headers in recorder.requests
             if path.startswith(("/doi/", "/crossref/"))]
    assert asked[-2:] == ["application/x-bibtex", "application/x-bibtex"]
    # DBLP was asked first (its search), and had no record with that DOI
    assert any(p.startswith("/dblp/search/publ/api?q=10.1126") for p in recorder.paths())
    build = run_sphinx(project)
    assert build.warning_lines() == []


def test_unknown_papers_are_listed_and_nothing_is_written(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    project = empty_project(tmp_path / "group", b"% our papers\n")
    result = shortscience("add", "10.1126/foo", "conf/xx/NoSuchPaper99", "0808.05394", "abc/x",
                          "10.1126/nobibtex", cwd=project, env=env, cache=tmp_path / "cache")
    assert result.returncode == 1
    err = result.stderr
    assert "not found: 10.1126/foo: no BibTeX for DOI '10.1126/foo' (404)" in err
    assert "not found: conf/xx/NoSuchPaper99: DBLP has no record" in err
    assert "not found: 0808.05394: arXiv has no paper '0808.05394'" in err
    assert "not found: abc/x: not a DBLP key, arXiv id, DOI or a URL of one" in err
    # a DOI whose answer is a web page, not BibTeX: refused, not written
    assert "not found: 10.1126/nobibtex: no BibTeX for DOI '10.1126/nobibtex'" in err
    assert "0 entries added, 5 papers not found" in err
    assert (project / "refs.bib").read_bytes() == b"% our papers\n"


def test_an_arxiv_error_answer_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           services: tuple[dict[str, str], Recorder]) -> None:
    """The arXiv API refuses an id in a form it does not know: 400 and an Error entry,
    whose text is the reason given."""
    from sphinx_shortscience.lookup import services as lookup_services

    env, _ = services
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    found = lookup_services.arxiv_record("abc", Client(tmp_path / "cache", pause=0))
    assert isinstance(found, lookup_services.NotFound)
    assert found.reason == "arXiv: incorrect id format for abc"


def test_offline_is_one_clear_line_and_nothing_is_written(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = f"http://127.0.0.1:{port}"
    env = {"SHORTSCIENCE_DBLP_URL": closed, "SHORTSCIENCE_ARXIV_URL": closed,
           "SHORTSCIENCE_DOI_URL": closed, "SHORTSCIENCE_LOOKUP_PAUSE": "0"}
    project = empty_project(tmp_path / "group", b"@misc{a,\n  title = {A},\n}\n")
    result = shortscience("add", "conf/cvpr/HeZRS16", cwd=project, env=env,
                          cache=tmp_path / "cache")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"shortscience add: error: cannot reach 127.0.0.1:{port}: ")
    assert line.endswith("; nothing was written")
    assert (project / "refs.bib").read_bytes() == b"@misc{a,\n  title = {A},\n}\n"


def test_crlf_and_bom_bib_is_byte_identical_but_the_appended_entry(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    original = (codecs.BOM_UTF8 + "% Literatur, geführt von Hand\r\n@article{mine,\r\n"
                "\ttitle = {Mine},\r\n\tyear = 2020,\r\n}\r\n".encode())
    project = empty_project(tmp_path / "group", original)
    result = shortscience("add", "10.1139/cjc-2022-0282", cwd=project, env=env,
                          cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original)
    tail = data[len(original):].decode("utf-8")
    assert tail.startswith("\r\n@article{10.1139/cjc-2022-0282,\r\n\t")
    assert "\n" not in tail.replace("\r\n", "") and "\ufeff" not in tail
    assert tail.endswith("}\r\n")


def test_dry_run_prints_and_writes_nothing(tmp_path: Path,
                                           services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    project = empty_project(tmp_path / "group")
    result = shortscience("add", "--dry-run", "1111.2011", cwd=project, env=env,
                          cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("@misc{1111.2011,\n")
    assert "would add '1111.2011'" in result.stderr
    assert (project / "refs.bib").read_bytes() == b""


def test_a_repeat_is_answered_from_the_cache(tmp_path: Path,
                                             services: tuple[dict[str, str], Recorder]) -> None:
    env, recorder = services
    for attempt in (1, 2):
        project = empty_project(tmp_path / f"group{attempt}")
        count = len(recorder.requests)
        result = shortscience("add", "math/0211159", cwd=project, env=env,
                              cache=tmp_path / "cache")
        assert result.returncode == 0, result.stderr
        asked = len(recorder.requests) - count
        assert asked == (2 if attempt == 1 else 0)  # DBLP's search, then arXiv; then none


def test_requests_to_one_host_are_spaced(tmp_path: Path,
                                         services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    client = Client(tmp_path / "cache", pause=0.3)
    started = time.monotonic()
    for arxiv_id in ("1605.08386", "2104.12255", "1111.2011"):
        assert client.get(f"{env['SHORTSCIENCE_ARXIV_URL']}?id_list={arxiv_id}").status == 200
    assert time.monotonic() - started >= 0.6


def test_new_with_a_dblp_key_in_an_empty_project_builds(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    project = empty_project(tmp_path / "group", bib=None)  # not even a bib file yet
    made = shortscience("new", "conf/cvpr/HeZRS16", "--author", "Ada", "-o",
                        "sessions/01.md", cwd=project, env=env, cache=tmp_path / "cache")
    assert made.returncode == 0, made.stderr
    assert "added 'DBLP:conf/cvpr/HeZRS16' from DBLP" in made.stderr
    assert (project / "refs.bib").read_text().startswith("@inproceedings{DBLP:conf/cvpr/HeZRS16,")
    skeleton = (project / "sessions" / "01.md").read_text()
    assert skeleton.startswith("# Deep Residual Learning for Image Recognition\n")
    assert "```{summary} conf/cvpr/HeZRS16\n" in skeleton
    skeleton = skeleton.replace(
        "Summarize the paper here: the problem, the idea, what the results show.",
        "Residual blocks learn $F(x) = H(x) - x$ instead of $H(x)$.")
    (project / "sessions" / "01.md").write_text(skeleton)
    index = project / "index.md"
    index.write_text(index.read_text().replace("shortscience/index", "sessions/01\n"
                                               "shortscience/index"))
    build = run_sphinx(project)
    assert build.warning_lines() == [], build.warnings
    assert "Kaiming He" in build.read("sessions/01.html")


def test_add_missing_fetches_what_the_project_cites(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, _ = services
    project = empty_project(tmp_path / "group", b"")
    (project / "index.md").write_text(
        "# Group\n\n```{summary} series/sci/2023-1062\n:author: Ada\n\nBuilds on "
        "\\cite{1605.08386} and \\cite{10.1126/science.169.3946.635}, not "
        "\\cite{He2016} nor \\cite{conf/xx/Nothing99}.\n```\n\n"
        "```{toctree}\nshortscience/index\n```\n")
    result = shortscience("add", "--missing", cwd=project, env=env, cache=tmp_path / "cache")
    assert result.returncode == 1  # two keys no service knows
    assert "3 entries added, 2 papers not found" in result.stderr
    assert "not found: He2016: not a DBLP key, arXiv id or DOI; add its entry by hand\n" \
           f"    named at {project}/index.md:6" in result.stderr
    assert "not found: conf/xx/Nothing99: DBLP has no record" in result.stderr
    build = run_sphinx(project)
    # Sphinx 7 prints no " [shortscience.missing_key]" after a warning
    assert sorted(w.split("WARNING: ")[1].removesuffix(" [shortscience.missing_key]")
                  for w in build.warning_lines()) == [
        "unknown BibTeX key 'He2016': no bib file defines it",
        "unknown BibTeX key 'conf/xx/Nothing99': no bib file defines it"]


#: The example's papers whose DBLP entry no public repository holds (see SOURCES.md): their
#: entries stay in the emptied bib, since the server has no answer to replay for them.
NOT_RECORDED = ("journals/jmlr/SrivastavaHKSS14", "journals/neco/HochreiterS97")


def test_add_missing_restores_the_example_projects_bib(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    env, recorder = services
    project = copy_root("example", tmp_path)
    bib = project / "refs.bib"
    kept = [block for block in re.split(r"\n(?=@)", bib.read_text())
            if any(f"{{{key}," in block for key in NOT_RECORDED)]
    bib.write_text("\n".join(kept))
    emptied = bib.read_bytes()
    result = shortscience("add", "--missing", cwd=project, env=env, cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert "11 entries added, 0 papers not found" in result.stderr
    assert bib.read_bytes().startswith(emptied)
    assert bib.read_text().count("biburl") == 11
    build = run_sphinx(project)
    assert build.warning_lines() == [], build.warnings
    asked = [p for p in recorder.paths() if p.startswith("/dblp/rec/")]
    assert "/dblp/rec/conf/cvpr/HeZRS16.bib" in asked


def test_the_command_lists_add_in_its_help() -> None:
    result = subprocess.run([sys.executable, "-m", "sphinx_shortscience", "add", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "--missing" in result.stdout


def test_the_bib_is_appended_to_only_inside_the_project(
        tmp_path: Path, services: tuple[dict[str, str], Recorder]) -> None:
    """A bib file that is a link leading out of the project (planted by a contributor) is
    not written; one that leads to a file of the project is appended to there."""
    env, _ = services
    secret = tmp_path / "home" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(b"not yours\n")
    project = empty_project(tmp_path / "group", bib=None)
    (project / "refs.bib").symlink_to(secret)
    refused = shortscience("add", "DBLP:series/sci/2023-1062", cwd=project, env=env,
                           cache=tmp_path / "cache")
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("shortscience add: error: ") and "outside the project" in line
    assert secret.read_bytes() == b"not yours\n"
    assert (project / "refs.bib").is_symlink()

    (project / "refs.bib").unlink()
    (project / "bib").mkdir()
    (project / "bib" / "all.bib").write_bytes(b"% ours\n")
    (project / "refs.bib").symlink_to(Path("bib") / "all.bib")
    added = shortscience("add", "DBLP:series/sci/2023-1062", cwd=project, env=env,
                         cache=tmp_path / "cache")
    assert added.returncode == 0, added.stderr
    assert (project / "refs.bib").is_symlink()  # the link kept, its file appended to
    assert (project / "bib" / "all.bib").read_text().startswith("% ours\n\n@book{DBLP:")


# -- hostile services ---------------------------------------------------------------------------

def test_a_service_is_given_up_at_the_deadline_of_the_request_not_of_each_read(
        tmp_path: Path) -> None:
    """requests' timeout bounds each read of the socket: a service that sends a byte every
    few seconds (here every 0.1 s) kept the command waiting as long as it liked. A request
    now has a deadline in all (SHORTSCIENCE_LOOKUP_TIMEOUT, 1 s here)."""
    entry = b"@misc{DBLP:conf/x/Slow99,\n  title = {Slow},\n}\n" * 4
    crafted = {"/dblp/rec/conf/x/Slow99.bib": Crafted(entry, trickle=0.1),
               "/dblp/rec/conf/x/Slower99.bib": Crafted(entry, trickle=0.1,
                                                        trickle_headers=True)}
    project = empty_project(tmp_path / "group", b"% ours\n")
    with lookup_server(crafted) as (env, _):
        for key in ("conf/x/Slow99", "conf/x/Slower99"):  # the answer, then its headers
            started = time.monotonic()
            result = shortscience("add", key, cwd=project, cache=tmp_path / key,
                                  env={**env, "SHORTSCIENCE_LOOKUP_TIMEOUT": "1"})
            assert time.monotonic() - started < 10, result.stderr
            assert result.returncode == 2, result.stderr
            [line] = result.stderr.strip().splitlines()
            assert line.startswith("shortscience add: error: 127.0.0.1:")
            assert "did not answer within 1 s" in line and line.endswith("nothing was written")
    assert (project / "refs.bib").read_bytes() == b"% ours\n"


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <published>2024-01-02T00:00:00Z</published>
    <title>{title}</title>
    <summary>Nothing to see.</summary>
    <author><name>{author}</name></author>
    <arxiv:primary_category term="cs.LG"/>
  </entry>
</feed>
"""
#: arXiv id -> (title, author, the title as pages show it)
HOSTILE_ARXIV = {
    "2401.00001": (r"Inj \{}, note = {INJECTED}", "Ada Lovelace",
                   "Inj {}, note = INJECTED"),
    "2401.00002": ("Closed } early, note = {INJECTED", "Bo}, note = {X",
                   "Closed } early, note = {INJECTED"),
    "2401.00003": ('@misc{evil, title = {x}} " % , @string{s = {t}} \\', "C@d",
                   None),
}


def test_hostile_arxiv_fields_stay_the_fields_they_are(tmp_path: Path) -> None:
    """A title 'Inj \\{}, note = {INJECTED}' gave the appended entry a note and cost it its
    year, eprint and url: bibtexparser does not count a brace after a backslash, BibTeX
    does. Every value is now written so that both read the same fields."""
    crafted = {f"/arxiv/query?id_list={arxiv_id}": Crafted(ATOM.format(
        id=arxiv_id, title=html.escape(title), author=html.escape(author)).encode(),
        "application/atom+xml; charset=utf-8")
        for arxiv_id, (title, author, _) in HOSTILE_ARXIV.items()}
    project = empty_project(tmp_path / "group")
    with lookup_server(crafted) as (env, _):
        result = shortscience("add", *HOSTILE_ARXIV, cwd=project, env=env,
                              cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    text = (project / "refs.bib").read_text()
    parsed = parse_bib_text(text, "refs.bib", "")
    assert parsed.problems == [] and parsed.strings == {}
    assert [entry.key for entry in parsed.entries] == list(HOSTILE_ARXIV)
    for entry, block in zip(parsed.entries, re.split(r"\n\n(?=@)", text), strict=True):
        arxiv_id = entry.key
        assert set(entry.fields) == {"author", "title", "year", "eprint", "archiveprefix",
                                     "primaryclass", "url"}, entry.fields
        assert bibtex_fields(block) == entry.fields  # BibTeX reads what bibtexparser reads
        assert entry.fields["year"] == "{2024}" and entry.fields["eprint"] == f"{{{arxiv_id}}}"
        assert entry.fields["url"] == f"{{https://arxiv.org/abs/{arxiv_id}}}"
        shown = HOSTILE_ARXIV[arxiv_id][2]
        if shown is not None:
            assert latex_plain(resolve_value(entry.fields["title"], {})) == shown
    assert "INJECTED" not in "".join(e.fields.get("note", "") for e in parsed.entries)


#: A DBLP answer holding, besides the paper asked for, 250 KB of spaces, a second entry
#: with a key the project has, another paper, @preamble, @string and @comment.
BIG_ANSWER = (b"@inproceedings{DBLP:conf/x/Big99,\n  author    = {Ada Lovelace},\n"
              b"  title     = {Big},\n  booktitle = evil # { Proceedings},\n  year = 2024\n}\n"
              + b" " * 250_000 + b"\n@article{mine,\n  title = {Evil twin},\n}\n"
              b'@preamble{"\\input{/etc/passwd}"}\n@string{evil = {Evil}}\n'
              b"@comment{a comment}\n@misc{DBLP:conf/x/Other99,\n  title = {Other},\n}\n")
HUGE_ANSWER = b"@misc{DBLP:conf/x/Huge99,\n  title = {Huge},\n}\n" + b" " * 600_000


def test_only_the_entry_asked_for_is_added_from_an_answer(tmp_path: Path) -> None:
    crafted = {"/dblp/rec/conf/x/Big99.bib": Crafted(BIG_ANSWER),
               "/dblp/rec/conf/x/Huge99.bib": Crafted(HUGE_ANSWER)}
    original = b"@misc{mine,\n  title = {Mine},\n}\n"
    project = empty_project(tmp_path / "group", original)
    with lookup_server(crafted) as (env, _):
        result = shortscience("add", "conf/x/Big99", "conf/x/Huge99", cwd=project, env=env,
                              cache=tmp_path / "cache")
    assert result.returncode == 1, result.stderr  # the huge answer is refused
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original) and len(data) < 1000
    parsed = parse_bib_text(data.decode(), "refs.bib", "")
    assert parsed.problems == [] and parsed.strings == {}
    assert [entry.key for entry in parsed.entries] == ["mine", "DBLP:conf/x/Big99"]
    assert parsed.entries[1].fields == {"author": "{Ada Lovelace}", "title": "{Big}",
                                        "booktitle": "{Evil Proceedings}", "year": "2024"}
    for absent in ("@preamble", "@string", "@comment", "passwd", "Other99", "Evil twin"):
        assert absent not in data.decode()
    said = result.stderr.replace("conf/x/Big99: left out of DBLP's answer: ", "LEFT ")
    assert "LEFT entry 'mine' (the bib has it already)" in said
    for part in ("@preamble", "@string 'evil'", "comment", "entry 'DBLP:conf/x/Other99'"):
        assert f"LEFT {part} (only the paper asked for is added)" in said, part
    assert "not found: conf/x/Huge99: DBLP's answer for 'conf/x/Huge99' is not added: the " \
           "answer is 600,046 characters long" in result.stderr
