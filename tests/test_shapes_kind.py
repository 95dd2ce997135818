"""SHACL: a regulation has exactly one kind (gks:RegulationKindShape in ``shapes.ttl``).

The build types a regulation ``gk:Regulation`` plus the one class of its kind, with no rdfs
inference; two kinds (a DB standard typed national and local) or none are reported with the
regulation's IRI."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SH

from govkg.ontology import GK, ID, ontology_graph, shapes_graph

EX = Namespace(ID + "test/")
HERE = Path(__file__).resolve().parent
SHAPE = URIRef("https://w3id.org/govkg/shapes#RegulationKindShape")
KINDS = [GK.NationalStandard, GK.IndustryStandard, GK.LocalStandard, GK.NumberedDocument, GK.TitledDocument]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


def _regulation(*kinds: URIRef, typed: bool = True) -> Graph:
    g = Graph()
    if typed:
        g.add((EX.db52, RDF.type, GK.Regulation))
    for kind in kinds:
        g.add((EX.db52, RDF.type, kind))
    g.add((EX.db52, GK.code, Literal("DB52/865-2013")))
    g.add((EX.db52, DCTERMS.title, Literal("贵州省环境污染物排放标准")))
    return g


def _kind_results(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, list[tuple[str, str]], str]:
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True)
    results = [
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.sourceShape) == SHAPE
    ]
    return bool(conforms), results, text


def test_shapes_kind_two_kinds_fail_naming_the_regulation(shapes, ontology):
    conforms, results, text = _kind_results(_regulation(GK.NationalStandard, GK.LocalStandard), shapes, ontology)
    assert not conforms
    assert len(results) == 1, text
    focus, message = results[0]
    assert focus == str(EX.db52)
    assert "needs exactly one kind" in message and str(EX.db52) in message, message
    assert "has 2 of them" in message and str(GK.LocalStandard) in message and str(GK.NationalStandard) in message


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.rsplit("#", 1)[-1])
def test_shapes_kind_one_kind_conforms(shapes, ontology, kind):
    conforms, results, text = _kind_results(_regulation(kind), shapes, ontology)
    assert conforms and results == [], text


def test_shapes_kind_one_kind_without_the_regulation_type_conforms(shapes, ontology):
    # reached through rdfs:subClassOf of the mixed-in ontology
    conforms, results, text = _kind_results(_regulation(GK.NumberedDocument, typed=False), shapes, ontology)
    assert conforms and results == [], text


@pytest.mark.parametrize("kinds", [(), (GK.Standard,)], ids=["regulation-only", "standard-only"])
def test_shapes_kind_no_specific_kind_fails(shapes, ontology, kinds):
    conforms, results, text = _kind_results(_regulation(*kinds), shapes, ontology)
    assert not conforms
    assert [focus for focus, _ in results] == [str(EX.db52)], text
    assert "has 0 of them" in results[0][1]


def test_shapes_kind_lists_the_leaf_kinds_of_the_ontology(shapes, ontology):
    """The shape names exactly the most specific subclasses of gk:Regulation."""
    below = set(ontology.transitive_subjects(RDFS.subClassOf, GK.Regulation)) - {GK.Regulation}
    leaves = {c for c in below if not set(ontology.subjects(RDFS.subClassOf, c))}
    assert leaves == set(KINDS)
    (query,) = [str(q) for c in shapes.objects(SHAPE, SH.sparql) for q in shapes.objects(c, SH.select)]
    listed = set(re.search(r"IN \(([^)]*)\)", query).group(1).replace(",", " ").split())
    assert listed == {f"gk:{k.rsplit('#', 1)[-1]}" for k in leaves}
    (message,) = [str(m) for c in shapes.objects(SHAPE, SH.sparql) for m in shapes.objects(c, SH.message)]
    assert all(f"gk:{k.rsplit('#', 1)[-1]}" in message for k in leaves)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    from govkg.graph.build import build_store

    store = tmp_path_factory.mktemp("kind") / "kg"
    build_store([HERE.parent / "examples" / "corpus"], store, progress=None)
    return store


@pytest.mark.slow
def test_shapes_kind_corpus_store_conforms(corpus_store):
    from govkg.graph.validation import store_graph, validate_store

    conforms, text = validate_store(corpus_store)
    assert conforms, text
    # not vacuous: the corpus cites regulations, each typed with one kind
    g = store_graph(corpus_store)
    regulations = set(g.subjects(RDF.type, GK.Regulation))
    assert len(regulations) >= 5
    kinds = {r: {k for k in g.objects(r, RDF.type) if k in KINDS} for r in regulations}
    assert {r: k for r, k in kinds.items() if len(k) != 1} == {}
    assert len({next(iter(k)) for k in kinds.values()}) >= 2
