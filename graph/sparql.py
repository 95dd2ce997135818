"""Read-only SPARQL: refuse what could write or reach out, and run the rest where it can be killed.

:func:`check_read_only` reads a query's tokens and refuses, before anything is evaluated,
SPARQL Update, ``SERVICE`` (the engine would call the network) and ``FROM`` / ``FROM NAMED``
(the engine would ignore them). Strings, IRIs and comments are skipped, so a keyword inside
them is harmless, and so is a variable named ``?from``. The engine matches keywords without
word boundaries (``ASKFROM<g>`` is ``ASK FROM <g>``, ``SERVICE:x`` is ``SERVICE :x``), so a
word or a prefix that contains ``FROM`` or ``SERVICE`` is refused too; and where ``<`` could
start an IRI or be a less-than (``?a<'>'``), both readings are checked.

:class:`QueryRunner` runs queries in a pool of worker processes. Each worker opens the store
read-only, reopens it when the store's current version changes, and answers with the
serialised result, cut at a row cap. A query that runs past its timeout has its worker killed
(SIGKILL) and replaced; a worker's address space is capped (``memory_limit``), and where the
system allows it a worker has no network at all (a network namespace of its own).

Errors, all :class:`govkg.graph.errors.QueryError`::

    QueryError
    ├── QueryRefusedError   update, SERVICE, FROM / FROM NAMED: refused before evaluation
    ├── QuerySyntaxError    not a query; ``line`` and ``column`` say where
    ├── QueryTimeoutError   ran past its timeout and was stopped, or no worker was free
    └── QueryAbortedError   its worker died (the memory cap, or a crash)

>>> check_read_only("SELECT ?from WHERE { ?from ?p 'FROM' } # SERVICE <x>")
'SELECT'
>>> check_read_only("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
govkg.graph.errors.QueryRefusedError: FROM is refused: a query reads the whole store (the union of its graphs); use GRAPH <iri> { … } to read one graph (line 1, column 10)
"""

from __future__ import annotations

