"""Extraction records to RDF: one named graph per document, written as N-Quads text.

A pure mapping: each record becomes triples, nothing is looked up or guessed here (a
regulation's kind and code come from the citation record; IRIs from :mod:`govkg.graph.uris`).
Roles are materialised (a task with ``gk:leadUnit X`` also has ``gk:involvesUnit X``) and
qualified (a ``gk:Assignment`` with the role, the role word as printed and the source span).
Every task, assignment, citation and mention is ``prov:wasDerivedFrom`` a ``gk:SourceSpan``
carrying document, line, offsets, quote and, for Word, PDF, HTML and spreadsheet files, where
the span stands in the file.

Terms are N-Triples text (``<iri>``, ``"literal"^^<datatype>``), so the build writes quads
without building RDF objects; :func:`extraction_graph` gives the same triples as an rdflib
graph for users who want one.

>>> from govkg.extract.pipeline import extract_text
>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "a" * 64, "遵义市任务表", "遵义市",
...                ("序号\\t工作任务\\t牵头单位", "1\\t整治扬尘\\t市环保局"))
>>> triples = list(extraction_triples(extract_text(doc)))
>>> [o for s, p, o in triples if p.endswith("#sourceLine>")][:1]
['"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
>>> sum(1 for s, p, o in triples if p.endswith("#involvesUnit>"))
1
>>> document_nquads(extract_text(doc)).count(" .\\n") == len(triples)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from govkg.extract.records import Citation, Evidence, Extraction, Task, UnitRef
from govkg.extract.unit import pref_label
from govkg.ontology.vocabulary import (
    DCTERMS_SUBJECT,
    DCTERMS_TITLE,
    PROV_DERIVED,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
    ID_IRI,
    TERMS,
    XSD,
)

from .uris import (
    assignment_iri,
    citation_iri,
    document_iri,
    mention_iri,
    place_iri,
    regulation_iri,
    span_iri,
    summary_iri,
    target_iri,
    task_iri,
    template_iri,
    unit_iri,
)

__all__ = ["extraction_triples", "document_nquads", "write_nquads", "extraction_graph", "iri", "literal", "ROLE_PROPERTY", "KIND_CLASS"]

ROLE_PROPERTY = {"lead": TERMS.leadUnit, "responsible": TERMS.responsibleUnit, "cooperating": TERMS.cooperatingUnit}
KIND_CLASS = {
    "national_standard": TERMS.NationalStandard,
    "industry_standard": TERMS.IndustryStandard,
    "local_standard": TERMS.LocalStandard,
    "document_number": TERMS.NumberedDocument,
    "titled_document": TERMS.TitledDocument,
}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"})


def iri(value: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{value}>"


_CONTROL = re.compile(r"[\x00-\x07\x0b\x0e-\x1f]")
_INTEGER = f"^^<{XSD}integer>"


def literal(value: object, datatype: str | None = None) -> str:
    """A literal as an N-Triples term: plain strings, or typed (``integer``, ``boolean`` …).

    >>> literal('市"环保"局'), literal(3)
    ('"市\\\\"环保\\\\"局"', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    >>> literal(True)[-9:], literal("2016-12-31", XSD + "date")[-6:]
    ('#boolean>', '#date>')
    """
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{datatype or XSD + "boolean"}>'
    if isinstance(value, int):
        return f'"{value}"' + (f"^^<{datatype}>" if datatype else _INTEGER)
    escaped = str(value).translate(_ESCAPES)
    if _CONTROL.search(escaped):
        escaped = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", escaped)
    return f'"{escaped}"' + (f"^^<{datatype}>" if datatype else "")


_TYPE, _LABEL = iri(RDF_TYPE), iri(RDFS_LABEL)
#: Every gk: term as an N-Triples IRI, looked up once (a misspelt name fails as a KeyError).
_TERM_IRIS = {name: iri(getattr(TERMS, name)) for name in dir(TERMS)}
_t = _TERM_IRIS.__getitem__


#: Nodes that several records describe (a unit named on many tasks, a span quoted twice): their
#: triples are checked for repeats; every other subject is described once by construction.
_SHARED = tuple(f"<{ID_IRI}{kind}/" for kind in ("unit", "regulation", "place", "template", "span"))


def extraction_triples(ex: Extraction) -> Iterator[tuple[str, str, str]]:
    """The triples of one document's extraction, without duplicates, in a stable order."""
    seen: set[tuple[str, str, str]] = set()
    for triple in _triples(ex):
        if triple[0].startswith(_SHARED):
            if triple in seen:
                continue
            seen.add(triple)
        yield triple


def write_nquads(ex: Extraction, write, *, batch: int = 20000) -> int:
    """Write one document's quads as N-Quads text through ``write``, a batch of lines at a
    time, so memory stays small however large the document; returns the number of quads."""
    graph = iri(document_iri(ex.document.sha256))
    lines: list[str] = []
    n = 0
    for s, p, o in extraction_triples(ex):
        lines.append(f"{s} {p} {o} {graph} .\n")
        if len(lines) >= batch:
            write("".join(lines))
            n += len(lines)
            lines = []
    if lines:
        write("".join(lines))
        n += len(lines)
    return n


def document_nquads(ex: Extraction) -> str:
    """N-Quads text of one document's extraction, in the graph named by its document IRI."""
    parts: list[str] = []
    write_nquads(ex, parts.append)
    return "".join(parts)


def extraction_graph(ex: Extraction):
    """The same triples as an rdflib graph named by the document IRI (imports rdflib)."""
    from rdflib import Graph, URIRef

    g = Graph(identifier=URIRef(document_iri(ex.document.sha256)))
    g.parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in extraction_triples(ex)), format="nt")
    return g


