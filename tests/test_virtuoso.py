"""The store pushed to a live Virtuoso Open Source (Debian's ``virtuoso-opensource``), and every
named query answered there exactly as on the embedded store.

One server per session, started headless on loopback with a fresh database in a temporary
folder (``tests/virtuoso.py``); the example corpus is built, pushed through the Graph Store
HTTP Protocol (``/sparql-graph-crud-auth``, Digest, dba/dba) and queried through the SPARQL
Protocol (``/sparql``).

Answers are compared after normalising only what SPARQL leaves undefined:

- **rows that tie on the ORDER BY keys** (the projected variables the query sorts by) are
  compared as multisets: their order is the engine's choice;
- **GROUP_CONCAT lists** are compared as sorted lists: their order is the engine's choice; and
  an empty list is ``""`` on Virtuoso but unbound (``None``) on Oxigraph when every value in
  the group is unbound (Virtuoso skips unbound values, Oxigraph lets the error through).

Numbers need no normalising: both sides give ``int`` for ``xsd:integer``.

Skipped when ``virtuoso-t`` is not installed, unless ``GOVKG_REQUIRE_VIRTUOSO`` is set (as
``.ci/run`` does), which makes a missing server a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from govkg.graph.errors import QueryError, StoreError
from govkg.graph.build import build_store
from govkg.graph.push import push
from govkg.graph.remote import remote_graphs, remote_select
from govkg.graph.store import open_store, select
from govkg.queries import list_queries, load_query

pytestmark = pytest.mark.virtuoso

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "examples" / "corpus"
_spec = importlib.util.spec_from_file_location("virtuoso_server", HERE / "virtuoso.py")
server = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = server  # its dataclass looks its module up by name
_spec.loader.exec_module(server)

BINARY = server.find_virtuoso()
if BINARY is None:
    reason = ("the Virtuoso tests need virtuoso-t (not on PATH, not at /usr/bin/virtuoso-t); "
              "install Debian's package with: apt-get install -y virtuoso-opensource")
    if os.environ.get("GOVKG_REQUIRE_VIRTUOSO"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

#: The columns of each named query that are GROUP_CONCAT lists, with their separator.
LIST_COLUMNS = {
    "regulations-cited": {"units": "; ", "title": "; "},
    "role-changes-between-years": {"unitsA": "; ", "unitsB": "; "},
    "tasks-due-before": {"units": "; "},
}

QUAD_COUNT = """SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://w3id.org/govkg/id/"))
} GROUP BY ?g ORDER BY ?g"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    vt = server.start_virtuoso(tmp_path_factory.mktemp("virtuoso"), binary=BINARY)
    yield vt
    vt.stop()


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("corpus") / "kg"
    build_store([CORPUS], store, progress=None)
    return store


@pytest.fixture(scope="session")
def pushed(virtuoso, corpus_store):
    return push(corpus_store, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password, prune=True)


def _local_counts(store) -> dict[str, int]:
    with open_store(store) as st:
        return {g.value: sum(1 for _ in st.quads_for_pattern(None, None, None, g)) for g in st.named_graphs()}


def _remote_counts(virtuoso) -> dict[str, int]:
    return dict(map(tuple, remote_select(virtuoso.sparql, QUAD_COUNT, graphs=()).rows))


def _order_keys(query: str, variables: list[str]) -> list[int]:
    """Positions of the projected variables the query's final ORDER BY sorts on (none: the
    whole answer is one tie group, compared as a multiset)."""
    match = re.search(r"\bORDER\s+BY\b(?P<keys>[^{}]*)$", query, re.IGNORECASE)
    names = re.findall(r"\?(\w+)", match.group("keys")) if match else []
    missing = [n for n in names if n not in variables]
    assert not missing, f"ORDER BY on unprojected {missing}: ties cannot be told apart; normalise differently"
    return [variables.index(n) for n in names]


def _canonical(rows, variables: list[str], query: str, lists: dict[str, str]) -> list[tuple]:
    """The rows as a list of tie groups ``(ORDER BY key, sorted rows)``, with each GROUP_CONCAT
    list sorted and an empty list (``""`` or ``None``) as ``()``."""
    positions = {variables.index(name): sep for name, sep in lists.items()}

    def cell(i, value):
        if i in positions:
            return tuple(sorted(value.split(positions[i]))) if value else ()
        return value

    keys = _order_keys(query, variables)
    groups: list[tuple] = []
    for row in (tuple(cell(i, v) for i, v in enumerate(row)) for row in rows):
        key = tuple(row[k] for k in keys)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return [(key, sorted(members, key=repr)) for key, members in groups]


def _diff(want: list[tuple], got: list[tuple]) -> str:
    flat_want = Counter(repr(row) for _, rows in want for row in rows)
    flat_got = Counter(repr(row) for _, rows in got for row in rows)
    only_want, only_got = list((flat_want - flat_got).elements())[:5], list((flat_got - flat_want).elements())[:5]
    if not only_want and not only_got:
        return "the same rows, in an order that breaks the ORDER BY"
    return "only on Oxigraph:\n  " + "\n  ".join(only_want) + "\nonly on Virtuoso:\n  " + "\n  ".join(only_got)


