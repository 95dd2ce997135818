"""What the build materialises for fast queries (issue #10) equals the rules it stands for,
computed here in SPARQL from the lean triples of the same document: gk:underTask,
gk:aboutTopic, gk:sectionYear, gk:repeatKey, gk:UnassignedTask and the per-document topic and
workload summaries. Documents: the corpus, and every fourth real document."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.extract.pipeline import extract_document
from govkg.extract.topic import TopicTagger
from govkg.graph.build import _ontology_quads
from govkg.graph.rdf import document_nquads
from govkg.ontology.vocabulary import PREFIXES

HERE = Path(__file__).resolve().parent
DOCS = sorted((HERE.parent / "examples" / "corpus").glob("*.txt")) + sorted((HERE / "real" / "docs").glob("*.txt"))[::4]

# each entry: the materialised facts, and the rule they stand for, as rows of the same variables
CHECKS = {
    "underTask": (
        "SELECT ?t ?a WHERE { ?t gk:underTask ?a }",
        "SELECT ?t ?a WHERE { ?t a gk:Task ; gk:parentTask* ?a }",
    ),
    "aboutTopic": (
        "SELECT ?t ?c WHERE { ?t gk:aboutTopic ?c }",
        "SELECT ?t ?c WHERE { ?t a gk:Task ; dcterms:subject/skos:broader* ?c }",
    ),
    "sectionYear": (
        "SELECT ?t ?y WHERE { ?t gk:sectionYear ?y }",
        """SELECT ?t ?y WHERE { ?t a gk:Task ; gk:section ?s FILTER (REGEX(?s, "(19|20)[0-9]{2}"))
           BIND (REPLACE(?s, "^.*?((19|20)[0-9]{2}).*$", "$1") AS ?y) }""",
    ),
    "repeatKey": (
        "SELECT ?t ?k WHERE { ?t gk:repeatKey ?k }",
        r"""SELECT ?t ?k WHERE { ?t a gk:Task ; gk:text ?x ; gk:sourceDocument ?d
            OPTIONAL { ?d gk:jurisdiction ?place }
            BIND (CONCAT(STR(COALESCE(?place, ?d)), "\t", REPLACE(?x, "[\\s\u3000。，、；：！？,.;:!?]", "")) AS ?k) }""",
    ),
    "UnassignedTask": (
        "SELECT ?t WHERE { ?t a gk:UnassignedTask }",
        """SELECT ?t WHERE { ?t a gk:Task
             FILTER NOT EXISTS { ?t gk:parentTask* ?a . ?a gk:involvesUnit ?u }
             FILTER NOT EXISTS { ?below gk:parentTask* ?t ; gk:involvesUnit ?v } }""",
    ),
    "TopicSummary": (
        """SELECT ?c ?u ?r ?n ?first WHERE { ?s a gk:TopicSummary ; gk:summaryTopic ?c ; gk:summaryUnit ?u ;
             gk:summaryRole ?r ; gk:taskCount ?n ; gk:firstTaskKey ?first }""",
        r"""SELECT ?c ?u ?r (COUNT(DISTINCT ?t) AS ?n) (MIN(?key) AS ?first) WHERE {
             ?t dcterms:subject/skos:broader* ?c ; gk:parentTask* ?a ; gk:text ?x ; gk:sourceLine ?line ;
                gk:sourceDocument ?d .
             ?a gk:qualifiedAssignment ?as . ?as gk:assignedUnit ?u ; gk:role ?r .
             ?d gk:fileName ?f
             BIND (CONCAT(?f, "\t", SUBSTR(CONCAT("0000000", STR(?line)), STRLEN(STR(?line)) + 1), "\t", ?x) AS ?key)
           } GROUP BY ?c ?u ?r""",
    ),
    "WorkloadSummary": (
        "SELECT ?u ?r ?n WHERE { ?s a gk:WorkloadSummary ; gk:summaryUnit ?u ; gk:summaryRole ?r ; gk:taskCount ?n }",
        """SELECT ?u ?r (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t gk:qualifiedAssignment ?as .
             ?as gk:assignedUnit ?u ; gk:role ?r } GROUP BY ?u ?r""",
    ),
}


@pytest.fixture(scope="module")
def tagger():
    return TopicTagger.from_ontology()


@pytest.fixture(scope="module")
def ontology():
    return _ontology_quads()


def _rows(store: ox.Store, query: str) -> set[tuple]:
    result = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    names = [v.value for v in result.variables]
    return {tuple(str(row[n]) for n in names) for row in result}


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_materialised_facts_equal_their_rules(path, tagger, ontology):
    store = ox.Store()
    store.load(ontology, format=ox.RdfFormat.N_QUADS)
    store.load(document_nquads(extract_document(path, tagger=tagger)), format=ox.RdfFormat.N_QUADS)
    for name, (materialised, rule) in CHECKS.items():
        have, want = _rows(store, materialised), _rows(store, rule)
        assert have == want, (name, sorted(have - want)[:3], sorted(want - have)[:3])


def test_materialised_checks_are_not_vacuous(tagger, ontology):
    """On the corpus every rule finds something, so the comparisons above compare facts."""
    store = ox.Store()
    store.load(ontology, format=ox.RdfFormat.N_QUADS)
    for path in DOCS[:5]:
        store.load(document_nquads(extract_document(path, tagger=tagger)), format=ox.RdfFormat.N_QUADS)
    for name, (_materialised, rule) in CHECKS.items():
        assert _rows(store, rule), name
