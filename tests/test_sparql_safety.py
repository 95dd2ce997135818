"""What ``check_read_only`` refuses and allows, and what the query runner's workers do: answer
in every format, cut at the row cap, die at the timeout or the memory cap, follow the store to
its next version, and reach no network."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from govkg.graph.errors import QueryError, StoreError
from govkg.graph.build import build_store
from govkg.graph.sparql import (
    FORMATS, QueryAbortedError, QueryRefusedError, QueryRunner, QuerySyntaxError, QueryTimeoutError,
    _Worker, check_read_only, find_format, run_sparql,
)
from govkg.graph.store import current_version, select

PLAN = "遵义市任务表\n序号\t工作任务\t牵头单位\t配合单位\n1\t整治扬尘\t市环保局\t市住建局\n2\t规范处置危险废物\t市环保局\t\n"
MORE = "阳江市任务表\n序号\t工作任务\t牵头单位\n1\t治理黑臭水体\t市水务局\n"
UNITS = "SELECT DISTINCT ?l WHERE { ?u a gk:Unit ; skos:prefLabel ?l } ORDER BY ?l"

REFUSED = [
    # (query, keyword the refusal names)
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("delete data { <urn:a> <urn:b> <urn:c> }", "DELETE"),
    ("INSERTDATA{<urn:a><urn:b><urn:c>}", "INSERT"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("LOAD SILENT <http://127.0.0.1:9/data.ttl> INTO GRAPH <urn:g>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("CREATE GRAPH <urn:g>", "CREATE"),
    ("DROP GRAPH <urn:g>", "DROP"),
    ("COPY <urn:a> TO <urn:b>", "COPY"),
    ("MOVE DEFAULT TO <urn:b>", "MOVE"),
    ("ADD <urn:a> TO <urn:b>", "ADD"),
    ("PREFIX ex: <urn:x:> INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
    ("SELECT * { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { ?s ?p ?o SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", "FROM"),
    ("select * from <urn:g> { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", "FROM"),
    ("DESCRIBE ?s FROM <urn:g> WHERE { ?s ?p ?o }", "FROM"),
    ("ASK FROM <urn:g> { ?s ?p ?o }", "FROM"),
    # the engine needs no space after a keyword, nor before a prefixed name
    ("SELECT*FROM<urn:g>{}", "FROM"),
    ("ASKFROM<urn:g>{}", "FROM"),
    ("ASK FROMNAMED<urn:g>{}", "FROM NAMED"),
    ("PREFIX : <urn:x:> ASK FROM:g {}", "FROM"),
    ("PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x { ?a ?b ?c } }", "SERVICE"),
    ("PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICESILENT:x { ?a ?b ?c } }", "SERVICE"),
    # '<' that the engine reads as less-than, where an IRI would hide a string or a comment
    ("SELECT * { ?s ?p ?y FILTER(?y<'>)' ) SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } #'\n }", "SERVICE"),
    ("PREFIX : <urn:x:> SELECT(?x<1AS?y)FROM:g#>\n{}", "FROM"),
    # an escaped '#' in a prefixed name is no comment
    ("PREFIX ex: <urn:x:> SELECT * { ?s ex:a\\# SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
]

ALLOWED = [
    # (query, form)
    ("SELECT ?from WHERE { ?from ?p ?service }", "SELECT"),
    ("SELECT $from WHERE { $from ?p 'service' }", "SELECT"),
    ('SELECT * WHERE { ?s ?p "INSERT DATA { <a> <b> <c> }" }', "SELECT"),
    ('SELECT * WHERE { ?s ?p """FROM <urn:g>\nSERVICE <http://127.0.0.1:9/>""" }', "SELECT"),
    ("SELECT * WHERE { ?s ?p '''it's FROM here''' }", "SELECT"),
    ('SELECT * WHERE { ?s skos:prefLabel "服务 FROM SERVICE"@zh }', "SELECT"),
    ("SELECT * WHERE { ?s ?p ?o } # FROM <urn:g> SERVICE <http://127.0.0.1:9/> INSERT", "SELECT"),
    ("# DROP ALL\nASK { ?s ?p ?o }", "ASK"),
    ("SELECT * WHERE { ?s <http://example.org/service/from/load> ?o }", "SELECT"),
    ("SELECT * WHERE { ?s <http://example.org/load#insert> ?o FILTER(?o = <http://example.org/services#x>) }", "SELECT"),
    ("PREFIX ex: <http://example.org/service#> SELECT * WHERE { ?s ex:from ex:service }", "SELECT"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o<3&&?o>1) }", "SELECT"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) }", "SELECT"),
    ('SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "from")) }', "SELECT"),
    ("select distinct ?u where { ?u a gk:Unit }", "SELECT"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3", "CONSTRUCT"),
    ("CONSTRUCT WHERE { ?s a gk:Task }", "CONSTRUCT"),
    ("DESCRIBE <https://w3id.org/govkg/id/x>", "DESCRIBE"),
    ("BASE <http://example.org/> PREFIX ex: <x#> ASK { ?s ex:p ?o }", "ASK"),
    ("SELECT * WHERE { ?s <http://example.org/a\\u0041#b> ?o }", "SELECT"),
]


