"""The named-query catalogue: loading, binding, and exact answers on a tiny hand-built dataset.

The dataset has two cities. 六盘水市 (lps.txt): a task about 危险废物 (lead 环保局, cooperating
the counties) with a sub-task about 医疗废物 (responsible 卫计委), a publicity task and its
sub-task with no unit, a heading whose only unit is on its sub-task, and a 2016 task. 阳江市 (yj.txt, yj2.txt): 2015/2016/2017 task tables in which the lead unit of
整治饮食业油烟 changes, and a 废机油 task whose units stay the same.
"""

from __future__ import annotations

import doctest
import importlib

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.plugins.sparql import prepareQuery

import govkg.queries
from govkg.ontology import GK, ID, TOPIC, ontology_graph
from govkg.queries import (
    NamedQuery,
    ParameterValueError,
    QueryHeaderError,
    UnknownParameterError,
    UnknownQueryError,
    list_queries,
    load_query,
    parse_query_text,
    sparql_literal,
)

EX = Namespace(ID + "test/")

EXPECTED_QUERIES = {
    "regulations-cited": {},
    "role-changes-between-years": {},
    "tasks-due-before": {"date": '"2016-12-31"^^xsd:date'},
    "tasks-of-unit": {"unit": '"市环境保护局"'},
    "tasks-without-responsible": {},
    "units-sharing-tasks": {"unit": '"市环境保护局"'},
    "units-touching-topic": {"topic": '"危险废物"'},
    "workload-by-unit": {},
}

LPS_EPB = "六盘水市环境保护局"
LPS_HEALTH = "六盘水市卫生和计划生育委员会"
LPS_COUNTIES = "各县（市、区）政府"
YJ_EPB = "阳江市环境保护局"
YJ_CITY = "阳江市城市综合管理局"
YJ_POLICE = "阳江市公安局"


# ---------------------------------------------------------------------------
# The dataset
# ---------------------------------------------------------------------------


class _Doc:
    """Builds the graph of one document: tasks with spans, roles, citations, deadlines."""

    def __init__(self, key: str, file_name: str, place: URIRef):
        self.graph = Graph()
        self.iri = EX[key]
        self.key = key
        g = self.graph
        g.add((self.iri, RDF.type, GK.Document))
        g.add((self.iri, GK.fileName, Literal(file_name)))
        g.add((self.iri, GK.sha256, Literal("0" * 64)))
        g.add((self.iri, GK.jurisdiction, place))

    def unit(self, key: str, pref: str, alts: list[str], place: URIRef, cls=GK.Unit) -> URIRef:
        iri = EX[key]
        self.graph.add((iri, RDF.type, cls))
        self.graph.add((iri, SKOS.prefLabel, Literal(pref)))  # the build writes labels as plain strings
        for alt in alts:
            self.graph.add((iri, SKOS.altLabel, Literal(alt)))
        self.graph.add((iri, GK.jurisdiction, place))
        return iri

    def task(
        self,
        key: str,
        line: int,
        text: str,
        *,
        section: str | None = None,
        parent: URIRef | None = None,
        subject: str | None = None,
        deadline: str | None = None,
        deadline_text: str | None = None,
        roles: tuple[tuple[URIRef, URIRef, str], ...] = (),
        cites: tuple[URIRef, ...] = (),
    ) -> URIRef:
        g, iri = self.graph, EX[f"{self.key}/{key}"]
        span = EX[f"{self.key}/{key}/span"]
        g.add((iri, RDF.type, GK.Task))
        g.add((iri, GK.text, Literal(text)))
        g.add((iri, GK.sourceDocument, self.iri))
        g.add((iri, GK.sourceLine, Literal(line)))
        g.add((iri, PROV.wasDerivedFrom, span))
        g.add((span, RDF.type, GK.SourceSpan))
        g.add((span, GK.sourceDocument, self.iri))
        g.add((span, GK.sourceLine, Literal(line)))
        g.add((span, GK.quote, Literal(text)))
        if section:
            g.add((iri, GK.section, Literal(section)))
        if parent is not None:
            g.add((iri, GK.parentTask, parent))
        if subject:
            g.add((iri, DCTERMS.subject, TOPIC[subject]))
        if deadline:
            g.add((iri, GK.deadline, Literal(deadline, datatype=XSD.date)))
        if deadline_text:
            g.add((iri, GK.deadlineText, Literal(deadline_text)))
        for number, (role, unit, role_text) in enumerate(roles):
            assignment = EX[f"{self.key}/{key}/assignment/{number}"]
            g.add((iri, role, unit))
            g.add((iri, GK.involvesUnit, unit))
            g.add((iri, GK.qualifiedAssignment, assignment))
            g.add((assignment, RDF.type, GK.Assignment))
            g.add((assignment, GK.assignedUnit, unit))
            g.add((assignment, GK.role, role))
            g.add((assignment, GK.roleText, Literal(role_text)))
            g.add((assignment, PROV.wasDerivedFrom, span))
        for regulation in cites:
            g.add((iri, GK.cites, regulation))
        return iri

    def regulation(self, key: str, classes: tuple[URIRef, ...], code=None, title=None) -> URIRef:
        iri = EX[f"regulation/{key}"]
        for cls in classes:
            self.graph.add((iri, RDF.type, cls))
        if code:
            self.graph.add((iri, GK.code, Literal(code)))
        if title:
            self.graph.add((iri, DCTERMS.title, Literal(title)))
        return iri


