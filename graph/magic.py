"""``%%sparql`` for Jupyter: a cell of SPARQL in, a pandas DataFrame out.

In a notebook::

    %load_ext govkg.graph.magic
    %%sparql --store govkg-data -o units
    SELECT ?unit (COUNT(?task) AS ?tasks) WHERE {
      ?task gk:involvesUnit ?u . ?u skos:prefLabel ?unit .
      FILTER (CONTAINS(?unit, {word}))
    } GROUP BY ?unit ORDER BY DESC(?tasks)

The gk, skos, dcterms, prov, rdfs … prefixes are declared. ``{name}`` is replaced by the Python
variable ``name`` of the notebook as a SPARQL literal (a string is quoted and escaped, an int or
float is a number, a date an ``xsd:date``), never pasted as text, so a value cannot change the
query. ``--store`` defaults to the last store used (first:
``govkg-data``); ``-o NAME`` also stores the DataFrame in the variable ``NAME``. The query is
checked (no update, ``SERVICE`` or ``FROM``) and runs where a timeout (``--timeout``, 60 s) or
Ctrl-C (interrupt the kernel) stops it.

>>> fill("SELECT * WHERE { ?u skos:prefLabel {name} }", {"name": '市"环保"局'})
'SELECT * WHERE { ?u skos:prefLabel "市\\\\"环保\\\\"局" }'
>>> fill("SELECT * WHERE { ?t gk:deadline ?d FILTER (?d < {day}) }", {"day": __import__("datetime").date(2016, 12, 31)})
'SELECT * WHERE { ?t gk:deadline ?d FILTER (?d < "2016-12-31"^^<http://www.w3.org/2001/XMLSchema#date>) }'
>>> fill("SELECT * WHERE {{ ?s ?p ?o }} LIMIT {n}", {"n": 5})
'SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5'
>>> fill("SELECT * WHERE { ?s ?p {missing} }", {})
Traceback (most recent call last):
...
govkg.graph.errors.QueryError: {missing} names no variable of the notebook
"""

from __future__ import annotations

import datetime
import re
import shlex
from pathlib import Path
from typing import Any

from .errors import QueryError

__all__ = ["fill", "sparql_term", "load_ipython_extension"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: ``{name}``: a variable of the notebook. (SPARQL never puts a bare word alone in braces, so
#: its own braces, ``}}`` included, are left as they are.)
_PLACEHOLDER = re.compile(r"\{ (?P<name>[A-Za-z_][A-Za-z0-9_]*) \}", re.VERBOSE)


def sparql_term(value: Any) -> str:
    """A Python value as a SPARQL term.

    >>> sparql_term(3), sparql_term(True), sparql_term("a\\nb")
    ('3', 'true', '"a\\\\nb"')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return f'"{value.isoformat()}"^^<{_XSD}dateTime>'
    if isinstance(value, datetime.date):
        return f'"{value.isoformat()}"^^<{_XSD}date>'
    text = str(value)
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def fill(query: str, namespace: dict[str, Any]) -> str:
    """``query`` with each ``{name}`` replaced by the SPARQL term of ``namespace[name]``."""

    def swap(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in namespace:
            raise QueryError(f"{{{name}}} names no variable of the notebook")
        return sparql_term(namespace[name])

    return _PLACEHOLDER.sub(swap, query)


def _parse(line: str) -> dict[str, Any]:
    import argparse

    ap = argparse.ArgumentParser(prog="%%sparql", add_help=False)
    ap.add_argument("--store")
    ap.add_argument("-o", "--output")
    ap.add_argument("--timeout", type=float)
    try:
        return vars(ap.parse_args(shlex.split(line)))
    except SystemExit:
        raise QueryError(f"%%sparql {line}: expected [--store DIR] [-o NAME] [--timeout SECONDS]") from None


class _Magic:
    store = Path("govkg-data")
    graphs: dict[Path, Any] = {}

    def __init__(self, shell) -> None:
        self.shell = shell

    def sparql(self, line: str, cell: str):
        from .knowledge import KnowledgeGraph

        options = _parse(line)
        if options["store"]:
            _Magic.store = Path(options["store"])
        kg = self.graphs.get(self.store)
        if kg is None:
            kg = self.graphs[self.store] = KnowledgeGraph.open(self.store)
        result = kg.sparql(fill(cell, self.shell.user_ns), timeout=options["timeout"])
        frame = result.to_dataframe() if hasattr(result, "to_dataframe") else result
        if options["output"]:
            self.shell.user_ns[options["output"]] = frame
        return frame


def load_ipython_extension(ipython) -> None:
    """``%load_ext govkg.graph.magic`` registers the ``%%sparql`` cell magic."""
    magic = _Magic(ipython)
    ipython.register_magic_function(magic.sparql, magic_kind="cell", magic_name="sparql")
