"""Focused views of the store: the explorer page around units, a topic, a regulation or the
result of a named query, or the whole store.

What a view is about (its focus), before ``depth`` more hops (task↔unit, task↔regulation,
task↔topic, task↔parent task; see :func:`govkg.graph.network.hops`):

- nothing: every task with its units, regulations and topics (the overview; ``depth`` unused);
- ``unit`` (a name as users type it, narrowed by ``jurisdiction``): the units it stands for
  (:func:`govkg.graph.names.match_units`: 市环保局 is the 市环境保护局 of every city) and every
  task they have a role on;
- ``topic``: the topic, the tasks about it or a narrower topic, the tasks above those, and the
  narrower topics met on the way;
- ``regulation`` (a code as typed, ``GB 18597—2001``, ``HJ/T 433``, or a title): the
  regulations it names, the tasks citing them, the tasks above those, and every unit with a
  role on any of these tasks: who must follow it, and through which tasks;
- ``query`` (a named query, with ``params``): the nodes its rows name. A ``file`` column with
  the ``line`` column of the same suffix (``fileA``/``lineA`` …) names the task printed on
  that line with the row's ``text`` (every task of the line if none has it); ``name``, ``unit`` and ``other`` name units by preferred label (of the row's
  ``jurisdiction``, when it has one), ``units…`` lists of them (``"; "``-separated, each maybe
  ``"role: "``-prefixed); ``code`` names regulations by code, else ``title`` by title;
  ``topic`` names topics; a value that is a node's IRI names that node. Other columns
  (counts, texts, dates) name nothing.

A name that names nothing raises :class:`~govkg.graph.errors.UnknownNameError` with the
closest names in the store; a query whose rows name nothing raises
:class:`~govkg.graph.errors.QueryError`.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "p.txt").write_text(
...     "遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t按《危险废物贮存污染控制标准》（GB18597-2001）规范贮存危险废物\\t市环保局\\n"
...     "2\\t编制预算\\t市财政局\\n", encoding="utf-8")
>>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
>>> page, summary = view_page(root / "kg", regulation="GB 18597—2001")
>>> print(summary)
regulation GB 18597—2001 → 危险废物贮存污染控制标准, depth 1: 4 nodes, 3 edges
>>> view_page(root / "kg", unit="市环保局", depth=0)[1].focused
('遵义市环境保护局',)
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx

from govkg.ontology.vocabulary import ID_IRI

from .errors import QueryError, UnknownNameError
from .names import closest, match_topic, match_units
from .network import NodeSet, every_task, hops, network_of, regulation_nodes, topic_nodes, unit_nodes
from .store import ReadStore, open_store, select

__all__ = ["ViewSummary", "view_graph", "view_page", "write_view", "FORMATS", "FULL_VIEW_NODES"]

#: The formats :func:`write_view` writes.
FORMATS = ("html", "png")
#: A focused view of at most this many nodes opens with every node drawn ("full"); a larger
#: one opens on its units and topics ("overview"), as the whole store does.
FULL_VIEW_NODES = 1500
#: Labels a summary line names before "and N more" (a line, not a list).
_SHOWN = 3
#: Characters of a label in a summary line (task texts run to hundreds).
_SHORT = 18


@dataclass(frozen=True)
class ViewSummary:
    """What a view shows. ``focus`` is ``overview``, ``unit``, ``topic``, ``regulation`` or
    ``query``; ``asked`` what was typed; ``focused`` the labels of the nodes it is about and
    ``iris`` their IRIs; ``rows`` the query's row count; ``path`` the file written, if any.
    ``str()`` is the line ``govkg view`` prints.

    >>> print(ViewSummary("unit", "市环保局", ("六盘水市环境保护局",), 1, 20, 31, "govkg", Path("v.html")))
    wrote v.html (unit 市环保局 → 六盘水市环境保护局, depth 1: 20 nodes, 31 edges)
    """

    focus: str
    asked: str
    focused: tuple[str, ...]
    depth: int
    nodes: int
    edges: int
    title: str
    path: Path | None = None
    rows: int | None = None
    iris: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.focus == "overview":
            what = "the whole store"
        else:
            what = f"{self.focus} {self.asked}"
            if self.rows is not None:
                what += f" → {self.rows} row{'' if self.rows == 1 else 's'} naming {len(self.focused)} node{'' if len(self.focused) == 1 else 's'}"
            elif self.focused:
                what += " → " + _some(self.focused)
            what += f", depth {self.depth}"
        line = f"{what}: {self.nodes} nodes, {self.edges} edges"
        return f"wrote {self.path} ({line})" if self.path else line


def _some(labels: tuple[str, ...]) -> str:
    short = [label if len(label) <= _SHORT else label[: _SHORT - 1] + "…" for label in labels[:_SHOWN]]
    more = f" and {len(labels) - _SHOWN} more" if len(labels) > _SHOWN else ""
    return "、".join(short) + more


@contextmanager
def _reading(store: str | Path | ReadStore) -> Iterator[ReadStore]:
    """The store, opened for the call unless it is open already."""
    if isinstance(store, ReadStore):
        yield store
        return
    st = open_store(store)
    try:
        yield st
    finally:
        st.close()


def view_graph(
    store: str | Path | ReadStore, *, unit: str | None = None, jurisdiction: str | None = None,
    topic: str | None = None, regulation: str | None = None, query: str | None = None,
    params: dict[str, str] | None = None, depth: int = 1,
) -> tuple[nx.MultiDiGraph, ViewSummary]:
    """The view's graph (in :mod:`govkg.graph.network`'s form) and its summary, without a
    title yet (see the module docstring for what each focus means).

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> g, summary = view_graph(root / "kg", topic="危险废物", depth=0)
    >>> sorted(kind for _, kind in g.nodes(data="kind")), summary.focused, summary.iris
    (['task', 'topic'], ('危险废物',), ('https://w3id.org/govkg/id/topic/hazardous-waste',))
    >>> view_graph(root / "kg", topic="危险废物", unit="市环保局")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.QueryError: a view has one focus; got unit and topic
    """
    given = [name for name, value in (("unit", unit), ("topic", topic), ("regulation", regulation), ("query", query)) if value]
    if len(given) > 1:
        raise QueryError(f"a view has one focus; got {' and '.join(given)}")
    if jurisdiction and not unit:
        raise QueryError(f"jurisdiction {jurisdiction!r} narrows a unit name; give unit too")
    if params and not query:
        raise QueryError("params go with a named query; give query too")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise QueryError(f"depth {depth!r}; expected a whole number of hops, 0 or more")
    with _reading(store) as st:
        rows = None
        if unit:
            if jurisdiction:
                _check_place(st, jurisdiction)
            anchors = [m.iri for m in match_units(st, unit, jurisdiction=jurisdiction)]
            seed, asked = unit_nodes(st, anchors), unit + (f" in {jurisdiction}" if jurisdiction else "")
        elif topic:
            anchors = match_topic(st, topic)
            seed, asked = topic_nodes(st, anchors), topic
        elif regulation:
            anchors = _match_regulation(st, regulation)
            seed, asked = regulation_nodes(st, anchors), regulation
        elif query:
            seed, rows, asked = _query_nodes(st, query, params or {})
            anchors = sorted(seed.tasks | seed.units | seed.regulations | seed.topics)
        else:
            graph = network_of(st, hops(st, every_task(st), 1))
            return graph, ViewSummary("overview", "", (), 0, len(graph), graph.number_of_edges(), "")
        graph = network_of(st, hops(st, seed, depth))
    focus = "unit" if unit else "topic" if topic else "regulation" if regulation else "query"
    anchors = [a for a in anchors if a in graph]
    labels = tuple(str(graph.nodes[a]["label"]) for a in anchors)
    return graph, ViewSummary(focus, asked, labels, depth, len(graph), graph.number_of_edges(), "",
                              rows=rows, iris=tuple(anchors))


def view_page(
    store: str | Path | ReadStore, *, unit: str | None = None, jurisdiction: str | None = None,
    topic: str | None = None, regulation: str | None = None, query: str | None = None,
    params: dict[str, str] | None = None, depth: int = 1, title: str | None = None,
) -> tuple[str, ViewSummary]:
    """The explorer page of a view (see the module docstring) and its summary.

    The page opens on the one node the view is about, when there is one (a unit, a topic, a
    regulation), with its details panel open; a view of up to :data:`FULL_VIEW_NODES` nodes
    draws every node, a larger one starts from its units and topics.

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> page, summary = view_page(root / "kg", unit="市环保局")
    >>> summary.title, "遵义市环境保护局" in page
    ('govkg · 市环保局', True)
    >>> view_page(root / "kg", unit="市财政局")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.UnknownNameError: no unit is named '市财政局' (read as 市财政局); the closest names in the store: 遵义市环境保护局. `govkg units` lists them all
    """
    from govkg.viz import explorer_html, from_store_network

    graph, summary = view_graph(store, unit=unit, jurisdiction=jurisdiction, topic=topic,
                                regulation=regulation, query=query, params=params, depth=depth)
    if title is None:
        name = Path(store).name if isinstance(store, (str, os.PathLike)) else "store"
        title = "govkg · " + (summary.asked if summary.focus != "overview" else name)
    mode = "full" if summary.focus != "overview" and len(graph) <= FULL_VIEW_NODES else "overview"
    focus = summary.iris[0] if len(summary.iris) == 1 and summary.focus != "query" else None
    page = explorer_html(from_store_network(graph), title=title, view=mode, focus=focus)
    return page, replace(summary, title=title)


def write_view(
    store: str | Path | ReadStore, out: str | os.PathLike, *, format: str | None = None,
    unit: str | None = None, jurisdiction: str | None = None, topic: str | None = None,
    regulation: str | None = None, query: str | None = None, params: dict[str, str] | None = None,
    depth: int = 1, title: str | None = None, width: int = 1400, height: int = 900,
) -> ViewSummary:
    """Write :func:`view_page` to ``out`` as UTF-8 HTML, or (``format="png"``, or an ``out``
    ending in ``.png``) a ``width`` × ``height`` picture of it taken by headless Chromium
    (:func:`govkg.viz.screenshot`; ``RuntimeError`` when there is none).

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> print(write_view(root / "kg", root / "v.html").nodes)
    3
    >>> write_view(root / "kg", root / "v.svg", format="svg")
    Traceback (most recent call last):
    ...
    ValueError: format 'svg'; expected one of html, png
    """
    out = Path(out)
    if format is None:
        format = "png" if out.suffix.lower() == ".png" else "html"
    if format not in FORMATS:
        raise ValueError(f"format {format!r}; expected one of {', '.join(FORMATS)}")
    page, summary = view_page(store, unit=unit, jurisdiction=jurisdiction, topic=topic, regulation=regulation,
                              query=query, params=params, depth=depth, title=title)
    out.parent.mkdir(parents=True, exist_ok=True)
    if format == "html":
        out.write_text(page, encoding="utf-8", newline="\n")
    else:
        from govkg.viz import screenshot

        with tempfile.TemporaryDirectory(prefix="govkg-view-") as tmp:
            html_path = Path(tmp) / "view.html"
            html_path.write_text(page, encoding="utf-8", newline="\n")
            screenshot(html_path, out, width=width, height=height)
    return replace(summary, path=out)


# -- places and regulations as typed ---------------------------------------------------------


def _check_place(st: ReadStore, jurisdiction: str) -> None:
    from govkg.extract.text import fold

    places = sorted({label for (label,) in select(st, """
        SELECT DISTINCT ?l WHERE { ?u a gk:Unit ; gk:jurisdiction ?p . ?p rdfs:label ?l }""").rows})
    if fold(jurisdiction.strip()) not in places:
        near = closest(fold(jurisdiction.strip()), places) or places[:5]
        raise UnknownNameError(f"no jurisdiction is named {jurisdiction!r}; the places of the store's units: "
                               f"{'、'.join(near) or '(none)'}")


_SPACES = re.compile(r"[\s\u3000]+")
_DASHES = re.compile(r"""
    [\-‐‑‒–—―−－﹣⁃~～]+   # hyphens, en and em dashes, minus signs, full-width and wave dashes
    """, re.VERBOSE)
_MARKS = re.compile(r"""
    [《》〈〉<>“”"]        # title marks and quotes around a title
    """, re.VERBOSE)
_YEAR = re.compile(r"""
    - (?:19|20)\d\d $     # the year a standard's code ends with: GB18597-2001
    """, re.VERBOSE)


def _regulation_key(text: str) -> str:
    """A code or title as compared: folded, without spaces or title marks, dashes as ``-``,
    upper-case (``GB 18597—2001`` → ``GB18597-2001``)."""
    from govkg.extract.text import fold

    return _DASHES.sub("-", _MARKS.sub("", _SPACES.sub("", fold(text)))).upper()


def _match_regulation(st: ReadStore, text: str) -> list[str]:
    """The regulations whose code, code without its year, or title is ``text`` (as compared
    by :func:`_regulation_key`)."""
    typed = _regulation_key(text)
    if not typed:
        raise UnknownNameError("give a regulation's code or title, such as GB18597-2001")
    rows = select(st, """SELECT DISTINCT ?r ?code ?title WHERE { ?r a gk:Regulation
        OPTIONAL { ?r gk:code ?code } OPTIONAL { ?r dcterms:title ?title } }""").rows
    for field in (lambda code, title: code, lambda code, title: code and _YEAR.sub("", code),
                  lambda code, title: title):
        found = sorted({r for r, code, title in rows if field(code, title) and _regulation_key(field(code, title)) == typed})
        if found:
            return found
    names = {_regulation_key(n): n for _, code, title in rows for n in (code, title) if n}
    near = [names[k] for k in closest(typed, sorted(names))] or sorted(names.values())[:5]
    hint = f"the closest codes and titles in the store: {'、'.join(near)}" if near else "the store cites no regulation yet"
    raise UnknownNameError(f"no regulation is cited as {text!r} (read as {typed}); {hint}. "
                           "`govkg query regulations-cited` lists them all")


# -- the nodes a query's rows name ------------------------------------------------------------

#: A file column (``file``, ``fileA`` …); with the line column of the same suffix it names tasks.
_FILE = re.compile(r"""
    file (?P<suffix> \w* )
    """, re.VERBOSE)
#: Columns holding one unit's preferred label.
_UNIT = frozenset({"name", "unit", "other"})
#: Columns holding a list of units' preferred labels (``units``, ``unitsA`` …).
_UNITS = re.compile(r"""
    units \w*
    """, re.VERBOSE)
#: The role an entry of such a list may start with: ``lead: 阳江市环境保护局``.
_ROLE_PREFIX = re.compile(r"""
    ^ (?: lead | responsible | cooperating ) : \s*
    """, re.VERBOSE)
_KINDS = {"unit": "units", "task": "tasks", "regulation": "regulations", "topic": "topics"}


def _query_nodes(st: ReadStore, name: str, params: dict[str, str]) -> tuple[NodeSet, int, str]:
    from govkg.queries import load_query

    result = select(st, load_query(name).bound(params))
    columns = list(result.variables)
    places: dict[str, set[str | None]] = {}
    lines: set[tuple[str, int, str | None]] = set()
    codes: set[str] = set()
    titles: set[str] = set()
    topics: set[str] = set()
    iris: dict[str, set[str]] = {kind: set() for kind in _KINDS.values()}
    pairs = [(c, f"line{m['suffix']}", f"text{m['suffix']}" if f"text{m['suffix']}" in columns else "text")
             for c in columns if (m := _FILE.fullmatch(c)) and f"line{m['suffix']}" in columns]
    for row in result.rows:
        values = dict(zip(columns, row))
        place = values.get("jurisdiction")
        for column, value in values.items():
            if not isinstance(value, str):
                continue
            if value.startswith(ID_IRI):
                kind = _KINDS.get(value[len(ID_IRI):].split("/", 1)[0])
                if kind:
                    iris[kind].add(value)
            elif column in _UNIT:
                places.setdefault(value, set()).add(place)
            elif _UNITS.fullmatch(column):
                for label in filter(None, (_ROLE_PREFIX.sub("", part.strip()) for part in value.split(";"))):
                    places.setdefault(label, set()).add(None)
            elif column == "topic":
                topics.add(value)
        for file, line, text in pairs:
            if isinstance(values[file], str) and isinstance(values[line], int):
                lines.add((values[file], values[line], values.get(text) if isinstance(values.get(text), str) else None))
        if isinstance(values.get("code"), str):
            codes.add(values["code"])
        elif isinstance(values.get("title"), str):
            titles.add(values["title"])
    nodes = NodeSet(
        tasks=frozenset(iris["tasks"]) | _tasks_at(st, lines),
        units=frozenset(iris["units"]) | _units_named(st, places),
        regulations=frozenset(iris["regulations"]) | _regulations_named(st, codes, titles),
        topics=frozenset(iris["topics"]) | frozenset(c for t in topics for c in match_topic(st, t)),
    )
    asked = " ".join([name, *(f"{k}={v}" for k, v in sorted(params.items()))])
    if not nodes:
        raise QueryError(f"query {asked!r} gave {len(result.rows)} rows naming no task, unit, regulation or topic; "
                         "nothing to show")
    return nodes, len(result.rows), asked


def _literal(text: str) -> str:
    from govkg.queries import sparql_literal

    return sparql_literal(text)


def _tasks_at(st: ReadStore, lines: set[tuple[str, int, str | None]]) -> frozenset[str]:
    """The tasks printed on these lines: those with the row's text, when it has one and one
    of them does (a table row and its first requirement share a line), else all of them."""
    if not lines:
        return frozenset()
    values = " ".join(f"({_literal(file)} {int(line)})" for file, line in sorted({(f, n) for f, n, _ in lines}))
    found: dict[tuple[str, int], dict[str, str | None]] = {}
    for t, file, line, text in select(st, f"""SELECT DISTINCT ?t ?file ?line ?text WHERE {{
            VALUES (?file ?line) {{ {values} }}
            ?t gk:sourceLine ?line ; gk:sourceDocument ?d . ?d gk:fileName ?file
            FILTER EXISTS {{ ?t a gk:Task }} OPTIONAL {{ ?t gk:text ?text }} }}""").rows:
        found.setdefault((file, line), {})[t] = text
    tasks: set[str] = set()
    for file, line, text in lines:
        printed = found.get((file, line), {})
        same = {t for t, own in printed.items() if text is not None and own == text}
        tasks |= same or set(printed)
    return frozenset(tasks)


def _units_named(st: ReadStore, places: dict[str, set[str | None]]) -> frozenset[str]:
    if not places:
        return frozenset()
    values = " ".join(_literal(label) for label in sorted(places))
    rows = select(st, f"""SELECT DISTINCT ?u ?l ?place WHERE {{ VALUES ?l {{ {values} }} ?u skos:prefLabel ?l
        OPTIONAL {{ ?u gk:jurisdiction ?p OPTIONAL {{ ?p rdfs:label ?place }} }} }}""").rows
    return frozenset(u for u, label, place in rows if None in places[label] or place in places[label])


def _regulations_named(st: ReadStore, codes: set[str], titles: set[str]) -> frozenset[str]:
    found: set[str] = set()
    for prop, texts in (("gk:code", codes), ("dcterms:title", titles)):
        if texts:
            values = " ".join(_literal(t) for t in sorted(texts))
            found |= {r for (r,) in select(st, f"SELECT DISTINCT ?r WHERE {{ VALUES ?x {{ {values} }} ?r {prop} ?x }}").rows}
    return frozenset(found)
