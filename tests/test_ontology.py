"""The vocabulary files: they parse, the closed namespace matches them, the topic scheme."""

from __future__ import annotations

import doctest
import importlib
import re
from importlib.resources import files

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

import govkg.ontology
import govkg.ontology.namespace
from govkg.ontology import GK, GK_IRI, TOPIC, TOPIC_SCHEME, ontology_graph, shapes_graph, topic_labels
from govkg.queries import list_queries

ONTOLOGY_FILES = ["govkg.ttl", "topics.ttl", "shapes.ttl"]


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return ontology_graph()


def _declared() -> set[str]:
    return set(dir(GK))


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_ontology_file_parses_as_turtle(name):
    text = files("govkg.ontology").joinpath(name).read_text(encoding="utf-8")
    assert len(Graph().parse(data=text, format="turtle")) > 0


def test_ontology_header_has_version_and_labels(ontology):
    header = URIRef("https://w3id.org/govkg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    languages = {label.language for label in ontology.objects(header, RDFS.label)}
    assert {"en", "zh"} <= languages


def test_ontology_every_term_has_english_and_chinese_label(ontology):
    for term in sorted(_declared()):
        languages = {label.language for label in ontology.objects(GK[term], RDFS.label)}
        assert {"en", "zh"} <= languages, f"gk:{term} lacks an @en or @zh rdfs:label"


def test_ontology_every_term_is_a_class_or_property(ontology):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in sorted(_declared()):
        assert set(ontology.objects(GK[term], RDF.type)) & kinds, f"gk:{term} has no OWL type"


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (GK.Unit, URIRef("http://www.w3.org/ns/org#Organization")),
        (GK.CollectiveUnit, GK.Unit),
        (GK.GenericUnit, GK.Unit),
        (GK.Standard, GK.Regulation),
        (GK.NationalStandard, GK.Standard),
        (GK.IndustryStandard, GK.Standard),
        (GK.LocalStandard, GK.Standard),
        (GK.NumberedDocument, GK.Regulation),
        (GK.TitledDocument, GK.Regulation),
        (GK.SourceSpan, URIRef("http://www.w3.org/ns/prov#Entity")),
    ],
)
def test_ontology_class_hierarchy(ontology, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize("role", [GK.leadUnit, GK.responsibleUnit, GK.cooperatingUnit])
def test_ontology_roles_are_subproperties_of_involves_unit(ontology, role):
    assert (role, RDFS.subPropertyOf, GK.involvesUnit) in ontology
    assert (role, RDFS.range, GK.Unit) in ontology


def test_ontology_closed_namespace_rejects_misspelt_term():
    with pytest.raises(AttributeError, match="did you mean leadUnit"):
        GK.leadUnt  # noqa: B018
    with pytest.raises(KeyError):
        GK["misspelt"]
    assert GK.Task == URIRef(GK_IRI + "Task")


def test_ontology_closed_namespace_reaches_every_term_by_attribute(ontology):
    declared = {
        str(subject)[len(GK_IRI) :]
        for subject in ontology.subjects()
        if isinstance(subject, URIRef) and str(subject).startswith(GK_IRI)
    }
    assert declared == _declared()
    for term in sorted(declared):
        # a term named like a str method (GK.title, GK.index …) would be shadowed
        assert getattr(GK, term) == URIRef(GK_IRI + term), f"GK.{term} is shadowed"


def test_ontology_shapes_use_only_declared_terms():
    used = {
        str(term)[len(GK_IRI) :]
        for triple in shapes_graph()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(GK_IRI)
    }
    assert used, "shapes.ttl uses no gk: term"
    assert used - _declared() == set()


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_ontology_queries_use_only_declared_terms(query):
    names = set(re.findall(r"\bgk:([A-Za-z_][\w-]*)", query.text))
    names |= set(re.findall(re.escape("<" + GK_IRI) + r"([A-Za-z_][\w-]*)>", query.text))
    assert names - _declared() == set()


def test_ontology_topic_scheme_has_hazardous_waste_hierarchy(ontology):
    hazardous, medical = TOPIC["hazardous-waste"], TOPIC["medical-waste"]
    assert (hazardous, SKOS.prefLabel, None) in ontology
    assert {str(o) for o in ontology.objects(hazardous, SKOS.prefLabel)} == {"危险废物"}
    assert "危废" in {str(o) for o in ontology.objects(hazardous, SKOS.altLabel)}
    assert (hazardous, SKOS.narrower, medical) in ontology
    assert (medical, SKOS.broader, hazardous) in ontology
    assert (hazardous, SKOS.broader, TOPIC["solid-waste"]) in ontology


def test_ontology_topic_labels_lists_every_concept_once():
    rows = topic_labels()
    iris = [iri for iri, _, _, _ in rows]
    assert iris == sorted(set(iris))
    by_pref = {pref: (alts, broader) for _, pref, alts, broader in rows}
    assert by_pref["医疗废物"] == (["医废"], str(TOPIC["hazardous-waste"]))
    assert by_pref["废机油"] == (["废矿物油"], str(TOPIC["hazardous-waste"]))
    assert by_pref["大气"][1] is None
    assert by_pref["扬尘"][1] == str(TOPIC["atmosphere"])
    assert by_pref["饮用水源"][1] == str(TOPIC["water"])
    assert by_pref["生活垃圾"][1] == str(TOPIC["solid-waste"])


def test_ontology_topic_labels_are_unambiguous():
    seen: dict[str, str] = {}
    for iri, pref, alts, _ in topic_labels():
        for label in [pref, *alts]:
            assert label not in seen, f"{label} labels both {seen[label]} and {iri}"
            seen[label] = iri


def test_ontology_topic_broader_and_narrower_agree(ontology):
    concepts = set(ontology.subjects(SKOS.inScheme, TOPIC_SCHEME))
    for concept in concepts:
        broader = list(ontology.objects(concept, SKOS.broader))
        assert len(broader) <= 1, f"{concept} has several skos:broader"
        for parent in broader:
            assert parent in concepts
            assert (parent, SKOS.narrower, concept) in ontology
        if not broader:
            assert (concept, SKOS.topConceptOf, TOPIC_SCHEME) in ontology
            assert (TOPIC_SCHEME, SKOS.hasTopConcept, concept) in ontology
    for parent, child in ontology.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in ontology


def test_ontology_reexports_namespace_module():
    assert set(govkg.ontology.namespace.__all__) <= set(govkg.ontology.__all__)
    for name in govkg.ontology.namespace.__all__:
        assert getattr(govkg.ontology, name) is getattr(govkg.ontology.namespace, name)
    for name in govkg.ontology.__all__:
        assert getattr(govkg.ontology, name) is not None


def test_ontology_plain_terms_agree_with_the_rdflib_namespace():
    """The regex read of govkg.ttl finds exactly the terms an RDF parser finds."""
    from rdflib import Graph, URIRef

    graph = Graph().parse(data=govkg.ontology.ontology_text("govkg.ttl"), format="turtle")
    parsed = {str(s)[len(govkg.ontology.GK_IRI):] for s in graph.subjects()
              if isinstance(s, URIRef) and str(s).startswith(govkg.ontology.GK_IRI)}
    assert parsed == set(govkg.ontology.declared_terms())
    assert govkg.ontology.TERMS.leadUnit == str(govkg.ontology.GK.leadUnit)


@pytest.mark.parametrize("module", ["govkg.ontology", "govkg.ontology.namespace"])
def test_ontology_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
