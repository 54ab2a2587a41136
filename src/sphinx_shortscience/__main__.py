"""``python -m sphinx_shortscience``: the ``shortscience`` command."""

import sys

from .cli import main

sys.exit(main())
