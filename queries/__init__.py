"""Named SPARQL queries: one self-contained ``.rq`` file per query, shipped as package data.

A query file starts with comment lines that describe it; both kinds are optional::

    # description: Tasks on which a unit has a role
    # param: unit = "市环境保护局"
    # param: date = "2016-12-31"^^xsd:date

Each ``param`` names a variable the body uses (``?unit``) and gives its default as a SPARQL
literal. :meth:`NamedQuery.bound` puts the value, as a term of the default's type, in place of
the variable wherever the body uses it (never inside strings, IRIs or comments), so any SPARQL
engine runs the result and sees a constant: Oxigraph then starts from the index lookup the
constant allows. (A ``VALUES`` block, or pyoxigraph's ``substitutions``, leave the variable to
be joined; on a store of a million triples some named queries became a hundred times slower.)
A parameter is therefore never one of the query's result variables.

>>> query = load_query("tasks-of-unit")
>>> query.params
{'unit': '"市环境保护局"'}
>>> [line.split("altLabel")[1].split(";")[0].strip() for line in query.bound({"unit": "市环保局"}).splitlines() if "altLabel" in line]
['"市环保局"']

Errors (defined in :mod:`govkg.graph.errors`, re-exported here): :class:`UnknownQueryError`
from :func:`load_query`, :class:`UnknownParameterError` and :class:`ParameterValueError` from
:meth:`NamedQuery.bound`, :class:`QueryHeaderError` from a malformed header; all are
:class:`QueryError`, a :class:`ValueError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files

from govkg.graph.errors import (
    ParameterValueError,
    QueryError,
    QueryHeaderError,
    UnknownParameterError,
    UnknownQueryError,
)

from .terms import is_literal, projected, sparql_literal, substitute, without_comments

__all__ = [
    "NamedQuery",
    "QueryError",
    "UnknownQueryError",
    "UnknownParameterError",
    "ParameterValueError",
    "QueryHeaderError",
    "list_queries",
    "load_query",
    "parse_query_text",
    "sparql_literal",
    "substitute",
]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PARAM_LINE = re.compile(rf"^#\s*param\s*:\s*(?P<name>{_NAME})\s*=\s*(?P<default>\S.*?)\s*$")
_DESCRIPTION_LINE = re.compile(r"^#\s*description\s*:\s*(?P<text>.*?)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with a name, a one-line description and typed parameters.

    ``params`` maps each parameter name to its default, written as a SPARQL literal.

    >>> q = parse_query_text('# param: n = "x"\\nSELECT ?s WHERE { ?s ?p ?n }', "demo")
    >>> print(q.bound({"n": "y"}))
    # param: n = "x"
    SELECT ?s WHERE { ?s ?p "y" }
    """

    name: str
    description: str
    params: dict[str, str] = field(hash=False)
    text: str

    def bound(self, params: dict[str, str] | None = None) -> str:
        """The query text with every parameter bound: given values, else defaults.

        A plain string value becomes a literal of the default's type (``"2016-06-30"`` →
        ``"2016-06-30"^^xsd:date`` when the default is a date, else an escaped string);
        a value already written as a SPARQL literal or ``<IRI>`` is used as it is.

        >>> q = load_query("tasks-due-before")
        >>> '"2016-06-30"^^<http://www.w3.org/2001/XMLSchema#date>' in q.bound({"date": "2016-06-30"})
        True
        >>> q.bound({"day": "2016-06-30"})
        Traceback (most recent call last):
        ...
        govkg.graph.errors.UnknownParameterError: query 'tasks-due-before' has no parameter 'day'; its parameters are: date
        """
        given = dict(params or {})
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            declared = ", ".join(self.params) or "(none)"
            names = ", ".join(repr(name) for name in unknown)
            noun = "parameter" if len(unknown) == 1 else "parameters"
            raise UnknownParameterError(
                f"query {self.name!r} has no {noun} {names}; its parameters are: {declared}"
            )
        if not self.params:
            return self.text
        text = self.text
        for name, default in self.params.items():
            value = given.get(name, default)
            text = substitute(text, name, sparql_literal(value, like=default, param=name))
        return text


def parse_query_text(text: str, name: str) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file (header lines optional).

    >>> q = parse_query_text("SELECT * WHERE { ?s ?p ?o }", "adhoc")
    >>> (q.name, q.description, q.params)
    ('adhoc', '', {})
    """
    description = ""
    params: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if re.match(r"^#\s*param\s*:", stripped):
            match = _PARAM_LINE.match(stripped)
            if match is None:
                raise QueryHeaderError(
                    f"{name}: line {number}: expected '# param: <name> = <SPARQL literal>', "
                    f"got {stripped!r}"
                )
            param, default = match.group("name"), match.group("default")
            if param in params:
                raise QueryHeaderError(f"{name}: line {number}: parameter {param!r} declared twice")
            if not is_literal(default):
                raise QueryHeaderError(
                    f"{name}: line {number}: default of {param!r} must be a SPARQL literal "
                    f"such as \"text\" or \"2016-12-31\"^^xsd:date, got {default!r}"
                )
            params[param] = default
            continue
        match = _DESCRIPTION_LINE.match(stripped)
        if match and not description:
            description = match.group("text")
    body = without_comments(text)
    returned = projected(text)
    for param in params:
        if not re.search(rf"[?$]{param}\b", body):
            raise QueryHeaderError(
                f"{name}: parameter {param!r} is declared but the query never uses ?{param}"
            )
        if param in returned:
            raise QueryHeaderError(
                f"{name}: parameter {param!r} is one of the query's results; a parameter is bound as a "
                f"constant, so return another variable"
            )
    return NamedQuery(name=name, description=description, params=params, text=text)


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with govkg, sorted by name.

    >>> "units-touching-topic" in [q.name for q in list_queries()]
    True
    """
    found = [
        parse_query_text(entry.read_text(encoding="utf-8"), entry.name[: -len(".rq")])
        for entry in files("govkg.queries").iterdir()
        if entry.name.endswith(".rq")
    ]
    return sorted(found, key=lambda query: query.name)


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (the file name without ``.rq``).

    >>> load_query("workload-by-unit").description
    'Number of tasks per unit and role, busiest first'
    >>> load_query("workload")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.UnknownQueryError: no query named 'workload'; did you mean workload-by-unit? Available: regulations-cited, role-changes-between-years, tasks-due-before, tasks-of-unit, tasks-without-responsible, units-sharing-tasks, units-touching-topic, workload-by-unit
    """
    entry = files("govkg.queries").joinpath(f"{name}.rq")
    if "/" not in name and "\\" not in name and entry.is_file():
        return parse_query_text(entry.read_text(encoding="utf-8"), name)
    names = [query.name for query in list_queries()]
    close = [candidate for candidate in names if name and name in candidate]
    if not close:
        import difflib

        close = difflib.get_close_matches(name, names, n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UnknownQueryError(f"no query named {name!r}; {hint}Available: {', '.join(names)}")


