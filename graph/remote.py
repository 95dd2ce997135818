"""Queries on a remote SPARQL 1.1 store, answered in the embedded store's shape.

:func:`remote_select` sends a query with the SPARQL 1.1 Protocol (a URL-encoded ``POST``,
``Accept: application/sparql-results+json``) and returns the same
:class:`~govkg.graph.store.Rows` as :func:`govkg.graph.store.select`, with the same typed
values (``int`` for ``xsd:integer``, ``bool`` for ``xsd:boolean``, the lexical form otherwise),
so a named query gives the same answer on a server as on the embedded store. What it adapts:

- **The dataset.** The embedded store answers over the union of its named graphs. A server's
  default graph varies: Virtuoso and GraphDB use every graph they hold (Virtuoso's own system
  graphs included), Fuseki only its real default graph, which a push leaves empty. So unless
  told otherwise the default graph is set to the govkg graphs on the server (those under
  ``https://w3id.org/govkg/id/``, found with one query) through the protocol's
  ``default-graph-uri`` parameters: the same union as the embedded store, on any server.
  ``graphs=[...]`` chooses the graphs; ``graphs=()`` leaves the dataset to the server; a query
  with its own ``FROM`` keeps it.
- **Prefixes.** Those :func:`~govkg.graph.store.select` predeclares (``gk:``, ``skos:`` …) are
  declared for the server too, where the query does not declare them itself.
- **Results that are silently short.** Virtuoso stops at ``ResultSetMaxRows`` (10 000 in
  Debian's ``virtuoso.ini``) and says so only in an ``X-SPARQL-MaxRows`` header, and returns a
  partial "anytime" answer with an ``X-SQL-State`` header: both are errors here.
- **Value forms.** SPARQL-JSON's old ``typed-literal`` type and Virtuoso's ``"1"``/``"0"``
  booleans become the same values as the embedded store's.

Only queries are sent: an update is refused before it leaves. (A boolean *expression* that a
query projects comes back from Virtuoso as the integer 1 or 0; no named query projects one.)

>>> print(with_prefixes("SELECT ?u WHERE { ?u a gk:Unit }").splitlines()[0])
PREFIX gk: <https://w3id.org/govkg/ontology#>
>>> query_form("# a comment\\nPREFIX gk: <https://w3id.org/govkg/ontology#>\\nASK { ?s a gk:Task }")
'ASK'
>>> rows_from_json({"head": {"vars": ["n", "u"]}, "results": {"bindings": [
...     {"n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}}]}})
Rows(variables=['n', 'u'], rows=[[3, None]])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from .errors import QueryError, StoreError
from govkg.ontology.vocabulary import ID_IRI, PREFIXES

from .endpoint import Endpoint, EndpointError
from .rows import Rows
from .rows import plain as plain_value  # the embedded store's own conversion: equal answers by construction

__all__ = ["remote_select", "remote_graphs", "rows_from_json", "with_prefixes", "query_form", "GRAPH_PREFIX"]

#: Graphs whose IRI starts with this are govkg's (document graphs and the ontology graph).
GRAPH_PREFIX = ID_IRI

_RESULTS_JSON = "application/sparql-results+json"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# strings and IRIs are kept whole, so a '#' inside them is not taken for a comment
_TOKEN_OR_COMMENT = re.compile(r'''("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>)|\#[^\n]*''')
_PROLOGUE = re.compile(r"\A\s*(?:(?:PREFIX\s+[A-Za-z][\w.-]*:|PREFIX\s+:|BASE)\s*<[^<>\s]*>\s*)*", re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*|):", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?(?:<|[A-Za-z][\w.-]*:)", re.IGNORECASE)

_GRAPHS_QUERY = """SELECT DISTINCT ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{prefix}"))
}} ORDER BY ?g"""


def _code(sparql: str) -> str:
    """``sparql`` with its comments blanked (strings and IRIs kept)."""
    return _TOKEN_OR_COMMENT.sub(lambda m: m.group(1) or " ", sparql)


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the query's form, read after its
    prologue; a :class:`~govkg.graph.errors.QueryError` for an update or anything else.

    >>> query_form("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.QueryError: expected a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE), found 'INSERT DATA { <urn:a> <urn:b> <urn:c> }'; remote_select never sends updates
    """
    code = _code(sparql)
    rest = code[_PROLOGUE.match(code).end():]
    word = re.match(r"[A-Za-z]+", rest)
    if word is None or word.group(0).upper() not in _FORMS:
        found = " ".join(rest.split())[:60]
        raise QueryError(f"expected a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE), found {found!r}; remote_select never sends updates")
    return word.group(0).upper()


def with_prefixes(sparql: str) -> str:
    """``sparql`` with a ``PREFIX`` line for each govkg prefix it uses but does not declare.

    >>> with_prefixes("PREFIX gk: <urn:x#> SELECT * WHERE { ?s gk:p ?o }").startswith("PREFIX gk: <urn:x#>")
    True
    """
    code = _code(sparql)
    declared = {name.lower() for name in _DECLARED.findall(code)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()
             if name.lower() not in declared and re.search(rf"(?<![\w.-]){re.escape(name)}:", code)]
    return "\n".join([*lines, sparql]) if lines else sparql


