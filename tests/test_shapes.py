"""SHACL shapes: a small hand-built graph conforms; each broken variant fails with its message."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS, SH

from govkg.ontology import GK, ID, TOPIC, ontology_graph, shapes_graph

EX = Namespace(ID + "test/")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return ontology_graph()


def _valid() -> Graph:
    g = Graph()
    doc, place = EX.doc, EX.lps
    g.add((doc, RDF.type, GK.Document))
    g.add((doc, GK.fileName, Literal("000.txt")))
    g.add((doc, GK.sha256, Literal("ab" * 32)))
    g.add((doc, DCTERMS.title, Literal("六盘水市创建国家环境保护模范城市工作任务分解表")))
    g.add((doc, GK.jurisdiction, place))
    g.add((place, RDF.type, GK.Jurisdiction))
    g.add((place, RDFS.label, Literal("六盘水市")))

    unit = EX.epb
    g.add((unit, RDF.type, GK.Unit))
    g.add((unit, SKOS.prefLabel, Literal("六盘水市环境保护局")))
    g.add((unit, SKOS.altLabel, Literal("市环保局")))
    g.add((unit, GK.jurisdiction, place))
    g.add((unit, GK.level, Literal("city")))
    collective = EX.counties
    g.add((collective, RDF.type, GK.CollectiveUnit))  # reached through rdfs:subClassOf
    g.add((collective, SKOS.prefLabel, Literal("各县（市、区）政府")))

    span = EX.span
    g.add((span, RDF.type, GK.SourceSpan))
    g.add((span, GK.sourceDocument, doc))
    g.add((span, GK.sourceLine, Literal(12)))
    g.add((span, GK.startOffset, Literal(0)))
    g.add((span, GK.endOffset, Literal(4)))
    g.add((span, GK.quote, Literal("市环保局")))

    task = EX.task
    g.add((task, RDF.type, GK.Task))
    g.add((task, GK.text, Literal("加强危险废物管理")))
    g.add((task, GK.sourceDocument, doc))
    g.add((task, GK.sourceLine, Literal(12)))
    g.add((task, PROV.wasDerivedFrom, span))
    g.add((task, GK.deadline, Literal("2016-12-31", datatype=XSD.date)))
    g.add((task, GK.deadlineText, Literal("2016年底")))
    g.add((task, GK.deadlineKind, Literal("date")))
    g.add((task, GK.recurringDeadline, Literal("--12-20", datatype=XSD.gMonthDay)))
    g.add((task, DCTERMS.subject, TOPIC["hazardous-waste"]))
    for role, who in [(GK.leadUnit, unit), (GK.cooperatingUnit, collective)]:
        g.add((task, role, who))
        g.add((task, GK.involvesUnit, who))
    assignment = EX.assignment
    g.add((task, GK.qualifiedAssignment, assignment))
    g.add((assignment, RDF.type, GK.Assignment))
    g.add((assignment, GK.assignedUnit, unit))
    g.add((assignment, GK.role, GK.leadUnit))
    g.add((assignment, GK.roleText, Literal("牵头单位")))
    g.add((assignment, PROV.wasDerivedFrom, span))

    standard = EX.gb18599
    g.add((standard, RDF.type, GK.NationalStandard))
    g.add((standard, GK.code, Literal("GB18599-2001")))
    g.add((task, GK.cites, standard))
    occurrence = EX.citation
    g.add((task, GK.qualifiedCitation, occurrence))
    g.add((occurrence, RDF.type, GK.CitationOccurrence))
    g.add((occurrence, GK.regulation, standard))
    g.add((occurrence, PROV.wasDerivedFrom, span))

    mention = EX.mention
    g.add((doc, GK.mentionsUnit, unit))
    g.add((doc, GK.qualifiedMention, mention))
    g.add((mention, RDF.type, GK.Mention))
    g.add((mention, GK.mentionedUnit, unit))
    g.add((mention, GK.mentionRole, Literal("actor")))
    g.add((mention, PROV.wasDerivedFrom, span))
    return g


def _validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    return pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)


def _messages(report: Graph) -> set[str]:
    return {str(message) for message in report.objects(None, SH.resultMessage)}


def test_shapes_valid_graph_conforms(shapes, ontology):
    conforms, _, text = _validate(_valid(), shapes, ontology)
    assert conforms, text


def _without_source_line(g: Graph) -> None:
    g.remove((EX.task, GK.sourceLine, None))


def _with_text_deadline(g: Graph) -> None:
    g.set((EX.task, GK.deadline, Literal("2016年底")))


def _unit_without_pref_label(g: Graph) -> None:
    g.remove((EX.epb, SKOS.prefLabel, None))


def _span_without_quote(g: Graph) -> None:
    g.remove((EX.span, GK.quote, None))


def _line_zero(g: Graph) -> None:
    g.set((EX.task, GK.sourceLine, Literal(0)))


def _short_sha(g: Graph) -> None:
    g.set((EX.doc, GK.sha256, Literal("abc123")))


def _role_not_a_role(g: Graph) -> None:
    g.set((EX.assignment, GK.role, GK.involvesUnit))


def _assignment_without_unit(g: Graph) -> None:
    g.remove((EX.assignment, GK.assignedUnit, None))


def _regulation_without_code_or_title(g: Graph) -> None:
    g.remove((EX.gb18599, GK.code, None))


def _lead_unit_not_a_unit(g: Graph) -> None:
    g.add((EX.task, GK.leadUnit, EX.doc))


def _task_without_span(g: Graph) -> None:
    g.remove((EX.task, PROV.wasDerivedFrom, None))


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_without_source_line, "A gk:Task needs exactly one gk:sourceLine"),
        (_line_zero, "A gk:Task needs exactly one gk:sourceLine"),
        (_with_text_deadline, "gk:deadline must be a single xsd:date"),
        (_unit_without_pref_label, "A gk:Unit needs exactly one skos:prefLabel"),
        (_span_without_quote, "A gk:SourceSpan needs exactly one gk:quote"),
        (_short_sha, "gk:sha256 of 64 hexadecimal characters"),
        (_role_not_a_role, "exactly one gk:role, one of gk:leadUnit"),
        (_assignment_without_unit, "exactly one gk:assignedUnit"),
        (_regulation_without_code_or_title, "A gk:Regulation needs a gk:code or a dcterms:title"),
        (_lead_unit_not_a_unit, "gk:leadUnit must point at a gk:Unit"),
        (_task_without_span, "prov:wasDerivedFrom pointing at a gk:SourceSpan"),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_shapes_broken_graph_fails_with_message(shapes, ontology, breakage, message):
    data = _valid()
    breakage(data)
    conforms, report, text = _validate(data, shapes, ontology)
    assert not conforms
    assert any(message in found for found in _messages(report)), text


def test_shapes_every_constraint_has_an_english_message(shapes):
    constrained = set(shapes.objects(None, SH.property)) | set(shapes.subjects(SH["or"], None))
    for node in constrained:
        messages = list(shapes.objects(node, SH.message))
        assert messages, f"shape {node} has no sh:message"
        assert all(message.isascii() for message in messages)


def test_shapes_target_classes_exist_in_ontology(shapes, ontology):
    from rdflib import OWL

    for target in shapes.objects(None, SH.targetClass):
        assert (target, RDF.type, OWL.Class) in ontology
