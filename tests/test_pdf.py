"""A real PDF: the latex builder's output compiled by latexmk and read back with pdftotext.

The example project (accented authors, math in summaries) and the ``pdf`` root (a long key
shown as text, math and accents in bib fields, a table of results) are compiled the way
Sphinx's generated Makefile does it (``make all-pdf``).  What could only be seen in the PDF
is checked here: the text is all there, nothing is undefined, nothing runs into the margin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sphinx_shortscience.builders.latex import split_long_words
from sphinx_shortscience.grammar.math_safety import unsafe_math
from sphinx_shortscience.grammar.math_typesetting import MathKind

from .conftest import Build
from .math_samples import command_samples, formulas, in_place, places, text_samples

TOOLS = ("latexmk", "pdflatex", "pdftotext")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]

SKIP_REASON = (
    f"no {', '.join(MISSING)} on PATH: the PDF tests need TeX and poppler (Debian: latexmk "
    "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre "
    "poppler-utils, which `python3 dev.py test` installs when run as root)"
)

LONG_KEY = "DBLP:journals/corr/AnUnreasonablyLongBibTeXKeyWithoutAnyPlaceToBreakIt2019"


@dataclass
class Pdf:
    text: str  # NFKC-normalized (math italic 𝛼 reads α), whitespace collapsed
    pages: int
    log: str
    outline: list[str]

    @property
    def squeezed(self) -> str:
        """The text without any whitespace, for math and keys that TeX spaced or broke."""
        return re.sub(r"\s+", "", self.text)


def compile_pdf(build: Build, destination: Path) -> Pdf:
    """Compile a latex build's output like ``make all-pdf`` and read the PDF back."""
    if MISSING:
        pytest.skip(SKIP_REASON)
    latexdir = destination / "latex"
    shutil.copytree(build.outdir, latexdir)
    (tex,) = latexdir.glob("*.tex")
    env = {**os.environ, "LATEXOPTS": ""}  # Sphinx's latexmkrc reads it
    done = subprocess.run(
        ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error",
         tex.name], cwd=latexdir, env=env, capture_output=True, text=True, timeout=600,
        check=False)
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, "\n".join(problems(log)) + "\n...\n" + log[-2000:]
    pdf = tex.with_suffix(".pdf")
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    outline = tex.with_suffix(".out").read_text(encoding="latin-1")
    return Pdf(text, raw.count("\f"), log, bookmarks(outline))


def bookmarks(out: str) -> list[str]:
    r"""The PDF outline entries hyperref wrote to the ``.out`` file (UTF-16, ``\ooo`` escaped)."""
    titles = []
    for match in re.finditer(r"\\BOOKMARK \[\d+\]\[-\]\{[^}]*\}\{([^}]*)\}", out):
        data = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), match.group(1))
        titles.append(data.encode("latin-1").decode("utf-16"))
    return titles


def problems(log: str) -> list[str]:
    """Errors, undefined references and citations, and lines more than 5pt too wide."""
    found = [line for line in log.splitlines() if line.startswith("! ")]
    found += re.findall(r"LaTeX Warning: (?:Hyper reference|Reference|Citation) `[^']*'", log)
    found += [m.group(0) for m in re.finditer(r"Overfull \\hbox \((\d+\.?\d*)pt too wide\)", log)
              if float(m.group(1)) > 5]
    return found


