"""The govkg vocabulary as plain IRI strings, for code that must not load rdflib.

The build writes N-Quads text and the query path reads with Oxigraph; neither needs rdflib,
which takes time to import and memory to hold. :data:`TERMS` is the same closed vocabulary
as :data:`govkg.ontology.GK` (the terms ``govkg.ttl`` declares, read off the file without an
RDF parser; a test checks both agree), but its terms are ``str``:

>>> TERMS.leadUnit
'https://w3id.org/govkg/ontology#leadUnit'
>>> TERMS.leadUnt
Traceback (most recent call last):
...
AttributeError: 'leadUnt' is not a term of gk: <https://w3id.org/govkg/ontology#>; did you mean leadUnit?

The few terms of other vocabularies the graph uses are constants here too (``RDF_TYPE``,
``SKOS_PREF_LABEL`` …).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from importlib.resources import files

__all__ = [
    "TERMS", "GK_IRI", "ID_IRI", "TOPIC_IRI", "declared_terms", "ontology_text",
    "RDF_TYPE", "RDFS_LABEL", "RDFS_SUBPROPERTY", "SKOS_PREF_LABEL", "SKOS_ALT_LABEL", "SKOS_BROADER",
    "SKOS_IN_SCHEME", "DCTERMS_TITLE", "DCTERMS_SUBJECT", "PROV_DERIVED", "XSD", "PREFIXES", "topic_labels",
]

GK_IRI = "https://w3id.org/govkg/ontology#"
ID_IRI = "https://w3id.org/govkg/id/"
TOPIC_IRI = ID_IRI + "topic/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBPROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
DCTERMS_TITLE = "http://purl.org/dc/terms/title"
DCTERMS_SUBJECT = "http://purl.org/dc/terms/subject"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

#: The prefixes every query of govkg may use without declaring them.
PREFIXES = {
    "gk": GK_IRI, "id": ID_IRI, "topic": TOPIC_IRI,
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "xsd": XSD, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "org": "http://www.w3.org/ns/org#", "owl": "http://www.w3.org/2002/07/owl#",
}

#: A term ``govkg.ttl`` describes: a line that starts with ``gk:Name`` and a space.
_SUBJECT = re.compile(r"^gk:(?P<name>[A-Za-z][A-Za-z0-9_]*)\s", re.MULTILINE)


@cache
def ontology_text(name: str) -> str:
    """Text of the package data file ``name`` of :mod:`govkg.ontology` (read once)."""
    return files("govkg.ontology").joinpath(name).read_text(encoding="utf-8")


@cache
def declared_terms() -> frozenset[str]:
    """Local names of every ``gk:`` term that ``govkg.ttl`` describes."""
    return frozenset(m.group("name") for m in _SUBJECT.finditer(ontology_text("govkg.ttl")))


class _Terms:
    """A closed namespace of IRI strings whose errors name the closest declared terms."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in declared_terms():
            return self._base + name
        close = difflib.get_close_matches(name, sorted(declared_terms()), n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else "see govkg.ttl for the terms"
        raise AttributeError(f"{name!r} is not a term of gk: <{self._base}>; {hint}")

    def __dir__(self) -> list[str]:
        return sorted(declared_terms())


#: The closed vocabulary, terms as strings: ``TERMS.Task``, ``TERMS.leadUnit`` …
TERMS = _Terms(GK_IRI)


def topic_labels() -> list[tuple[str, str, list[str], str | None]]:
    """Every topic concept as ``(IRI, prefLabel, altLabels, broader IRI or None)``, by IRI.

    Labels are the ``@zh`` (or untagged) ones, as plain strings; alt labels are sorted.
    Read with Oxigraph's parser, so the build never needs rdflib.

    >>> rows = {pref: (iri, alts, broader) for iri, pref, alts, broader in topic_labels()}
    >>> rows["医疗废物"]
    ('https://w3id.org/govkg/id/topic/medical-waste', ['医废'], 'https://w3id.org/govkg/id/topic/hazardous-waste')
    >>> rows["固体废物"][2] is None
    True
    """
    import pyoxigraph as ox

    prefs: dict[str, list[str]] = {}
    alts: dict[str, list[str]] = {}
    broader: dict[str, list[str]] = {}
    concepts: set[str] = set()
    for q in ox.parse(ontology_text("topics.ttl"), format=ox.RdfFormat.TURTLE):
        s_, p_, o_ = q.subject.value, q.predicate.value, q.object
        if p_ == SKOS_IN_SCHEME and o_.value == TOPIC_IRI + "scheme":
            concepts.add(s_)
        elif p_ in (SKOS_PREF_LABEL, SKOS_ALT_LABEL) and _chinese(o_):
            (prefs if p_ == SKOS_PREF_LABEL else alts).setdefault(s_, []).append(o_.value)
        elif p_ == SKOS_BROADER:
            broader.setdefault(s_, []).append(o_.value)
    return [(c, min(prefs[c]), sorted(alts.get(c, [])), min(broader[c]) if c in broader else None) for c in sorted(concepts)]


def _chinese(label: object) -> bool:
    language = getattr(label, "language", None)
    return language is None or language.lower().startswith("zh")
