"""Which link targets a summary may keep: the web's schemes only (an allow-list)."""

from __future__ import annotations

import posixpath
import re

from ..util.text import line_of_offset

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def unsafe_uri(uri: str) -> bool:
    """Whether *uri* has a scheme other than the web's (``javascript:``, ``data:``, ...).

    Browsers ignore tabs, newlines and control characters inside a URL's scheme, so they
    are ignored here too: ``java\tscript:`` is ``javascript:``.
    """
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", uri))
    return match is not None and match.group(1).lower() not in SAFE_SCHEMES


def line_of_link(body: str, uri: str, first_line: int, fallback: int) -> int:
    """The line of the first *uri* in *body* (whose first line is *first_line*), for links
    that the parser gave no line (docutils gives inline nodes none); else *fallback*."""
    offset = body.find(uri)
    return line_of_offset(body, offset, first_line) if offset >= 0 else fallback


def outside_source(uri: str, document: str) -> bool:
    """Whether a local image *uri* in *document* (its path from the source folder, with
    ``/`` separators) names a file outside the source folder, which the build would copy
    into the site.  Sphinx reads ``/x`` from the source folder and ``x`` from the
    document's folder."""
    if _SCHEME.match(uri) or uri.startswith("//"):
        return False
    base = "" if uri.startswith("/") else posixpath.dirname(document)
    target = posixpath.normpath(posixpath.join(base, uri.lstrip("/")))
    return target == ".." or target.startswith("../")


def outside_source_message(uri: str) -> str:
    return (f"image {uri[:60]!r} is outside the source folder and is not copied into the "
            "site; its text is shown")
