"""The Python entry point: a govkg store opened for questions, for notebooks and scripts.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text(
...     "遵义市任务表\\n序号\\t工作任务\\t牵头单位\\t完成时限\\n1\\t规范处置危险废物\\t市环保局\\t2016年底\\n",
...     encoding="utf-8")
>>> kg = KnowledgeGraph.build([root / "a.txt"], root / "kg")
>>> rows = kg.query("tasks-of-unit", unit="市環保局")
>>> [(r["name"], r["role"], r["text"], r["line"]) for r in rows]
[('遵义市环境保护局', 'lead', '规范处置危险废物', 3)]
>>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a gk:Task }").rows
[[1]]
>>> [r["deadline"] for r in kg.query("tasks-due-before", date="2017-01-01")]
[datetime.date(2016, 12, 31)]
>>> kg.query("tasks-of-unit", unit="市财政局")
Traceback (most recent call last):
...
govkg.graph.errors.UnknownNameError: no unit is named '市财政局' (read as 市财政局); the closest names in the store: 遵义市环境保护局. `govkg units` lists them all
>>> kg.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import QueryError, StoreError
from .rows import Rows
from .store import DEFAULT_STORE, current_version

__all__ = ["KnowledgeGraph", "View", "USER_QUERY_TIMEOUT", "USER_QUERY_ROWS"]

#: Seconds a query written by the user may run before its worker is stopped.
USER_QUERY_TIMEOUT = 60.0
#: Rows a query written by the user may return (more is an error, not a silent cut).
USER_QUERY_ROWS = 1_000_000


class KnowledgeGraph:
    """A govkg store. Open one with :meth:`open` (or make one with :meth:`build`).

    - :meth:`query` runs a named query (``kg.query("tasks-of-unit", unit="市环保局")``), a
      ``.rq`` file or SPARQL, and returns typed :class:`~govkg.graph.rows.Rows`
      (``.to_dataframe()`` for pandas);
    - :meth:`units`, :meth:`topics` and :meth:`documents` list what the store holds;
    - :meth:`view` shows the explorer inline in Jupyter;
    - :meth:`add` and :meth:`remove` change the store as ``govkg add`` / ``govkg remove`` do.

    Names are read as users type them: a ``unit`` parameter goes through the normaliser of
    extraction (市环保局 finds the 市环境保护局 of every city; add ``jurisdiction="六盘水市"`` to
    keep one), a ``topic`` parameter may be traditional or an alternative name (危废), and a name
    that matches nothing raises :class:`~govkg.graph.errors.UnknownNameError` with the closest
    names. SPARQL written by the user is checked first (no update, ``SERVICE`` or ``FROM``) and
    runs in a worker process that is stopped after ``timeout`` seconds or on Ctrl-C.
    """

    def __init__(self, store: str | Path = DEFAULT_STORE, *, timeout: float = USER_QUERY_TIMEOUT) -> None:
        self.store = Path(store)
        self.timeout = timeout
        self._runner = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, store: str | Path = DEFAULT_STORE, *, timeout: float = USER_QUERY_TIMEOUT) -> KnowledgeGraph:
        """The store at ``store``; :class:`~govkg.graph.errors.StoreError` if there is none."""
        if current_version(store) is None:
            raise StoreError(f"{store}: no govkg store here; build one with `govkg build PATH --store {store}` "
                             "or KnowledgeGraph.build(paths, store)")
        return cls(store, timeout=timeout)

    @classmethod
    def build(cls, paths: Iterable[str | Path], store: str | Path = DEFAULT_STORE, **options: Any) -> KnowledgeGraph:
        """Make the store exactly these documents (as ``govkg build``), then open it. Options are
        those of :func:`govkg.graph.build.build_store` (``force``, ``jobs``, ``progress`` …)."""
        from .build import build_store

        options.setdefault("progress", None)
        report = build_store(paths, store, **options)
        if not report.published and current_version(store) is None:
            raise StoreError(report.message or f"{store}: nothing was built")
        kg = cls.open(store)
        kg.last_report = report
        return kg

    def close(self) -> None:
        """Stop the worker processes of user queries (a closed graph can still be queried)."""
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.store)!r})"

    # -- asking --------------------------------------------------------------------------

    def query(self, query: str, /, *, timeout: float | None = None, **params: Any):
        """Run ``query``: a named query (see :func:`govkg.queries.list_queries`) with its
        parameters as keywords, a path to a ``.rq`` file, or SPARQL text (the gk, skos,
        dcterms, prov, rdfs … prefixes are declared). SELECT and ASK give
        :class:`~govkg.graph.rows.Rows`; CONSTRUCT and DESCRIBE give an :class:`rdflib.Graph`."""
        from govkg.queries import load_query, parse_query_text

        text = query.strip()
        if text.endswith(".rq") and "\n" not in text:
            path = Path(text)
            if not path.is_file():
                raise QueryError(f"{text}: no such query file")
            return self.sparql(parse_query_text(path.read_text(encoding="utf-8"), path.stem).bound(_strings(params)),
                               timeout=timeout)
        if _is_name(text):
            return self._named(load_query(text), params)
        if params:
            raise QueryError("parameters go with named queries; write the values into the SPARQL, or use "
                             "the %%sparql magic's {variable} substitution")
        return self.sparql(text, timeout=timeout)

    def sparql(self, text: str, *, timeout: float | None = None, max_rows: int = USER_QUERY_ROWS):
        """SPARQL written by the user, checked and run in a worker process that can be stopped."""
        from .remote import rows_from_json
        from .sparql import QueryRunner, check_read_only

        form = check_read_only(text)
        if self._runner is None:
            self._runner = QueryRunner(self.store, workers=1, timeout=self.timeout, max_rows=max_rows)
        answer = self._runner.run(text, format="turtle" if form in ("CONSTRUCT", "DESCRIBE") else "json",
                                  timeout=self.timeout if timeout is None else timeout, max_rows=max_rows)
        if answer.truncated:
            raise QueryError(f"the query returned more than {max_rows:,} rows; add a LIMIT or narrow it down")
        if form in ("CONSTRUCT", "DESCRIBE"):
            from rdflib import Graph

            return Graph().parse(data=answer.body.decode("utf-8"), format="turtle")
        return rows_from_json(answer.json())

    def _named(self, query, params: dict[str, Any]) -> Rows:
        from .store import select

        given = _strings(params)
        jurisdiction = given.pop("jurisdiction", None)
        if jurisdiction is not None and "unit" not in query.params:
            raise QueryError(f"jurisdiction= narrows down a unit; query {query.name!r} takes no unit "
                             f"(its parameters are: {', '.join(query.params) or '(none)'})")
        if "topic" in query.params and "topic" in given:
            from govkg.extract.text import fold

            from .names import match_topic

            match_topic(self.store, given["topic"])  # an unknown topic names the closest ones
            given["topic"] = fold(" ".join(given["topic"].split()))
        if "unit" not in query.params or ("unit" not in given and jurisdiction is None):
            return select(self.store, query.bound(given))
        from .names import match_units

        typed = given.get("unit", _unquote(query.params["unit"]))
        units = match_units(self.store, typed, jurisdiction=jurisdiction)
        # one run per unit, by its preferred label (unique to it); rows of other units that
        # happen to carry that label as an alternative one are left out
        answer: Rows | None = None
        seen: set[tuple] = set()
        for unit in units:
            rows = select(self.store, query.bound({**given, "unit": unit.label}))
            keep = [r for r in rows.rows if "name" not in rows.variables or r[rows.variables.index("name")] == unit.label]
            if answer is None:
                answer = Rows(rows.variables, [])
            for r in keep:
                key = tuple(map(str, r))
                if key not in seen:
                    seen.add(key)
                    answer.rows.append(r)
        return answer if answer is not None else Rows([], [])

    # -- what the store holds -----------------------------------------------------------

    def units(self, match: str | None = None, *, jurisdiction: str | None = None) -> Rows:
        """Units with their place and number of tasks per role (see :func:`govkg.graph.catalogue.units`)."""
        from .catalogue import units

        return units(self.store, match=match, jurisdiction=jurisdiction)

    def topics(self) -> Rows:
        """Topics that tasks are about, with counts (see :func:`govkg.graph.catalogue.topics`)."""
        from .catalogue import topics

        return topics(self.store)

    def documents(self) -> Rows:
        """The documents of the store (see :func:`govkg.graph.catalogue.documents`)."""
        from .catalogue import documents

        return documents(self.store)

    # -- changing it ----------------------------------------------------------------------

    def add(self, *paths: str | Path, **options: Any):
        """Add or replace documents (``govkg add``); returns the build report."""
        from .build import add_documents

        options.setdefault("progress", None)
        return add_documents(paths, self.store, **options)

    def remove(self, *documents: str, **options: Any):
        """Drop documents by path, file name or SHA-256 prefix (``govkg remove``)."""
        from .build import remove_documents

        return remove_documents(documents, self.store, **options)

    # -- looking --------------------------------------------------------------------------

    def view(self, **focus: Any) -> View:
        """The explorer page (the one ``govkg view`` writes and ``govkg serve`` shows), inline in
        Jupyter. Keywords are those of :func:`govkg.graph.view.view_page`: ``unit``,
        ``jurisdiction``, ``topic``, ``regulation``, ``query`` and ``params``, ``depth``."""
        from .view import view_page

        height = focus.pop("height", 720)
        page, summary = view_page(self.store, **focus)
        return View(page, summary, height)


class View:
    """An explorer page: shown inline by Jupyter (an ``<iframe srcdoc>``: the page stays sealed
    by its own Content-Security-Policy), or written with :meth:`save`."""

    def __init__(self, page: str, summary: Any, height: int = 720) -> None:
        self.page, self.summary, self.height = page, summary, height

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.page, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        import html

        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" style="width:100%;height:{int(self.height)}px;'
                'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')

    def __repr__(self) -> str:
        return f"<govkg view: {self.summary}>"


def _is_name(text: str) -> bool:
    return bool(text) and not any(ch.isspace() for ch in text) and "{" not in text


def _strings(params: dict[str, Any]) -> dict[str, str]:
    import datetime

    out = {}
    for key, value in params.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        out[key] = str(value)
    return out


def _unquote(literal: str) -> str:
    return literal.split('"')[1] if literal.startswith('"') else literal
