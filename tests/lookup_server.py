"""A local stand-in for DBLP, the arXiv API and doi.org that answers with recorded answers.

Every body comes from tests/recordings (see its SOURCES.md: each was recorded from the real
service by another public project). Only the statuses and headers that no recording holds
are this server's own, and the module says which; and the hostile answers a test writes
itself (:class:`Crafted`, given to :func:`lookup_server`), which no service gave.
"""

from __future__ import annotations

import http.server
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECORDINGS = Path(__file__).parent / "recordings"

#: DBLP records: key -> recorded body of https://dblp.org/rec/KEY.bib
DBLP_RECORDS = {
    "series/sci/2023-1062": "dblp/series_sci_2023-1062.bib",
    # the example project's papers, as DBLP gave them (two of its 13 were found nowhere)
    **{path.stem.replace("_", "/", 2): f"dblp/saved/{path.name}"
       for path in sorted((RECORDINGS / "dblp" / "saved").glob("*.bib"))},
}
#: DBLP's search API: the one recorded answer (a query for "black holes"), given for any
#: query; the command keeps only a hit whose DOI or arXiv id is the one asked for.
DBLP_SEARCH = "dblp/search_publ_black_holes.reindented.json"
#: arXiv API: id -> (status, recorded body)
ARXIV = {
    "1605.08386": (200, "arxiv/1605.08386.atom.xml"),
    "2104.12255": (200, "arxiv/2104.12255v1.atom.xml"),
    "astro-ph/0601001": (200, "arxiv/astro-ph_0601001.atom.xml"),
    "quant-ph/0201082": (200, "arxiv/quant-ph_0201082v1.atom.xml"),
    "math/0211159": (200, "arxiv/legacy_math_0211159.atom.xml"),
    "1111.2011": (200, "arxiv/legacy_1111.2011v2.atom.xml"),
    "0000.0000": (200, "arxiv/empty_0000.0000.atom.xml"),
}
ARXIV_BAD_ID = (400, "arxiv/error_bad_id_abc.atom.xml")
ARXIV_UNKNOWN = (200, "arxiv/empty_0808.05394.atom.xml")
#: doi.org: DOI -> (redirect body, Crossref's BibTeX), replayed as the two recorded hops
DOI = {
    "10.1126/science.169.3946.635": ("doi/10.1126_science.169.3946.635.redirect_302.html",
                                     "doi/10.1126_science.169.3946.635.bib"),
    "10.1139/cjc-2022-0282": ("doi/10.1139_cjc-2022-0282.redirect_302.html",
                              "doi/10.1139_cjc-2022-0282.bib"),
}
#: A DOI whose agency gives no BibTeX: doi.org then answers with a page, not an entry (the
#: recorded redirect page stands for it).
DOI_WITHOUT_BIBTEX = {"10.1126/nobibtex": "doi/10.1126_science.169.3946.635.redirect_302.html"}
DOI_NOT_FOUND = "doi/not_found_10.1126_foo.html"


@dataclass(frozen=True)
class Crafted:
    """An answer a test writes to play a hostile service (no recording): *body*, sent all
    at once, or a byte every *trickle* seconds (the status line and headers too when
    *trickle_headers*)."""

    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    trickle: float = 0.0
    trickle_headers: bool = False


@dataclass
class Recorder:
    """The requests the server saw, to check what the command asked and how."""

    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _read(relative: str) -> bytes:
    return (RECORDINGS / relative).read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    recorder: Recorder
    crafted: dict[str, Crafted]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.recorder.requests.append((self.path, dict(self.headers.items())))
        for start, answer in self.crafted.items():  # a request path (and query) that starts so
            if self.path.startswith(start):
                self._crafted(answer)
                return
        parts = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parts.path)
        query = urllib.parse.parse_qs(parts.query)
        if path.startswith("/dblp/rec/") and path.endswith(".bib"):
            recorded = DBLP_RECORDS.get(path.removeprefix("/dblp/rec/").removesuffix(".bib"))
            # no DBLP "not found" body is recorded anywhere: the status alone
            self._answer(200, _read(recorded), "text/x-bibtex; charset=utf-8") if recorded \
                else self._answer(404, b"", "text/plain")
        elif path == "/dblp/search/publ/api":
            self._answer(200, _read(DBLP_SEARCH), "application/json; charset=utf-8")
        elif path == "/arxiv/query":
            asked = query.get("id_list", [""])[0]
            if asked in ARXIV:
                status, recorded = ARXIV[asked]
            elif any(c.isdigit() for c in asked):
                status, recorded = ARXIV_UNKNOWN
            else:
                status, recorded = ARXIV_BAD_ID
            self._answer(status, _read(recorded), "application/atom+xml; charset=utf-8")
        elif path.startswith("/doi/"):
            self._doi(path.removeprefix("/doi/"))
        elif path.startswith("/crossref/v1/works/") and path.endswith("/transform"):
            doi = path.removeprefix("/crossref/v1/works/").removesuffix("/transform")
            self._answer(200, _read(DOI[doi][1]), "application/x-bibtex")
        else:
            self._answer(404, b"", "text/plain")

    def _doi(self, doi: str) -> None:
        if doi in DOI:
            host = self.headers.get("Host", "")
            location = f"http://{host}/crossref/v1/works/{urllib.parse.quote(doi, safe='')}" \
                       "/transform"
            self._answer(302, _read(DOI[doi][0]), "text/html;charset=utf-8",
                         {"Location": location})
        elif doi in DOI_WITHOUT_BIBTEX:
            self._answer(200, _read(DOI_WITHOUT_BIBTEX[doi]), "text/html;charset=utf-8")
        else:
            self._answer(404, _read(DOI_NOT_FOUND), "text/html;charset=utf-8")

    def _crafted(self, answer: Crafted) -> None:
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: {answer.content_type}\r\n"
                f"Content-Length: {len(answer.body)}\r\n\r\n").encode()
        sent_at_once = b"" if answer.trickle_headers else head
        trickled = (head if answer.trickle_headers else b"") + answer.body
        if not answer.trickle:
            sent_at_once, trickled = head + answer.body, b""
        try:
            self.wfile.write(sent_at_once)
            for index in range(len(trickled)):
                self.wfile.write(trickled[index:index + 1])
                self.wfile.flush()
                time.sleep(answer.trickle)
        except OSError:  # the client gave up
            pass
        self.close_connection = True

    def _answer(self, status: int, body: bytes, content_type: str,
                headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def lookup_server(crafted: dict[str, Crafted] | None = None
                  ) -> Iterator[tuple[dict[str, str], Recorder]]:
    """The services on 127.0.0.1: yields the environment that points the command at them
    (with no pause between requests) and the recorder of requests. *crafted* answers the
    requests whose path starts with one of its keys (``/dblp/rec/conf/x/A.bib``,
    ``/arxiv/query?id_list=2401.00001``)."""
    recorder = Recorder()
    handler = type("RecordingHandler", (Handler,), {"recorder": recorder,
                                                    "crafted": crafted or {}})
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield {"SHORTSCIENCE_DBLP_URL": f"{base}/dblp",
                   "SHORTSCIENCE_ARXIV_URL": f"{base}/arxiv/query",
                   "SHORTSCIENCE_DOI_URL": f"{base}/doi",
                   "SHORTSCIENCE_LOOKUP_PAUSE": "0"}, recorder
        finally:
            server.shutdown()