import json
import os
import queue
import re
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import (
    QueryAbortedError,
    QueryError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from govkg.ontology.vocabulary import PREFIXES

__all__ = [
    "check_read_only", "QueryRunner", "run_sparql", "Answer", "Format", "FORMATS", "find_format", "formats_for",
    "QueryRefusedError", "QuerySyntaxError", "QueryTimeoutError", "QueryAbortedError",
    "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_MEMORY_LIMIT",
]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
#: A worker's address space: it starts at about 200 MB with the store open; the rest is for the query.
DEFAULT_MEMORY_LIMIT = 2 << 30


# -- formats ---------------------------------------------------------------------------

SOLUTIONS, GRAPH = "solutions", "graph"
_KIND = {"SELECT": SOLUTIONS, "ASK": SOLUTIONS, "CONSTRUCT": GRAPH, "DESCRIBE": GRAPH}


@dataclass(frozen=True)
class Format:
    """A result format: its short ``name``, ``media_type``, the ``kind`` of result it writes
    (``"solutions"`` for SELECT and ASK, ``"graph"`` for CONSTRUCT and DESCRIBE), and the
    other names and media types that ask for it."""

    name: str
    media_type: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` to send (text types say their charset)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


#: Every format, each kind's default first (the order breaks ties in content negotiation).
FORMATS = (
    Format("json", "application/sparql-results+json", SOLUTIONS, ("srj", "application/json")),
    Format("xml", "application/sparql-results+xml", SOLUTIONS, ("srx", "application/xml", "text/xml")),
    Format("csv", "text/csv", SOLUTIONS),
    Format("tsv", "text/tab-separated-values", SOLUTIONS),
    Format("turtle", "text/turtle", GRAPH, ("ttl", "n3", "text/n3", "application/turtle", "application/x-turtle")),
    Format("ntriples", "application/n-triples", GRAPH, ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", GRAPH, ("json-ld", "json", "application/json", "application/x-json+ld")),
    Format("rdfxml", "application/rdf+xml", GRAPH, ("rdf+xml", "rdf", "xml", "application/xml", "text/xml")),
)


def find_format(name: str, form: str) -> Format | None:
    """The format that ``name`` (a short name or a media type) asks for, for a query of this
    ``form``; ``None`` if there is none.

    >>> find_format("json", "SELECT").media_type, find_format("json", "CONSTRUCT").media_type
    ('application/sparql-results+json', 'application/ld+json')
    >>> find_format("text/csv", "DESCRIBE") is None
    True
    """
    wanted = name.strip().lower()
    for fmt in FORMATS:
        if fmt.kind == _KIND[form] and wanted in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    return None


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats a query of this ``form`` can be answered in, its default first.

    >>> [f.name for f in formats_for("ASK")]
    ['json', 'xml', 'csv', 'tsv']
    """
    return tuple(f for f in FORMATS if f.kind == _KIND[form])


# -- tokens ----------------------------------------------------------------------------


def _group(**choices: str) -> str:
    return "|".join(f"(?P<{name}> {pattern} )" for name, pattern in choices.items())


_HEX = "[0-9A-Fa-f]"
_IRI = rf""" < (?: [^<>"{{}}|^`\\\x00-\x20] | \\u{_HEX}{{4}} | \\U{_HEX}{{8}} )* > """
_LOCAL_ESCAPE = r"""\\ [_~.\-!$&'()*+,;=/?\#@%]"""
_EXPONENT = r"(?: [eE] [+-]? \d+ )"
_LONG_STRING = "|".join(rf"{q * 3} (?: {q}{{0,2}} (?: [^{q}\\] | \\. ) )* {q * 3}" for q in "\"'")
_STRING = "|".join(rf"{q} (?: [^{q}\\\n\r] | \\. )* {q}" for q in "\"'")
_TOKEN = re.compile(_group(
    SPACE=r"\s+",
    COMMENT=r"\# [^\n\r]*",
    IRI=_IRI,
    LONG_STRING=_LONG_STRING,
    STRING=_STRING,
    VAR=r"[?$] \w+",
    LANGTAG=r"@ [A-Za-z]+ (?: - [A-Za-z0-9]+ )*",
    BNODE=r"_: [\w.\-]*",
    PNAME=rf"(?P<prefix> [^\W\d_] [\w.\-]* )? : (?: [\w:.\-] | %{_HEX}{{2}} | {_LOCAL_ESCAPE} )*",
    WORD=r"[^\W\d] \w*",
    NUMBER=rf"\d+ (?: \.\d+ )? {_EXPONENT}? | \.\d+ {_EXPONENT}?",
    OTHER=r"\S",
), re.VERBOSE)
#: Tokens that can end an operand: after one, inside parentheses, the engine reads '<' as
#: less-than where we read the start of an IRI.
_OPERANDS = frozenset({"VAR", "NUMBER", "STRING", "LONG_STRING", "LANGTAG", "IRI", "PNAME", "BNODE", "WORD"})
#: Characters that, read as code, start a string or a comment: an IRI holding one of them
#: hides something if its '<' is really a less-than.
_MODE_CHARS = ("'", "#")
#: Reading states checked per character of the query before giving up (a query with very
#: many ambiguous '<' is refused rather than checked for ever).
_STATES_PER_CHAR = 4

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_WHY = {
    "UPDATE": "SPARQL Update is not allowed, the store is read-only here",
    "SERVICE": "a query may not call other endpoints over the network",
    "FROM": "a query reads the whole store (the union of its graphs); use GRAPH <iri> { … } to read one graph",
    "FROM NAMED": "every graph of the store is already named; use GRAPH ?g { … } to read them",
}


class _Token(NamedTuple):
    kind: str
    text: str
    start: int
    prefix: str | None = None


def _scan(text: str, start: int = 0):
    pos = start
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        kind = match.lastgroup if match.lastgroup != "prefix" else "PNAME"
        yield _Token(kind, match.group(), pos, match.group("prefix"))
        pos = match.end()


def _code(tokens) -> list[_Token]:
    return [t for t in tokens if t.kind not in ("SPACE", "COMMENT")]


def _every_reading(text: str) -> list[_Token]:
    """The code tokens of ``text`` under every reading of an ambiguous ``<``, in text order.

    A reading's state is a position, the open brackets and whether an operand just ended;
    readings that reach the same state go on alike, so each state is scanned once.
    """
    seen: set[tuple] = set()
    found: dict[int, _Token] = {}
    todo: list[tuple] = [(0, (), False)]
    budget = _STATES_PER_CHAR * len(text) + 1000
    while todo:
        _, brackets, operand = state = todo.pop()
        for token in _scan(text, state[0]):
            state = (token.start, brackets, operand)
            if state in seen:
                break
            seen.add(state)
            if len(seen) > budget:
                line, column = _where(text, token.start)
                raise QueryRefusedError(
                    "the query is refused: too many '<' could start an IRI or be a less-than to check "
                    f"them all; put spaces around comparisons (line {line}, column {column})",
                    keyword="<", line=line, column=column)
            if token.kind in ("SPACE", "COMMENT"):
                continue
            found[token.start] = token
            if (token.kind == "IRI" and operand and brackets[-1:] == ("(",)
                    and any(c in token.text for c in _MODE_CHARS)):
                todo.append((token.start + 1, brackets, False))  # '<' read as less-than
            if token.text in ("(", "{", "["):
                brackets += (token.text,)
            elif token.text in (")", "}", "]"):
                brackets = brackets[:-1]
            operand = token.kind in _OPERANDS or token.text in (")", "]")
    return [found[start] for start in sorted(found)]


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refused(text: str, token: _Token, keyword: str, following: _Token | None) -> QueryRefusedError:
    upper = token.text.upper()
    if keyword == "FROM" and ("FROMNAMED" in upper or (following and following.text.upper().startswith("NAMED"))):
        keyword = "FROM NAMED"
    line, column = _where(text, token.start)
    found = "" if upper == keyword.split()[0] else f", in {token.text!r}"
    why = _WHY.get(keyword, _WHY["UPDATE"])
    return QueryRefusedError(f"{keyword} is refused: {why} (line {line}, column {column}{found})",
                             keyword=keyword, line=line, column=column)


def _network_or_dataset(token: _Token) -> str | None:
    """``FROM`` or ``SERVICE`` if the engine could read that keyword in this token."""
    if token.kind == "WORD":
        word = token.text.upper()
    elif token.kind == "PNAME" and token.prefix:
        word = token.prefix.upper()  # SERVICE:x is SERVICE :x
    else:
        return None
    return next((k for k in ("FROM", "SERVICE") if k in word), None)


def _refusal(text: str, tokens: list[_Token], *, update: bool) -> QueryRefusedError | None:
    for i, token in enumerate(tokens):
        keyword = _network_or_dataset(token)
        if keyword is None and update and token.kind == "WORD" and token.text.upper() in _UPDATE:
            keyword = token.text.upper()
        if keyword:
            return _refused(text, token, keyword, tokens[i + 1] if i + 1 < len(tokens) else None)
    return None


def check_read_only(query: str) -> str:
    """The form of ``query`` (``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``), or
    :class:`QueryRefusedError` if it could write, call the network (``SERVICE``) or name its
    own dataset (``FROM``, ``FROM NAMED``). Nothing is evaluated; a prefix that is neither
    declared nor one of govkg's (``gk:``, ``skos:``, ``dcterms:`` …) is a syntax error here,
    the rest of the syntax is checked when the query runs.

    >>> check_read_only('PREFIX ex: <http://example.org/service#> ASK { ?s ex:from "INSERT DATA" }')
    'ASK'
    >>> check_read_only("INSERT DATA { <a:b> <a:c> <a:d> }")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.QueryRefusedError: INSERT is refused: SPARQL Update is not allowed, the store is read-only here (line 1, column 1)
    >>> check_read_only("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.QueryRefusedError: SERVICE is refused: a query may not call other endpoints over the network (line 1, column 12)
    >>> check_read_only("SELECT * { ?s ex:p ?o }")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.QuerySyntaxError: undeclared prefix 'ex:' at line 1, column 15; declare it (PREFIX ex: <…>) or use a predeclared one: gk, id, topic, skos, prov, dcterms, xsd, rdf, rdfs, org, owl
    """
    if not isinstance(query, str):
        raise QuerySyntaxError(f"expected a SPARQL query as text, got {type(query).__name__}")
    tokens = _code(_scan(query))
    refused = _refusal(query, tokens, update=True) or _refusal(query, _every_reading(query), update=False)
    if refused:
        raise refused
    declared, i = set(PREFIXES), 0
    while i < len(tokens) and tokens[i].text.upper() in ("PREFIX", "BASE"):
        if tokens[i].text.upper() == "PREFIX" and i + 1 < len(tokens) and tokens[i + 1].kind == "PNAME":
            declared.add(tokens[i + 1].prefix or "")
            i += 1
        i += 2
    if i >= len(tokens):
        raise QuerySyntaxError("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query, found nothing but a prologue"
                               if tokens else "expected a SPARQL query, found an empty text")
    head = tokens[i]
    word = head.text.upper() if head.kind == "WORD" else ""
    update = next((k for k in sorted(_UPDATE) if word.startswith(k)), None)
    if update:  # INSERTDATA{…}: the engine needs no space after a keyword
        raise _refused(query, head, update, None)
    form = next((f for f in _FORMS if word.startswith(f)), None)
    if form is None:
        line, column = _where(query, head.start)
        raise QuerySyntaxError(f"expected a SELECT, ASK, CONSTRUCT or DESCRIBE query, found {head.text!r} "
                               f"at line {line}, column {column}", line=line, column=column)
    for token in tokens[i:]:
        if token.kind == "PNAME" and (token.prefix or "") not in declared:
            line, column = _where(query, token.start)
            prefix = f"{token.prefix or ''}:"
            raise QuerySyntaxError(
                f"undeclared prefix {prefix!r} at line {line}, column {column}; declare it "
                f"(PREFIX {prefix} <…>) or use a predeclared one: {', '.join(PREFIXES)}", line=line, column=column)
    return form


_ENGINE_ERROR = re.compile(r"error \s at \s (?P<line>\d+) : (?P<column>\d+) : \s* (?P<detail>.*)", re.VERBOSE | re.DOTALL)
#: The engine's character classes (``['0' ..= '9' | …]``, ``[_]``): noise in a message.
_CHAR_CLASS = re.compile(r""" \[ (?: [^\[\]'"] | '[^']*' | "[^"]*" )* \] """, re.VERBOSE)
#: What removing them leaves: empty items of a list (``a, , b``, a trailing ``,``).
_EMPTY_ITEMS = re.compile(r" (?: , \s* )+ (?= , | $ )", re.VERBOSE)
_ONE_OF_ONE = re.compile(r" expected \s one \s of \s (?P<only> \S+ ) $", re.VERBOSE)
#: The longest engine detail quoted in a message.
_DETAIL_CHARS = 160


def _syntax_error(query: str, message: str) -> QuerySyntaxError:
    """The engine's ``error at 3:17: expected …`` as one line that also quotes the text there.

    >>> str(_syntax_error("SELECT ?x WHERE { ?s ?p ?x } ORDER ?x", "error at 1:30: expected BY"))
    "SPARQL syntax error at line 1, column 30 (near 'ORDER ?x'): expected BY"
    """
    match = _ENGINE_ERROR.match(message)
    if match is None:
        return QuerySyntaxError(f"SPARQL syntax error: {' '.join(message.split())[:_DETAIL_CHARS]}")
    line, column = int(match["line"]), int(match["column"])
    detail = _EMPTY_ITEMS.sub("", " ".join(_CHAR_CLASS.sub("", match["detail"]).split())).strip(", ")
    detail = _ONE_OF_ONE.sub(r"expected \g<only>", detail)
    if detail in ("", "expected", "expected one of"):
        detail = "unexpected text"
    if len(detail) > _DETAIL_CHARS:
        detail = detail[:_DETAIL_CHARS].rsplit(",", 1)[0] + ", …"
    lines = query.split("\n")
    near = lines[line - 1][column - 1:column + 19].strip() if line <= len(lines) else ""
    end = "the query" if line >= len(lines) else "the line"
    where = f"line {line}, column {column}" + (f" (near {near!r})" if near else f" (at the end of {end})")
    return QuerySyntaxError(f"SPARQL syntax error at {where}: {detail}", line=line, column=column)


# -- answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The serialised answer to one query: ``body`` in ``format``; ``rows`` solutions (or
    triples; 1 for ASK), ``truncated`` when the row cap cut it."""

    form: str
    format: Format
    body: bytes
    rows: int
    truncated: bool
    seconds: float

    def json(self):
        """The body parsed as JSON (for the ``json`` and ``jsonld`` formats)."""
        return json.loads(self.body)


# -- the worker (a process of its own) -----------------------------------------------------

_BOOT = "from govkg.graph.sparql import _worker_main; _worker_main()"
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


def _isolate_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own: no network."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(_CLONE_NEWNET) == 0 or libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0


def _worker_main() -> None:
    """Serve requests from stdin (one JSON line each) until it closes; reply on the real stdout
    (a JSON header line, then the body); anything else printed goes to stderr."""
    import resource

    store_dir, memory_limit, sandbox = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    isolated = _isolate_network() if sandbox else False
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    parent = os.getppid()

    def watch_parent() -> None:  # a parent killed mid-query leaves no orphan behind
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    reader = None
    for line in sys.stdin.buffer:
        request = json.loads(line)
        try:
            reader = _current_reader(store_dir, reader)
            header, body = _execute(reader, request["query"], request["format"], request["max_rows"])
        except _QuerySyntax as exc:
            header, body = {"ok": False, "error": "syntax", "message": str(exc)}, b""
        except StoreError as exc:
            header, body = {"ok": False, "error": "store", "message": str(exc)}, b""
        except MemoryError:
            header, body = {"ok": False, "error": "memory", "message": "out of memory"}, b""
        except Exception as exc:  # the engine's evaluation errors: OSError, ValueError, TypeError …
            header, body = {"ok": False, "error": "query", "message": f"{type(exc).__name__}: {exc}"}, b""
        header.update(length=len(body), isolated=isolated)
        replies.write(json.dumps(header).encode() + b"\n" + body)
        replies.flush()


def _current_reader(store_dir: str, reader):
    from .store import current_version, open_store

    if reader is not None and current_version(store_dir) == reader.version:
        return reader
    if reader is not None:
        reader.close()  # lets a writer remove the old version
    return open_store(store_dir)


class _QuerySyntax(Exception):
    """The engine refused the query's text (not a failure while writing the answer)."""


