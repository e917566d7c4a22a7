"""``python -m natoatlas``: the same as the ``natoatlas`` command."""

import sys

from natoatlas.cli import main

sys.exit(main())
