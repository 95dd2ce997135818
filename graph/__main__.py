"""``python -m govkg.graph`` runs the ``govkg`` command."""

from .cli import run

run()