def _tsv_term(term) -> str:
    """A term as the TSV results format writes it (N-Triples; triple terms as ``<<( … )>>``)."""
    if hasattr(term, "subject"):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)


def _execute(reader, query: str, fmt: str, max_rows: int) -> tuple[dict, bytes]:
    import pyoxigraph as ox

    try:
        result = reader.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise _QuerySyntax(str(exc)) from None
    results_format = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                      "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    if isinstance(result, ox.QueryBoolean):
        return {"ok": True, "rows": 1, "truncated": False}, result.serialize(format=results_format[fmt])
    if isinstance(result, ox.QueryTriples):
        triples = []
        for triple in result:
            if len(triples) == max_rows:
                break
            triples.append(triple)
        truncated = len(triples) == max_rows and next(result, None) is not None
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                      "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        body = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
        return {"ok": True, "rows": len(triples), "truncated": truncated}, body
    # Solutions: cut at the cap, write them as TSV (every term in N-Triples syntax, exact),
    # and let the engine's own writers turn that into the format asked for.
    variables = result.variables
    lines = ["\t".join(str(v) for v in variables)]
    truncated = False
    for solution in result:
        if len(lines) > max_rows:
            truncated = True
            break
        lines.append("\t".join("" if solution[v] is None else _tsv_term(solution[v]) for v in variables))
    tsv = ("\n".join(lines) + "\n").encode()
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return {"ok": True, "rows": len(lines) - 1, "truncated": truncated}, parsed.serialize(format=results_format[fmt])