def _triples(ex: Extraction) -> Iterator[tuple[str, str, str]]:
    doc = ex.document
    d = iri(document_iri(doc.sha256))
    yield d, _TYPE, _t("Document")
    yield d, _t("fileName"), literal(doc.file_name)
    yield d, _t("sha256"), literal(doc.sha256)
    yield d, iri(DCTERMS_TITLE), literal(doc.title or doc.file_name)
    if ex.layout:
        yield d, _t("layout"), literal(ex.layout)
    if doc.jurisdiction:
        place = iri(place_iri(doc.jurisdiction))
        yield d, _t("jurisdiction"), place
        yield place, _TYPE, _t("Jurisdiction")
        yield place, _LABEL, literal(doc.jurisdiction)
    keys = {t.key: iri(task_iri(doc.sha256, t.key)) for t in ex.tasks}
    parents = {t.key: t.parent for t in ex.tasks if t.parent in keys}
    # tasks with equal keys are one task printed twice: same place (or same document) and text
    scope = place_iri(doc.jurisdiction) if doc.jurisdiction else d[1:-1]
    for t in ex.tasks:
        yield from _task(ex, t, keys, d)
        yield from _materialised(t, keys, parents, scope)
    yield from _unassigned(ex, keys, parents)
    yield from _summaries(ex, keys, parents)
    for c in ex.citations:
        yield from _cite(ex, d, c)
    for a in ex.actors:
        u = yield from _unit(a.unit)
        yield d, _t("mentionsUnit"), u
        m = iri(mention_iri(document_iri(doc.sha256), a.evidence.line, a.evidence.start))
        yield m, _TYPE, _t("Mention")
        yield m, _t("mentionedUnit"), u
        yield m, _t("mentionRole"), literal(a.role)
        s = yield from _span(ex, a.evidence)
        yield m, iri(PROV_DERIVED), s
        yield d, _t("qualifiedMention"), m


@cache
def _broader() -> dict[str, tuple[str, ...]]:
    """Each topic with itself and every broader topic of the scheme."""
    from govkg.ontology.vocabulary import topic_labels

    up = {iri_: b for iri_, _pref, _alts, b in topic_labels()}
    out = {}
    for concept in up:
        chain, node = [], concept
        while node and node not in chain:
            chain.append(node)
            node = up.get(node)
        out[concept] = tuple(chain)
    return out


def _materialised(t: Task, keys: dict[str, str], parents: dict[str, str | None], scope: str):
    """What every query would otherwise recompute: the tasks a task stands under (itself
    included), the topics it is about (its subjects and their broader topics), the year of its
    section and the key under which a reprint of it is found."""
    ti = keys[t.key]
    yield ti, _t("repeatKey"), literal(f"{scope}\t{_PUNCT.sub('', t.text)}")
    if t.section:
        year = _YEAR.search(t.section)
        if year:
            yield ti, _t("sectionYear"), literal(year.group())
    for node in _upwards(t.key, parents):
        yield ti, _t("underTask"), keys[node]
    broader = _broader()
    for topic in t.topics:
        for concept in broader.get(topic, (topic,)):
            yield ti, _t("aboutTopic"), iri(concept)


