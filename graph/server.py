"""``govkg serve``: a read-only SPARQL 1.1 endpoint over the store, with the explorer and a query page.

Routes::

    /sparql    the SPARQL 1.1 Protocol: GET ?query=…, POST application/x-www-form-urlencoded
               (query=…) or POST application/sparql-query; never update
    /          the explorer of the store (built once per store version)
    /query     a query form with a results table; no network, its script allowed by hash
    /health    JSON: the store version, the workers, the limits

Queries go through :func:`govkg.graph.sparql.check_read_only` and run in the worker processes
of a :class:`govkg.graph.sparql.QueryRunner`, so a query past its timeout is killed and the
server goes on. The answer's format is negotiated from ``Accept`` (q-values, wildcards and
browsers' lists all work) or named by a ``format=`` parameter (see :func:`negotiate`).
Statuses: 400 for a refused or malformed query (one line that says why, and where), 406 when
no acceptable format exists, 503 when the query ran past its timeout or no worker was free.
The server binds to loopback unless a host is given, and then also refuses requests whose
``Host`` is not a loopback name (a web page cannot reach it by DNS rebinding); CORS headers
are sent only when ``cors`` names an origin.

>>> import tempfile, pathlib, threading, urllib.parse, urllib.request
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
>>> with make_server(root / "kg", port=0, workers=1) as server:
...     thread = threading.Thread(target=server.serve_forever, daemon=True)
...     thread.start()
...     query = urllib.parse.quote("SELECT DISTINCT ?l WHERE { ?u a gk:Unit ; skos:prefLabel ?l }")
...     request = urllib.request.Request(f"{server.url}sparql?query={query}", headers={"Accept": "text/csv"})
...     with urllib.request.urlopen(request) as response:
...         print(response.headers["Content-Type"], response.read().decode().split())
...     server.shutdown()
text/csv; charset=utf-8 ['l', '遵义市环境保护局']
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import json
import re
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version as _version
from importlib.resources import files
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs, urlsplit

from .errors import GovkgError, QueryError, ServerError, StoreError

from .sparql import (
    DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Format, QueryAbortedError, QueryRunner, QueryTimeoutError,
    check_read_only, find_format, formats_for,
)
from .store import current_version

__all__ = ["serve", "make_server", "SparqlServer", "ServerError", "negotiate", "DEFAULT_PORT", "MAX_QUERY_BYTES"]

DEFAULT_PORT = 7878
#: The largest query text (or request body) accepted; a longer one gets 413.
MAX_QUERY_BYTES = 1 << 20
#: Seconds an idle keep-alive connection is kept open.
_IDLE_SECONDS = 60
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_PROTOCOL_FORMAT_PARAMS = ("format", "output", "results")  # what SPARQL clients send


# -- content negotiation -----------------------------------------------------------------

_MEDIA_RANGE = re.compile(r"""
    \s* (?P<type> [!#$%&'*+.^_`|~\w-]+ ) \s* / \s* (?P<subtype> [!#$%&'*+.^_`|~\w-]+ ) \s*
    (?P<params> (?: ; [^,]* )? )
""", re.VERBOSE)


def _media_ranges(accept: str):
    """(type, subtype, q, position) for each well-formed range of an Accept header."""
    for position, item in enumerate(accept.split(",")):
        item = item.strip()
        if item == "*" or item.startswith("*;"):  # old clients write */* as *
            item = "*/*" + item[1:]
        match = _MEDIA_RANGE.fullmatch(item)
        if match is None:
            continue
        q = 1.0
        for param in match["params"].split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        yield match["type"].lower(), match["subtype"].lower(), q, position


def _quality(fmt: Format, ranges: list) -> tuple[float, int] | None:
    """The q-value the most specific matching range gives ``fmt``, and that range's position.
    An alias (``application/json``, ``text/xml`` …) counts when named; a wildcard only
    matches the format's own media type."""
    aliases = [a for a in fmt.aliases if "/" in a]
    best = None
    for kind, subtype, q, position in ranges:
        if f"{kind}/{subtype}" in (fmt.media_type, *aliases):
            specificity = 3
        elif subtype == "*" and kind == fmt.media_type.split("/")[0]:
            specificity = 2
        elif (kind, subtype) == ("*", "*"):
            specificity = 1
        else:
            continue
        candidate = (specificity, q, -position)
        if best is None or candidate > best:
            best = candidate
    return None if best is None else (best[1], best[2])


def negotiate(accept: str | None, form: str, requested: list[str] | tuple[str, ...] = ()) -> Format | None:
    """The format to answer a ``form`` query in: the first of ``requested`` (``format=``
    values: names or media types) that fits, else the best of the ``Accept`` header (highest
    q, then the client's order, then the server's: JSON, Turtle); ``None`` if nothing fits.

    >>> negotiate("*/*", "SELECT").name, negotiate(None, "CONSTRUCT").name
    ('json', 'turtle')
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "SELECT").name
    'xml'
    >>> negotiate("text/csv;q=0.5, text/tab-separated-values", "ASK").name
    'tsv'
    >>> negotiate("application/n-triples;q=0.9, text/*;q=0.1", "DESCRIBE").name
    'ntriples'
    >>> negotiate("text/csv", "SELECT", ["ttl", "json"]).name
    'json'
    >>> negotiate("text/turtle", "SELECT") is None
    True
    """
    wanted = [value for value in requested if value.strip()]
    if wanted:
        return next((fmt for fmt in map(lambda v: find_format(v, form), wanted) if fmt), None)
    ranges = list(_media_ranges(accept or "*/*"))
    scored = []
    for order, fmt in enumerate(formats_for(form)):
        quality = _quality(fmt, ranges)
        if quality and quality[0] > 0:
            scored.append((quality[0], quality[1], -order, fmt))
    return max(scored, key=lambda s: s[:3])[3] if scored else None


# -- pages -------------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _query_page(store: Path) -> tuple[bytes, str]:
    """The query page and its Content-Security-Policy (its one script and style by hash)."""
    from govkg.queries import list_queries

    template = files("govkg.graph").joinpath("query.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*?)</script>", template, re.DOTALL).group(1)
    style = re.search(r"<style>(.*?)</style>", template, re.DOTALL).group(1)
    examples = []
    for query in _named_queries(list_queries):
        try:
            examples.append({"name": query.name, "description": query.description, "text": query.bound({})})
        except GovkgError:
            continue  # a named query that cannot be bound is no example; the catalogue's tests say why
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = template.replace("__EXAMPLES__", data).replace("__STORE__", html.escape(store.name))
    csp = ("default-src 'none'; " f"script-src 'sha256-{_sha256(script)}'; style-src 'sha256-{_sha256(style)}'; "
           "connect-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return page.encode("utf-8"), csp


def _named_queries(list_queries) -> list:
    try:
        return list_queries()
    except GovkgError:
        return []


class _Explorer:
    """The explorer page of the store's current version, built once per version."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: Path | None = None
        self._page = b""

    def page(self) -> bytes:
        from .view import view_page

        version = current_version(self.store)
        with self._lock:
            if version != self._version or not self._page:
                # the page `govkg view` writes for the whole store, and kg.view() shows
                self._page = view_page(self.store)[0].encode("utf-8")
                self._version = version
            return self._page


# -- the server --------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server with the store's :class:`QueryRunner` (``runner``); stop it
    with :meth:`shutdown` and :meth:`server_close` (or use it as a context manager)."""

    daemon_threads = True
    #: Connections waiting to be accepted (socketserver's 5 resets a burst of clients).
    request_queue_size = 128

    def __init__(self, store: str | Path, *, host: str, port: int, timeout: float, max_rows: int,
                 cors: str | None, workers: int, log: TextIO | None) -> None:
        self.store = Path(store)
        if current_version(self.store) is None:
            raise StoreError(f"{store}: no govkg store here; run `govkg build --store {store}` first")
        self.cors, self.log = cors, log
        self.loopback = _is_loopback(host)
        if ":" in host:
            self.address_family = socket.AF_INET6
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port or --host") from None
        try:
            self.runner = QueryRunner(self.store, workers=workers, timeout=timeout, max_rows=max_rows)
        except BaseException:
            super().server_close()
            raise
        self.explorer = _Explorer(self.store)
        self.query_page, self.query_csp = _query_page(self.store)

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:7878/``."""
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def warm(self) -> None:
        """Build the explorer page now, so the first visitor need not wait (errors wait for /)."""
        try:
            self.explorer.page()
        except Exception:
            pass

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "runner"):  # TCPServer calls this when it cannot bind, before there is one
            self.runner.close()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the client went away
        if self.log is not None:
            print(f"govkg serve: error while answering {client_address[0]}: {error!r}", file=self.log, flush=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Refusal(Exception):
    """An HTTP error answer: status, one-line message, extra headers."""

    def __init__(self, status: int, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = f"govkg/{_version('govkg')}"
    sys_version = ""
    timeout = _IDLE_SECONDS

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_OPTIONS(self) -> None:
        self._answer("OPTIONS")

    def _preflight(self) -> None:
        """CORS preflight (and plain OPTIONS): which methods; CORS headers only with ``cors``."""
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self.server.cors:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Content-Type, Accept",
                            "Access-Control-Max-Age": "600"})
        self._send(204, b"", None, cors=True, **headers)

    def log_message(self, format: str, *args) -> None:
        if self.server.log is not None:
            line = format % args
            try:  # http.server decodes the request line as Latin-1; a raw UTF-8 path reads back as typed
                line = line.encode("latin-1").decode("utf-8")
            except UnicodeError:
                pass
            print(f"{self.address_string()} - {line}", file=self.server.log, flush=True)

    def _answer(self, method: str) -> None:
        url = urlsplit(self.path)
        self._unread_body = method == "POST"  # a body left unread ends the connection (see _send)
        try:
            self._check_host()
            if method == "OPTIONS":
                return self._preflight()
            if url.path == "/sparql":
                return self._sparql(method, url.query)
            if method != "GET":
                raise _Refusal(405, f"{method} {url.path}: only GET is served here", Allow="GET")
            if url.path in ("/", "/index.html"):
                return self._send(200, self._explorer(), "text/html; charset=utf-8")
            if url.path == "/query":
                return self._send(200, self.server.query_page, "text/html; charset=utf-8",
                                  **{"Content-Security-Policy": self.server.query_csp})
            if url.path == "/health":
                return self._send(200, self._health(), "application/json", cors=True)
            raise _Refusal(404, f"{url.path}: no such page; try /, /query, /sparql or /health")
        except _Refusal as refusal:
            self._send(refusal.status, (refusal.message + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                       cors=True, **refusal.headers)

    def _check_host(self) -> None:
        host = self.headers.get("Host")
        if not self.server.loopback or host is None:
            return
        try:
            name = urlsplit("//" + host).hostname or ""
        except ValueError:
            name = ""
        if name not in _LOOPBACK_NAMES and not name.endswith(".localhost") and not _is_loopback(name):
            raise _Refusal(403, f"Host {host!r} is not this server's name; it serves loopback names only "
                                "(localhost, 127.0.0.1, [::1]); start it with --host to serve others")

    def _explorer(self) -> bytes:
        try:
            return self.server.explorer.page()
        except Exception as exc:  # the page is built from the store; say why it cannot be
            raise _Refusal(500, f"cannot build the explorer of {self.server.store}: {exc}") from None

    def _health(self) -> bytes:
        version = current_version(self.server.store)
        runner = self.server.runner
        return json.dumps({"status": "ok", "store": str(self.server.store),
                           "version": version.name if version else None, "workers": runner.workers,
                           "timeout": runner.timeout, "max_rows": runner.max_rows,
                           "network_isolated": runner.isolated}).encode("utf-8")

    def _params(self, method: str, query_string: str) -> dict[str, list[str]]:
        try:
            params = parse_qs(query_string, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise _Refusal(400, "the URL's parameters are not UTF-8 text") from None
        if method == "GET":
            return params
        kind = self.headers.get_content_type()
        body = self._body()
        if kind == "application/sparql-update":
            raise _Refusal(400, "SPARQL Update is refused: this endpoint is read-only "
                                "(the request body is application/sparql-update)")
        try:
            if kind == "application/x-www-form-urlencoded":
                for name, values in parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict").items():
                    params.setdefault(name, []).extend(values)
            elif kind == "application/sparql-query":
                params["query"] = params.get("query", []) + [body.decode(self.headers.get_content_charset("utf-8"))]
            else:
                raise _Refusal(415, f"POST /sparql: expected a body of application/sparql-query or "
                                    f"application/x-www-form-urlencoded, got {kind}")
        except (UnicodeDecodeError, LookupError):
            raise _Refusal(400, f"the {kind} body is not text in its charset (expected UTF-8)") from None
        return params

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            raise _Refusal(411, "POST /sparql: expected a Content-Length header")
        if int(length) > MAX_QUERY_BYTES:
            raise _Refusal(413, f"the request body has {int(length)} bytes; at most {MAX_QUERY_BYTES} are accepted")
        body = self.rfile.read(int(length))
        self._unread_body = False
        return body

    def _sparql(self, method: str, query_string: str) -> None:
        if method not in ("GET", "POST"):
            raise _Refusal(405, f"{method} /sparql: expected GET or POST", Allow="GET, POST, OPTIONS")
        params = self._params(method, query_string)
        if "update" in params:
            raise _Refusal(400, "SPARQL Update is refused: this endpoint is read-only (the request has an update= parameter)")
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise _Refusal(400, f"{name} is refused: a query reads the whole store (the union of its graphs); "
                                    "use GRAPH <iri> { … } in the query to read one graph")
        queries = params.get("query", [])
        if len(queries) != 1:
            found = "none" if not queries else f"{len(queries)}"
            raise _Refusal(400, f"expected one query (GET /sparql?query=… or POST), found {found}")
        if len(queries[0].encode("utf-8")) > MAX_QUERY_BYTES:
            raise _Refusal(413, f"the query has more than {MAX_QUERY_BYTES} bytes")
        try:
            form = check_read_only(queries[0])
        except QueryError as exc:
            raise _Refusal(400, str(exc)) from None
        requested = [v for name in _PROTOCOL_FORMAT_PARAMS for v in params.get(name, [])]
        fmt = negotiate(self.headers.get("Accept"), form, requested)
        if fmt is None:
            offered = ", ".join(f"{f.media_type} ({f.name})" for f in formats_for(form))
            asked = f"format={','.join(v for v in requested if v.strip())}" if any(v.strip() for v in requested) \
                else f"Accept: {self.headers.get('Accept')}"
            raise _Refusal(406, f"no acceptable format for a {form} query ({asked}); available: {offered}")
        try:
            answer = self.server.runner.run(queries[0], format=fmt)
        except (QueryTimeoutError, QueryAbortedError) as exc:
            raise _Refusal(503, str(exc), **{"Retry-After": "5"}) from None
        except QueryError as exc:
            raise _Refusal(400, str(exc)) from None
        except GovkgError as exc:
            raise _Refusal(500, str(exc)) from None
        self._send(200, answer.body, fmt.content_type, cors=True, Vary="Accept",
                   **{"Govkg-Rows": str(answer.rows), "Govkg-Truncated": "true" if answer.truncated else "false",
                      "Govkg-Max-Rows": str(self.server.runner.max_rows)})

    def _send(self, status: int, body: bytes, content_type: str | None, *, cors: bool = False, **headers: str) -> None:
        try:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if cors and self.server.cors:
                self.send_header("Access-Control-Allow-Origin", self.server.cors)
                self.send_header("Access-Control-Expose-Headers", "Govkg-Rows, Govkg-Truncated, Govkg-Max-Rows")
                if self.server.cors != "*":
                    headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Origin")))
            if getattr(self, "_unread_body", False):
                headers["Connection"] = "close"  # what is left of the body must not read as a request
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def make_server(store: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, cors: str | None = None,
                workers: int = 2, log: TextIO | None = None) -> SparqlServer:
    """A :class:`SparqlServer` for ``store``, bound but not yet serving (``port=0`` picks a
    free port; see ``server.url``). ``log`` receives one line per request (``None``: silent).
    Run it with ``serve_forever()``, in a thread if need be, and stop it with ``shutdown()``."""
    return SparqlServer(store, host=host, port=port, timeout=timeout, max_rows=max_rows, cors=cors,
                        workers=workers, log=log)


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, cors: str | None = None,
          workers: int = 2) -> None:
    """Serve ``store`` until Ctrl-C (``govkg serve``), logging requests to stderr.

    >>> serve("no-such-store", port=0)
    Traceback (most recent call last):
    ...
    govkg.graph.errors.StoreError: no-such-store: no govkg store here; run `govkg build --store no-such-store` first
    """
    with make_server(store, host=host, port=port, timeout=timeout, max_rows=max_rows, cors=cors,
                     workers=workers, log=sys.stderr) as server:
        threading.Thread(target=server.warm, daemon=True).start()
        print(f"govkg: serving {server.store} at {server.url} (SPARQL at {server.url}sparql, "
              f"query page at {server.url}query); Ctrl-C stops", file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
