"""Keep the cyclic garbage collector off what lives for the whole build.

The environment (loaded from its pickle on a rebuild), the bib and the application live
from before the first document is read to the end of the build, and every full collection
walks all of them again; on an incremental build of a few hundred documents those walks
cost more than reading the edited document. :func:`gc.freeze` moves everything alive when
reading begins out of the collector's sight; the build's own garbage (doctrees, nodes) is
made after that and is collected as usual. What was frozen is handed back when the build
ends, so a host process (sphinx-autobuild, a test session) keeps collecting it.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def freeze_long_lived(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    gc.freeze()


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()
