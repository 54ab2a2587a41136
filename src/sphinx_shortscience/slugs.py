"""Page names derived from keys: readable, stable, safe, and never colliding.

The rule: lower-case the key and turn every run of characters other than ``a-z`` and
``0-9`` into one ``-``.  If that changed the key (upper case, ``/``, ``:``, ``(``, ...),
append ``-`` and eight base-32 characters of the key's SHA-256, so that ``a/b``, ``a_b``
and ``A/B`` get different names; the name depends on the key alone, so it is the same in
every build and on every machine.  Names only ever hold ``a-z``, ``0-9`` and ``-``, so they
cannot leave the output folder or name a file of the user's.
"""

from __future__ import annotations

import base64
import hashlib
import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LOOKS_HASHED = re.compile(r"-[a-z2-7]{8}$")
MAX_READABLE = 60


def key_digest(key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:8].lower()


def slug(key: str) -> str:
    """The page name for *key* (without folder)."""
    readable = _NOT_SLUG.sub("-", key.lower()).strip("-")[:MAX_READABLE].strip("-")
    if readable and readable == key and not _LOOKS_HASHED.search(readable):
        return readable
    return f"{readable}-{key_digest(key)}" if readable else key_digest(key)
