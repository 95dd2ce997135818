"""Golden graphs: the whole graph of a few small documents, compared with expected Turtle.

Each ``tests/golden/<name>.txt`` is a short document of one layout; ``<name>.ttl`` is the graph
it must give (:func:`govkg.graph.rdf.extraction_graph` of
:func:`govkg.extract.pipeline.extract_document` with the ontology's topic tagger), every triple
read and checked by hand, the materialised ones (gk:underTask, gk:aboutTopic, gk:repeatKey,
gk:sectionYear, gk:UnassignedTask, the topic and workload summaries) included. The graphs are
compared as graphs (``rdflib.compare.to_isomorphic``); on a difference the test prints the
triples only in the expected graph and only in the actual one, as sorted lines with short
prefixes and percent escapes decoded.

Where the code is known to read a document wrong, :data:`KNOWN_WRONG` says what is wrong and
holds the correction of the records; the expected file is the graph of the corrected records,
and the test is a strict xfail: once the code is fixed the test passes, strict turns that into
a failure, and the entry is removed.

To write the expected file of a new document, or after a change meant to change the graph, run
(it refuses to run under pytest)::

    python tests/test_golden.py --bless NAME [NAME ...]

then read ``git diff tests/golden/NAME.ttl`` triple by triple before committing it. For a name
in :data:`KNOWN_WRONG` the correction is applied first; it stops if the code no longer makes
the mistake.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
NAMES = sorted(p.stem for p in GOLDEN.glob("*.txt"))

#: Prefixes of the expected files and of the diff (the longest namespace wins when shortening).
PREFIXES = {
    "gk": "https://w3id.org/govkg/ontology#",
    "topic": "https://w3id.org/govkg/id/topic/",
    "id": "https://w3id.org/govkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_TOPIC = PREFIXES["topic"]


# -- what the code gets wrong -------------------------------------------------------------


def _correct(ex, key: str, wrong: Callable, right: Callable):
    """``ex`` with task ``key`` replaced by ``right(task)``; stops if ``wrong(task)`` is false
    (the code was fixed: the correction and its KNOWN_WRONG entry go)."""
    tasks = []
    for task in ex.tasks:
        if task.key == key:
            if not wrong(task):
                raise SystemExit(f"{ex.document.file_name}: task {key} is read right now; remove its KNOWN_WRONG entry")
            task = right(task)
        tasks.append(task)
    return replace(ex, tasks=tuple(tasks))


def _soil(ex):
    soil = _TOPIC + "soil"
    return _correct(ex, "t1.1", lambda t: soil not in t.topics, lambda t: replace(t, topics=t.topics + (soil,)))


def _sub_tasks(ex):
    publicity = _TOPIC + "publicity-education"
    ex = _correct(ex, "p.5", lambda t: t.parent == "p.3" and publicity not in t.topics,
                  lambda t: replace(t, parent="p.4", topics=t.topics + (publicity,)))
    return _correct(ex, "p.6", lambda t: t.parent == "p.3", lambda t: replace(t, parent="p.4"))


#: Documents the code reads wrong: what is wrong, and the correction of the records that gives
#: the expected graph.
KNOWN_WRONG: dict[str, tuple[str, Callable]] = {
    "multi_unit_cell": (
        "topic missed: jieba's dictionary holds 土壤污染 as one word, so task t1.1 "
        "(开展重点行业企业用地土壤污染状况调查) lacks dcterms:subject and gk:aboutTopic topic:soil and the "
        "two topic summaries (soil, 市生态环境局 / 市自然资源局, responsibleUnit)",
        _soil,
    ),
    "sub_task": (
        "sub-tasks 1. and 2. printed under （一） (lines 5, 6) get gk:parentTask the heading 一、 (p.3) "
        "instead of （一） (p.4), because a numbered item that carries a role bracket is not kept as a "
        "parent; so both lack gk:underTask p.4 and the topic summaries of 市委宣传部 (lead) and "
        "市环境保护局 (cooperating) count 1 task instead of 3. Also task p.5 (在主要街道设置创模宣传栏) "
        "misses topic:publicity-education: jieba cuts 宣传栏 as one word",
        _sub_tasks,
    ),
}


# -- graphs --------------------------------------------------------------------------------


def extraction(name: str, tagger):
    """The records the code reads from ``golden/<name>.txt``."""
    from govkg.extract.pipeline import extract_document

    return extract_document(GOLDEN / f"{name}.txt", tagger=tagger)


def actual_graph(name: str, tagger) -> Graph:
    """The graph the code gives for ``golden/<name>.txt``."""
    from govkg.graph.rdf import extraction_graph

    return extraction_graph(extraction(name, tagger))


def expected_graph(name: str) -> Graph:
    """The graph of ``golden/<name>.ttl``."""
    return Graph().parse(GOLDEN / f"{name}.ttl", format="turtle")


def _qname(iri: str) -> str | None:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def readable(term) -> str:
    """A term for people: a prefix for every namespace, percent escapes decoded (not Turtle).

    >>> readable(URIRef("https://w3id.org/govkg/id/place/%E5%AE%89%E9%A1%BA%E5%B8%82"))
    'id:place/安顺市'
    """
    if isinstance(term, URIRef):
        for prefix, namespace in _BY_LENGTH:
            if term.startswith(namespace):
                return f"{prefix}:{unquote(term[len(namespace):])}"
        return term.n3()
    if isinstance(term, Literal) and term.datatype is not None:
        return f"{Literal(str(term)).n3()}^^{_qname(term.datatype) or URIRef(term.datatype).n3()}"
    return term.n3()


def triple_lines(graph: Graph) -> list[str]:
    """The graph's triples as sorted readable lines."""
    return sorted(" ".join(readable(term) for term in triple) + " ." for triple in graph)


