"""The rdflib mapping of extraction records to RDF as it was before the lean writer
(kept as the reference a test compares :mod:`govkg.graph.rdf` with: same quads).

Extraction records to RDF: one named graph per document.

Roles are materialised (a task with ``gk:leadUnit X`` also has ``gk:involvesUnit X``) and
qualified (a ``gk:Assignment`` with the role, the role word as printed and the source span).
Every task, assignment, citation and mention is ``prov:wasDerivedFrom`` a ``gk:SourceSpan``
carrying document, line, offsets and quote.

>>> from govkg.extract.pipeline import extract_text
>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "a" * 64, "遵义市任务表", "遵义市",
...                ("序号\\t工作任务\\t牵头单位", "1\\t整治扬尘\\t市环保局"))
>>> g = extraction_graph(extract_text(doc))
>>> from govkg.ontology import GK
>>> [str(o) for o in g.objects(None, GK.sourceLine)][:1]
['2']
>>> len(list(g.subject_objects(GK.involvesUnit)))
1
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from govkg.extract.citation import link_titles
from govkg.extract.records import Citation, Evidence, Extraction, Task, UnitRef
from govkg.extract.unit import pref_label
from govkg.ontology import GK

from govkg.graph import uris as _uris


def _wrap(fn):
    return lambda *args: URIRef(fn(*args))


assignment_iri = _wrap(_uris.assignment_iri)
citation_iri = _wrap(_uris.citation_iri)
document_iri = _wrap(_uris.document_iri)
mention_iri = _wrap(_uris.mention_iri)
place_iri = _wrap(_uris.place_iri)
regulation_iri = _wrap(_uris.regulation_iri)
span_iri = _wrap(_uris.span_iri)
target_iri = _wrap(_uris.target_iri)
task_iri = _wrap(_uris.task_iri)
template_iri = _wrap(_uris.template_iri)
unit_iri = _wrap(_uris.unit_iri)

__all__ = ["extraction_graph", "title_codes", "ROLE_PROPERTY", "KIND_CLASS"]

ROLE_PROPERTY = {"lead": GK.leadUnit, "responsible": GK.responsibleUnit, "cooperating": GK.cooperatingUnit}
KIND_CLASS = {
    "national_standard": GK.NationalStandard,
    "industry_standard": GK.IndustryStandard,
    "local_standard": GK.LocalStandard,
    "document_number": GK.NumberedDocument,
    "titled_document": GK.TitledDocument,
}


def title_codes(extractions: list[Extraction]) -> dict[str, str]:
    """Titles cited with their number anywhere in the build, mapped to that number's code."""
    out: dict[str, str] = {}
    for ex in extractions:
        by_line: dict[int, list[Citation]] = defaultdict(list)
        for c in _all_citations(ex):
            by_line[c.evidence.line].append(c)
        for line, cites in by_line.items():
            for title, number in link_titles(cites, text=ex.document.line(line)):
                if title.title and number.code:
                    out.setdefault(title.title, number.code)
    return out


def _all_citations(ex: Extraction) -> list[Citation]:
    return [c for t in ex.tasks for c in t.citations] + list(ex.citations)