def _places(doc: _Doc) -> None:
    for iri, label in [(EX.lps, "六盘水市"), (EX.yj, "阳江市")]:
        doc.graph.add((iri, RDF.type, GK.Jurisdiction))
        doc.graph.add((iri, RDFS.label, Literal(label)))


def _lps() -> _Doc:
    doc = _Doc("lps", "lps.txt", EX.lps)
    _places(doc)
    epb = doc.unit("lps-epb", LPS_EPB, ["市环境保护局", "市环保局"], EX.lps)
    health = doc.unit("lps-health", LPS_HEALTH, ["市卫生和计划生育委员会"], EX.lps)
    counties = doc.unit("lps-counties", LPS_COUNTIES, [], EX.lps, GK.CollectiveUnit)
    gb = doc.regulation(
        "gb18599", (GK.NationalStandard, GK.Standard, GK.Regulation), code="GB18599-2001"
    )
    db = doc.regulation("db52-865", (GK.LocalStandard,), code="DB52/865-2013")
    parent = doc.task(
        "t1", 10, "加强危险废物监管",
        section="工作任务分解表", subject="hazardous-waste",
        deadline="2016-12-31", deadline_text="2016年底",
        roles=((GK.leadUnit, epb, "牵头单位"), (GK.cooperatingUnit, counties, "配合单位")),
        cites=(gb,),
    )
    doc.task(
        "t2", 11, "规范医疗废物集中处置",
        section="工作任务分解表", parent=parent, subject="medical-waste",
        deadline="2017-06-30", deadline_text="2017年6月底",
        roles=((GK.responsibleUnit, health, "责任单位"),),
        cites=(db,),
    )
    publicity = doc.task(
        "t3", 20, "开展创模宣传", section="工作任务分解表", subject="publicity-education"
    )
    doc.task("t4", 21, "组织志愿者入户宣传", section="工作任务分解表", parent=publicity)
    vehicles = doc.task("t6", 40, "加强机动车污染防治", section="工作任务分解表")
    doc.task(
        "t7", 41, "淘汰黄标车", section="工作任务分解表", parent=vehicles,
        roles=((GK.responsibleUnit, counties, "责任单位"),),
    )
    doc.task(
        "t5", 30, "整治饮食业油烟。", section="2016年工作要点",
        roles=((GK.leadUnit, epb, "牵头单位"),),
    )
    return doc


