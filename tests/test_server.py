"""``govkg serve`` as analysts' tools see it: SPARQLWrapper (and plain HTTP where a test needs
exact headers) against a real server on a free loopback port, over a real store built from the
example corpus."""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import importlib.util
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from govkg.graph.build import build_store
from govkg.graph.server import ServerError, make_server
from govkg.graph.store import current_version, open_store, select
from govkg.ontology.vocabulary import PREFIXES
from govkg.queries import list_queries

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
PLAN = "遵义市任务表\n序号\t工作任务\t牵头单位\t配合单位\n1\t整治扬尘\t市环保局\t市住建局\n2\t规范处置危险废物\t市环保局\t\n"
TIMEOUT = 2.0
MAX_ROWS = 500
ORIGIN = "https://analyst.example"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TASKS = "SELECT ?task ?line ?text WHERE { ?task a gk:Task ; gk:sourceLine ?line ; gk:text ?text } ORDER BY ?task LIMIT 3"
UNIT_LABELS = "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a gk:Unit ; skos:prefLabel ?l }"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@contextmanager
def running(store: Path, **options):
    server = make_server(store, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("serve") / "kg"
    build_store(sorted(CORPUS.glob("*.txt")), store, progress=None)
    return store


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("serve-small")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    build_store([root / "plan.txt"], root / "small", progress=None)
    return root / "small"


@pytest.fixture(scope="module")
def server(corpus_store):
    with running(corpus_store, max_rows=MAX_ROWS, workers=4) as server:
        yield server


@pytest.fixture(scope="module")
def quick_server(corpus_store):
    """A server with a short timeout, for the query that never ends."""
    with running(corpus_store, timeout=TIMEOUT, workers=2) as server:
        yield server


@pytest.fixture(scope="module")
def cors_server(small_store):
    with running(small_store, cors=ORIGIN, workers=1) as server:
        yield server


def sparql(server, query: str, fmt: str = JSON, *, method: str = GET, request: str = URLENCODED) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    if method == POST:
        client.setRequestMethod(request)
    return client


def http(server, path: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one plain request."""
    request = urllib.request.Request(server.url.rstrip("/") + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def get(server, query: str, **params) -> tuple:
    accept = params.pop("accept", None)
    url = "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return http(server, url, headers={"Accept": accept} if accept else {})


def triples(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(body, format=fmt)}


# -- result formats ------------------------------------------------------------------------


def test_server_json_bindings_carry_types(server, corpus_store):
    result = sparql(server, TASKS).query()
    assert result.info()["content-type"] == "application/sparql-results+json"
    data = result.convert()
    assert data["head"]["vars"] == ["task", "line", "text"]
    bindings = data["results"]["bindings"]
    expected = select(corpus_store, TASKS).rows
    assert [[b["task"]["value"], int(b["line"]["value"]), b["text"]["value"]] for b in bindings] == expected
    first = bindings[0]
    assert first["task"]["type"] == "uri"
    assert first["line"] == {"type": "literal", "value": str(expected[0][1]), "datatype": XSD_INTEGER}
    assert first["text"]["type"] == "literal" and "datatype" not in first["text"]


def test_server_xml_results(server, corpus_store):
    result = sparql(server, TASKS, XML).query()
    assert result.info()["content-type"] == "application/sparql-results+xml"
    document = result.convert()
    assert isinstance(document, Document)
    assert [v.getAttribute("name") for v in document.getElementsByTagName("variable")] == ["task", "line", "text"]
    lines = [b for b in document.getElementsByTagName("binding") if b.getAttribute("name") == "line"]
    literal = lines[0].getElementsByTagName("literal")[0]
    assert literal.getAttribute("datatype") == XSD_INTEGER
    assert literal.firstChild.data == str(select(corpus_store, TASKS).rows[0][1])


def test_server_csv_and_tsv(server, corpus_store):
    expected = select(corpus_store, TASKS).rows
    csv_result = sparql(server, TASKS, CSV).query()
    assert csv_result.info()["content-type"] == "text/csv; charset=utf-8"
    csv_lines = csv_result.convert().decode("utf-8").split("\r\n")
    assert csv_lines[0] == "task,line,text"
    assert csv_lines[1].startswith(f"{expected[0][0]},{expected[0][1]},")
    tsv_result = sparql(server, TASKS, TSV).query()
    assert tsv_result.info()["content-type"] == "text/tab-separated-values; charset=utf-8"
    tsv_lines = tsv_result.convert().decode("utf-8").split("\n")
    assert tsv_lines[0] == "?task\t?line\t?text"
    assert tsv_lines[1].startswith(f"<{expected[0][0]}>\t{expected[0][1]}\t\"")


def test_server_ask_in_json_and_csv(server):
    assert sparql(server, "ASK { ?u a gk:Unit }").query().convert()["boolean"] is True
    assert get(server, "ASK { ?u a gk:Nothing }", accept="text/csv")[2] == b"false"


def test_server_construct_in_turtle_ntriples_and_jsonld(server, corpus_store):
    with open_store(corpus_store) as st:
        expected = {(str(t.subject), str(t.predicate), str(t.object))
                    for t in st.query(UNIT_LABELS, use_default_graph_as_union=True, prefixes=PREFIXES)}
    turtle = sparql(server, UNIT_LABELS, TURTLE).query()
    assert turtle.info()["content-type"] == "text/turtle; charset=utf-8"
    turtle_body = turtle.response.read()
    assert b"@prefix skos: <http://www.w3.org/2004/02/skos/core#>" in turtle_body
    assert triples(turtle_body, ox.RdfFormat.TURTLE) == expected
    jsonld = sparql(server, UNIT_LABELS, JSONLD).query()
    assert jsonld.info()["content-type"] == "application/ld+json"
    assert triples(jsonld.response.read(), ox.RdfFormat.JSON_LD) == expected
    client = sparql(server, UNIT_LABELS, TURTLE)
    client.setOnlyConneg(True)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    ntriples = client.query()
    assert ntriples.info()["content-type"] == "application/n-triples"
    assert triples(ntriples.response.read(), ox.RdfFormat.N_TRIPLES) == expected
    assert len(expected) > 100


def test_server_describe(server, corpus_store):
    unit = select(corpus_store, "SELECT ?u WHERE { ?u a gk:Unit } ORDER BY ?u LIMIT 1").rows[0][0]
    status, headers, body = get(server, f"DESCRIBE <{unit}>", accept="text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    predicates = {p for _, p, _ in triples(body, ox.RdfFormat.TURTLE)}
    assert "<http://www.w3.org/2004/02/skos/core#prefLabel>" in predicates


# -- protocol ------------------------------------------------------------------------------


def test_server_get_urlencoded_post_and_direct_post_agree(server):
    answers = [
        sparql(server, TASKS).query().convert(),
        sparql(server, TASKS, method=POST, request=URLENCODED).query().convert(),
        sparql(server, TASKS, method=POST, request=POSTDIRECTLY).query().convert(),
    ]
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]["results"]["bindings"]) == 3


def test_server_direct_post_reads_the_body_as_the_query(server):
    body = "SELECT (COUNT(*) AS ?n) WHERE { ?u a gk:Unit }".encode("utf-8")
    status, headers, data = http(server, "/sparql?format=csv", data=body,
                                 headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert status == 200 and data.decode().split()[0] == "n"


@pytest.mark.parametrize("query, accept, content_type", [
    (TASKS, "*/*", "application/sparql-results+json"),
    (UNIT_LABELS, "*/*", "text/turtle; charset=utf-8"),
    (TASKS, None, "application/sparql-results+json"),
    (TASKS, "*", "application/sparql-results+json"),
    (TASKS, "application/*", "application/sparql-results+json"),
    (TASKS, "text/*", "text/csv; charset=utf-8"),
    (TASKS, "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1", "application/sparql-results+xml"),
    (TASKS, "text/csv, text/tab-separated-values", "text/csv; charset=utf-8"),
    (TASKS, "application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    (TASKS, "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
     "application/sparql-results+xml"),
    (UNIT_LABELS, "application/n-triples;q=0.5, application/ld+json", "application/ld+json"),
    (UNIT_LABELS, "text/html,*/*;q=0.8", "text/turtle; charset=utf-8"),
    ("ASK {}", "application/json", "application/sparql-results+json"),
    (UNIT_LABELS, "application/json", "application/ld+json"),
])
def test_server_negotiates_real_accept_headers(server, query, accept, content_type):
    status, headers, _ = get(server, query, accept=accept)
    assert (status, headers["Content-Type"]) == (200, content_type)
    assert headers["Vary"] == "Accept"


@pytest.mark.parametrize("param, value, content_type", [
    ("format", "csv", "text/csv; charset=utf-8"),
    ("format", "text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("output", "xml", "application/sparql-results+xml"),
])
def test_server_format_parameter_overrides_accept(server, param, value, content_type):
    status, headers, _ = get(server, TASKS, accept="application/sparql-results+json", **{param: value})
    assert (status, headers["Content-Type"]) == (200, content_type)


@pytest.mark.parametrize("query, params, message", [
    (TASKS, {"accept": "image/png"}, "no acceptable format for a SELECT query (Accept: image/png); available: "
                                     "application/sparql-results+json (json)"),
    (UNIT_LABELS, {"accept": "text/csv"}, "available: text/turtle (turtle), application/n-triples (ntriples)"),
    (UNIT_LABELS, {"format": "csv"}, "no acceptable format for a CONSTRUCT query (format=csv)"),
])
def test_server_406_only_when_nothing_fits(server, query, params, message):
    status, _, body = get(server, query, **params)
    assert status == 406
    assert message in body.decode()


# -- refusals ------------------------------------------------------------------------------

UPDATE_FORM = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("request_args, status, reason", [
    ({"path": "/sparql", "data": UPDATE_FORM, "headers": FORM}, 400,
     "SPARQL Update is refused: this endpoint is read-only (the request has an update= parameter)"),
    ({"path": "/sparql", "data": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
      "headers": {"Content-Type": "application/sparql-update"}}, 400,
     "SPARQL Update is refused: this endpoint is read-only (the request body is application/sparql-update)"),
    ({"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, 400,
     "INSERT is refused: SPARQL Update is not allowed, the store is read-only here (line 1, column 1)"),
    ({"query": "LOAD <http://127.0.0.1:9/evil.ttl>"}, 400, "LOAD is refused: SPARQL Update is not allowed"),
    ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, 400,
     "SERVICE is refused: a query may not call other endpoints over the network (line 1, column 12)"),
    ({"query": "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"}, 400,
     "FROM is refused: a query reads the whole store (the union of its graphs)"),
    ({"query": "SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }"}, 400,
     "FROM NAMED is refused: every graph of the store is already named"),
    ({"query": "ASK {}", "default-graph-uri": "urn:g"}, 400, "default-graph-uri is refused"),
    ({"query": "ASK {}", "named-graph-uri": "urn:g"}, 400, "named-graph-uri is refused"),
    ({"path": "/sparql"}, 400, "expected one query (GET /sparql?query=… or POST), found none"),
    ({"path": "/sparql", "data": b"query=ASK%7B%7D", "headers": {"Content-Type": "text/plain"}}, 415,
     "expected a body of application/sparql-query or application/x-www-form-urlencoded, got text/plain"),
])
def test_server_refuses_with_the_reason(server, request_args, status, reason):
    args = dict(request_args)
    if "path" in args:
        got = http(server, args.pop("path"), **args)
    else:
        got = get(server, args.pop("query"), **args)
    assert got[0] == status
    body = got[2].decode("utf-8")
    assert reason in body and body.count("\n") == 1
    assert got[1]["Content-Type"] == "text/plain; charset=utf-8"


def test_server_keeps_the_connection_sound_after_a_refused_post(server):
    connection = HTTPConnection(*server.server_address[:2], timeout=30)
    try:
        connection.request("POST", "/sparql", body=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                           headers={"Content-Type": "application/sparql-update"})
        refused = connection.getresponse()
        assert refused.status == 400 and refused.getheader("Connection") is None
        refused.read()
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}), headers={"Accept": "text/csv"})
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (200, b"true")  # the same connection, not the old body
        connection.request("POST", "/query", body=b"x" * 100)
        unread = connection.getresponse()
        assert (unread.status, unread.getheader("Connection")) == (405, "close")
    finally:
        connection.close()


def test_server_form_body_may_carry_raw_utf8(cors_server):
    body = 'query=ASK { ?u skos:prefLabel "遵义市环境保护局" }&format=csv'.encode("utf-8")  # as curl -d sends it
    status, _, answer = http(cors_server, "/sparql", data=body, headers=FORM)
    assert (status, answer) == (200, b"true")


def test_server_refusals_reach_sparqlwrapper_as_bad_queries(server):
    update = sparql(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", method=POST)
    with pytest.raises(QueryBadFormed, match="read-only"):
        update.query()
    for query in ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SELECT * FROM <urn:g> { ?s ?p ?o }",
                  "SELECT * FROM NAMED <urn:g> { ?s ?p ?o }"):
        with pytest.raises(QueryBadFormed, match="is refused"):
            sparql(server, query).query()


def test_server_service_makes_no_request(server):
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for query in (
            f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
            f"PREFIX : <http://127.0.0.1:{port}/> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
            f"SELECT * {{ ?s ?p ?y FILTER(?y<'>)' ) SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} #'\n }}",
        ):
            assert get(server, query)[0] == 400
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_server_syntax_error_is_400_with_the_position(server):
    with pytest.raises(QueryBadFormed) as caught:
        sparql(server, "SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT ten").query()
    assert "SPARQL syntax error at line 3, column 9 (near 'ten'): expected" in str(caught.value)
    status, _, body = get(server, "SELECT * { ?s ex:p ?o }")
    assert status == 400
    assert body.decode().startswith("undeclared prefix 'ex:' at line 1, column 15;")


# -- limits --------------------------------------------------------------------------------


def test_server_stops_a_heavy_query_at_its_timeout_and_serves_the_next(quick_server):
    workers = {w.process.pid for w in quick_server.runner._all}
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql(quick_server, CARTESIAN).query()
    elapsed = time.monotonic() - started
    assert caught.value.code == 503
    assert caught.value.read().decode() == f"the query ran longer than {TIMEOUT:g} s and was stopped; narrow it down or add a LIMIT\n"
    assert TIMEOUT <= elapsed < TIMEOUT + 2.0
    answer = sparql(quick_server, "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a gk:Unit }").query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) > 100
    killed = workers - {w.process.pid for w in quick_server.runner._all}
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)


def test_server_cuts_at_the_row_cap_and_says_so(server):
    status, headers, body = get(server, "SELECT ?t WHERE { ?t a gk:Task }")
    assert status == 200
    assert (headers["Govkg-Truncated"], headers["Govkg-Rows"], headers["Govkg-Max-Rows"]) == ("true", str(MAX_ROWS), str(MAX_ROWS))
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, _ = get(server, TASKS)
    assert (headers["Govkg-Truncated"], headers["Govkg-Rows"]) == ("false", "3")


def test_server_answers_50_concurrent_clients(server, corpus_store):
    tasks = select(corpus_store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gk:Task }").rows[0][0]
    clients = 50
    start = threading.Barrier(clients)

    def client(k: int) -> tuple[int, int]:
        query = f"SELECT ?k (COUNT(DISTINCT ?t) AS ?n) WHERE {{ VALUES ?k {{ {k} }} ?t a gk:Task }} GROUP BY ?k"
        wrapper = sparql(server, query, method=POST if k % 2 else GET)
        start.wait()
        binding = wrapper.query().convert()["results"]["bindings"][0]
        return int(binding["k"]["value"]), int(binding["n"]["value"])

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    assert answers == [(k, tasks) for k in range(clients)]
    assert elapsed < 30.0


# -- pages and headers ---------------------------------------------------------------------


def test_server_cors_is_off_by_default(server):
    for status, headers, _ in (get(server, "ASK {}", accept="*/*"),
                               http(server, "/sparql", method="OPTIONS",
                                    headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})):
        assert status in (200, 204)
        assert "Access-Control-Allow-Origin" not in headers


def test_server_cors_on_for_the_given_origin(cors_server):
    status, headers, _ = get(cors_server, "ASK {}")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Govkg-Truncated" in headers["Access-Control-Expose-Headers"]
    assert "Origin" in headers["Vary"]
    status, headers, _ = get(cors_server, "SELECT * FROM <urn:g> {}")
    assert status == 400 and headers["Access-Control-Allow-Origin"] == ORIGIN  # errors are readable too
    status, headers, _ = http(cors_server, "/sparql", method="OPTIONS",
                              headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_server_serves_the_explorer_at_root(cors_server):
    status, headers, body = http(cors_server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert "<title>govkg · small</title>" in page
    assert "Content-Security-Policy" in page and "遵义市环境保护局" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    started = time.monotonic()
    assert http(cors_server, "/")[2] == body  # built once per store version
    assert time.monotonic() - started < 1.0


def test_server_serves_an_offline_query_page(cors_server):
    status, headers, body = http(cors_server, "/query")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert '<textarea id="query" name="query"' in page and '<select id="format" name="format">' in page
    assert '<form id="form" method="get" action="/sparql">' in page and '<table id="results"' in page
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = headers["Content-Security-Policy"]
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    named = json.loads(re.search(r'<script type="application/json" id="named-queries">(.*?)</script>', page, re.DOTALL).group(1))
    assert {q["name"] for q in named} == {q.name for q in list_queries()}


def test_server_health_names_the_store_version(cors_server, small_store):
    status, headers, body = http(cors_server, "/health")
    health = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert health["version"] == current_version(small_store).name
    assert (health["status"], health["workers"]) == ("ok", 1)


@pytest.mark.parametrize("host, status", [
    ("evil.example", 403), ("evil.example:7878", 403), ("localhost", 200), ("127.0.0.1:1234", 200), ("[::1]:80", 200),
])
def test_server_refuses_foreign_host_names(cors_server, host, status):
    got = http(cors_server, "/health", headers={"Host": host})
    assert got[0] == status
    if status == 403:
        assert "is not this server's name" in got[2].decode()


@pytest.mark.parametrize("path, method, status", [("/nothing", "GET", 404), ("/query", "POST", 405), ("/sparql", "PUT", 501)])
def test_server_other_paths_and_methods(cors_server, path, method, status):
    assert http(cors_server, path, method=method, data=b"" if method != "GET" else None)[0] == status


#: every named query, through the endpoint, gives what select() gives in process
FAST_NAMED = list_queries()


@pytest.mark.parametrize("query", FAST_NAMED, ids=[q.name for q in FAST_NAMED])
def test_server_named_queries_answer_as_the_embedded_store(server, corpus_store, query):
    text = query.bound({})
    answer = sparql(server, text).query().convert()
    expected = select(corpus_store, text)
    assert answer["head"]["vars"] == expected.variables
    got = [tuple(b[v]["value"] if v in b else None for v in expected.variables) for b in answer["results"]["bindings"]]
    want = [tuple(None if x is None else str(x).lower() if isinstance(x, bool) else str(x) for x in row)
            for row in expected.rows]
    assert len(want) <= MAX_ROWS
    assert sorted(got, key=str) == sorted(want, key=str)


def test_server_binds_to_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_server_says_when_the_port_is_taken(small_store, cors_server):
    port = cors_server.server_address[1]
    with pytest.raises(ServerError, match=f"cannot listen on 127.0.0.1:{port}: .*; choose another --port"):
        make_server(small_store, port=port)


# -- the query page in a browser -------------------------------------------------------------


@pytest.mark.browser
def test_server_query_page_runs_a_query_in_chromium(cors_server, small_store, tmp_path):
    spec = importlib.util.spec_from_file_location("browser_helpers", Path(__file__).resolve().parent / "browser.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    helpers.require_browser()
    from selenium.webdriver.common.by import By

    browser = helpers.headless_chromium(tmp_path / "profile")
    try:
        browser.get(cors_server.url + "query")
        box = browser.find_element(By.ID, "query")
        box.clear()
        labels = "SELECT DISTINCT ?label WHERE { ?u a gk:Unit ; skos:prefLabel ?label } ORDER BY ?label"
        box.send_keys(labels)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        deadline = time.monotonic() + 20
        while not browser.execute_script("return !document.getElementById('results').hidden"):
            assert time.monotonic() < deadline, browser.find_element(By.ID, "status").text
            time.sleep(0.1)
        cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#results tbody td")]
        assert cells == [row[0] for row in select(small_store, labels).rows]
        assert "遵义市环境保护局" in cells
        assert "rows in" in browser.find_element(By.ID, "status").text
        box.clear()
        box.send_keys("SELECT * FROM <urn:g> { ?s ?p ?o }")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        deadline = time.monotonic() + 20
        while "400" not in browser.find_element(By.ID, "status").text:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert "FROM is refused" in browser.find_element(By.ID, "status").text
        problems = [e for e in browser.get_log("browser")
                    if e["level"] == "SEVERE" and "/sparql" not in e["message"]]  # the 400 itself is logged
        assert problems == []
        requested = [m["params"]["request"]["url"] for e in browser.get_log("performance")
                     if (m := json.loads(e["message"])["message"])["method"] == "Network.requestWillBeSent"]
        network = [url for url in requested if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]
        assert f"{cors_server.url}query" in network
        assert all(url.startswith(cors_server.url) for url in network)
    finally:
        browser.quit()