def difference(expected: Graph, actual: Graph) -> str:
    """Empty when the graphs are isomorphic, else the triples only in one of them."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if isomorphic(iso_expected, iso_actual):
        return ""
    _both, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    parts = []
    for title, graph in (("only in expected", only_expected), ("only in actual", only_actual)):
        lines = triple_lines(graph)
        parts.append(f"--- {len(lines)} triples {title}:\n" + "\n".join(f"  {line}" for line in lines))
    return "\n".join(parts)


def to_turtle(graph: Graph, header: list[str]) -> str:
    """Turtle for people to read: subjects sorted, each under a comment with its IRI decoded,
    and a comment after each object IRI that holds percent escapes."""

    def term(t) -> str:
        if isinstance(t, URIRef):
            return _qname(t) or t.n3()
        if isinstance(t, BNode):
            raise ValueError(f"golden graphs have no blank nodes; found {t.n3()}")
        if t.datatype is not None:
            return f"{Literal(str(t)).n3()}^^{_qname(t.datatype) or URIRef(t.datatype).n3()}"
        return t.n3()

    out = [f"# {line}" for line in header] + [""]
    out += [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES.items()]
    for subject in sorted(set(graph.subjects()), key=str):
        pairs = sorted(graph.predicate_objects(subject), key=lambda po: (po[0] != URIRef(PREFIXES["rdf"] + "type"), str(po[0]), str(po[1])))
        out += ["", f"# {readable(subject)}", term(subject)]
        for i, (p, o) in enumerate(pairs):
            note = f"  # {readable(o)}" if isinstance(o, URIRef) and "%" in o else ""
            out.append(f"    {term(p)} {term(o)} {';' if i < len(pairs) - 1 else '.'}{note}")
    return "\n".join(out) + "\n"


def bless(names: list[str]) -> list[Path]:
    """Write ``golden/<name>.ttl`` from the code's current reading of each document (corrected
    where :data:`KNOWN_WRONG` says the code is wrong)."""
    if "PYTEST_CURRENT_TEST" in os.environ or "PYTEST_VERSION" in os.environ:
        raise RuntimeError("bless rewrites expected graphs from the code; run it by hand, not under pytest")
    unknown = sorted(set(names) - set(NAMES))
    if unknown:
        raise SystemExit(f"no golden document {', '.join(unknown)}; expected one of: {', '.join(NAMES)}")
    from govkg.extract.topic import TopicTagger
    from govkg.graph.rdf import extraction_graph

    tagger = TopicTagger.from_ontology()
    written = []
    for name in names:
        ex = extraction(name, tagger)
        problems = [f"  {p.document}:{p.line}: {p.message}" for p in ex.problems]
        if problems or not ex.tasks:
            raise SystemExit(f"{name}: not blessed, the reading has problems or no tasks:\n" + "\n".join(problems))
        header = [f"Expected graph of {name}.txt; every triple checked by hand (see tests/test_golden.py)."]
        if name in KNOWN_WRONG:
            reason, correction = KNOWN_WRONG[name]
            ex = correction(ex)
            header.append(f"The code reads it wrong; this is the corrected graph (KNOWN_WRONG): {reason}.")
        path = GOLDEN / f"{name}.ttl"
        path.write_text(to_turtle(extraction_graph(ex), header), encoding="utf-8")
        written.append(path)
    return written


# -- tests -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tagger():
    from govkg.extract.topic import TopicTagger

    return TopicTagger.from_ontology()


def _cases():
    for name in NAMES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name][0])] if name in KNOWN_WRONG else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", _cases())
def test_golden_graph_matches_expected(name, tagger):
    path = GOLDEN / f"{name}.ttl"
    assert path.exists(), f"{path.name} missing; write it with: python tests/test_golden.py --bless {name}"
    diff = difference(expected_graph(name), actual_graph(name, tagger))
    assert not diff, f"graph of golden/{name}.txt differs from golden/{name}.ttl:\n{diff}"


def test_golden_every_expected_file_has_a_document():
    assert sorted(p.stem for p in GOLDEN.glob("*.ttl")) == NAMES
    assert set(KNOWN_WRONG) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_golden_expected_graph_conforms_to_shapes(name):
    import pyshacl

    from govkg.ontology import ontology_graph, shapes_graph

    conforms, _report, text = pyshacl.validate(
        expected_graph(name), shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    assert conforms, text


def _select(graph: Graph, text: str):
    prefixes = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in ("gk", "skos", "prov", "dcterms"))
    return list(graph.query(f"{prefixes} {text}"))


@pytest.mark.parametrize("name", NAMES)
def test_golden_quotes_hold_what_they_support(name):
    """In the expected graphs: a task's quote is its text, an assignment's quote names its unit
    (is one of the unit's labels) and a citation's quote holds the regulation's code or title."""
    g = expected_graph(name)
    tasks = _select(g, "SELECT ?t ?x ?q WHERE { ?t a gk:Task ; gk:text ?x ; prov:wasDerivedFrom/gk:quote ?q }")
    assert tasks
    for task, text, quote in tasks:
        assert str(quote) == str(text), f"{readable(task)}: quote {quote!r} is not the task text {text!r}"
    assignments = _select(g, """SELECT ?a ?q (GROUP_CONCAT(?label; separator="|") AS ?labels) WHERE {
        ?a a gk:Assignment ; prov:wasDerivedFrom/gk:quote ?q ; gk:assignedUnit ?u .
        ?u skos:prefLabel|skos:altLabel ?label } GROUP BY ?a ?q""")
    assert len(assignments) == len(set(g.subjects(URIRef(PREFIXES["gk"] + "assignedUnit"), None)))
    for assignment, quote, labels in assignments:
        assert str(quote) in str(labels).split("|"), f"{readable(assignment)}: quote {quote!r} names none of {labels}"
    citations = _select(g, """SELECT ?c ?q ?code ?title WHERE { ?c a gk:CitationOccurrence ;
        prov:wasDerivedFrom/gk:quote ?q ; gk:regulation ?r .
        OPTIONAL { ?r gk:code ?code } OPTIONAL { ?r dcterms:title ?title } }""")
    for citation, quote, code, title in citations:
        said = str(quote).replace(" ", "")
        assert (code and str(code) in said) or (title and f"《{title}》" in said), f"{readable(citation)}: quote {quote!r}"


def test_golden_diff_names_the_triples_that_differ():
    g = Graph().parse(data='<https://w3id.org/govkg/id/unit/_/%E5%B8%82> <http://www.w3.org/2004/02/skos/core#prefLabel> "市" .',
                      format="nt")
    assert difference(g, g) == ""
    assert difference(g, Graph()) == '--- 1 triples only in expected:\n  id:unit/_/市 skos:prefLabel "市" .\n--- 0 triples only in actual:\n'


def test_golden_bless_refuses_under_pytest():
    with pytest.raises(RuntimeError, match="not under pytest"):
        bless(NAMES[:1])


def test_golden_turtle_round_trips(tagger):
    g = actual_graph(NAMES[0], tagger)
    assert difference(g, Graph().parse(data=to_turtle(g, ["round trip"]), format="turtle")) == ""


def main(argv: list[str]) -> int:
    if argv[:1] != ["--bless"] or len(argv) < 2:
        print(f"usage: python tests/test_golden.py --bless NAME [NAME ...]\ngolden documents: {', '.join(NAMES)}", file=sys.stderr)
        return 2
    for path in bless(argv[1:]):
        print(f"wrote {path.relative_to(HERE.parent)}; read its diff triple by triple before committing it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