def _yj() -> _Doc:
    doc = _Doc("yj", "yj.txt", EX.yj)
    epb = doc.unit("yj-epb", YJ_EPB, ["市环境保护局", "市环保局"], EX.yj)
    city = doc.unit("yj-city", YJ_CITY, ["市城市综合管理局", "市城管局"], EX.yj)
    police = doc.unit("yj-police", YJ_POLICE, ["市公安局"], EX.yj)
    gb = doc.regulation("gb18599", (GK.NationalStandard,), code="GB18599-2001")
    permit = doc.regulation("permit", (GK.TitledDocument,), title="危险废物经营许可证管理办法")
    notice = doc.regulation("huanfa-2010-54", (GK.NumberedDocument,), code="环发〔2010〕54号")
    doc.graph.add((doc.iri, GK.cites, notice))
    doc.task(
        "b1", 100, "整治饮食业油烟。", section="2015年任务表",
        deadline="2015-12-31", deadline_text="2015年底",
        roles=((GK.leadUnit, city, "牵头单位"), (GK.responsibleUnit, police, "责任单位")),
    )
    doc.task(
        "b4", 101, "开展废机油回收", section="2015年任务表", subject="waste-mineral-oil",
        roles=((GK.responsibleUnit, epb, "责任单位"), (GK.cooperatingUnit, police, "配合单位")),
    )
    doc.task(
        "b2", 200, "整治饮食业油烟", section="2016年任务表",
        deadline="2016-12-31", deadline_text="2016年底",
        roles=((GK.leadUnit, epb, "牵头单位"), (GK.responsibleUnit, police, "责任单位")),
    )
    doc.task(
        "b3", 201, "开展废机油回收。", section="2016年任务表", subject="waste-mineral-oil",
        deadline_text="长期",
        roles=((GK.responsibleUnit, epb, "责任单位"), (GK.cooperatingUnit, police, "配合单位")),
        cites=(gb, permit),
    )
    return doc


def _yj2() -> _Doc:
    doc = _Doc("yj2", "yj2.txt", EX.yj)
    city = doc.unit("yj-city", YJ_CITY, ["市城市综合管理局", "市城管局"], EX.yj)
    doc.task(
        "c1", 5, "整治饮食业油烟", section="2017年任务表",
        roles=((GK.leadUnit, city, "牵头单位"),),
    )
    return doc


def _load(store: pyoxigraph.Store, graph: Graph, name: str) -> None:
    store.load(
        graph.serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(str(ID[f"graph/{name}"])),
    )


@pytest.fixture(scope="session")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    _load(store, ontology_graph(), "ontology")
    for doc in (_lps(), _yj(), _yj2()):
        _load(store, doc.graph, doc.key)
    # what the build materialises (govkg.graph.rdf, govkg.graph.build), stated as SPARQL
    store.update("""
        PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        INSERT { GRAPH ?g { ?t gk:underTask ?a } } WHERE { GRAPH ?g { ?t a gk:Task ; gk:parentTask* ?a } } ;
        INSERT { GRAPH ?g { ?t gk:aboutTopic ?c } } WHERE { GRAPH ?g { ?t dcterms:subject ?s } GRAPH <%(o)s> { ?s skos:broader* ?c } } ;
        INSERT { GRAPH <%(o)s> { ?c gk:searchLabel ?l } } WHERE { GRAPH <%(o)s> { ?c skos:prefLabel|skos:altLabel ?x } BIND (STR(?x) AS ?l) } ;
        INSERT { GRAPH ?g { ?t gk:repeatKey ?k } } WHERE {
            GRAPH ?g { ?t a gk:Task ; gk:text ?x ; gk:sourceDocument ?d OPTIONAL { ?d gk:jurisdiction ?place } }
            BIND (CONCAT(STR(COALESCE(?place, ?d)), "\t", REPLACE(?x, "[\\\\s\u3000。，、；：！？,.;:!?]", "")) AS ?k) } ;
        INSERT { GRAPH ?g { ?t a gk:UnassignedTask } } WHERE {
            GRAPH ?g { ?t a gk:Task }
            FILTER NOT EXISTS { GRAPH ?g { ?t gk:underTask ?a . ?a gk:involvesUnit ?u } }
            FILTER NOT EXISTS { GRAPH ?g { ?below gk:underTask ?t ; gk:involvesUnit ?v } } } ;
        INSERT { GRAPH ?g { ?t gk:sectionYear ?y } } WHERE {
            GRAPH ?g { ?t a gk:Task ; gk:section ?s } FILTER (REGEX(?s, "(19|20)[0-9]{2}"))
            BIND (REPLACE(?s, "^.*?((19|20)[0-9]{2}).*$", "$1") AS ?y) } ;
        INSERT { GRAPH ?g { _:s a gk:TopicSummary ; gk:summaryTopic ?c ; gk:summaryUnit ?u ; gk:summaryRole ?r ;
                                gk:taskCount ?n ; gk:firstTaskKey ?first } }
        WHERE { { SELECT ?g ?c ?u ?r (COUNT(DISTINCT ?t) AS ?n) (MIN(?key) AS ?first) WHERE {
            GRAPH ?g { ?t gk:aboutTopic ?c ; gk:underTask ?a ; gk:text ?x ; gk:sourceLine ?line ; gk:sourceDocument ?d .
                       ?a gk:qualifiedAssignment ?as . ?as gk:assignedUnit ?u ; gk:role ?r . ?d gk:fileName ?f }
            BIND (CONCAT(?f, "\t", SUBSTR(CONCAT("0000000", STR(?line)), STRLEN(STR(?line)) + 1), "\t", ?x) AS ?key)
        } GROUP BY ?g ?c ?u ?r } } ;
        INSERT { GRAPH ?g { _:s a gk:WorkloadSummary ; gk:summaryUnit ?u ; gk:summaryRole ?r ; gk:taskCount ?n } }
        WHERE { { SELECT ?g ?u ?r (COUNT(DISTINCT ?t) AS ?n) WHERE {
            GRAPH ?g { ?t gk:qualifiedAssignment ?as . ?as gk:assignedUnit ?u ; gk:role ?r }
        } GROUP BY ?g ?u ?r } }
    """ % {"o": ID["graph/ontology"]})
    return store


