"""A reading group's project as a model that writes itself out, and the edits its writers
make: the ``edits`` test root is this model's first state, and the differential test
(tests/test_incremental_equals_fresh.py) applies random sequences of edits to it."""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

#: The pieces a summary's first paragraph is made of: (kind, value).
Piece = tuple[str, str]

KEYS = ["he2016", "girshick2014", "hochreiter1997", "ioffe2015", "vaswani2017"]
SESSIONS = ["sessions/01-vision.md", "sessions/02-sequences.rst", "sessions/03-more.md"]


@dataclass
class Summary:
    key: str
    writer: str
    date: str
    keywords: list[str]
    first: list[Piece]
    rest: str = "The rest of the summary."

    def markdown(self) -> str:
        return (f"```{{summary}} {self.key}\n:author: {self.writer}\n:date: {self.date}\n"
                f"{self._keywords(':keywords: ')}\n{_first(self.first, 'md')}\n\n"
                f"{self.rest}\n```\n")

    def rst(self) -> str:
        images = "".join(f"\n\n.. |{value}| image:: pic.png" for value in dict.fromkeys(
            value for kind, value in self.first if kind == "image"))
        body = textwrap.indent(f"{_first(self.first, 'rst')}\n\n{self.rest}{images}", "   ")
        return (f".. summary:: {self.key}\n   :author: {self.writer}\n   :date: {self.date}\n"
                f"   :format: rst\n{self._keywords('   :keywords: ')}\n{body}\n")

    def _keywords(self, prefix: str) -> str:
        return f"{prefix}{', '.join(self.keywords)}\n" if self.keywords else ""


def _first(pieces: list[Piece], fmt: str) -> str:
    """A first paragraph; a lone ``display`` piece is a paragraph of display math."""
    if len(pieces) == 1 and pieces[0][0] == "display":
        latex = pieces[0][1]
        return f"$$\n{latex}\n$$" if fmt == "md" else f".. math::\n\n   {latex}"
    return " ".join(_piece(kind, value, fmt) for kind, value in pieces)


def _piece(kind: str, value: str, fmt: str) -> str:
    if kind == "word":
        return value
    if kind == "emphasis":
        return f"*{value}*"
    if kind == "strong":
        return f"**{value}**"
    if kind == "math":
        return f"${value}$" if fmt == "md" else f":math:`{value}`"
    if kind == "link":
        return f"[a link]({value})" if fmt == "md" else f"`a link <{value}>`_"
    if kind == "cite":
        return f"\\cite{{{value}}}"
    if kind == "code":
        return f"`{value}`" if fmt == "md" else f"``{value}``"
    if kind == "paper":
        return f"{{paper}}`{value}`" if fmt == "md" else f":paper:`{value}`"
    if kind == "image":
        return f"![{value}](pic.png)" if fmt == "md" else f"|{value}|"
    raise ValueError(kind)


@dataclass
class Bib:
    journal_string: str = "Neural Computation"
    entries: dict[str, dict[str, str]] = field(default_factory=lambda: {
        "he2016": {"type": "inproceedings", "author": "Kaiming He and Jian Sun",
                   "title": "Deep Residual Learning", "crossref": "cvpr2016"},
        "girshick2014": {"type": "inproceedings", "author": "Ross Girshick",
                         "title": "Rich Feature Hierarchies", "booktitle": "{CVPR}",
                         "year": "2014"},
        "hochreiter1997": {"type": "article", "author": "Sepp Hochreiter and J{\\\"u}rgen "
                           "Schmidhuber", "title": "Long Short-Term Memory",
                           "journal": "@neco", "year": "1997"},
        "ioffe2015": {"type": "inproceedings", "author": "Sergey Ioffe",
                      "title": "Batch Normalization with $\\gamma$", "booktitle": "{ICML}",
                      "year": "2015"},
        "vaswani2017": {"type": "article", "author": "Ashish Vaswani",
                        "title": "Attention Is All You Need", "journal": "@neco",
                        "year": "2017"},
        "cvpr2016": {"type": "proceedings", "title": "Proceedings of CVPR",
                     "booktitle": "{CVPR}", "year": "2016"},
    })

    def text(self) -> str:
        lines = [f'@string{{neco = "{self.journal_string}"}}', ""]
        for key, fields in self.entries.items():
            lines.append(f"@{fields['type']}{{{key},")
            for name, value in fields.items():
                if name != "type":
                    shown = value[1:] if value.startswith("@") else f"{{{value}}}"
                    lines.append(f"  {name} = {shown},")
            lines += ["}", ""]
        return "\n".join(lines)