def _unassigned(ex: Extraction, keys: dict[str, str], parents: dict[str, str | None]):
    """The tasks with no unit in any role: none on the task, on a task above it or on a task
    below it (a heading whose units sit on its sub-tasks is not unassigned)."""
    with_units = {t.key for t in ex.tasks if t.assignments}
    below = {node for key in with_units for node in _upwards(key, parents)}
    for t in ex.tasks:
        if t.key not in below and not with_units.intersection(_upwards(t.key, parents)):
            yield keys[t.key], _TYPE, _t("UnassignedTask")


def _upwards(key: str, parents: dict[str, str | None]) -> list[str]:
    """The task and the tasks above it, nearest first (a cycle is followed once)."""
    chain: list[str] = []
    node: str | None = key
    while node and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


_PUNCT = re.compile(r"[\s　。，、；：！？,.;:!?]")
_YEAR = re.compile(r"(19|20)[0-9][0-9]")


def _summaries(ex: Extraction, keys: dict[str, str], parents: dict[str, str | None]):
    """Per document, the counts queries would otherwise compute over every assignment: per
    topic, unit and role the tasks reached (with the first of them), per unit and role the
    tasks assigned. Queries add up the documents' shares (``SUM``, ``MIN``)."""
    sha = ex.document.sha256
    by_key = {t.key: t for t in ex.tasks}
    broader = _broader()
    topics: dict[tuple[str, str, str], tuple[set[str], str]] = {}
    workload: dict[tuple[str, str], set[str]] = {}
    for t in ex.tasks:
        for a in t.assignments:
            workload.setdefault((unit_iri(a.unit.jurisdiction, a.unit.name), a.role), set()).add(t.key)
        concepts = {c for topic in t.topics for c in broader.get(topic, (topic,))}
        if not concepts:
            continue
        first = f"{ex.document.file_name}\t{t.evidence.line:07d}\t{t.text}"
        for node in _upwards(t.key, parents):
            for a in by_key[node].assignments:
                unit = unit_iri(a.unit.jurisdiction, a.unit.name)
                for concept in concepts:
                    entry = topics.get((concept, unit, a.role))
                    if entry is None:
                        topics[(concept, unit, a.role)] = ({t.key}, first)
                    else:
                        entry[0].add(t.key)
                        if first < entry[1]:
                            topics[(concept, unit, a.role)] = (entry[0], first)
    for (concept, unit, role), (tasks, first) in sorted(topics.items()):
        sm = iri(summary_iri(sha, "topic", concept, unit, role))
        yield sm, _TYPE, _t("TopicSummary")
        yield sm, _t("summaryTopic"), iri(concept)
        yield sm, _t("summaryUnit"), iri(unit)
        yield sm, _t("summaryRole"), iri(ROLE_PROPERTY[role])
        yield sm, _t("taskCount"), literal(len(tasks))
        yield sm, _t("firstTaskKey"), literal(first)
    for (unit, role), tasks in sorted(workload.items()):
        sm = iri(summary_iri(sha, "workload", unit, role))
        yield sm, _TYPE, _t("WorkloadSummary")
        yield sm, _t("summaryUnit"), iri(unit)
        yield sm, _t("summaryRole"), iri(ROLE_PROPERTY[role])
        yield sm, _t("taskCount"), literal(len(tasks))


def _span(ex: Extraction, ev: Evidence):
    doc = ex.document
    s = iri(span_iri(doc.sha256, ev.line, ev.start, ev.end, ev.end_line))
    yield s, _TYPE, _t("SourceSpan")
    yield s, _t("sourceDocument"), iri(document_iri(doc.sha256))
    yield s, _t("sourceLine"), literal(ev.line)
    yield s, _t("startOffset"), literal(ev.start)
    yield s, _t("endOffset"), literal(ev.end)
    yield s, _t("quote"), literal(ev.quote)
    if ev.end_line:
        yield s, _t("endLine"), literal(ev.end_line)
    where = doc.locator(ev.line)
    if where:
        yield s, _t("locator"), literal(where)
    return s


def _unit(ref: UnitRef):
    u = iri(unit_iri(ref.jurisdiction, ref.name))
    label = pref_label(ref)
    yield u, _TYPE, _t("Unit")
    if ref.kind == "collective":
        yield u, _TYPE, _t("CollectiveUnit")
    elif ref.kind == "generic":
        yield u, _TYPE, _t("GenericUnit")
    yield u, iri(SKOS_PREF_LABEL), literal(label)
    if ref.level:
        yield u, _t("level"), literal(ref.level)
    if ref.jurisdiction:
        yield u, _t("jurisdiction"), iri(place_iri(ref.jurisdiction))
    for alt in sorted({ref.name, ref.surface.strip()} - {label, ""}):
        yield u, iri(SKOS_ALT_LABEL), literal(alt)
    for name in ref.successors:
        yield u, _t("successor"), iri(unit_iri(ref.jurisdiction, name))
    for name in ref.predecessors:
        yield u, _t("predecessor"), iri(unit_iri(ref.jurisdiction, name))
    return u


