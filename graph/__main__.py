"""``python -m govkg.graph`` runs the ``govkg`` command."""

from .cli import run

if __name__ == "__main__":
    run()
