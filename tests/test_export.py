"""govkg export: every RDF format reads back as the store (the union once per triple, or the
named graphs quad for quad), the networks load back into networkx as store_network built them,
standard output gets the same bytes as a file, and a failed export leaves no half file."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from govkg.graph import export
from govkg.graph.build import build_store
from govkg.graph.errors import ExportError, StoreError
from govkg.graph.export import FORMATS, ExportSummary, export_store
from govkg.graph.network import store_network
from govkg.graph.store import open_store
from govkg.graph.uris import unit_iri

ROOT = Path(__file__).resolve().parents[1]
PLAN = "遵义市任务表\n序号\t工作任务\t牵头单位\n1\t{task}\t市环保局\n"
UNION = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
DATASET = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}
READ = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
KINDS = {"unit", "collective", "task", "regulation", "topic"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("corpus") / "kg"
    build_store([ROOT / "examples" / "corpus"], store, progress=None)
    return store


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    """Two documents of 遵义市 that both give 市环保局 a task: the unit is in both graphs."""
    root = tmp_path_factory.mktemp("two")
    (root / "a.txt").write_text(PLAN.format(task="整治扬尘"), encoding="utf-8")
    (root / "b.txt").write_text(PLAN.format(task="规范处置危险废物"), encoding="utf-8")
    build_store([root / "a.txt", root / "b.txt"], root / "kg", progress=None)
    return root / "kg"


def _graphs(store: Path) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = defaultdict(set)
    with open_store(store) as st:
        for quad in st.quads_for_pattern(None, None, None, None):
            graphs[str(quad.graph_name)].add(quad.triple)
    return dict(graphs)


@pytest.fixture(scope="module")
def corpus_graphs(corpus) -> dict[str, set[ox.Triple]]:
    return _graphs(corpus)


def _union(graphs: dict[str, set[ox.Triple]]) -> set[ox.Triple]:
    return set().union(*graphs.values())


@pytest.mark.slow  # builds the example corpus once for the module
@pytest.mark.parametrize("fmt", sorted(UNION))
def test_export_union_formats_read_back_as_the_union_once(corpus, corpus_graphs, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    summary = export_store(corpus, out, format=fmt)
    written = [quad.triple for quad in ox.parse(path=out, format=UNION[fmt])]
    union = _union(corpus_graphs)
    assert sum(map(len, corpus_graphs.values())) > len(union), "the corpus should describe some subject in two graphs"
    assert len(written) == len(set(written)), "a triple was written twice"
    assert set(written) == union
    assert (summary.format, summary.path, summary.statements, summary.graphs) == (fmt, out, len(union), len(corpus_graphs))
    assert summary.bytes == out.stat().st_size


@pytest.mark.slow  # builds the example corpus once for the module
@pytest.mark.parametrize("fmt", sorted(DATASET))
def test_export_dataset_formats_keep_every_named_graph(corpus, corpus_graphs, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    summary = export_store(corpus, out, format=fmt)
    written: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=out, format=DATASET[fmt]):
        written[str(quad.graph_name)].append(quad.triple)
    assert {g: set(ts) for g, ts in written.items()} == corpus_graphs
    assert sum(map(len, written.values())) == summary.statements == sum(map(len, corpus_graphs.values()))
    assert "<https://w3id.org/govkg/id/graph/ontology>" in written
    assert summary.graphs == len(corpus_graphs)


def test_export_turtle_and_trig_use_the_prefixes(two, tmp_path):
    for fmt in ("ttl", "trig"):
        head = (export_store(two, tmp_path / f"kg.{fmt}", format=fmt).path).read_text(encoding="utf-8")[:2000]
        assert "@prefix gk: <https://w3id.org/govkg/ontology#> ." in head
        assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in head
        assert "@prefix id:" not in head  # govkg's own IRIs are written whole, not as id:task\/…


def test_export_shared_unit_is_described_once_in_turtle(two, tmp_path):
    unit = ox.NamedNode(unit_iri("遵义市", "市环境保护局"))
    with open_store(two) as st:
        quads = list(st.quads_for_pattern(unit, None, None, None))
    assert len({q.graph_name for q in quads}) == 2, "the unit should be in both document graphs"
    out = tmp_path / "two.ttl"
    export_store(two, out, format="ttl")
    written = [q.triple for q in ox.parse(path=out, format=ox.RdfFormat.TURTLE) if q.subject == unit]
    assert len(written) == len({q.triple for q in quads}) < len(quads)
    assert out.read_text(encoding="utf-8").count('skos:prefLabel "遵义市环境保护局"') == 1


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
                            "ignore:Dataset.default_context is deprecated:DeprecationWarning")  # inside rdflib's parsers
@pytest.mark.parametrize("fmt", sorted(RDFLIB))
def test_export_rdf_formats_read_with_rdflib(two, tmp_path, fmt):
    out = tmp_path / f"two.{fmt}"
    export_store(two, out, format=fmt)
    graphs = _graphs(two)

    def rdflib_graph(triples) -> rdflib.Graph:
        return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")

    if fmt in DATASET:
        ds = rdflib.Dataset().parse(data=out.read_text(encoding="utf-8"), format=RDFLIB[fmt])
        read = {f"<{g.identifier}>": g for g in ds.graphs() if len(g)}
        assert set(read) == set(graphs)
        for name, triples in graphs.items():
            assert to_isomorphic(read[name]) == to_isomorphic(rdflib_graph(triples)), name
    else:
        read = rdflib.Graph().parse(data=out.read_text(encoding="utf-8"), format=RDFLIB[fmt])
        assert to_isomorphic(read) == to_isomorphic(rdflib_graph(_union(graphs)))


@pytest.mark.slow  # builds the example corpus once for the module
@pytest.mark.parametrize("fmt", sorted(READ))
def test_export_networks_load_back_with_networkx(corpus, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    summary = export_store(corpus, out, format=fmt)
    built = store_network(corpus)
    g = READ[fmt](out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (built.number_of_nodes(), built.number_of_edges())
    assert (summary.nodes, summary.edges, summary.statements) == (built.number_of_nodes(), built.number_of_edges(), 0)
    assert set(g.nodes) == set(built.nodes)
    assert Counter(k for _, k in g.nodes(data="kind")) == Counter(k for _, k in built.nodes(data="kind"))
    assert set(k for _, k in g.nodes(data="kind")) <= KINDS
    assert all(g.nodes[n]["label"] == built.nodes[n]["label"] for n in built.nodes)
    assert Counter(r for *_, r in g.edges(data="role")) == Counter(r for *_, r in built.edges(data="role"))
    assert all(isinstance(role, str) and role for *_, role in g.edges(data="role"))
    assert Counter((u, v) for u, v in g.edges()) == Counter((u, v) for u, v in built.edges())
    places = Counter(data.get("jurisdiction") for _, data in g.nodes(data=True) if data["kind"] == "unit")
    assert places["六盘水市"] and places["阳江市"] and places["朔州市"]
    assert all(isinstance(value, (str, int, float, bool)) for _, data in g.nodes(data=True) for value in data.values())


def test_export_graphml_edge_ids_are_unique(two, tmp_path):
    out = tmp_path / "two.graphml"
    export_store(two, out, format="graphml")
    ids = [line.split('id="', 1)[1].split('"', 1)[0] for line in out.read_text(encoding="utf-8").split("<edge ")[1:]]
    assert len(ids) == len(set(ids)) > 1  # Gephi drops edges whose id repeats


@pytest.mark.parametrize("fmt", sorted(READ))
def test_export_networks_drop_characters_xml_cannot_hold(tmp_path, fmt):
    (tmp_path / "a.txt").write_text(PLAN.format(task="整治\x0b扬尘\x01工作"), encoding="utf-8")
    build_store([tmp_path / "a.txt"], tmp_path / "kg", progress=None)
    out = tmp_path / f"kg.{fmt}"
    export_store(tmp_path / "kg", out, format=fmt)
    labels = {data["label"] for _, data in READ[fmt](out).nodes(data=True) if data["kind"] == "task"}
    assert labels == {"整治扬尘工作"}


@pytest.mark.parametrize("fmt", ["nt", "trig", "gexf"])
def test_export_to_standard_output_writes_the_same_bytes(two, tmp_path, capsysbinary, fmt):
    summary = export_store(two, None, format=fmt)
    printed = capsysbinary.readouterr().out
    assert summary.path is None and summary.bytes == len(printed) > 0
    export_store(two, tmp_path / f"two.{fmt}", format=fmt)
    expected = (tmp_path / f"two.{fmt}").read_bytes()
    if fmt == "gexf":  # the file carries the day it was written
        printed, expected = (b.split(b"</meta>", 1)[1] for b in (printed, expected))
    assert printed == expected
    assert export_store(two, "-", format="nt").path is None


@pytest.mark.parametrize("previous", [None, "the export of yesterday\n"])
def test_export_failure_midway_leaves_no_half_file(two, tmp_path, monkeypatch, previous):
    out = tmp_path / "kg.nt"
    if previous is not None:
        out.write_text(previous, encoding="utf-8")
    real = export._union_triples

    def failing(st, counter):
        for n, triple in enumerate(real(st, counter)):
            if n == 50:
                raise OSError(28, "No space left on device")
            yield triple

    monkeypatch.setattr(export, "_union_triples", failing)
    with pytest.raises(ExportError, match=r"kg\.nt: the export failed after .* bytes .*No space left on device"):
        export_store(two, out, format="nt")
    assert (out.read_text(encoding="utf-8") if out.exists() else None) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if previous is None else ["kg.nt"])


def test_export_any_error_midway_removes_the_temporary_file(two, tmp_path, monkeypatch):
    def broken(g, stream):
        stream.write(b"<?xml version='1.0'?><gexf>")
        raise RuntimeError("writer bug")

    monkeypatch.setitem(export._NETWORK, "gexf", broken)
    with pytest.raises(RuntimeError, match="writer bug"):
        export_store(two, tmp_path / "kg.gexf", format="gexf")
    assert list(tmp_path.iterdir()) == []


def test_export_unknown_format_lists_the_formats(two, tmp_path):
    expected = "unknown export format 'turtle': expected one of trig, ttl, nt, nq, jsonld, graphml, gexf"
    with pytest.raises(ExportError, match=expected):
        export_store(two, tmp_path / "kg.ttl", format="turtle")
    assert list(tmp_path.iterdir()) == []
    assert FORMATS == ("trig", "ttl", "nt", "nq", "jsonld", "graphml", "gexf")


def test_export_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no govkg store here"):
        export_store(tmp_path / "nothing", tmp_path / "kg.ttl", format="ttl")
    assert list(tmp_path.iterdir()) == []


def test_export_unwritable_targets_name_the_file(two, tmp_path):
    with pytest.raises(ExportError, match="is a folder; expected the name of the file"):
        export_store(two, tmp_path, format="nt")
    with pytest.raises(ExportError, match=r"missing[/\\]kg\.nt: cannot write the export here: No such file"):
        export_store(two, tmp_path / "missing" / "kg.nt", format="nt")


def test_export_summary_reads_as_a_sentence(tmp_path):
    rdf = ExportSummary("trig", tmp_path / "kg.trig", statements=1234, graphs=3, bytes=5678, seconds=0.25)
    assert str(rdf) == f"wrote 1,234 quads from 3 graphs as TriG to {tmp_path / 'kg.trig'} (5,678 bytes, 0.2 s)"
    net = ExportSummary("gexf", None, nodes=3, edges=1, bytes=10)
    assert str(net) == "wrote 3 nodes and 1 edge as GEXF to standard output (10 bytes, 0.0 s)"
    assert rdf.counts == {"statements": 1234, "graphs": 3, "nodes": 0, "edges": 0, "bytes": 5678}