def extraction_graph(ex: Extraction, *, aliases: dict[str, str] | None = None) -> Graph:
    """The RDF of one document's extraction, as a graph named by the document IRI."""
    doc = ex.document
    d = document_iri(doc.sha256)
    g = Graph(identifier=d)
    aliases = aliases if aliases is not None else title_codes([ex])
    g.add((d, RDF.type, GK.Document))
    g.add((d, GK.fileName, Literal(doc.file_name)))
    g.add((d, GK.sha256, Literal(doc.sha256)))
    g.add((d, DCTERMS.title, Literal(doc.title or doc.file_name)))
    if ex.layout:
        g.add((d, GK.layout, Literal(ex.layout)))
    if doc.jurisdiction:
        place = place_iri(doc.jurisdiction)
        g.add((d, GK.jurisdiction, place))
        g.add((place, RDF.type, GK.Jurisdiction))
        g.add((place, RDFS.label, Literal(doc.jurisdiction)))

    def span(ev: Evidence) -> URIRef:
        s = span_iri(doc.sha256, ev.line, ev.start, ev.end, ev.end_line)
        g.add((s, RDF.type, GK.SourceSpan))
        g.add((s, GK.sourceDocument, d))
        g.add((s, GK.sourceLine, Literal(ev.line, datatype=XSD.integer)))
        g.add((s, GK.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((s, GK.endOffset, Literal(ev.end, datatype=XSD.integer)))
        g.add((s, GK.quote, Literal(ev.quote)))
        if ev.end_line:
            g.add((s, GK.endLine, Literal(ev.end_line, datatype=XSD.integer)))
        where = doc.locator(ev.line)
        if where:
            g.add((s, GK.locator, Literal(where)))
        return s

    def unit(ref: UnitRef) -> URIRef:
        u = unit_iri(ref.jurisdiction, ref.name)
        label = pref_label(ref)
        if (u, RDF.type, GK.Unit) not in g:
            g.add((u, RDF.type, GK.Unit))
            if ref.kind == "collective":
                g.add((u, RDF.type, GK.CollectiveUnit))
            elif ref.kind == "generic":
                g.add((u, RDF.type, GK.GenericUnit))
            g.add((u, SKOS.prefLabel, Literal(label)))
            if ref.level:
                g.add((u, GK.level, Literal(ref.level)))
            if ref.jurisdiction:
                g.add((u, GK.jurisdiction, place_iri(ref.jurisdiction)))
        for alt in {ref.name, ref.surface.strip()} - {label, ""}:
            g.add((u, SKOS.altLabel, Literal(alt)))
        # added with the 2018 renames (issue #8): links to the same body before and after
        for name in ref.successors:
            g.add((u, GK.successor, unit_iri(ref.jurisdiction, name)))
        for name in ref.predecessors:
            g.add((u, GK.predecessor, unit_iri(ref.jurisdiction, name)))
        return u

    def regulation(c: Citation) -> URIRef:
        code = c.code or (aliases.get(c.title) if c.title else None)
        r = regulation_iri(code, c.title if not code else None)
        g.add((r, RDF.type, GK.Regulation))
        kind = c.kind if c.code or not code else ("document_number" if "〔" in code else "national_standard")
        g.add((r, RDF.type, KIND_CLASS.get(kind, GK.Regulation)))
        if code:
            g.add((r, GK.code, Literal(code)))
        if c.title:
            g.add((r, DCTERMS.title, Literal(c.title)))
        g.add((r, RDFS.label, Literal(c.title or code)))
        return r

    def cite(owner: URIRef, c: Citation) -> None:
        r = regulation(c)
        g.add((owner, GK.cites, r))
        occ = citation_iri(owner, c.evidence.line, c.evidence.start)
        g.add((occ, RDF.type, GK.CitationOccurrence))
        g.add((occ, GK.regulation, r))
        g.add((occ, PROV.wasDerivedFrom, span(c.evidence)))
        g.add((owner, GK.qualifiedCitation, occ))

    keys = {t.key: task_iri(doc.sha256, t.key) for t in ex.tasks}
    for t in ex.tasks:
        _task(g, t, keys, d, span, unit, cite, doc.jurisdiction)
    for c in ex.citations:
        cite(d, c)
    for a in ex.actors:
        u = unit(a.unit)
        g.add((d, GK.mentionsUnit, u))
        m = mention_iri(d, a.evidence.line, a.evidence.start)
        g.add((m, RDF.type, GK.Mention))
        g.add((m, GK.mentionedUnit, u))
        g.add((m, GK.mentionRole, Literal(a.role)))
        g.add((m, PROV.wasDerivedFrom, span(a.evidence)))
        g.add((d, GK.qualifiedMention, m))
    return g


def _task(g: Graph, t: Task, keys: dict[str, URIRef], d: URIRef, span, unit, cite, jurisdiction) -> None:
    ti = keys[t.key]
    g.add((ti, RDF.type, GK.Task))
    g.add((ti, GK.text, Literal(t.text)))
    g.add((ti, GK.sourceDocument, d))
    g.add((ti, GK.sourceLine, Literal(t.evidence.line, datatype=XSD.integer)))
    g.add((ti, PROV.wasDerivedFrom, span(t.evidence)))
    if t.section:
        g.add((ti, GK.section, Literal(t.section)))
    if t.parent and t.parent in keys:
        g.add((ti, GK.parentTask, keys[t.parent]))
    if t.jurisdiction or jurisdiction:
        g.add((ti, GK.jurisdiction, place_iri(t.jurisdiction or jurisdiction)))
    if t.implicit:
        g.add((ti, GK.implicitAssignment, Literal(True)))
    dl = t.deadline
    if dl is not None:
        g.add((ti, GK.deadlineText, Literal(dl.text)))
        g.add((ti, GK.deadlineKind, Literal(dl.kind)))
        if dl.end:
            g.add((ti, GK.deadline, Literal(dl.end, datatype=XSD.date)))
        if dl.start:
            g.add((ti, GK.deadlineStart, Literal(dl.start, datatype=XSD.date)))
        if dl.kind == "annual" and dl.month:
            g.add((ti, GK.recurringDeadline, Literal(f"--{dl.month:02d}-{dl.day or 28:02d}", datatype=XSD.gMonthDay)))
    for n, target in enumerate(t.targets, 1):
        tg = target_iri(ti, n)
        g.add((ti, GK.target, tg))
        g.add((tg, RDF.type, GK.Target))
        g.add((tg, GK.text, Literal(target.text)))
        g.add((tg, GK.indicator, Literal(target.indicator)))
        g.add((tg, GK.comparator, Literal(target.comparator)))
        g.add((tg, GK.value, Literal(target.value)))
        g.add((tg, GK.unitOfMeasure, Literal(target.unit)))
    for topic in t.topics:
        g.add((ti, DCTERMS.subject, URIRef(topic)))
    if t.parent is None and len(t.text) >= 6:
        tpl = template_iri(t.text)
        g.add((ti, GK.template, tpl))
        g.add((tpl, RDF.type, GK.TaskTemplate))
        g.add((tpl, GK.text, Literal(t.text)))
    for a in t.assignments:
        u = unit(a.unit)
        prop = ROLE_PROPERTY[a.role]
        g.add((ti, prop, u))
        g.add((ti, GK.involvesUnit, u))
        q = assignment_iri(ti, a.role, u)
        g.add((ti, GK.qualifiedAssignment, q))
        g.add((q, RDF.type, GK.Assignment))
        g.add((q, GK.assignedUnit, u))
        g.add((q, GK.role, prop))
        if a.role_text:
            g.add((q, GK.roleText, Literal(a.role_text)))
        g.add((q, PROV.wasDerivedFrom, span(a.evidence)))
    for c in t.citations:
        cite(ti, c)