@pytest.mark.parametrize("query, keyword", REFUSED)
def test_sparql_check_refuses(query, keyword):
    with pytest.raises(QueryRefusedError) as caught:
        check_read_only(query)
    error = caught.value
    message = str(error)
    assert error.keyword == keyword
    assert message.startswith(f"{keyword} is refused: ")
    assert "\n" not in message and f"line {error.line}, column {error.column}" in message
    assert isinstance(error, QueryError)


@pytest.mark.parametrize("query, form", ALLOWED)
def test_sparql_check_allows(query, form):
    assert check_read_only(query) == form


@pytest.mark.parametrize("query, reason", [
    ("SELECT * { SERVICE <x:y> {} }", "a query may not call other endpoints over the network"),
    ("SELECT * FROM <urn:g> {}", "use GRAPH <iri> { … } to read one graph"),
    ("SELECT * FROM NAMED <urn:g> {}", "use GRAPH ?g { … } to read them"),
    ("LOAD <urn:g>", "SPARQL Update is not allowed, the store is read-only here"),
])
def test_sparql_check_says_why(query, reason):
    with pytest.raises(QueryRefusedError, match=re.escape(reason)):
        check_read_only(query)


def test_sparql_check_points_at_the_keyword():
    query = "PREFIX ex: <urn:x:>\nSELECT *\n  FROM <urn:g>\nWHERE { ?s ?p ?o }"
    with pytest.raises(QueryRefusedError) as caught:
        check_read_only(query)
    assert (caught.value.line, caught.value.column) == (3, 3)
    assert str(caught.value).endswith("(line 3, column 3)")


def test_sparql_check_names_the_longer_word_that_hides_a_keyword():
    with pytest.raises(QueryRefusedError, match=r"\(line 1, column 1, in 'ASKFROM'\)$"):
        check_read_only("ASKFROM<urn:g>{}")


@pytest.mark.parametrize("query, message", [
    ("", "expected a SPARQL query, found an empty text"),
    ("  # nothing but a comment\n", "expected a SPARQL query, found an empty text"),
    ("PREFIX ex: <urn:x:>", "found nothing but a prologue"),
    ("SELEC * { ?s ?p ?o }", "expected a SELECT, ASK, CONSTRUCT or DESCRIBE query, found 'SELEC' at line 1, column 1"),
    ("SELECT * { ?s ex:p ?o }", "undeclared prefix 'ex:' at line 1, column 15; declare it (PREFIX ex: <…>)"),
    ("PREFIX ex: <urn:x:>\nSELECT * { ?s ex:p foaf:name }", "undeclared prefix 'foaf:' at line 2, column 20"),
])
def test_sparql_check_syntax_errors_say_where(query, message):
    with pytest.raises(QuerySyntaxError) as caught:
        check_read_only(query)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_sparql_check_gives_up_on_endless_ambiguity_rather_than_hang():
    # every '(?x<…#>' may be an IRI or a less-than; the readings are bounded, not exponential
    query = "SELECT * { FILTER(" + "(?x<a#>\n" * 3000 + ") }"
    started = time.monotonic()
    try:
        check_read_only(query)
    except QueryError:
        pass
    assert time.monotonic() - started < 5.0


