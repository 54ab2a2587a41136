"""Where each generated page lives: its docname, from the key or name alone.

Page names are readable, stable, safe, and never collide.

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

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from ..util.digest import name_digest
from .families import FAMILIES, Family

if TYPE_CHECKING:
    from sphinx.config import Config

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SIMPLE_NAME = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")
MAX_READABLE = 60


def _readable(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")[:MAX_READABLE].strip("-")


def _hashed(text: str) -> str:
    return f"{_readable(text) or 'key'}--{name_digest(text)}"


# asked for every page in every build (stubs, page digests, links): remembered, as a name
# depends on its key alone
@functools.lru_cache(maxsize=65536)
def slug(key: str) -> str:
    """The page name for a BibTeX *key* (without folder)."""
    readable = _readable(key)
    return readable if readable == key else _hashed(key)


@functools.lru_cache(maxsize=65536)
def name_slug(identity: str) -> str:
    """The page name for a keyword, venue, year or writer, given its merged identity."""
    if _SIMPLE_NAME.match(identity) and len(identity) <= MAX_READABLE:
        return identity.replace(" ", "-")
    return _hashed(identity)


def folder(config: Config) -> str:
    """The folder of the source tree that holds the generated pages."""
    return str(config.shortscience_dir)


def index_docname(config: Config) -> str:
    return f"{folder(config)}/index"


def papers_docname(config: Config) -> str:
    return f"{folder(config)}/papers"


def paper_docname(config: Config, key: str) -> str:
    return f"{folder(config)}/paper/{slug(key)}"


def family_docname(config: Config, family: Family) -> str:
    return f"{folder(config)}/{family.plural}"


def member_docname(config: Config, family: Family, identity: str) -> str:
    return f"{folder(config)}/{family.name}/{name_slug(identity)}"


def listing_docnames(config: Config) -> set[str]:
    """The pages whose toctree lists many members, kept out of the navigation."""
    return {papers_docname(config), *(family_docname(config, f) for f in FAMILIES)}


def is_generated(config: Config, docname: str) -> bool:
    return docname.startswith(folder(config) + "/")