@dataclass
class Project:
    """The sessions' summaries in order, and the bib."""

    sessions: dict[str, list[Summary]]
    bib: Bib = field(default_factory=Bib)
    titles: dict[str, str] = field(default_factory=dict)  # a session's title, if retitled

    def files(self) -> dict[str, str]:
        written = {"refs.bib": self.bib.text()}
        for name, summaries in self.sessions.items():
            title = self.titles.get(name) or Path(name).stem.split("-", 1)[1].capitalize()
            if name.endswith(".md"):
                written[name] = f"# {title}\n\n" + "\n".join(s.markdown() for s in summaries)
            else:
                underline = "=" * len(title)
                written[name] = f"{title}\n{underline}\n\n" + "\n".join(s.rst() for s in summaries)
        return written

    def write(self, srcdir: Path) -> list[str]:
        """Write the files whose text changed (as an editor saves); the names written."""
        changed = []
        for name, text in self.files().items():
            path = srcdir / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                changed.append(name)
        return changed

    def copy(self) -> Project:
        return dataclasses.replace(
            self, sessions={k: [dataclasses.replace(s, keywords=list(s.keywords),
                                                    first=list(s.first)) for s in v]
                            for k, v in self.sessions.items()},
            bib=Bib(self.bib.journal_string,
                    {k: dict(v) for k, v in self.bib.entries.items()}),
            titles=dict(self.titles))

    def summaries(self) -> list[tuple[str, int]]:
        return [(name, i) for name, ss in self.sessions.items() for i in range(len(ss))]


def first_state() -> Project:
    return Project({
        SESSIONS[0]: [
            Summary("he2016", "Ada Lovelace", "2024-03-05", ["residual", "vision"],
                    [("word", "Deeper"), ("emphasis", "networks"), ("math", "x^2"),
                     ("cite", "girshick2014"), ("word", "train.")]),
            Summary("girshick2014", "Grace Hopper", "2024-02-01", ["vision"],
                    [("display", "a + b = c")]),
        ],
        SESSIONS[1]: [
            Summary("hochreiter1997", "Ada Lovelace", "2024-04-01", ["sequences"],
                    [("word", "Gates"), ("link", "https://example.org/lstm"),
                     ("strong", "memory"), ("cite", "he2016")]),
        ],
        SESSIONS[2]: [
            Summary("ioffe2015", "Alan Turing", "2024-05-06", ["normalization", "vision"],
                    [("word", "Batches"), ("code", "mean"), ("word", "are normalized.")]),
        ],
    })


# -- edits ---------------------------------------------------------------------------------

_word = st.sampled_from(["Deeper", "gates", "attention", "batch", "norm", "résumé"])
_piece_strategy = st.one_of(
    st.tuples(st.just("word"), _word),
    st.tuples(st.just("emphasis"), _word),
    st.tuples(st.just("strong"), _word),
    st.tuples(st.just("math"), st.sampled_from(["x^2", "y_1", "\\alpha + \\beta"])),
    st.tuples(st.just("link"), st.sampled_from(["https://example.org/a",
                                                "https://example.org/b"])),
    st.tuples(st.just("cite"), st.sampled_from(KEYS)),
    st.tuples(st.just("code"), st.sampled_from(["mean", "var"])),
    st.tuples(st.just("image"), st.sampled_from(["picture", "figure"])),
    st.tuples(st.just("paper"), st.sampled_from(KEYS)),
)
first_paragraphs = st.one_of(
    st.lists(_piece_strategy, min_size=1, max_size=5),
    st.tuples(st.just("display"), st.sampled_from(["a + b = c", "e = mc^2",
                                                    "\\sum_i x_i"])).map(lambda p: [p]),
)
summaries = st.builds(
    Summary, key=st.sampled_from(KEYS),
    writer=st.sampled_from(["Ada Lovelace", "Grace Hopper", "Alan Turing"]),
    date=st.sampled_from(["2024-01-02", "2024-06-30", "2025-03-01"]),
    keywords=st.lists(st.sampled_from(["vision", "Vision", "sequences", "residual",
                                       "new topic"]), unique=True, max_size=2),
    first=first_paragraphs,
    rest=st.sampled_from(["The rest of the summary.", "More text with $z$."]))

