"""Page names derived from keys and names: readable, stable, safe, and never colliding.

The rule for a BibTeX key: lower-case it and turn every run of characters other than
``a-z`` and ``0-9`` into one ``-``.  If that gives back the key itself (``he2016deep``),
that is the name.  Otherwise (upper case, ``/``, ``:``, ``(``, ``'``, ...) the name is that
readable form, ``--`` and eight base-32 characters of the key's SHA-256:
``conf/cvpr/HeZRS16`` -> ``conf-cvpr-hezrs16--43xxletl``.  So ``a/b``, ``a_b`` and ``A/B``
get different names, and no name of the first kind (which never holds ``--``) can equal
one of the second.

Keywords, venues, years and writers are named the same way from their merged identity
(lower case, single spaces), with ``-`` standing for the spaces of ``a-z0-9`` words:
"residual learning" -> ``residual-learning``.

Names depend on the key or name alone, so they are the same in every build and on every
machine, and hold only ``a-z``, ``0-9`` and ``-``: they cannot leave the output folder or
name a file of the user's.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SIMPLE_NAME = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")
MAX_READABLE = 60


def key_digest(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:8].lower()


def _readable(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")[:MAX_READABLE].strip("-")


def _hashed(text: str) -> str:
    return f"{_readable(text) or 'key'}--{key_digest(text)}"


def slug(key: str) -> str:
    """The page name for a BibTeX *key* (without folder)."""
    readable = _readable(key)
    return readable if readable == key else _hashed(key)


def name_slug(identity: str) -> str:
    """The page name for a keyword, venue, year or writer, given its merged identity."""
    if _SIMPLE_NAME.match(identity) and len(identity) <= MAX_READABLE:
        return identity.replace(" ", "-")
    return _hashed(identity)
