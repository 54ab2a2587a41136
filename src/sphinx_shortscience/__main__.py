"""``python -m sphinx_shortscience``: the ``shortscience`` command."""

import sys

from .cli.main import main

sys.exit(main())
