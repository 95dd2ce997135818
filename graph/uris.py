"""The one place that mints IRIs. Deterministic: the same input gives the same IRI on every run.

A unit is identified by its jurisdiction and its name, so 市环境保护局 of 六盘水市 and of 阳江市
are two units; a regulation by its canonical code, else its title; a document by the SHA-256
of its bytes.

>>> str(unit_iri("六盘水市", "市环境保护局"))
'https://w3id.org/govkg/id/unit/%E5%85%AD%E7%9B%98%E6%B0%B4%E5%B8%82/%E5%B8%82%E7%8E%AF%E5%A2%83%E4%BF%9D%E6%8A%A4%E5%B1%80'
>>> unit_iri("六盘水市", "市环境保护局") == unit_iri("阳江市", "市环境保护局")
False
>>> str(regulation_iri("GB18599-2001", None))
'https://w3id.org/govkg/id/regulation/GB18599-2001'
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from govkg.ontology.vocabulary import ID_IRI as ID

URIRef = str  # IRIs are plain strings: the build and the queries never need rdflib

__all__ = [
    "document_iri",
    "task_iri",
    "unit_iri",
    "regulation_iri",
    "span_iri",
    "place_iri",
    "assignment_iri",
    "citation_iri",
    "mention_iri",
    "target_iri",
    "template_iri",
    "summary_iri",
    "ONTOLOGY_GRAPH",
]

#: The named graph holding the ontology and the topic scheme inside the store.
ONTOLOGY_GRAPH = URIRef(ID + "graph/ontology")


def _q(text: str) -> str:
    return quote(text, safe="-_.~")


def document_iri(sha256: str) -> URIRef:
    return URIRef(f"{ID}document/{sha256[:16]}")


def task_iri(sha256: str, key: str) -> URIRef:
    return URIRef(f"{ID}task/{sha256[:16]}/{_q(key)}")


def unit_iri(jurisdiction: str | None, name: str) -> URIRef:
    return URIRef(f"{ID}unit/{_q(jurisdiction or '_')}/{_q(name)}")


def regulation_iri(code: str | None, title: str | None) -> URIRef:
    key = code or title
    if not key:
        raise ValueError("a regulation needs a code or a title")
    return URIRef(f"{ID}regulation/{_q(key)}")


def span_iri(sha256: str, line: int, start: int, end: int, end_line: int | None = None) -> URIRef:
    tail = f"-{end_line}" if end_line else ""
    return URIRef(f"{ID}span/{sha256[:16]}/{line}-{start}-{end}{tail}")


def place_iri(name: str) -> URIRef:
    return URIRef(f"{ID}place/{_q(name)}")


def assignment_iri(task: URIRef, role: str, unit: URIRef) -> URIRef:
    return URIRef(f"{task}/assignment/{role}/{unit.rsplit('/unit/', 1)[-1]}")


def citation_iri(owner: URIRef, line: int, start: int) -> URIRef:
    return URIRef(f"{owner}/citation/{line}-{start}")


def mention_iri(document: URIRef, line: int, start: int) -> URIRef:
    return URIRef(f"{document}/mention/{line}-{start}")


def target_iri(task: URIRef, n: int) -> URIRef:
    return URIRef(f"{task}/target/{n}")


def summary_iri(sha256: str, kind: str, *parts: str) -> URIRef:
    """One document's summary of ``kind`` for ``parts`` (topic, unit, role …): a digest keeps it short."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return URIRef(f"{ID}summary/{sha256[:16]}/{kind}/{digest}")


def template_iri(text: str) -> URIRef:
    """The template shared by every task printed with ``text`` (a digest of the stripped text)."""
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:24]
    return URIRef(f"{ID}template/{digest}")