#: (what, arguments): applied by :func:`apply` to whatever summary or entry is there.
edits = st.one_of(
    st.tuples(st.just("first"), st.integers(0, 20), first_paragraphs),
    st.tuples(st.just("rest"), st.integers(0, 20),
              st.sampled_from(["Rest edited.", "Rest with \\cite{vaswani2017}."])),
    st.tuples(st.just("keywords"), st.integers(0, 20),
              st.lists(st.sampled_from(["vision", "sequences", "new topic"]), unique=True,
                       max_size=2)),
    st.tuples(st.just("date"), st.integers(0, 20), st.sampled_from(["2023-12-31",
                                                                      "2025-01-01"])),
    st.tuples(st.just("writer"), st.integers(0, 20), st.sampled_from(["Ada Lovelace",
                                                                        "Edsger Dijkstra"])),
    st.tuples(st.just("add"), st.sampled_from(SESSIONS), summaries),
    st.tuples(st.just("delete"), st.integers(0, 20), st.just(None)),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(SESSIONS)),
    st.tuples(st.just("bib_field"), st.sampled_from([*KEYS, "cvpr2016"]),
              st.sampled_from([("title", "A Retitled Paper"), ("year", "2001"),
                               ("author", "Ada Lovelace and Alan Turing"),
                               ("booktitle", "{NeurIPS}")])),
    st.tuples(st.just("string"), st.just(None), st.sampled_from(["Neural Comp.", "NECO"])),
    st.tuples(st.just("bib_add"), st.just(None), st.just(None)),
    st.tuples(st.just("retitle"), st.sampled_from(SESSIONS),
              st.sampled_from(["Computer Vision", "Sequences & Memory"])),
)


def apply(project: Project, edit: tuple[str, object, object]) -> str:
    """Apply one edit; a line saying what it did (for the failure message)."""
    what, where, value = edit
    places = project.summaries()
    if what in ("first", "rest", "keywords", "date", "writer", "delete", "move"):
        if not places:
            return f"{what}: no summary"
        name, index = places[int(where) % len(places)]  # type: ignore[call-overload]
        summary = project.sessions[name][index]
        if what == "delete":
            del project.sessions[name][index]
        elif what == "move":
            del project.sessions[name][index]
            project.sessions[str(value)].append(summary)
        else:
            setattr(summary, what if what != "keywords" else "keywords", value)
        return f"{what} {summary.key} in {name}: {value!r}"
    if what == "add":
        project.sessions[str(where)].append(value)  # type: ignore[arg-type]
        return f"add to {where}: {value!r}"
    if what == "bib_field":
        name, text = value  # type: ignore[misc]
        project.bib.entries[str(where)][name] = text
        return f"bib {where}.{name} = {text!r}"
    if what == "string":
        project.bib.journal_string = str(value)
        return f"@string neco = {value!r}"
    if what == "retitle":
        project.titles[str(where)] = str(value)
        return f"{where} retitled {value!r}"
    if what == "bib_add":
        key = f"added{len(project.bib.entries)}"
        project.bib.entries[key] = {"type": "misc", "title": "An Added Entry", "year": "2020"}
        return f"bib entry {key} added"
    raise ValueError(what)
