"""The govkg vocabulary: OWL terms (``govkg.ttl``), topic scheme (``topics.ttl``), SHACL shapes.

>>> from govkg.ontology import GK
>>> GK.Task
rdflib.term.URIRef('https://w3id.org/govkg/ontology#Task')
"""

from govkg.ontology.namespace import (
    GK,
    GK_IRI,
    ID,
    TOPIC,
    TOPIC_SCHEME,
    ontology_graph,
    shapes_graph,
    topic_labels,
)

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