def _value(term):
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == str(XSD.integer):
        return int(term.value)
    return term.value


def run(store: pyoxigraph.Store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    result = store.query(load_query(name).bound(params), use_default_graph_as_union=True)
    columns = [variable.value for variable in result.variables]
    return [{c: _value(row[c]) for c in columns} for row in result]


def _split(value: str) -> set[str]:
    return set(value.split("; ")) if value else set()


# ---------------------------------------------------------------------------
# Catalogue and loader
# ---------------------------------------------------------------------------


def test_queries_catalog_lists_every_query_with_its_params():
    queries = list_queries()
    assert [q.name for q in queries] == sorted(EXPECTED_QUERIES)
    for query in queries:
        assert query.params == EXPECTED_QUERIES[query.name]
        assert query.description and "\n" not in query.description


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_queries_catalog_query_parses_with_rdflib_after_binding_defaults(query):
    prepareQuery(query.bound())


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_queries_catalog_query_is_self_contained(query):
    assert "SERVICE" not in query.text.upper()
    assert not any(line.strip().upper().startswith("FROM") for line in query.text.splitlines())


def test_queries_catalog_unknown_query_lists_available_names():
    with pytest.raises(UnknownQueryError, match="Available: regulations-cited, ") as caught:
        load_query("units-touching")
    assert isinstance(caught.value, ValueError)
    assert "did you mean units-touching-topic" in str(caught.value)


def test_queries_catalog_unknown_param_lists_declared_params():
    with pytest.raises(UnknownParameterError, match="its parameters are: topic"):
        load_query("units-touching-topic").bound({"topc": "危废"})
    with pytest.raises(UnknownParameterError, match=r"its parameters are: \(none\)"):
        load_query("workload-by-unit").bound({"unit": "x"})


def test_queries_catalog_bound_puts_the_value_in_place_of_the_variable():
    text = load_query("tasks-due-before").bound({"date": "2016-06-30"})
    assert 'FILTER (!(?deadline > "2016-06-30"^^<http://www.w3.org/2001/XMLSchema#date>))' in text
    assert all("?date" not in line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert load_query("workload-by-unit").bound() == load_query("workload-by-unit").text


def test_queries_catalog_parameter_may_not_be_a_result():
    with pytest.raises(QueryHeaderError, match="one of the query's results"):
        parse_query_text('# param: x = "a"\nSELECT ?x ?s WHERE { ?s ?p ?x }', "r")


@pytest.mark.parametrize(
    ("value", "like", "expected"),
    [
        ("危废", '"危险废物"', '"危废"'),
        ('a "quoted" \\ value', '""', '"a \\"quoted\\" \\\\ value"'),
        ("line\nbreak", '""', '"line\\nbreak"'),
        ('"危废"@zh', '"危险废物"', '"危废"@zh'),
        ('"x"', '"y"', '"x"'),
        ("2016-06-30", '"2016-12-31"^^xsd:date', '"2016-06-30"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ('"2016-06-30"^^xsd:date', '"2016-12-31"^^xsd:date', '"2016-06-30"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("<https://w3id.org/govkg/id/x>", '""', "<https://w3id.org/govkg/id/x>"),
        ("5", "10", "5"),
    ],
)
def test_queries_catalog_sparql_literal_quotes_plain_values(value, like, expected):
    assert sparql_literal(value, like=like) == expected


@pytest.mark.parametrize(("value", "like"), [("2016年底", '"2016-12-31"^^xsd:date'), ("ten", "10")])
def test_queries_catalog_sparql_literal_rejects_values_of_wrong_type(value, like):
    with pytest.raises(ParameterValueError, match=repr(value)):
        sparql_literal(value, like=like, param="p")


def test_queries_catalog_parse_query_text_reads_header():
    text = (
        "# description: Demo query\n"
        "# param: who = \"市环保局\"\n"
        "# param: day = \"2016-12-31\"^^xsd:date\n"
        "# a free comment\n"
        "SELECT * WHERE { ?t ?p ?who ; ?q ?day }\n"
    )
    query = parse_query_text(text, "demo")
    assert query == NamedQuery(
        name="demo",
        description="Demo query",
        params={"who": '"市环保局"', "day": '"2016-12-31"^^xsd:date'},
        text=text,
    )
    hash(query)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# param: who\nSELECT * WHERE { ?s ?p ?who }", "expected '# param: <name> = <SPARQL literal>'"),
        ("# param: who = 市环保局\nSELECT * WHERE { ?s ?p ?who }", "must be a SPARQL literal"),
        ('# param: who = "x"\n# param: who = "y"\nSELECT * WHERE { ?s ?p ?who }', "declared twice"),
        ('# param: who = "x"\nSELECT * WHERE { ?s ?p ?o } # ?who', "never uses ?who"),
    ],
)
def test_queries_catalog_parse_query_text_rejects_bad_header(text, message):
    with pytest.raises(QueryHeaderError, match=message.replace("?", r"\?").replace("<", "<")):
        parse_query_text(text, "bad")


def test_queries_catalog_bound_skips_comments_and_strings():
    text = '# param: x = "a"\n# WHERE { ?x is mentioned here\nSELECT ?s WHERE { ?s ?p ?x . FILTER (?s != "?x") }'
    assert parse_query_text(text, "c").bound() == (
        '# param: x = "a"\n# WHERE { ?x is mentioned here\nSELECT ?s WHERE { ?s ?p "a" . FILTER (?s != "?x") }'
    )


def test_queries_catalog_docstring_examples_run():
    result = doctest.testmod(importlib.import_module("govkg.queries"))
    assert result.attempted > 0
    assert result.failed == 0


# ---------------------------------------------------------------------------
# Answers on the tiny dataset
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("units-touching-topic", {"topic": "不存在的主题"}),
        ("tasks-of-unit", {"unit": "不存在的单位"}),
        ("units-sharing-tasks", {"unit": "不存在的单位"}),
        ("tasks-due-before", {"date": "1999-01-01"}),
    ],
)
def test_queries_catalog_param_actually_filters(store, name, params):
    assert run(store, name, params) == []