def test_virtuoso_push_sends_every_graph(virtuoso, corpus_store, pushed):
    local = _local_counts(corpus_store)
    assert sorted(g.graph for g in pushed.graphs) == sorted(local)
    assert pushed.triples == sum(local.values())
    assert remote_graphs(virtuoso.sparql) == sorted(local)
    assert _remote_counts(virtuoso) == local


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_virtuoso_named_query_answers_equal(virtuoso, corpus_store, pushed, name):
    named = load_query(name)
    query = named.bound()
    assert ("GROUP_CONCAT" in query.upper()) == (name in LIST_COLUMNS), \
        f"{name}: list its GROUP_CONCAT columns in LIST_COLUMNS (or remove it from there)"
    local = select(corpus_store, query)
    remote = remote_select(virtuoso.sparql, query)
    assert remote.variables == local.variables
    assert local.rows, f"{name}: no rows on the corpus, so the comparison proves nothing"
    lists = LIST_COLUMNS.get(name, {})
    want = _canonical(local.rows, local.variables, query, lists)
    got = _canonical(remote.rows, remote.variables, query, lists)
    assert got == want, f"{name}: {len(remote.rows)} rows on Virtuoso, {len(local.rows)} on Oxigraph; " + _diff(want, got)


def test_virtuoso_push_again_keeps_the_quad_count(virtuoso, corpus_store, pushed):
    before = _remote_counts(virtuoso)
    again = push(corpus_store, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password)
    assert again.triples == pushed.triples
    assert _remote_counts(virtuoso) == before == _local_counts(corpus_store)


def test_virtuoso_push_in_small_batches_gives_the_same_graphs(virtuoso, corpus_store, pushed):
    small = push(corpus_store, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password, batch_bytes=500_000)
    assert max(g.requests for g in small.graphs) > 1
    assert _remote_counts(virtuoso) == _local_counts(corpus_store)
    # the ontology's blank nodes (OWL lists) arrived in one request: each list is still whole
    lists = "SELECT (COUNT(*) AS ?n) WHERE { ?l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?x . FILTER NOT EXISTS { ?l <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ?r } }"
    assert remote_select(virtuoso.sparql, lists).rows == select(corpus_store, lists).rows


def test_virtuoso_prune_removes_the_graph_of_a_removed_document(virtuoso, corpus_store, pushed, tmp_path):
    docs = sorted(CORPUS.glob("*.txt"))
    kept = tmp_path / "docs"
    kept.mkdir()
    for doc in docs[1:]:
        shutil.copy(doc, kept / doc.name)
    smaller = tmp_path / "kg"
    build_store([kept], smaller, progress=None)
    gone = set(_local_counts(corpus_store)) - set(_local_counts(smaller))
    assert len(gone) == 1
    try:
        without = push(smaller, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password)
        assert not without.removed and gone <= set(remote_graphs(virtuoso.sparql)), "without prune nothing is removed"
        report = push(smaller, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password, prune=True)
        assert set(report.removed) == gone
        assert _remote_counts(virtuoso) == _local_counts(smaller)
    finally:
        push(corpus_store, virtuoso.graph_store, user=virtuoso.user, password=virtuoso.password, prune=True)
    assert _remote_counts(virtuoso) == _local_counts(corpus_store)


def test_virtuoso_wrong_password_is_a_clear_error(virtuoso, corpus_store, pushed):
    with pytest.raises(StoreError, match=r"rejected the credentials of user 'dba' \(Digest auth\)") as info:
        push(corpus_store, virtuoso.graph_store, user="dba", password="not-the-password")
    assert virtuoso.graph_store in str(info.value)
    with pytest.raises(StoreError, match=r"needs a user and password \(it asks for Digest auth, realm \"SPARQL\"\)"):
        push(corpus_store, virtuoso.graph_store)
    with pytest.raises(StoreError, match="rejected the credentials"):
        remote_select(virtuoso.sparql_auth, "ASK { ?s ?p ?o }", user="dba", password="wrong")
    assert remote_select(virtuoso.sparql_auth, "ASK { ?s a gk:Task }", user="dba", password="dba").rows == [[True]]


def test_virtuoso_answers_cut_short_are_errors(virtuoso, pushed):
    with pytest.raises(StoreError, match=r"cut the answer at 10000 rows .*ResultSetMaxRows"):
        remote_select(virtuoso.sparql, "SELECT * WHERE { ?s ?p ?o }")


def test_virtuoso_refused_query_names_the_server_message(virtuoso, pushed):
    with pytest.raises(QueryError, match=r"/sparql: the server refused the query: .*syntax error"):
        remote_select(virtuoso.sparql, "SELECT ?s WHERE { ?s ?p }")
