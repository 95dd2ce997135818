"""Query answers as typed rows: ``int``, ``float``, ``bool``, ``datetime.date`` and ``str``.

Every way of asking (the embedded store, a worker process, a remote server) gives the same
:class:`Rows`, so a named query answers alike wherever it runs.

>>> import pyoxigraph as ox
>>> plain(ox.Literal("2016-12-31", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
datetime.date(2016, 12, 31)
>>> rows = Rows(["unit", "tasks"], [["市环境保护局", 3], ["市财政局", None]])
>>> len(rows), rows.column("tasks"), next(iter(rows))
(2, [3, None], {'unit': '市环境保护局', 'tasks': 3})
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from typing import Any, Iterator

import pyoxigraph as ox

__all__ = ["Rows", "plain", "typed_value", "format_rows"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "unsignedInt", "unsignedLong", "negativeInteger",
                                    "nonPositiveInteger", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def typed_value(value: str, datatype: str | None) -> Any:
    """The Python value of a literal's lexical form (the form itself when it is not valid).

    >>> typed_value("7", "http://www.w3.org/2001/XMLSchema#integer"), typed_value("x", None)
    (7, 'x')
    """
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == f"{_XSD}boolean":
            return value in ("true", "1")
        if datatype == f"{_XSD}date":
            return datetime.date.fromisoformat(value)
        if datatype == f"{_XSD}dateTime":
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return value


def plain(term) -> Any:
    """A pyoxigraph term as a Python value: literals typed, IRIs and blank nodes as strings."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return typed_value(term.value, term.datatype.value if term.datatype else None)
    return term.value


@dataclass(frozen=True)
class Rows:
    """A query's answer: its variables and rows of typed values (``None`` where unbound).

    Iterating gives one ``dict`` per row; :meth:`to_dataframe` gives pandas (``govkg[notebook]``),
    and in Jupyter the rows show as a table.
    """

    variables: list[str]
    rows: list[list]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(self.variables, row)) for row in self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one variable, in row order."""
        try:
            i = self.variables.index(name)
        except ValueError:
            raise KeyError(f"no column {name!r}; the columns are: {', '.join(self.variables)}") from None
        return [row[i] for row in self.rows]

    def to_dataframe(self):
        """The rows as a :class:`pandas.DataFrame`: integer columns as ``Int64`` (unbound values
        stay missing), dates as ``datetime64``, text as strings."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_dataframe() needs pandas: pip install 'govkg[notebook]'") from None
        frame = pd.DataFrame(self.rows, columns=self.variables)
        for name in self.variables:
            values = [v for v in frame[name] if v is not None]
            if values and all(isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("boolean")
            elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("Int64")
            elif values and all(isinstance(v, float) for v in values):
                frame[name] = frame[name].astype("Float64")
            elif values and all(type(v) is datetime.date for v in values):
                frame[name] = pd.to_datetime(frame[name])
            elif values and all(isinstance(v, str) for v in values):
                frame[name] = frame[name].astype("string")
        return frame

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join(
            "<tr>" + "".join(f"<td>{'' if v is None else html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in self.rows[:200]
        )
        more = f"<p>… {len(self.rows) - 200} more rows</p>" if len(self.rows) > 200 else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}<p>{len(self.rows)} rows</p>"


def format_rows(rows: Rows, fmt: str) -> str:
    """Rows as an aligned table (long values cut at 60 columns), CSV (a header of variable
    names, then plain values) or JSON (one object per row; dates as ISO strings).

    >>> print(format_rows(Rows(["unit", "tasks"], [["市环境保护局", 3]]), "table"))
    unit          tasks
    ------------  -----
    市环境保护局  3
    (1 rows)
    """
    if fmt == "json":
        import json

        return json.dumps([dict(zip(rows.variables, r)) for r in rows.rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(rows.variables)
        w.writerows([["" if v is None else v for v in r] for r in rows.rows])
        return buf.getvalue().rstrip("\n")
    cells = [[str(v) for v in rows.variables]] + [["" if v is None else str(v) for v in r] for r in rows.rows]

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)

    widths = [min(max(width(r[i]) for r in cells), 60) for i in range(len(rows.variables))]
    out = []
    for n, r in enumerate(cells):
        parts = []
        for i, v in enumerate(r):
            if width(v) > 60:
                while width(v) > 59:
                    v = v[:-1]
                v += "…"
            parts.append(v + " " * (widths[i] - width(v)))
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append(f"({len(rows.rows)} rows)")
    return "\n".join(out)
