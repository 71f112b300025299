"""``python -m lqmodel``: the command line."""

import sys

from lqmodel.faces.cli import main

sys.exit(main())
