"""govkg's graph layer: the store, its queries and the Python entry point.

>>> from govkg.graph import KnowledgeGraph, GovkgError
>>> KnowledgeGraph.__name__
'KnowledgeGraph'

Names are imported on first use, so ``import govkg.graph`` (and ``govkg query``) stays light.
"""

from __future__ import annotations

import importlib

__all__ = ["KnowledgeGraph", "GovkgError", "DocumentError", "StoreError", "QueryError"]

_HOME = {
    "KnowledgeGraph": "govkg.graph.knowledge",
    "GovkgError": "govkg.graph.errors",
    "DocumentError": "govkg.graph.errors",
    "StoreError": "govkg.graph.errors",
    "QueryError": "govkg.graph.errors",
}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'govkg.graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
