"""SPARQL terms and variables in query text: how a named query's parameters are bound.

A parameter's value becomes a term of its default's type (:func:`sparql_literal`), and that term
is put in place of the variable wherever the query uses it, never inside strings, IRIs or
comments (:func:`substitute`, over a small SPARQL tokenizer), so the engine sees a constant.

>>> substitute("SELECT ?t WHERE { ?t gk:deadline ?d FILTER(?d <= ?date) }", "date",
...            sparql_literal("2016-06-30", like='"2000-01-01"^^xsd:date'))
'SELECT ?t WHERE { ?t gk:deadline ?d FILTER(?d <= "2016-06-30"^^<http://www.w3.org/2001/XMLSchema#date>) }'
"""

from __future__ import annotations

import datetime
import re

from govkg.graph.errors import ParameterValueError

__all__ = ["sparql_literal", "substitute", "projected", "without_comments", "is_literal", "LITERAL", "NUMBER"]

_XSD = "http://www.w3.org/2001/XMLSchema#"

_STRING = r'"(?:[^"\\\n\r]|\\.)*"' + "|" + r"'(?:[^'\\\n\r]|\\.)*'"
LITERAL = re.compile(
    rf"^(?P<string>{_STRING})"
    r"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|\^\^(?:<(?P<iri>[^<>\s]*)>|(?P<pname>[A-Za-z][\w.-]*:[\w.-]*)))?$"
)
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)                                     # a comment to the end of the line
    | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}                # long strings
               |'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')        # short strings
    | (?P<iri><[^<>"{}|^`\\\s]*>)                               # an IRI (a less-than sign has a space after it)
    | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)                       # a variable
    """,
    re.VERBOSE,
)


def substitute(text: str, name: str, term: str) -> str:
    """``text`` with every use of variable ``?name`` (or ``$name``) replaced by ``term``,
    outside strings, IRIs and comments.

    >>> substitute('SELECT ?x WHERE { ?x ?p ?unit . FILTER(?units != "?unit") } # ?unit', "unit", '"市环保局"')
    'SELECT ?x WHERE { ?x ?p "市环保局" . FILTER(?units != "?unit") } # ?unit'
    """
    def swap(m: re.Match[str]) -> str:
        return term if m.group("var") and m.group("var")[1:] == name else m.group()

    return _TOKEN.sub(swap, text)


def projected(text: str) -> set[str]:
    """The variables a query returns (what stands between SELECT and WHERE)."""
    body = without_comments(text)
    m = re.search(r"\bSELECT\b(?P<head>.*?)\bWHERE\b", body, re.IGNORECASE | re.DOTALL)
    if not m:
        return set()
    head = re.sub(r"\(.*?\bAS\s+[?$](\w+)\s*\)", lambda x: f" ?{x.group(1)} ", m.group("head"), flags=re.DOTALL | re.IGNORECASE)
    return set(re.findall(r"[?$](\w+)", head))


def sparql_literal(value: str, *, like: str = '""', param: str = "value") -> str:
    """``value`` as a SPARQL term of the same type as the literal ``like``.

    >>> sparql_literal('他说"好"')
    '"他说\\\\"好\\\\""'
    >>> sparql_literal("2016-12-31", like='"2000-01-01"^^xsd:date')
    '"2016-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> sparql_literal("2016-13-01", like='"2000-01-01"^^xsd:date', param="date")
    Traceback (most recent call last):
    ...
    govkg.graph.errors.ParameterValueError: parameter 'date' expects an xsd:date such as 2016-12-31, got '2016-13-01'
    """
    value = str(value)
    stripped = value.strip()
    match = LITERAL.match(stripped)
    if match:
        return _expand_xsd(stripped, match)
    if stripped.startswith("<") and stripped.endswith(">") and " " not in stripped:
        return stripped
    like_match = LITERAL.match(like.strip())
    if like_match is None and NUMBER.match(like.strip()):
        if not NUMBER.match(stripped):
            raise ParameterValueError(
                f"parameter {param!r} expects a number such as {like.strip()}, got {value!r}"
            )
        return stripped
    datatype = _datatype(like_match) if like_match else None
    if datatype == f"<{_XSD}date>":
        try:
            datetime.date.fromisoformat(stripped)
        except ValueError:
            raise ParameterValueError(
                f"parameter {param!r} expects an xsd:date such as 2016-12-31, got {value!r}"
            ) from None
    text = _escape(value)
    if datatype:
        return f"{text}^^{datatype}"
    if like_match and like_match.group("lang"):
        return f"{text}@{like_match.group('lang')}"
    return text


def is_literal(text: str) -> bool:
    """Whether ``text`` is a SPARQL literal, a number or an IRI (a parameter's default).

    >>> is_literal('"x"'), is_literal('"2016-12-31"^^xsd:date'), is_literal("12"), is_literal("x")
    (True, True, True, False)
    """
    return bool(LITERAL.match(text) or NUMBER.match(text) or _is_iri(text))


def without_comments(text: str) -> str:
    """``text`` with ``#`` comments blanked out (same length, so offsets still hold)."""
    out = []
    quote = None
    in_iri = False
    in_comment = False
    escaped = False
    for char in text:
        if in_comment:
            if char == "\n":
                in_comment = False
                out.append(char)
            else:
                out.append(" ")
            continue
        out.append(char)
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote or char == "\n":
                quote = None
        elif in_iri:
            if char == ">" or char.isspace():
                in_iri = False
        elif char in "\"'":
            quote = char
        elif char == "<":
            in_iri = True
        elif char == "#":
            in_comment = True
            out[-1] = " "
    return "".join(out)


def _escape(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _datatype(match: re.Match[str]) -> str | None:
    """The datatype of a literal as a SPARQL token (``xsd:`` written out as a full IRI)."""
    if match.group("iri"):
        return f"<{match.group('iri')}>"
    pname = match.group("pname")
    if pname and pname.startswith("xsd:"):
        return f"<{_XSD}{pname[len('xsd:') :]}>"
    return pname


def _expand_xsd(literal: str, match: re.Match[str]) -> str:
    """Write an ``xsd:`` datatype as a full IRI, so the literal needs no PREFIX."""
    pname = match.group("pname")
    if pname and pname.startswith("xsd:"):
        return f"{match.group('string')}^^{_datatype(match)}"
    return literal


def _is_iri(text: str) -> bool:
    return text.startswith("<") and text.endswith(">") and " " not in text
