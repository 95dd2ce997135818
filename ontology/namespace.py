"""The govkg vocabulary as Python names, generated from the ontology files shipped beside it.

``GK`` is a closed namespace built at import from the terms ``govkg.ttl`` declares, so a
misspelt term fails at once instead of minting a stray IRI:

>>> GK.leadUnit
rdflib.term.URIRef('https://w3id.org/govkg/ontology#leadUnit')
>>> GK.leadUnt
Traceback (most recent call last):
...
AttributeError: 'leadUnt' is not a term of gk: <https://w3id.org/govkg/ontology#>; did you mean leadUnit?

``ID`` is the base of the instance data and ``TOPIC`` that of the topic concepts:

>>> TOPIC["hazardous-waste"]
rdflib.term.URIRef('https://w3id.org/govkg/id/topic/hazardous-waste')

The three data files are read with :func:`importlib.resources.files`: ``govkg.ttl`` (OWL),
``topics.ttl`` (the SKOS topic scheme) and ``shapes.ttl`` (SHACL).
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS, ClosedNamespace

from .vocabulary import GK_IRI, topic_labels

__all__ = [
    "GK",
    "GK_IRI",
    "ID",
    "TOPIC",
    "TOPIC_SCHEME",
    "ontology_graph",
    "shapes_graph",
    "topic_labels",
]


#: Base of all instance IRIs (documents, tasks, units, regulations, spans …).
ID = Namespace("https://w3id.org/govkg/id/")

#: Base of the topic concepts of ``topics.ttl``.
TOPIC = Namespace(ID + "topic/")

#: The topic concept scheme.
TOPIC_SCHEME = TOPIC["scheme"]


@cache
def _text(name: str) -> str:
    """Text of the package data file ``name`` (read once)."""
    return files("govkg.ontology").joinpath(name).read_text(encoding="utf-8")


def _parse(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(data=_text(name), format="turtle")
    return graph


def _declared_terms() -> list[str]:
    """Local names of every ``gk:`` IRI that ``govkg.ttl`` describes (as a subject)."""
    from .vocabulary import declared_terms

    return sorted(declared_terms())


class _Vocabulary(ClosedNamespace):
    """A closed namespace whose errors name the closest declared terms."""

    def term(self, name: str) -> URIRef:
        try:
            return super().term(name)
        except KeyError:
            raise KeyError(self._unknown(name)) from None

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return super().term(name)
        except KeyError:
            raise AttributeError(self._unknown(name)) from None

    def _unknown(self, name: str) -> str:
        close = difflib.get_close_matches(name, dir(self), n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else "see govkg.ttl for the terms"
        return f"{name!r} is not a term of gk: <{self}>; {hint}"


#: The closed vocabulary namespace: ``GK.Task``, ``GK.leadUnit`` … and nothing else.
GK = _Vocabulary(GK_IRI, _declared_terms())


def ontology_graph() -> Graph:
    """A new graph holding the OWL vocabulary (``govkg.ttl``) and the topic scheme.

    >>> from rdflib import RDFS
    >>> g = ontology_graph()
    >>> (GK.leadUnit, RDFS.subPropertyOf, GK.involvesUnit) in g
    True
    >>> (TOPIC["medical-waste"], SKOS.broader, TOPIC["hazardous-waste"]) in g
    True
    """
    graph = _parse("govkg.ttl", "topics.ttl")
    graph.bind("gk", GK_IRI)
    graph.bind("topic", TOPIC)
    return graph


def shapes_graph() -> Graph:
    """A new graph holding the SHACL shapes (``shapes.ttl``).

    Validate with the ontology mixed in so that subclasses reach the shapes:

    >>> import pyshacl
    >>> conforms, _, _ = pyshacl.validate(Graph(), shacl_graph=shapes_graph(),
    ...                                   ont_graph=ontology_graph())
    >>> conforms
    True
    """
    return _parse("shapes.ttl")