@pytest.mark.parametrize("name, form, media_type", [
    ("json", "SELECT", "application/sparql-results+json"),
    ("application/json", "ASK", "application/sparql-results+json"),
    ("xml", "CONSTRUCT", "application/rdf+xml"),
    ("text/tab-separated-values", "SELECT", "text/tab-separated-values"),
    ("ttl", "DESCRIBE", "text/turtle"),
    ("json-ld", "CONSTRUCT", "application/ld+json"),
    ("nt", "CONSTRUCT", "application/n-triples"),
])
def test_sparql_find_format(name, form, media_type):
    assert find_format(name, form).media_type == media_type


# -- the runner ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sparql")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    build_store([root / "plan.txt"], root / "kg", progress=None)
    return root / "kg"


@pytest.fixture(scope="module")
def runner(small_store):
    with QueryRunner(small_store, workers=2, timeout=5.0, max_rows=3) as runner:
        yield runner


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
def test_sparql_runner_answers_in_every_format(runner, small_store, fmt):
    kind = next(f.kind for f in FORMATS if f.name == fmt)
    if kind == "solutions":
        answer = runner.run(UNITS, format=fmt)
        expected = select(small_store, UNITS).rows
        if fmt in ("json", "xml", "tsv"):
            parsed = ox.parse_query_results(answer.body, format=getattr(ox.QueryResultsFormat, fmt.upper()))
            assert [[s["l"].value] for s in parsed] == expected
        else:
            assert answer.body.decode().split("\r\n")[1:-1] == [row[0] for row in expected]
    else:
        query = "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a gk:Unit ; skos:prefLabel ?l }"
        answer = runner.run(query, format=fmt)
        rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        labels = sorted(t.object.value for t in ox.parse(answer.body, format=rdf))
        assert sorted(set(labels)) == [row[0] for row in select(small_store, UNITS).rows]
    assert answer.format.name == fmt and not answer.truncated