def _term(binding: dict | None):
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value) if re.fullmatch(r"[A-Za-z0-9_\-.]+", value or "") else ox.BlankNode()
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def rows_from_json(data: dict) -> Rows:
    """SPARQL 1.1 JSON results as :class:`~govkg.graph.store.Rows`, each value converted as
    the embedded store converts it (``None`` where unbound); an ASK answer is ``[[True]]``.

    >>> rows_from_json({"head": {}, "boolean": True})
    Rows(variables=['ask'], rows=[[True]])
    >>> rows_from_json({"head": {"vars": ["ok"]}, "results": {"bindings": [
    ...     {"ok": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"}}]}})
    Rows(variables=['ok'], rows=[[True]])
    """
    if "boolean" in data:
        return Rows(["ask"], [[bool(data["boolean"])]])
    try:
        variables = list(data["head"]["vars"])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise StoreError(f"expected SPARQL JSON results with head.vars and results.bindings, got keys {sorted(data)}") from None
    return Rows(variables, [[plain_value(_term(b.get(v))) for v in variables] for b in bindings])


def _rdf_rows(response) -> Rows:
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    fmt = ox.RdfFormat.N_TRIPLES if media == "text/plain" else ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise StoreError(f"{response.url}: expected RDF for a CONSTRUCT or DESCRIBE query, got {media or 'no content type'}")
    triples = ox.parse(response.content, format=fmt)
    return Rows(["subject", "predicate", "object"],
                [[t.subject.value, t.predicate.value, plain_value(t.object)] for t in triples])


def _check_complete(response, endpoint: str) -> None:
    if "X-SPARQL-MaxRows" in response.headers:
        raise StoreError(f"{endpoint}: the server cut the answer at {response.headers['X-SPARQL-MaxRows']} rows "
                         "(Virtuoso's [SPARQL] ResultSetMaxRows); raise that limit, or add LIMIT/OFFSET to the query")
    state = response.headers.get("X-SQL-State")
    if state:
        message = response.headers.get("X-SQL-Message", "")
        raise StoreError(f"{endpoint}: the server returned a partial answer ({state} {message}); "
                         "raise its [SPARQL] MaxQueryExecutionTime or simplify the query")


def remote_graphs(endpoint: str | Endpoint, *, user: str | None = None, password: str | None = None,
                  timeout: float = 60, auth: str = "auto", prefix: str = GRAPH_PREFIX) -> list[str]:
    """The named graphs on the server whose IRI starts with ``prefix`` (govkg's graphs), sorted."""
    rows = remote_select(endpoint, _GRAPHS_QUERY.format(prefix=prefix), user=user, password=password,
                         timeout=timeout, auth=auth, graphs=())
    return [row[0] for row in rows.rows]


def remote_select(endpoint: str | Endpoint, sparql: str, *, user: str | None = None, password: str | None = None,
                  timeout: float = 60, auth: str = "auto", graphs: Sequence[str] | None = None) -> Rows:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query on the SPARQL endpoint ``endpoint``
    (for Virtuoso ``http://HOST:8890/sparql``, or ``/sparql-auth`` with a user) and return its
    answer as :func:`govkg.graph.store.select` would.

    ``graphs`` is the default graph: ``None`` (the govkg graphs on the server), a list of graph
    IRIs, or ``()`` for the server's own default graph. The server refusing the query is a
    :class:`~govkg.graph.errors.QueryError` with its message; an unreachable server, a
    rejected password or a cut answer is a :class:`~govkg.graph.errors.StoreError`.
    """
    form = query_form(sparql)
    own = isinstance(endpoint, Endpoint)
    ep = endpoint if own else Endpoint(endpoint, user=user, password=password, auth=auth, timeout=timeout)
    try:
        text = with_prefixes(sparql)
        form_data: list[tuple[str, str]] = [("query", text)]
        if not _FROM.search(_code(sparql)):
            chosen: Iterable[str] = remote_graphs(ep) if graphs is None else graphs
            form_data += [("default-graph-uri", str(g)) for g in chosen]
        accept = _RESULTS_JSON if form in ("SELECT", "ASK") else _RDF_ACCEPT
        try:
            response = ep.request("POST", what=f"running a {form} query", data=form_data,
                                  headers={"Accept": accept})
        except EndpointError as exc:
            if exc.status == 400:
                raise QueryError(f"{ep.url}: the server refused the query: {exc.message or exc}") from None
            raise
        _check_complete(response, ep.url)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _rdf_rows(response)
        try:
            data = response.json()
        except ValueError:
            media = response.headers.get("Content-Type", "no content type")
            raise StoreError(f"{ep.url}: expected {_RESULTS_JSON}, got {media}: {response.text[:200]!r}") from None
        return rows_from_json(data)
    finally:
        if not own:
            ep.close()