@pytest.fixture(scope="module")
def example(built: Callable[..., Build], tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    return compile_pdf(built("example", "latex"), tmp_path_factory.mktemp("example-pdf"))


@pytest.fixture(scope="module")
def stress(built: Callable[..., Build], tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    build = built("pdf", "latex")
    assert build.warning_lines() == []
    return compile_pdf(build, tmp_path_factory.mktemp("stress-pdf"))


def test_example_pdf_compiles_cleanly(example: Pdf) -> None:
    assert example.pages > 20  # sessions, then a page per paper, keyword, venue, year, writer
    assert problems(example.log) == []


def test_example_pdf_shows_titles_accents_and_math(example: Pdf) -> None:
    for title in ("Deep Residual Learning for Image Recognition", "Attention is All you Need",
                  "Generative Adversarial Nets", "Long Short-Term Memory"):
        assert title in example.text
    for author in ("Jürgen Schmidhuber", "Łukasz Kaiser", "Tomás Mikolov"):  # from {\"{u}}...
        assert author in example.text
    assert "f(x)=max(0,x)" in example.squeezed  # inline math, typeset
    assert "Summary by Mira Okafor, 2024-04-15" in example.text
    assert "@inproceedings{conf/cvpr/HeZRS16," in example.text  # the BibTeX block


def test_stress_pdf_compiles_without_overflow(stress: Pdf) -> None:
    # a long key in running text and in a table cell stays inside the margins
    assert problems(stress.log) == []


def test_stress_pdf_long_key(stress: Pdf) -> None:
    assert stress.squeezed.count(LONG_KEY) >= 4  # text, table, paper page, BibTeX


def test_stress_pdf_math_from_bib_fields(stress: Pdf) -> None:
    # the abstract is shown as text: its math reaches pdflatex as Unicode (α, ≤)
    assert "We bound the α-divergence by O(n^2 β) for every" in stress.text
    assert "λ≤μ" in stress.squeezed
    # readers type Greek straight in, and a :ref: to a summary spells its title's math
    assert "Greek typed directly: α, β." in stress.text
    assert "Summary of Scaling α-Divergences to R^n" in stress.text  # ℝ: NFKC and msbm say R
    assert "Dα(P‖Q)=" in stress.squeezed  # display math


def test_stress_pdf_display_math_in_excerpts_keeps_its_rows(built: Callable[..., Build],
                                                            stress: Pdf) -> None:
    # an excerpt (the keyword page's) shows display math inline: its rows need an aligned
    tex = built("pdf", "latex").read("pdf.tex")
    assert r"\(\begin{aligned}D_\alpha(P \,\|\, Q) &=" in tex
    assert stress.squeezed.count("Dα(P‖Q)=") >= 3  # the summary, its paper page, the excerpt


def test_stress_pdf_display_math_with_columns_in_a_table(built: Callable[..., Build],
                                                         stress: Pdf) -> None:
    # display math in a table cell: amsmath read split's body as an argument (its & met the
    # table's), and tabulary (Sphinx 7.4, 8) refused split: inline aligned, in braces
    tex = built("pdf", "latex").read("pdf.tex")
    assert "\\(\\displaystyle \\begin{aligned}L &= \\sum_i" in tex
    assert stress.text.count("Loss") >= 2  # the summary, and its paper page


def test_stress_pdf_accents(stress: Pdf) -> None:
    for name in ("François Chéret", "Jörg Müller-Straße", "Søren Kierkegård", "Zoë Ørsted"):
        assert name in stress.text


def test_stress_pdf_outline_spells_title_math(stress: Pdf) -> None:
    assert "Scaling α-Divergences to ℝ^n – with Unicode Café Notes" in stress.outline


def test_stress_pdf_table_of_results(stress: Pdf) -> None:
    assert f"Ours{LONG_KEY}0.591.2" in stress.squeezed
    assert "Transformerconf/nips/VaswaniSPUJGKP17188.0" in stress.squeezed


# -- math: what unsafe_math lets through, pdflatex typesets ---------------------------------


@dataclass
class MathDocuments:
    """Documents of math in Sphinx's own preamble, compiled like ``make all-pdf``."""

    folder: Path
    preamble: str

    def problem(self, bodies: list[str]) -> str | None:
        """The first error pdflatex gives for a document of *bodies*, or None."""
        tex = self.folder / "math.tex"
        for stale in self.folder.glob("math.*"):
            stale.unlink()
        tex.write_text(self.preamble + "\\begin{document}\n\\sphinxtableofcontents\n"
                       "\\chapter{Math}\n" + "".join(bodies) + "\\end{document}\n",
                       encoding="utf-8")
        done = subprocess.run(
            ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", "-halt-on-error",
             tex.name], cwd=self.folder, env={**os.environ, "LATEXOPTS": ""},
            capture_output=True, timeout=600, check=False)
        if done.returncode == 0:
            return None
        log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        return next((line for line in log.splitlines() if line.startswith("! ")), log[-300:])

    def culprit(self, bodies: list[str]) -> tuple[str, str] | None:
        """The first of *bodies* that fails on its own, and its error; None if all compile."""
        problem = self.problem(bodies)
        if problem is None:
            return None
        while len(bodies) > 1:
            half = bodies[: len(bodies) // 2]
            problem_of_half = self.problem(half)
            if problem_of_half is not None:
                bodies, problem = half, problem_of_half
            else:
                bodies = bodies[len(bodies) // 2 :]
                problem = self.problem(bodies) or problem
        return bodies[0], problem


@pytest.fixture(scope="module")
def math_documents(built: Callable[..., Build],
                   tmp_path_factory: pytest.TempPathFactory) -> MathDocuments:
    if MISSING:
        pytest.skip(SKIP_REASON)
    build = built("pdf", "latex")
    folder = tmp_path_factory.mktemp("math-pdf") / "latex"
    shutil.copytree(build.outdir, folder)
    (tex,) = folder.glob("*.tex")
    preamble = tex.read_text(encoding="utf-8").split("\\begin{document}")[0]
    return MathDocuments(folder, preamble)


def accepted_in_place(samples: list[str], kinds: tuple[MathKind, ...]) -> list[str]:
    """Each sample that unsafe_math accepts as math of a kind, in each place it may go."""
    return [in_place(sample, place) for sample in samples for kind in kinds
            if unsafe_math(sample, kind) is None for place in places(kind)]


@pytest.mark.slow
def test_every_allowed_command_typesets(math_documents: MathDocuments) -> None:
    """A use of each command and environment on the allow-list, wherever math may stand."""
    samples = command_samples()
    refused = [s for s in samples if unsafe_math(s) and unsafe_math(s, "display")]
    assert refused == [], "a sample the reader refuses: the reader or the sample is wrong"
    bodies = accepted_in_place(samples + text_samples(), ("inline", "display"))
    assert math_documents.culprit(bodies) is None


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("SHORTSCIENCE_MATH_EXAMPLES", "8")), deadline=None,
          # the same formulas in CI; SHORTSCIENCE_MATH_EXAMPLES=50 explores new ones
          derandomize="SHORTSCIENCE_MATH_EXAMPLES" not in os.environ,
          phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.lists(formulas, min_size=60, max_size=60))
def test_random_math_that_is_accepted_typesets(math_documents: MathDocuments,
                                               candidates: list[str]) -> None:
    """Random formulas of allowed commands: those unsafe_math accepts, pdflatex typesets,
    in every place Sphinx puts math of their kind (one document for the lot)."""
    bodies = accepted_in_place(candidates, ("inline", "display", "unwrapped"))
    assert math_documents.culprit(bodies) is None


# -- the LaTeX source, checked where TeX is absent too ------------------------------------------


def test_summaries_carry_labels(built: Callable[..., Build]) -> None:
    tex = built("example", "latex").read("deeplearningreadinggroup.tex")
    label = r"\label{\detokenize{sessions/01-vision:summary-conf-cvpr-hezrs16}}"
    assert r"\begin{sphinxuseclass}{shortscience-summary}\phantomsection" + label in tex
    assert r"\usepackage{sphinxshortscience}" in tex
    assert (built("example", "latex").outdir / "sphinxshortscience.sty").exists()


def test_long_words_break_after_key_punctuation() -> None:
    assert split_long_words("see conf/cvpr/HeZRS16 here") == ["see conf/cvpr/HeZRS16 here"]
    assert split_long_words("on DBLP:journals/corr/abs-1706-03762.") == [
        "on DBLP:", "journals/", "corr/", "abs-1706-03762."]
    assert split_long_words("x conf/nips/VaswaniSPUJGKP17 y") == [
        "x conf/", "nips/", "Vaswani", "SPUJGKP17 y"]