# -- the pool (in the calling process) ----------------------------------------------------


#: glibc reserves 64 MiB of address space per malloc arena, one per thread: with two, the
#: address-space cap measures what a query uses rather than how many threads the engine has.
_WORKER_ENV = {**os.environ, "MALLOC_ARENA_MAX": "2"}


class _WorkerDied(Exception):
    pass


class _Worker:
    """One worker process and its two pipes."""

    def __init__(self, store: Path, memory_limit: int | None, sandbox: bool) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-c", _BOOT, str(store), str(memory_limit or 0), "1" if sandbox else "0"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True, env=_WORKER_ENV)
        self._buffer = bytearray()
        self.isolated: bool | None = None

    def ask(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """Send one request; the reply, or :class:`TimeoutError` at ``deadline``."""
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerDied(str(exc)) from None
        while b"\n" not in self._buffer:
            self._fill(deadline)
        end = self._buffer.index(b"\n")
        header = json.loads(self._buffer[:end])
        del self._buffer[:end + 1]
        while len(self._buffer) < header["length"]:
            self._fill(deadline)
        body = bytes(self._buffer[:header["length"]])
        del self._buffer[:header["length"]]
        self.isolated = header.get("isolated")
        return header, body

    def _fill(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        poller = select.poll()
        poller.register(self.process.stdout.fileno(), select.POLLIN | select.POLLHUP)
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise TimeoutError
        chunk = os.read(self.process.stdout.fileno(), 1 << 20)
        if not chunk:
            raise _WorkerDied(self.exit_status())
        self._buffer += chunk

    def exit_status(self) -> str:
        try:
            code = self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exit status {code}"

    def kill(self) -> None:
        """SIGKILL, then reap; closing the pipes."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class QueryRunner:
    """A pool of ``workers`` processes that answer read-only queries on ``store``.

    Each query waits at most ``timeout`` seconds for a free worker and then runs at most
    ``timeout`` seconds; past that its worker is killed and replaced, and the query fails with
    :class:`QueryTimeoutError`. Answers stop at ``max_rows`` solutions or triples (the answer
    says it was truncated). Use as a context manager, or call :meth:`close`.

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> with QueryRunner(root / "kg", workers=1, timeout=5) as runner:
    ...     answer = runner.run("SELECT DISTINCT ?l WHERE { ?u a gk:Unit ; skos:prefLabel ?l }", format="csv")
    >>> answer.body.decode().split()
    ['l', '遵义市环境保护局']
    """

    def __init__(self, store: str | Path, *, workers: int = 2, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int = DEFAULT_MAX_ROWS, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 sandbox: bool = True) -> None:
        from .store import current_version

        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        if timeout <= 0 or max_rows < 1:
            raise ValueError(f"timeout and max_rows must be positive, got timeout={timeout}, max_rows={max_rows}")
        if current_version(store) is None:
            raise StoreError(f"{store}: no govkg store here; run `govkg build --store {store}` first")
        self.store, self.workers, self.timeout, self.max_rows = Path(store), workers, timeout, max_rows
        self._spawn = lambda: _Worker(self.store, memory_limit, sandbox)
        self.memory_limit = memory_limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._release(self._spawn())

    @property
    def isolated(self) -> bool | None:
        """Whether the workers have no network (``None`` until one has answered)."""
        return next((w.isolated for w in list(self._all) if w.isolated is not None), None)

    def run(self, query: str, *, format: str | Format | None = None, timeout: float | None = None,
            max_rows: int | None = None) -> Answer:
        """Check ``query`` (:func:`check_read_only`), run it over the union of the store's
        graphs with govkg's prefixes declared, and return the :class:`Answer` in ``format``
        (a :class:`Format` or a name; default ``json`` for SELECT and ASK, ``turtle`` for
        CONSTRUCT and DESCRIBE)."""
        form = check_read_only(query)
        fmt = self._format(format, form)
        timeout = self.timeout if timeout is None else timeout
        request = {"query": query, "format": fmt.name, "max_rows": max_rows or self.max_rows}
        started = time.monotonic()
        worker = self._acquire(timeout)
        try:
            header, body = worker.ask(request, time.monotonic() + timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped; "
                                    "narrow it down or add a LIMIT") from None
        except _WorkerDied as exc:
            self._replace(worker)
            raise self._aborted(str(exc), time.monotonic() - started) from None
        except BaseException:  # KeyboardInterrupt, SystemExit: do not leave the query running
            self._replace(worker)
            raise
        self._release(worker)
        if not header["ok"]:
            if header["error"] == "syntax":
                raise _syntax_error(query, header["message"])
            if header["error"] == "store":
                raise StoreError(header["message"])
            raise QueryError(f"the query failed: {' '.join(header['message'].split())}")
        return Answer(form, fmt, body, header["rows"], header["truncated"], time.monotonic() - started)

    def _aborted(self, how: str, seconds: float) -> QueryAbortedError:
        if self.memory_limit and how == f"killed by signal {signal.SIGABRT.value}":  # the engine's failed allocation
            size = self.memory_limit
            limit = f"{size / 2**30:g} GiB" if size >= 2**30 else f"{size >> 20} MiB"
            return QueryAbortedError(f"the query ran out of memory (a worker may use {limit}) after {seconds:.1f} s "
                                     "and was stopped; narrow it down or add a LIMIT")
        return QueryAbortedError(f"the query's worker stopped ({how}) after {seconds:.1f} s")

    def _format(self, format: str | Format | None, form: str) -> Format:
        name = format.name if isinstance(format, Format) else format
        fmt = find_format(name, form) if name else formats_for(form)[0]
        if fmt is None:
            names = ", ".join(f.name for f in formats_for(form))
            raise QueryError(f"format {name!r} is not available for a {form} query; choose one of: {names}")
        return fmt

    def _acquire(self, timeout: float) -> _Worker:
        deadline = time.monotonic() + timeout
        while True:
            if self._closed:
                raise QueryAbortedError("the query runner is closed")
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryTimeoutError(f"all {self.workers} query workers stayed busy for {timeout:g} s; "
                                        "try again later") from None
            if worker.process.poll() is None:
                return worker
            self._replace(worker)  # it died while idle (killed from outside)

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                self._all.discard(worker)
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._release(self._spawn())

    def close(self) -> None:
        """Kill every worker, busy or idle (a running query fails with QueryAbortedError)."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> QueryRunner:
        return self

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __exit__(self, *exc) -> None:
        self.close()


def run_sparql(store: str | Path, query: str, *, format: str | Format | None = None,
               timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS) -> Answer:
    """Run one read-only query in a worker of its own (for ``govkg query -e`` and scripts).

    >>> run_sparql("no-such-store", "ASK {}")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.StoreError: no-such-store: no govkg store here; run `govkg build --store no-such-store` first
    """
    check_read_only(query)  # refused before a worker starts
    with QueryRunner(store, workers=1, timeout=timeout, max_rows=max_rows) as runner:
        return runner.run(query, format=format)
