"""Which link targets a summary may keep: the web's schemes only (an allow-list)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes

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


def node_line(node: nodes.Node, *needles: str) -> int | None:
    """The line where *node* is written.

    A block (a target, an image directive) has its own line.  docutils gives inline nodes
    (a reference) no line and MyST the first line of their paragraph: those are found in
    the text of the nearest block around them, by their own source or else by *needles*
    (the URL), so a link on the fifth line of a paragraph is reported there.
    """
    if node.line and not isinstance(node, nodes.Inline):
        return int(node.line)
    block: nodes.Element | None = node.parent
    while block is not None and (isinstance(block, nodes.Inline) or not block.line):
        block = block.parent
    source = block.rawsource if block is not None and isinstance(block.rawsource, str) else ""
    for needle in (getattr(node, "rawsource", ""), *needles):
        offset = _nth_offset(source, needle, _same_before(block, node, needle)) if (
            needle and block is not None) else -1
        if offset >= 0 and block is not None and block.line:
            return line_of_offset(source, offset, int(block.line))
    if node.line:
        return int(node.line)
    # a reference around an image (``:target:``) is where its image is
    inner = next((child.line for child in node.findall(include_self=False) if child.line),
                 None) if isinstance(node, nodes.Element) else None
    if inner:
        return int(inner)
    return int(block.line) if block is not None and block.line else None


def _same_before(block: nodes.Element, node: nodes.Node, needle: str) -> int:
    """How many nodes like *node* come before it in *block* with *needle* as their source
    or address (``x_`` twice in a paragraph: the second is on the second's line)."""
    count = 0
    for other in block.findall(type(node)):
        if other is node:
            return count
        if isinstance(other, nodes.Element) and needle in (
                other.rawsource, other.get("refuri"), other.get("uri")):
            count += 1
    return count


def _nth_offset(text: str, needle: str, skip: int) -> int:
    """The offset of the (*skip* + 1)-th *needle* in *text*, or of the last one, or -1."""
    offset = text.find(needle)
    while skip > 0 and offset >= 0:
        following = text.find(needle, offset + len(needle))
        if following < 0:
            break
        offset, skip = following, skip - 1
    return offset


def outside_source(uri: str, document: str, srcdir: str = "") -> bool:
    """Whether a local image *uri* in *document* (its path from the source folder, with
    ``/`` separators) names a file outside the source folder, which the build would copy
    into the site.  Sphinx reads ``/x`` from the source folder, ``x`` from the document's
    folder, and ``//x`` (or ``/`` twice more) as the absolute path ``/x``.  With *srcdir*,
    a file (or each file ``x.*`` matches) is followed through symbolic links, its folders'
    too: a link inside the project to a file outside it is outside."""
    if _SCHEME.match(uri) or "://" in uri:
        return False  # a remote image, or one the scheme allow-list judges
    if uri.startswith("//"):
        return True
    target = image_target(uri, document)
    if target == ".." or target.startswith("../"):
        return True
    if not srcdir:
        return False
    root = Path(srcdir).resolve()
    # "x.*" names each file it matches, as Sphinx finds them
    files = Path(srcdir).glob(target) if target.endswith(".*") else [Path(srcdir, target)]
    return any(_leaves(file, root) for file in files)


def image_target(uri: str, document: str) -> str:
    """A local image's path from the source folder, as Sphinx reads it: ``/x`` from the
    source folder, ``x`` from the document's folder (``../`` first when it leaves)."""
    base = "" if uri.startswith("/") else posixpath.dirname(document)
    return posixpath.normpath(posixpath.join(base, uri.lstrip("/")))


def _leaves(file: Path, root: Path) -> bool:
    """Whether *file*, its links followed, is outside *root* (a link loop counts as out)."""
    try:
        return not file.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a loop, on Python before 3.13
        return True


def outside_source_message(uri: str) -> str:
    return (f"image {uri[:60]!r} is outside the source folder and is not copied into the "
            "site; its text is shown")