@pytest.mark.parametrize("topic", ["危险废物", "危废"])
def test_queries_catalog_units_touching_topic_follows_narrower_and_parents(store, topic):
    assert run(store, "units-touching-topic", {"topic": topic}) == [
        {"jurisdiction": "六盘水市", "unit": LPS_HEALTH, "role": "responsible", "tasks": 1,
         "example": "规范医疗废物集中处置", "file": "lps.txt", "line": 11},
        {"jurisdiction": "六盘水市", "unit": LPS_EPB, "role": "lead", "tasks": 2,
         "example": "加强危险废物监管", "file": "lps.txt", "line": 10},
        {"jurisdiction": "六盘水市", "unit": LPS_COUNTIES, "role": "cooperating", "tasks": 2,
         "example": "加强危险废物监管", "file": "lps.txt", "line": 10},
        {"jurisdiction": "阳江市", "unit": YJ_POLICE, "role": "cooperating", "tasks": 2,
         "example": "开展废机油回收", "file": "yj.txt", "line": 101},
        {"jurisdiction": "阳江市", "unit": YJ_EPB, "role": "responsible", "tasks": 2,
         "example": "开展废机油回收", "file": "yj.txt", "line": 101},
    ]


def test_queries_catalog_units_touching_narrow_topic_reaches_parent_units(store):
    rows = run(store, "units-touching-topic", {"topic": "医废"})
    assert [(r["unit"], r["role"], r["tasks"], r["line"]) for r in rows] == [
        (LPS_HEALTH, "responsible", 1, 11),
        (LPS_EPB, "lead", 1, 11),
        (LPS_COUNTIES, "cooperating", 1, 11),
    ]


