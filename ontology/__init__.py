"""The govkg vocabulary: OWL terms (``govkg.ttl``), topic scheme (``topics.ttl``), SHACL shapes.

``TERMS`` gives the vocabulary as plain IRI strings (no rdflib needed); ``GK`` as rdflib
terms, for rdflib users (it loads rdflib on first use):

>>> from govkg.ontology import GK, TERMS
>>> TERMS.Task
'https://w3id.org/govkg/ontology#Task'
>>> GK.Task
rdflib.term.URIRef('https://w3id.org/govkg/ontology#Task')
"""

from govkg.ontology.vocabulary import GK_IRI, ID_IRI, PREFIXES, TERMS, TOPIC_IRI, declared_terms, ontology_text, topic_labels

__all__ = [
    "GK",
    "GK_IRI",
    "ID",
    "ID_IRI",
    "PREFIXES",
    "TERMS",
    "TOPIC",
    "TOPIC_IRI",
    "TOPIC_SCHEME",
    "declared_terms",
    "ontology_graph",
    "ontology_text",
    "shapes_graph",
    "topic_labels",
]

_RDFLIB_NAMES = {"GK", "ID", "TOPIC", "TOPIC_SCHEME", "ontology_graph", "shapes_graph"}


def __getattr__(name: str):
    """rdflib-based names are loaded on first use, so importing the package stays light."""
    if name in _RDFLIB_NAMES:
        from govkg.ontology import namespace

        return getattr(namespace, name)
    raise AttributeError(f"module 'govkg.ontology' has no attribute {name!r}")
