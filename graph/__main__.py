"""``python -m govkg.graph`` runs the ``govkg`` command."""

import sys

from .cli import main

sys.exit(main())
