"""Exit codes of the command, and the error that ends it with a clear message."""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A clear message for the user; the command exits with 2."""
