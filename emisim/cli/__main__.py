"""``python -m emisim.cli``: the same as the ``emisim`` command."""

import sys

from emisim.cli import main

sys.exit(main())
