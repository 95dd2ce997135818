"""SHACL validation of a built store against ``shapes.ttl``.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
>>> validate_store(root / "kg")[0]
True
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph

from govkg.ontology import ontology_graph, shapes_graph

from .store import open_store

__all__ = ["validate_store", "store_graph"]


def store_graph(store: str | Path) -> Graph:
    """The union of all graphs of the store as one rdflib graph."""
    st = open_store(store)
    union = Graph()
    for name in st.named_graphs():
        data = st.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        union.parse(data=data, format="nt")
    return union


def validate_store(store: str | Path) -> tuple[bool, str]:
    """Whether the store conforms to the shapes, and pySHACL's report text."""
    conforms, _graph, text = validate(
        store_graph(store), shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    return bool(conforms), text
