"""HTTP for ``shortscience add``: a deadline per request, a User-Agent naming the project, a
pause between requests to one host, and an on-disk cache of answers, so a repeat costs nothing.

requests (which Sphinx itself depends on) does the HTTP: redirects (doi.org answers with one),
proxies and the machine's certificate settings, as users of Sphinx's linkcheck expect.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..util.digest import content_digest
from ..util.files import atomic_write
from ..version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import requests

USER_AGENT = (f"sphinx-shortscience/{__version__} (shortscience add; "
              "+https://pypi.org/project/sphinx-shortscience/)")
#: Seconds a request may take in all (connecting, the headers, the whole answer); a slow
#: answer is an error, not a hang. SHORTSCIENCE_LOOKUP_TIMEOUT changes it.
DEFAULT_TIMEOUT = 30.0
#: Seconds one read of the socket may wait, at most (requests' own timeout, which bounds
#: each read, not the answer: a service that sends a byte every few seconds never ends).
READ_TIMEOUT = 20.0
#: Seconds between two requests to one host (DBLP asks for pauses between requests);
#: SHORTSCIENCE_LOOKUP_PAUSE changes it (a mirror of one's own needs none).
DEFAULT_PAUSE = 1.0
#: Answers above this size are refused: a paper's metadata is a few kilobytes.
MAX_ANSWER_BYTES = 2_000_000
#: Answers kept in the cache: found, and "no such paper" (which a repeat need not ask again).
CACHED_STATUSES = (200, 400, 404)


class ServiceError(Exception):
    """A service could not be asked or gave an error: the command stops, writing nothing."""


def seconds_from_environment(name: str, default: float) -> float:
    """A number of seconds set in the environment variable *name*, or *default*."""
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        raise ServiceError(f"{name}={value!r} is not a number of seconds") from None


@dataclass(frozen=True, slots=True)
class _Reply:
    """What one exchange with a service gave."""

    status: int
    body: bytes
    url: str
    retry_after: str
    content_type: str


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    text: str
    url: str  # where the answer came from, after redirects


class Client:
    """GETs with a cache in *cache_folder* and a polite pause per host."""

    def __init__(self, cache_folder: Path, pause: float | None = None,
                 session: requests.Session | None = None, timeout: float | None = None):
        self.cache_folder = cache_folder
        if pause is None:
            pause = seconds_from_environment("SHORTSCIENCE_LOOKUP_PAUSE", DEFAULT_PAUSE)
        if timeout is None:
            timeout = seconds_from_environment("SHORTSCIENCE_LOOKUP_TIMEOUT", DEFAULT_TIMEOUT)
        self.pause = max(0.0, pause)
        self.timeout = max(0.1, timeout)
        self._session = session
        self._last_request: dict[str, float] = {}
        self.requests_made = 0

    def get(self, url: str, accept: str = "") -> Answer:
        cached = self._cached(url, accept)
        if cached is not None:
            return cached
        answer = self._fetch(url, accept)
        if answer.status in CACHED_STATUSES:
            self._store(url, accept, answer)
        return answer

    def _cache_file(self, url: str, accept: str) -> Path:
        return self.cache_folder / f"{content_digest(f'{accept} {url}'.encode())[:32]}.json"

    def _cached(self, url: str, accept: str) -> Answer | None:
        try:
            data = json.loads(self._cache_file(url, accept).read_text(encoding="utf-8"))
            return Answer(int(data["status"]), str(data["text"]), str(data["url"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, url: str, accept: str, answer: Answer) -> None:
        data = {"status": answer.status, "text": answer.text, "url": answer.url,
                "request": url, "accept": accept}
        with contextlib.suppress(OSError):  # no cache: the next run asks again
            atomic_write(self._cache_file(url, accept), json.dumps(data).encode())

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            delay = self.pause - (time.monotonic() - last)
            if delay > 0:
                time.sleep(delay)
        self._last_request[host] = time.monotonic()

    def _fetch(self, url: str, accept: str) -> Answer:
        import requests  # only this command uses the network; a build never imports it

        host = urllib.parse.urlsplit(url).netloc
        session = self._session or requests.Session()
        headers = {"User-Agent": USER_AGENT, **({"Accept": accept} if accept else {})}
        read_timeout = min(READ_TIMEOUT, self.timeout)

        def exchange() -> _Reply:
            with session.get(url, headers=headers, timeout=read_timeout, stream=True) as reply:
                return _Reply(reply.status_code,
                              reply.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True),
                              reply.url, reply.headers.get("Retry-After", ""),
                              reply.headers.get("Content-Type", ""))

        for attempt in (1, 2):
            self._wait_for(host)
            self.requests_made += 1
            try:
                reply = self._within_deadline(host, exchange)
            except requests.RequestException as error:
                raise ServiceError(f"cannot reach {host}: {_short(error)}") from None
            if len(reply.body) > MAX_ANSWER_BYTES:
                raise ServiceError(f"{host} answered with more than {MAX_ANSWER_BYTES} bytes")
            if reply.status == 429 and attempt == 1 and reply.retry_after.isdigit() \
                    and int(reply.retry_after) <= 30:
                time.sleep(int(reply.retry_after))  # the service asked us to slow down
                continue
            if reply.status >= 500 or reply.status in (401, 403, 429):
                raise ServiceError(f"{host} answered {reply.status} for {url}")
            return Answer(reply.status, _decoded(reply), reply.url)
        raise ServiceError(f"{host} asked to slow down (429) twice")

    def _within_deadline(self, host: str, exchange: Callable[[], _Reply]) -> _Reply:
        """*exchange* run in a thread and given up after :attr:`timeout` seconds. The thread
        is left to end by itself (a daemon: it does not keep the command from exiting)."""
        outcome: list[_Reply | Exception] = []

        def run() -> None:
            try:
                outcome.append(exchange())
            except Exception as error:  # raised again in the caller's thread
                outcome.append(error)

        worker = threading.Thread(target=run, name=f"shortscience add: {host}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if not outcome:
            raise ServiceError(f"{host} did not answer within {self.timeout:g} s (set "
                               "SHORTSCIENCE_LOOKUP_TIMEOUT to wait longer)")
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]


def _decoded(reply: _Reply) -> str:
    charset = re.search(r"charset=\"?([\w.-]+)", reply.content_type)
    encoding = charset.group(1) if charset else "utf-8"  # the services all use UTF-8
    try:
        return reply.body.decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know
        return reply.body.decode("utf-8", errors="replace")


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 200 else text[:200] + "..."
