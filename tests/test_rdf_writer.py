"""The lean N-Quads writer (issue #10) gives exactly the quads of the rdflib mapping it
replaced (kept in ``tests/reference_rdf.py``), on every document of the corpus and the
real-document sets."""

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.extract.pipeline import extract_document
from govkg.extract.topic import TopicTagger
from govkg.graph.rdf import document_nquads

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("reference_rdf", HERE / "reference_rdf.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

DOCS = sorted((HERE.parent / "examples" / "corpus").glob("*.txt")) + sorted((HERE / "real" / "docs").glob("*.txt"))[::4] + sorted((HERE / "unseen").glob("*.txt"))[::3]


@pytest.fixture(scope="module")
def tagger():
    return TopicTagger.from_ontology()


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_rdf_writer_quads_equal_the_rdflib_mapping(path, tagger):
    ex = extract_document(path, tagger=tagger)
    quads = set(ox.parse(document_nquads(ex), format=ox.RdfFormat.N_QUADS))
    materialised = {q for q in quads if q.predicate.value.endswith(("#underTask", "#aboutTopic", "#repeatKey", "#sectionYear"))
                    or "/id/summary/" in q.subject.value or q.object.value.endswith("#UnassignedTask")}
    lean = quads - materialised
    # what the lean writer adds: every task under itself, and its topics with their broader ones
    tasks = {q.subject for q in lean if q.predicate.value.endswith("rdf-syntax-ns#type") and q.object.value.endswith("#Task")}
    assert {q.subject for q in materialised if q.predicate.value.endswith("#underTask") and q.object == q.subject} == tasks
    subjects = {(q.subject, q.object) for q in lean if q.predicate.value.endswith("/subject")}
    assert subjects <= {(q.subject, q.object) for q in materialised if q.predicate.value.endswith("#aboutTopic")}
    g = reference.extraction_graph(ex)
    graph = ox.NamedNode(str(g.identifier))
    old = {ox.Quad(t.subject, t.predicate, t.object, graph)
           for t in ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)}
    assert lean == old, (sorted(map(str, lean - old))[:3], sorted(map(str, old - lean))[:3])