def _regulation(c: Citation):
    r = iri(regulation_iri(c.code, c.title if not c.code else None))
    yield r, _TYPE, _t("Regulation")
    yield r, _TYPE, iri(KIND_CLASS.get(c.kind, TERMS.Regulation))
    if c.code:
        yield r, _t("code"), literal(c.code)
    if c.title:
        yield r, iri(DCTERMS_TITLE), literal(c.title)
    yield r, _LABEL, literal(c.title or c.code)
    return r


def _cite(ex: Extraction, owner: str, c: Citation):
    r = yield from _regulation(c)
    yield owner, _t("cites"), r
    occ = iri(citation_iri(owner[1:-1], c.evidence.line, c.evidence.start))
    yield occ, _TYPE, _t("CitationOccurrence")
    yield occ, _t("regulation"), r
    s = yield from _span(ex, c.evidence)
    yield occ, iri(PROV_DERIVED), s
    yield owner, _t("qualifiedCitation"), occ


def _task(ex: Extraction, t: Task, keys: dict[str, str], d: str):
    ti = keys[t.key]
    jurisdiction = t.jurisdiction or ex.document.jurisdiction
    yield ti, _TYPE, _t("Task")
    yield ti, _t("text"), literal(t.text)
    yield ti, _t("sourceDocument"), d
    yield ti, _t("sourceLine"), literal(t.evidence.line)
    s = yield from _span(ex, t.evidence)
    yield ti, iri(PROV_DERIVED), s
    if t.section:
        yield ti, _t("section"), literal(t.section)
    if t.parent and t.parent in keys:
        yield ti, _t("parentTask"), keys[t.parent]
    if jurisdiction:
        yield ti, _t("jurisdiction"), iri(place_iri(jurisdiction))
    if t.implicit:
        yield ti, _t("implicitAssignment"), literal(True)
    dl = t.deadline
    if dl is not None:
        yield ti, _t("deadlineText"), literal(dl.text)
        yield ti, _t("deadlineKind"), literal(dl.kind)
        if dl.end:
            yield ti, _t("deadline"), literal(dl.end.isoformat(), XSD + "date")
        if dl.start:
            yield ti, _t("deadlineStart"), literal(dl.start.isoformat(), XSD + "date")
        if dl.kind == "annual" and dl.month:
            yield ti, _t("recurringDeadline"), literal(f"--{dl.month:02d}-{dl.day or 28:02d}", XSD + "gMonthDay")
    for n, target in enumerate(t.targets, 1):
        tg = iri(target_iri(ti[1:-1], n))
        yield ti, _t("target"), tg
        yield tg, _TYPE, _t("Target")
        yield tg, _t("text"), literal(target.text)
        yield tg, _t("indicator"), literal(target.indicator)
        yield tg, _t("comparator"), literal(target.comparator)
        yield tg, _t("value"), literal(target.value)
        yield tg, _t("unitOfMeasure"), literal(target.unit)
    for topic in t.topics:
        yield ti, iri(DCTERMS_SUBJECT), iri(topic)
    if t.parent is None and len(t.text) >= 6:
        tpl = iri(template_iri(t.text))
        yield ti, _t("template"), tpl
        yield tpl, _TYPE, _t("TaskTemplate")
        yield tpl, _t("text"), literal(t.text)
    for a in t.assignments:
        u = yield from _unit(a.unit)
        prop = iri(ROLE_PROPERTY[a.role])
        yield ti, prop, u
        yield ti, _t("involvesUnit"), u
        q = iri(assignment_iri(ti[1:-1], a.role, u[1:-1]))
        yield ti, _t("qualifiedAssignment"), q
        yield q, _TYPE, _t("Assignment")
        yield q, _t("assignedUnit"), u
        yield q, _t("role"), prop
        if a.role_text:
            yield q, _t("roleText"), literal(a.role_text)
        s = yield from _span(ex, a.evidence)
        yield q, iri(PROV_DERIVED), s
    for c in t.citations:
        yield from _cite(ex, ti, c)
