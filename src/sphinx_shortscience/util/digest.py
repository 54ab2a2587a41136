"""Digests: of text, to notice a change; of bytes, to key a cache on content."""

from __future__ import annotations

import base64
import hashlib


def short_digest(text: str, length: int = 16) -> str:
    """A short hex digest of *text*, to notice that something changed (not for security)."""
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:length]


def content_digest(data: bytes) -> str:
    """The full SHA-256 of *data*: the key of a cache entry."""
    return hashlib.sha256(data).hexdigest()


def name_digest(text: str) -> str:
    """Eight base-32 characters of the SHA-256 of *text*: the suffix of a page name."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:8].lower()
