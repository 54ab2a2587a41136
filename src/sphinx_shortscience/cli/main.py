"""The ``shortscience`` command: its arguments, and which module runs each subcommand.

Exit codes: 0 all is well; 1 ``check`` found problems (or ``import`` met keys missing from
the bib, or ``add`` papers no service knows); 2 the command could not run (bad arguments, no
conf.py, an unknown key for ``new``, a service that could not be reached).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from ..util.text import counted
from ..version import __version__
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

def _description(text: str) -> str:
    return textwrap.dedent(text).strip()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shortscience",
        description="Paper summaries in Sphinx: check a project, start a summary, "
                    "import summaries written for ShortScience.",
        epilog="Exit codes: 0 all is well, 1 problems found, 2 the command could not run. "
               "Run 'shortscience COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    formatter = argparse.RawDescriptionHelpFormatter

    check = commands.add_parser(
        "check", help="report what a build would warn about, without building",
        formatter_class=formatter,
        description=_description("""
            Read conf.py as Sphinx does, the bib files and every source (.rst, .md, .ipynb),
            and report every warning a build would give about summaries, BibTeX keys,
            options and bib files, in the form sphinx-build prints them. Exits 1 if there
            is any, so that it can run in CI and as a pre-commit hook.

            examples:
              shortscience check                  # the project in this folder
              shortscience check docs/            # the folder that holds conf.py
              shortscience check docs --format json > problems.json
            """))
    check.add_argument("srcdir", nargs="?", default=".", type=Path,
                       help="the folder that holds conf.py (default: the current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default): one 'file:line: WARNING: ...' line per problem; "
                            "json: a list of {file, line, type, message}")
    check.add_argument("--cache", type=Path, default=None,
                       help="folder for parsed bib files (default: ~/.cache/sphinx-shortscience)")

    new = commands.add_parser(
        "new", help="write a summary skeleton for a BibTeX key",
        formatter_class=formatter,
        description=_description("""
            Write the skeleton of a summary of KEY, with the paper's title, authors, venue
            and year from its bib entry as a comment, to a file or to standard output.
            KEY may also be any ID that 'shortscience add' takes: when the bib lacks the
            paper, its entry is added first.

            examples:
              shortscience new He2016                        # MyST, to standard output
              shortscience new conf/cvpr/HeZRS16 -o sessions/resnet.md   # adds it if needed
              shortscience new He2016 -o sessions/resnet.md --author "Ada Lovelace"
              shortscience new He2016 --format rst -C docs   # an rST summary
            """))
    new.add_argument("key", help="the BibTeX key of the paper, or an ID 'add' takes")
    new.add_argument("-C", "--srcdir", type=Path, default=Path(),
                     help="the folder that holds conf.py (default: the current folder)")
    new.add_argument("--format", choices=("myst", "rst"), default="myst",
                     help="myst (default): a Markdown file; rst: reStructuredText")
    new.add_argument("--author", default="", help="the writer of the summary")
    new.add_argument("--date", default=None,
                     help="the date of the summary, YYYY-MM-DD (default: today)")
    new.add_argument("-o", "--output", type=Path, default=None,
                     help="the file to write, inside the project (default: standard output); "
                          "never overwritten")

    add = commands.add_parser(
        "add", help="add papers' BibTeX from DBLP, arXiv or their DOI to the bib file",
        formatter_class=formatter,
        description=_description("""
            Fetch the BibTeX of each paper named by ID and append it to the project's bib
            file (the first one conf.py lists, or --bib). ID is a DBLP key (with or without
            DBLP:), a DBLP URL, an arXiv id or URL, a DOI or doi.org URL, or a ShortScience
            paper URL. DBLP answers for DBLP keys; for arXiv ids and DOIs, DBLP's record
            when it has one (so keys follow ShortScience's convention), else the arXiv API
            or the DOI's own BibTeX. The file is appended to, never rewritten; a paper
            whose key or DOI is there already is not added twice; of an answer, only the
            entry asked for is added. Answers are cached next to the bib cache; a request
            may take 30 s (SHORTSCIENCE_LOOKUP_TIMEOUT). The only command that uses the
            network.

            examples:
              shortscience add conf/cvpr/HeZRS16
              shortscience add https://arxiv.org/abs/1512.03385 10.1109/CVPR.2016.90
              shortscience add --missing           # every key cited but not in the bib
              shortscience add --missing --dry-run
            """))
    add.add_argument("ids", nargs="*", metavar="ID", help="papers to add")
    add.add_argument("--missing", action="store_true",
                     help="add every key the project cites or summarizes that no bib file "
                          "defines (the keys check reports)")
    add.add_argument("-C", "--srcdir", type=Path, default=Path(),
                     help="the folder that holds conf.py (default: the current folder)")
    add.add_argument("--bib", type=Path, default=None,
                     help="the bib file to append to (default: the first configured one)")
    add.add_argument("--dry-run", action="store_true",
                     help="print what would be added; write nothing")
    add.add_argument("--cache", type=Path, default=None,
                     help="cache folder (default: ~/.cache/sphinx-shortscience)")

    importer = commands.add_parser(
        "import", help="bring summaries written for ShortScience into MyST files",
        formatter_class=formatter,
        description=_description("""
            Read summaries in ShortScience's form (Markdown with $math$ and \\cite{key},
            optionally preceded by the site's metadata lines: the paper's title, its
            authors, 'Keywords: ...' and 'Summary by NAME') from files or standard input,
            and write one MyST file per summary with a summary directive. The text is kept
            as written. Keys that the project's bib files do not define are reported
            (exit code 1), so that you can add their entries.

            examples:
              shortscience import saved/*.md --key-from-name -d sessions/imported
              pbpaste | shortscience import --key He2016 -d sessions
            """))
    importer.add_argument("inputs", nargs="*", type=Path,
                          help="files of ShortScience text (default: standard input)")
    importer.add_argument("-C", "--srcdir", type=Path, default=Path(),
                          help="the folder that holds conf.py (default: the current folder)")
    importer.add_argument("-d", "--directory", type=Path, default=Path(),
                          help="where to write the MyST files, inside the project (default: "
                               "the current folder)")
    importer.add_argument("--key", default=None,
                          help="the paper's BibTeX key (default: found from the title)")
    importer.add_argument("--key-from-name", action="store_true",
                          help="take each input file's name (without suffix) as its key")
    importer.add_argument("--author", default=None,
                          help="the writer (default: the 'Summary by' line)")
    importer.add_argument("--date", default=None, help="the summary's date, YYYY-MM-DD")
    return parser


def run_check(arguments: argparse.Namespace) -> int:
    # imported when run: ``shortscience --help`` answers without loading Sphinx
    from .check import check_project

    report = check_project(arguments.srcdir, arguments.cache)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if arguments.format == "json":
        json.dump([f.as_json(Path.cwd()) for f in report.findings], sys.stdout, indent=2)
        print()
    else:
        for finding in report.findings:
            print(finding.render())
        summary = (f"{report.summaries} summaries in {report.documents} documents checked: "
                   f"{counted(len(report.findings), 'problem')}")
        print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if report.findings else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "check":
            return run_check(arguments)
        if arguments.command == "new":
            from .new import run_new  # imported when run, as check is

            return run_new(arguments)
        if arguments.command == "add":
            from .add import run_add  # imported when run, as check is

            return run_add(arguments)
        from .importer import run_import

        return run_import(arguments)
    except UsageError as error:
        print(f"shortscience {arguments.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