def test_queries_catalog_tasks_of_unit_matches_alt_label_in_both_cities(store):
    assert run(store, "tasks-of-unit") == [
        {"name": LPS_EPB, "role": "lead", "roleText": "牵头单位", "text": "加强危险废物监管",
         "file": "lps.txt", "line": 10, "deadline": "2016年底"},
        {"name": LPS_EPB, "role": "lead", "roleText": "牵头单位", "text": "整治饮食业油烟。",
         "file": "lps.txt", "line": 30, "deadline": None},
        {"name": YJ_EPB, "role": "responsible", "roleText": "责任单位", "text": "开展废机油回收",
         "file": "yj.txt", "line": 101, "deadline": None},
        {"name": YJ_EPB, "role": "lead", "roleText": "牵头单位", "text": "整治饮食业油烟",
         "file": "yj.txt", "line": 200, "deadline": "2016年底"},
        {"name": YJ_EPB, "role": "responsible", "roleText": "责任单位", "text": "开展废机油回收。",
         "file": "yj.txt", "line": 201, "deadline": "长期"},
    ]


def test_queries_catalog_tasks_of_unit_matches_pref_label_of_one_city(store):
    rows = run(store, "tasks-of-unit", {"unit": LPS_EPB})
    assert [(r["name"], r["line"]) for r in rows] == [(LPS_EPB, 10), (LPS_EPB, 30)]


def test_queries_catalog_regulations_cited_counts_tasks_and_binds_ancestor_units(store):
    rows = run(store, "regulations-cited")
    assert [{**r, "units": _split(r["units"])} for r in rows] == [
        {"code": "GB18599-2001", "title": None, "kind": "NationalStandard", "tasks": 2,
         "units": {LPS_EPB, LPS_COUNTIES, YJ_EPB, YJ_POLICE}},
        {"code": None, "title": "危险废物经营许可证管理办法", "kind": "TitledDocument", "tasks": 1,
         "units": {YJ_EPB, YJ_POLICE}},
        {"code": "DB52/865-2013", "title": None, "kind": "LocalStandard", "tasks": 1,
         "units": {LPS_HEALTH, LPS_EPB, LPS_COUNTIES}},
        {"code": "环发〔2010〕54号", "title": None, "kind": "NumberedDocument", "tasks": 0,
         "units": set()},
    ]


def test_queries_catalog_units_sharing_tasks_counts_shared_tasks(store):
    assert run(store, "units-sharing-tasks") == [
        {"name": YJ_EPB, "other": YJ_POLICE, "shared": 3},
        {"name": LPS_EPB, "other": LPS_COUNTIES, "shared": 1},
    ]
    assert run(store, "units-sharing-tasks", {"unit": "市公安局"}) == [
        {"name": YJ_POLICE, "other": YJ_EPB, "shared": 3},
        {"name": YJ_POLICE, "other": YJ_CITY, "shared": 1},
    ]


