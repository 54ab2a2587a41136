"""The few places where Sphinx 7.4, 8 and 9 differ in what we use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of *env* (``env._app`` since Sphinx 8.1, ``env.app`` before)."""
    app = getattr(env, "_app", None)
    return app if app is not None else env.app  # type: ignore[attr-defined,no-any-return]


def builder_of(env: BuildEnvironment) -> Builder:
    return app_of(env).builder
