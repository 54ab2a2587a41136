"""A synthetic reading group, in two variants that make the same pages.

    python3 benchmarks/corpus.py OUT --size medium --variant ext|baseline

``ext`` writes session documents with ``summary`` directives, ``\\cite`` and ``$math$``
(half reStructuredText, half MyST Markdown) and lets sphinx-shortscience generate the
pages.  ``baseline`` writes the same text as plain Sphinx sources and writes by hand the
pages the extension generates (index, papers, keyword/venue/year/writer listings with
excerpts, one page per paper with every summary, "Cited by", "Cites" and BibTeX), with the
same navigation: listing pages in the toctree, their members orphan pages.  So the ratio of
the two build times is what the extension costs over Sphinx doing the same work.
Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {
    # summaries, bib entries, documents
    "tiny": (24, 300, 6),
    "small": (100, 1000, 20),
    "medium": (500, 5000, 100),
    "large": (2000, 20000, 400),
}

WORDS = ("network layer training residual gradient attention token embedding loss batch "
         "normalization convolution feature representation pretraining transformer encoder "
         "decoder sequence image classification detection segmentation dataset benchmark "
         "accuracy model parameter optimization regularization dropout inference latent "
         "variational generative adversarial reward policy agent graph node edge kernel "
         "sampling distribution prior posterior likelihood estimator baseline ablation ").split()
FIRST = ("Kaiming Ross Jitendra Yoshua Geoffrey Ilya Andrej Jürgen Gökhan Ana Sébastien "
         "Hugo Iain Oriol Chelsea Pieter Sergey Yann Léon Zoubin ").split()
TEX_NAMES = {"Jürgen": 'J{\\"u}rgen', "Gökhan": 'G{\\"o}khan', "Sébastien": "S{\\'e}bastien",
             "Léon": "L{\\'e}on"}
LAST = ("He Girshick Malik Bengio Hinton Sutskever Karpathy Li Schmidhuber Erdem Silva "
        "Bubeck Larochelle Murray Vinyals Finn Abbeel Levine LeCun Bottou Ghahramani ").split()
VENUES = [("conf", "cvpr", "CVPR"), ("conf", "iccv", "ICCV"), ("conf", "nips", "NeurIPS"),
          ("conf", "icml", "ICML"), ("conf", "iclr", "ICLR"), ("journals", "pami", "TPAMI"),
          ("journals", "jmlr", "JMLR"), ("conf", "acl", "ACL"), ("conf", "eccv", "ECCV")]
EXCERPT_WORDS = 50


@dataclass
class Paper:
    key: str
    title: str
    authors: list[tuple[str, str]]
    venue: str
    year: int
    keywords: list[str]
    doi: str

    @property
    def author_text(self) -> str:
        names = [f"{first} {last}" for first, last in self.authors]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def label(self) -> str:
        lasts = [last for _, last in self.authors]
        who = (lasts[0] if len(lasts) == 1 else f"{lasts[0]} and {lasts[1]}"
               if len(lasts) == 2 else f"{lasts[0]} et al.")
        return f"{who}, {self.year}"

    def bibtex(self) -> str:
        who = " and ".join(f"{TEX_NAMES.get(f, f)} {last}" for f, last in self.authors)
        kind, where = (("article", "journal") if self.key.startswith("journals/")
                       else ("inproceedings", "booktitle"))
        lines = [f"@{kind}{{{self.key},", f"  title = {{{self.title}}},",
                 f"  author = {{{who}}},", f"  {where} = {{{self.venue}}},",
                 f"  year = {{{self.year}}},", f"  keywords = {{{', '.join(self.keywords)}}},"]
        if self.doi:
            lines.append(f"  doi = {{{self.doi}}},")
        return "\n".join(lines) + "\n}\n"


@dataclass
class Summary:
    number: int
    paper: Paper
    writer: str
    date: str
    keywords: list[str]
    paragraphs: list[str]  # with \cite{key} and $math$
    cites: list[Paper]
    doc: int

    @property
    def anchor(self) -> str:
        return f"summary-{self.number}"


@dataclass
class Corpus:
    papers: list[Paper]
    summaries: list[Summary]
    docs: int
    by_key: dict[str, Paper] = field(default_factory=dict)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make(size: str, seed: int = 1) -> Corpus:
    n_summaries, n_bib, n_docs = SIZES[size]
    rng = random.Random(seed)
    papers: list[Paper] = []
    seen: set[str] = set()
    for index in range(max(n_bib, n_summaries)):
        kind, venue_key, venue = rng.choice(VENUES)
        authors = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(rng.randint(1, 5))]
        year = rng.randint(1994, 2025)
        key = (f"{kind}/{venue_key}/{authors[0][1]}{''.join(a[1][0] for a in authors[1:])}"
               f"{year % 100:02d}")
        while key in seen:
            key += "a"
        seen.add(key)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).title()
        keywords = sorted({f"kw{rng.randint(0, 149)}" for _ in range(2)})
        papers.append(Paper(key, title, authors, venue, year, keywords,
                            f"10.1000/{index}" if index % 4 == 0 else ""))
    writers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(40)]
    summarized = rng.sample(papers, max(1, n_summaries * 3 // 4))
    summaries = []
    for number in range(n_summaries):
        cites = rng.sample(papers, rng.randint(1, 4))
        paragraphs = []
        for p in range(rng.randint(2, 4)):
            text = " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4)))
            if p < len(cites):
                text += f" This builds on \\cite{{{cites[p].key}}}."
            if p == 1:
                text += " The learning rate is $10^{-4}$ and the loss is $\\sum_i x_i^2$."
            paragraphs.append(text)
        summaries.append(Summary(
            number, summarized[number % len(summarized)], rng.choice(writers),
            f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            sorted({f"kw{rng.randint(0, 149)}" for _ in range(rng.randint(1, 3))}),
            paragraphs, cites[: len(paragraphs)], number % n_docs))
    return Corpus(papers, summaries, n_docs, {p.key: p for p in papers})


# -- ext ---------------------------------------------------------------------------------------


def write_ext(corpus: Corpus, out: Path) -> None:
    (out / "notes").mkdir(parents=True, exist_ok=True)
    by_doc: dict[int, list[Summary]] = defaultdict(list)
    for summary in corpus.summaries:
        by_doc[summary.doc].append(summary)
    for doc in range(corpus.docs):
        title = f"Session {doc}"
        if doc % 2:
            blocks = [f"# {title}\n"]
            for s in by_doc[doc]:
                blocks.append(f"```{{summary}} {s.paper.key}\n:author: {s.writer}\n"
                              f":date: {s.date}\n:keywords: {', '.join(s.keywords)}\n\n"
                              + "\n\n".join(s.paragraphs) + "\n```\n")
            (out / "notes" / f"session{doc:04d}.md").write_text("\n".join(blocks), "utf-8")
        else:
            blocks = [f"{title}\n{'=' * len(title)}\n"]
            for s in by_doc[doc]:
                body = "\n\n".join("   " + p for p in s.paragraphs)
                blocks.append(f".. summary:: {s.paper.key}\n   :author: {s.writer}\n"
                              f"   :date: {s.date}\n   :keywords: {', '.join(s.keywords)}\n\n"
                              f"{body}\n")
            (out / "notes" / f"session{doc:04d}.rst").write_text("\n".join(blocks), "utf-8")
    write_common(corpus, out, "   shortscience/index\n",
                 '["sphinx_shortscience"]', "bibtex_bibfiles = ['refs.bib']")


def write_common(corpus: Corpus, out: Path, extra_toc: str, extensions: str, bib: str) -> None:
    (out / "refs.bib").write_text("".join(p.bibtex() for p in corpus.papers), "utf-8")
    toc = "".join(f"   notes/session{d:04d}\n" for d in range(corpus.docs))
    (out / "index.rst").write_text(
        f"Reading group\n=============\n\n.. toctree::\n   :maxdepth: 1\n\n{extra_toc}{toc}",
        "utf-8")
    (out / "conf.py").write_text(
        f"project = 'Reading group'\nextensions = {extensions}\n{bib}\n"
        "exclude_patterns = ['_build']\n", "utf-8")


# -- baseline: the same text and pages, by hand ------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rst_body(text: str, md: bool, corpus: Corpus, prefix: str) -> str:
    def cite(match: re.Match[str]) -> str:
        paper = corpus.by_key[match.group(1)]
        target = f"/{prefix}paper/{slug(paper.key)}"
        return (f"{{doc}}`{paper.label} <{target}>`" if md
                else f":doc:`{paper.label} <{target}>`")

    text = re.sub(r"\\cite\{([^}]*)\}", cite, text)
    math = "{math}`\\1`" if md else ":math:`\\1`"
    return re.sub(r"\$([^$]+)\$", math, text)


def excerpt(summary: Summary, corpus: Corpus) -> str:
    words = rst_body(" ".join(summary.paragraphs), False, corpus, "shortscience/").split()
    cut = words[:EXCERPT_WORDS]
    text = " ".join(cut)
    if text.count("`") % 2:  # never cut inside markup
        text = " ".join(cut[: max(i for i, w in enumerate(cut) if "`" in w)])
    return text + (" …" if len(words) > EXCERPT_WORDS else "")


def write_baseline(corpus: Corpus, out: Path) -> None:
    (out / "notes").mkdir(parents=True, exist_ok=True)
    by_doc: dict[int, list[Summary]] = defaultdict(list)
    for summary in corpus.summaries:
        by_doc[summary.doc].append(summary)
    for doc in range(corpus.docs):
        title = f"Session {doc}"
        md = bool(doc % 2)
        blocks = [f"# {title}\n" if md else f"{title}\n{'=' * len(title)}\n"]
        for s in by_doc[doc]:
            p = s.paper
            paper = f"/shortscience/paper/{slug(p.key)}"
            if md:
                blocks.append(f"({s.anchor})=\n**{{doc}}`{p.title} <{paper}>`**\n\n"
                              f"{p.author_text}. *{p.venue}*, {p.year}. — Summary by "
                              f"{s.writer}, {s.date}\n")
            else:  # reStructuredText nests no role in bold: the link alone
                blocks.append(f".. _{s.anchor}:\n\n:doc:`{p.title} <{paper}>`\n\n"
                              f"{p.author_text}. *{p.venue}*, {p.year}. — Summary by "
                              f"{s.writer}, {s.date}\n")
            blocks += [rst_body(text, md, corpus, "shortscience/") + "\n"
                       for text in s.paragraphs]
        suffix = ".md" if md else ".rst"
        (out / "notes" / f"session{doc:04d}{suffix}").write_text("\n".join(blocks), "utf-8")
    write_pages(corpus, out / "shortscience")
    write_common(corpus, out, "   shortscience/index\n", '["myst_parser"]',
                 "myst_enable_extensions = []")


def age(summary: Summary) -> tuple[str, int, int]:
    """The extension's order, by which the newest sorts last: date, then document, then
    earlier summaries of a document last."""
    return (summary.date, summary.doc, -summary.number)


def write_pages(corpus: Corpus, out: Path) -> None:
    (out / "paper").mkdir(parents=True, exist_ok=True)
    summaries_of: dict[str, list[Summary]] = defaultdict(list)
    cited_by: dict[str, list[Summary]] = defaultdict(list)
    for s in corpus.summaries:
        summaries_of[s.paper.key].append(s)
        for cited in s.cites:
            cited_by[cited.key].append(s)
    keys = sorted(set(summaries_of) | set(cited_by))
    # as the extension lists them: a writer's page every summary, newest first; a keyword,
    # venue or year page every paper once, by its newest summary, with that one's excerpt
    groups: dict[str, dict[str, list[Summary]]] = {
        "keyword": defaultdict(list), "venue": defaultdict(list), "year": defaultdict(list),
        "writer": defaultdict(list)}
    for s in sorted(corpus.summaries, key=age, reverse=True):
        groups["writer"][s.writer].append(s)
    newest_of = {key: max(summaries, key=age) for key, summaries in summaries_of.items()}
    for newest in sorted(newest_of.values(), key=age, reverse=True):
        keywords = {kw for s in summaries_of[newest.paper.key] for kw in s.keywords}
        for kw in sorted(keywords | set(newest.paper.keywords)):
            groups["keyword"][kw].append(newest)
        groups["venue"][newest.paper.venue].append(newest)
        groups["year"][str(newest.paper.year)].append(newest)
    def link(family: str, name: str) -> str:
        if name in groups[family]:
            return f":doc:`{name} <../{family}/{slug(name)}>`"
        return name

    for key in keys:
        p = corpus.by_key[key]
        lines = [":orphan:\n", f"{p.title}\n{'=' * len(p.title)}\n",
                 f"{p.author_text}. *{link('venue', p.venue)}*, {link('year', str(p.year))}.\n",
                 "Keywords: " + ", ".join(link("keyword", k) for k in p.keywords) + "\n",
                 (f"`DOI <https://doi.org/{p.doi}>`__ · " if p.doi else "")
                 + f"`Google Scholar <https://scholar.google.com/scholar?q={slug(p.title)}>`__\n"]
        if summaries_of[key]:
            lines.append("Summaries\n---------\n")
            for s in summaries_of[key]:
                lines.append(f".. rubric:: Summary by {s.writer}, {s.date}\n")
                lines.append(f"Written in :ref:`Session {s.doc} <{s.anchor}>`\n")
                lines += [rst_body(t, False, corpus, "shortscience/") + "\n"
                          for t in s.paragraphs]
        if cited_by[key]:
            lines.append("Cited by\n--------\n")
            lines += [f"* :doc:`{s.paper.title} <{slug(s.paper.key)}>` — :ref:`Summary by "
                      f"{s.writer}, {s.date} <{s.anchor}>`" for s in cited_by[key]]
            lines.append("")
        cites = {c.key: c for s in summaries_of[key] for c in s.cites}
        if cites:
            lines.append("Cites\n-----\n")
            lines += [f"* :doc:`{c.title} <{slug(c.key)}>` — {c.author_text}. *{c.venue}*, "
                      f"{c.year}." for c in cites.values()]
            lines.append("")
        bibtex = "\n".join("   " + line for line in p.bibtex().splitlines())
        lines.append(f"BibTeX\n------\n\n.. code-block:: bibtex\n\n{bibtex}\n")
        (out / "paper" / f"{slug(key)}.rst").write_text("\n".join(lines), "utf-8")
    listing = [f"* :doc:`{corpus.by_key[k].title} <paper/{slug(k)}>` — "
               f"{corpus.by_key[k].author_text}" for k in keys]
    (out / "papers.rst").write_text("Papers\n======\n\n" + "\n".join(listing) + "\n", "utf-8")
    titles = {"keyword": "Keyword: {}", "venue": "Venue: {}", "year": "Year {}",
              "writer": "Summaries by {}"}
    for family, members in groups.items():
        (out / family).mkdir(exist_ok=True)
        index = [f"{family.title()}s\n{'=' * (len(family) + 1)}\n"]
        for name in sorted(members):
            page = [":orphan:\n", titles[family].format(name), "=" * 60 + "\n"]
            for s in members[name]:
                p = s.paper
                page.append(f"* :doc:`{p.title} <../paper/{slug(p.key)}>` — "
                            f"{p.author_text}. *{p.venue}*, {p.year}.\n\n  "
                            f"{excerpt(s, corpus)} (:doc:`more <../paper/{slug(p.key)}>`)\n")
            (out / family / f"{slug(name)}.rst").write_text("\n".join(page), "utf-8")
            index.append(f"* :doc:`{name} <{family}/{slug(name)}>` ({len(members[name])})")
        (out / f"{family}s.rst").write_text("\n".join(index) + "\n", "utf-8")
    newest = sorted(corpus.summaries, key=lambda s: s.date, reverse=True)[:10]
    (out / "index.rst").write_text(
        "Paper summaries\n===============\n\n"
        f"{len(keys)} papers, {len(corpus.summaries)} summaries.\n\n"
        + "\n".join(f"* :doc:`{s.paper.title} <paper/{slug(s.paper.key)}>` — "
                    f":ref:`Summary by {s.writer}, {s.date} <{s.anchor}>`" for s in newest)
        + "\n\n.. toctree::\n   :hidden:\n\n   papers\n   keywords\n   venues\n   years\n"
        "   writers\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--variant", choices=["ext", "baseline"], default="ext")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = make(args.size, args.seed)
    (write_ext if args.variant == "ext" else write_baseline)(corpus, args.out)
    print(f"{args.out}: {args.variant}, {len(corpus.summaries)} summaries, "
          f"{len(corpus.papers)} bib entries, {corpus.docs} documents")


if __name__ == "__main__":
    main()