def test_queries_catalog_tasks_due_before_includes_the_day_itself(store):
    rows = run(store, "tasks-due-before")
    assert [{**r, "units": _split(r["units"])} for r in rows] == [
        {"deadline": "2015-12-31", "deadlineText": "2015年底", "text": "整治饮食业油烟。",
         "file": "yj.txt", "line": 100, "units": {YJ_CITY, YJ_POLICE}},
        {"deadline": "2016-12-31", "deadlineText": "2016年底", "text": "加强危险废物监管",
         "file": "lps.txt", "line": 10, "units": {LPS_EPB, LPS_COUNTIES}},
        {"deadline": "2016-12-31", "deadlineText": "2016年底", "text": "整治饮食业油烟",
         "file": "yj.txt", "line": 200, "units": {YJ_EPB, YJ_POLICE}},
    ]
    assert [r["line"] for r in run(store, "tasks-due-before", {"date": "2015-12-31"})] == [100]
    later = run(store, "tasks-due-before", {"date": '"2017-06-30"^^xsd:date'})
    assert [(r["line"], _split(r["units"])) for r in later][3] == (
        11, {LPS_HEALTH, LPS_EPB, LPS_COUNTIES}
    )


def test_queries_catalog_tasks_without_responsible_skips_assigned_ancestors_and_sub_tasks(store):
    # 11 inherits from its parent 10; heading 40 is carried by its sub-task 41
    assert run(store, "tasks-without-responsible") == [
        {"file": "lps.txt", "line": 20, "text": "开展创模宣传"},
        {"file": "lps.txt", "line": 21, "text": "组织志愿者入户宣传"},
    ]


def test_queries_catalog_workload_by_unit_counts_tasks_per_role(store):
    rows = run(store, "workload-by-unit")
    assert [(r["jurisdiction"], r["unit"], r["role"], r["tasks"]) for r in rows] == [
        ("六盘水市", LPS_EPB, "lead", 2),
        ("阳江市", YJ_POLICE, "cooperating", 2),
        ("阳江市", YJ_POLICE, "responsible", 2),
        ("阳江市", YJ_CITY, "lead", 2),
        ("阳江市", YJ_EPB, "responsible", 2),
        ("六盘水市", LPS_HEALTH, "responsible", 1),
        ("六盘水市", LPS_COUNTIES, "cooperating", 1),
        ("六盘水市", LPS_COUNTIES, "responsible", 1),
        ("阳江市", YJ_EPB, "lead", 1),
    ]


def test_queries_catalog_role_changes_between_years_within_one_jurisdiction(store):
    rows = run(store, "role-changes-between-years")
    got = [
        {**r, "unitsA": _split(r["unitsA"]), "unitsB": _split(r["unitsB"])} for r in rows
    ]
    b1 = {"lead: " + YJ_CITY, "responsible: " + YJ_POLICE}
    b2 = {"lead: " + YJ_EPB, "responsible: " + YJ_POLICE}
    c1 = {"lead: " + YJ_CITY}
    assert got == [
        {"text": "整治饮食业油烟。", "sectionA": "2015年任务表", "fileA": "yj.txt", "lineA": 100,
         "unitsA": b1, "sectionB": "2016年任务表", "fileB": "yj.txt", "lineB": 200, "unitsB": b2},
        {"text": "整治饮食业油烟。", "sectionA": "2015年任务表", "fileA": "yj.txt", "lineA": 100,
         "unitsA": b1, "sectionB": "2017年任务表", "fileB": "yj2.txt", "lineB": 5, "unitsB": c1},
        {"text": "整治饮食业油烟", "sectionA": "2016年任务表", "fileA": "yj.txt", "lineA": 200,
         "unitsA": b2, "sectionB": "2017年任务表", "fileB": "yj2.txt", "lineB": 5, "unitsB": c1},
    ]


def test_queries_catalog_queries_module_exports_are_honest():
    for name in govkg.queries.__all__:
        assert hasattr(govkg.queries, name)
