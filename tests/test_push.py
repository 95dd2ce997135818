"""Push and remote queries against a small in-process Graph Store (no Virtuoso needed): the
requests sent (PUT then POST batches, blank nodes together, DELETE only of govkg graphs), Basic
auth, and errors that name the endpoint, the graph and what the server said."""

from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from govkg.graph.errors import QueryError, StoreError
from govkg.graph.build import build_store
from govkg.graph.push import push
from govkg.graph.remote import remote_select
from govkg.graph.store import open_store

PLAN = "遵义市大气污染防治任务分解表\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t规范处置危险废物\t市环保局\t市公安局\t2016年底\n"
STALE = "https://w3id.org/govkg/id/document/0000000000000000"
FOREIGN = "http://example.org/not-ours"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _serve(self) -> None:
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        server.seen.append({"method": self.command, "path": parts.path, "params": parse_qs(parts.query),
                            "headers": dict(self.headers), "body": body})
        if server.credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(server.credentials).encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self._answer(401, b"", {"WWW-Authenticate": 'Basic realm="stub"'})
        if self.command in server.fail:
            status, text = server.fail[self.command]
            return self._answer(status, text.encode(), {"Content-Type": "text/plain"})
        if parts.path == "/sparql":
            bindings = [{"g": {"type": "uri", "value": g}} for g in server.listing]
            data = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": bindings}}).encode()
            return self._answer(200, data, {"Content-Type": "application/sparql-results+json"})
        self._answer(201 if self.command == "PUT" else 204 if self.command != "HEAD" else 200, b"")

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET = do_PUT = do_POST = do_DELETE = _serve


@pytest.fixture
def stub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.seen, server.credentials, server.fail, server.listing = [], None, {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("push")
    (root / "plan.txt").write_text(PLAN, encoding="utf-8")
    build_store([root / "plan.txt"], root / "kg", progress=None)
    return root / "kg"


def _graph_requests(stub, graph: str) -> list[dict]:
    return [r for r in stub.seen if r["path"] == "/gsp" and r["params"].get("graph") == [graph]]


def test_push_puts_each_graph_then_posts_its_batches(stub, store):
    report = push(store, stub.url + "/gsp", batch_bytes=20_000)
    with open_store(store) as st:
        graphs = {g.value: {q.triple for q in st.quads_for_pattern(None, None, None, g)} for g in st.named_graphs()}
    assert {g.graph for g in report.graphs} == set(graphs) and len(graphs) == 2
    for graph, triples in graphs.items():
        sent = _graph_requests(stub, graph)
        assert [r["method"] for r in sent] == ["PUT"] + ["POST"] * (len(sent) - 1)
        assert all(r["headers"]["Content-Type"].startswith("text/turtle") for r in sent)
        received = [set(ox.parse(r["body"], format=ox.RdfFormat.N_TRIPLES)) for r in sent]
        assert len(set().union(*received)) == len(triples) == sum(map(len, received))
        blank = [n for n, batch in enumerate(received) if any(isinstance(t.object, ox.BlankNode) or isinstance(t.subject, ox.BlankNode) for t in batch)]
        assert blank in ([], [len(sent) - 1]), "triples with blank nodes all travel in the last request"
    assert max(g.requests for g in report.graphs) > 1
    assert report.triples == sum(map(len, graphs.values())) and report.seconds > 0


def test_push_answers_a_basic_challenge(stub, store):
    stub.credentials = ("alice", "s3cret")
    push(store, stub.url + "/gsp", user="alice", password="s3cret")
    puts = [r for r in stub.seen if r["method"] == "PUT"]
    assert puts and all(r["headers"].get("Authorization", "").startswith("Basic ") for r in puts)
    assert len(puts) == 2, "each body is sent once: the challenge is answered by a bodiless HEAD first"


@pytest.mark.parametrize("user, password, message", [
    (None, None, r"needs a user and password \(it asks for Basic auth, realm \"stub\"\) .*--user and --password"),
    ("alice", "wrong", r"rejected the credentials of user 'alice' \(Basic auth\)"),
])
def test_push_auth_failures_are_clear(stub, store, user, password, message):
    stub.credentials = ("alice", "s3cret")
    with pytest.raises(StoreError, match=message) as info:
        push(store, stub.url + "/gsp", user=user, password=password)
    assert str(info.value).startswith(stub.url + "/gsp: ")


def test_push_server_error_names_the_graph_and_the_message(stub, store):
    stub.fail["PUT"] = (500, "Virtuoso 42000 Error SR008: disk full")
    with pytest.raises(StoreError, match=r"/gsp: HTTP 500 .* while replacing graph <https://w3id.org/govkg/id/.*>: Virtuoso 42000 Error SR008: disk full"):
        push(store, stub.url + "/gsp")


def test_push_unreachable_endpoint(store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    with pytest.raises(StoreError, match=rf"http://127.0.0.1:{port}/gsp: cannot reach the endpoint .*is the server running"):
        push(store, f"http://127.0.0.1:{port}/gsp", timeout=5)


def test_push_prune_removes_only_stale_govkg_graphs(stub, store):
    with open_store(store) as st:
        ours = sorted(g.value for g in st.named_graphs())
    stub.listing = [*ours, STALE]
    report = push(store, stub.url + "/gsp", prune=True, query_endpoint=stub.url + "/sparql")
    deleted = [r["params"]["graph"][0] for r in stub.seen if r["method"] == "DELETE"]
    assert deleted == [STALE] and report.removed == (STALE,)
    listing = [r for r in stub.seen if r["path"] == "/sparql"][0]
    assert "https://w3id.org/govkg/id/" in parse_qs(listing["body"].decode())["query"][0]


def test_push_prune_needs_a_query_endpoint(store):
    with pytest.raises(StoreError, match="prune needs the server's SPARQL query endpoint"):
        push(store, "http://127.0.0.1:9/gsp", prune=True)


def test_remote_select_declares_prefixes_and_the_dataset(stub):
    stub.listing = [FOREIGN]
    rows = remote_select(stub.url + "/sparql", "SELECT ?g WHERE { ?g a gk:Document }", graphs=["urn:a", "urn:b"])
    assert rows.variables == ["g"] and rows.rows == [[FOREIGN]]
    form = parse_qs(stub.seen[-1]["body"].decode())
    assert form["default-graph-uri"] == ["urn:a", "urn:b"]
    assert form["query"][0].startswith("PREFIX gk: <https://w3id.org/govkg/ontology#>\n")
    assert stub.seen[-1]["headers"]["Accept"] == "application/sparql-results+json"


def test_remote_select_keeps_the_query_dataset(stub):
    remote_select(stub.url + "/sparql", "SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o }")
    assert len(stub.seen) == 1 and "default-graph-uri" not in parse_qs(stub.seen[0]["body"].decode())


def test_remote_select_refused_query_is_a_query_error(stub):
    stub.fail["POST"] = (400, "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error")
    with pytest.raises(QueryError, match="the server refused the query: Virtuoso 37000 Error SP030"):
        remote_select(stub.url + "/sparql", "SELECT * WHERE { ?s ?p ?o }", graphs=())


def test_remote_select_never_sends_updates(stub):
    with pytest.raises(QueryError, match="expected a SPARQL query"):
        remote_select(stub.url + "/sparql", "PREFIX gk: <urn:x#> DELETE WHERE { ?s ?p ?o }")
    assert stub.seen == []