def test_sparql_runner_keeps_every_kind_of_term(runner):
    query = r"""SELECT ?i ?b ?l ?t ?u WHERE {
      VALUES ?u { UNDEF }
      BIND(<https://w3id.org/govkg/id/x> AS ?i) BIND(BNODE() AS ?b) BIND("市\t环\"保\n局"@zh AS ?l)
      BIND(<<( <urn:a> <urn:b> <<( <urn:c> <urn:d> 4 )>> )>> AS ?t)
    }"""
    (row,) = runner.run(query).json()["results"]["bindings"]
    assert row["i"] == {"type": "uri", "value": "https://w3id.org/govkg/id/x"}
    assert row["b"]["type"] == "bnode"
    assert row["l"] == {"type": "literal", "value": "市\t环\"保\n局", "xml:lang": "zh"}
    assert row["t"]["value"]["object"]["value"]["object"] == {"type": "literal", "value": "4",
                                                             "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert "u" not in row


def test_sparql_runner_cuts_at_the_row_cap(runner):
    answer = runner.run("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert (answer.rows, answer.truncated) == (3, True)
    assert len(answer.json()["results"]["bindings"]) == 3
    triples = runner.run("CONSTRUCT WHERE { ?s ?p ?o }", format="ntriples")
    assert (triples.rows, triples.truncated) == (3, True)
    assert len(triples.body.decode().splitlines()) == 3
    exact = runner.run("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }")
    assert (exact.rows, exact.truncated) == (3, False)


def test_sparql_runner_reports_the_engine_syntax_error_with_its_position(runner):
    with pytest.raises(QuerySyntaxError) as caught:
        runner.run("SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT ten\n")
    assert (caught.value.line, caught.value.column) == (3, 9)
    assert str(caught.value) == ("SPARQL syntax error at line 3, column 9 (near 'ten'): "
                                 "expected one of HAVING, OFFSET, OPTIONAL, VALUES")


def test_sparql_runner_refuses_before_running(runner):
    with pytest.raises(QueryRefusedError):
        runner.run("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_sparql_runner_refuses_a_format_the_form_cannot_have(runner):
    with pytest.raises(QueryError, match="format 'csv' is not available for a CONSTRUCT query; choose one of: turtle"):
        runner.run("CONSTRUCT WHERE { ?s ?p ?o }", format="csv")


def test_sparql_runner_kills_a_query_at_its_timeout_and_goes_on(runner):
    before = {w.process.pid for w in runner._all}
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="ran longer than 1 s and was stopped"):
        runner.run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
                   timeout=1.0)
    assert time.monotonic() - started < 3.0
    after = {w.process.pid for w in runner._all}
    (killed,) = before - after
    with pytest.raises(ProcessLookupError):
        __import__("os").kill(killed, 0)  # gone and reaped, not a zombie
    assert runner.run("ASK { ?s a gk:Unit }").json()["boolean"] is True


def test_sparql_runner_caps_a_workers_memory(small_store):
    with QueryRunner(small_store, workers=1, timeout=60.0, memory_limit=700 << 20) as capped:
        started = time.monotonic()
        with pytest.raises(QueryAbortedError, match=r"ran out of memory \(a worker may use 700 MiB\)"):
            capped.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g")
        assert time.monotonic() - started < 30.0
        assert capped.run("ASK { ?s a gk:Task }").json()["boolean"] is True


def test_sparql_runner_follows_the_store_to_its_next_version(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MORE, encoding="utf-8")
    build_store([tmp_path / "a.txt"], tmp_path / "kg", progress=None)
    first = current_version(tmp_path / "kg")
    with QueryRunner(tmp_path / "kg", workers=1) as runner:
        before = runner.run(UNITS, format="csv").body.decode().split()
        build_store([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "kg", progress=None)
        assert current_version(tmp_path / "kg") != first
        after = runner.run(UNITS, format="csv").body.decode().split()
    assert "阳江市水务局" not in before and "阳江市水务局" in after


def test_sparql_runner_needs_a_store(tmp_path):
    with pytest.raises(StoreError, match="no govkg store here"):
        QueryRunner(tmp_path / "nothing")


def test_sparql_run_sparql_runs_one_query(small_store):
    answer = run_sparql(small_store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gk:Task }", format="tsv")
    assert answer.body.decode().split() == ["?n", "2"]


def _can_unshare_network() -> bool:
    probe = ("import ctypes, sys; libc = ctypes.CDLL(None, use_errno=True); "
             "sys.exit(0 if libc.unshare(0x40000000) == 0 or libc.unshare(0x50000000) == 0 else 1)")
    return sys.platform.startswith("linux") and subprocess.run([sys.executable, "-c", probe]).returncode == 0


def test_sparql_workers_have_no_network_even_if_a_service_got_through(small_store):
    """Defence in depth: a SERVICE sent straight to a worker (as if the check had a hole)."""
    if not _can_unshare_network():
        pytest.skip("this system lets no process take a network namespace of its own")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    worker = _Worker(small_store, None, sandbox=True)
    try:
        header, _ = worker.ask({"query": f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                                "format": "json", "max_rows": 10}, time.monotonic() + 10)
        assert header["isolated"] is True
        assert header["ok"] is False and "unreachable" in header["message"].lower()
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        worker.kill()
        listener.close()
