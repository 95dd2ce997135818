"""Focused views (``govkg.graph.view``): what each focus shows, how names are matched, what
``depth`` adds, and the files written. Most run on a store of three small documents; the
cross-checks against the named queries run on the example corpus (``slow``)."""

from __future__ import annotations

import json
import os
import re
import struct
from pathlib import Path

import pytest

from govkg.graph.build import build_store
from govkg.graph.errors import QueryError, UnknownNameError
from govkg.graph.network import NodeSet, hops, store_network
from govkg.graph.store import open_store, select
from govkg.graph.view import ViewSummary, view_graph, view_page, write_view
from govkg.queries import load_query
from govkg.viz.capture import find_chromium

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
GB = "https://w3id.org/govkg/id/regulation/GB18597-2001"
HJ = "https://w3id.org/govkg/id/regulation/HJ%2FT433-2008"

DOCUMENTS = {
    "a.txt": "遵义市任务表\n序号\t工作任务\t牵头单位\t配合单位\n"
             "1\t按《危险废物贮存污染控制标准》（GB 18597-2001）规范贮存危险废物\t市环保局\t市财政局\n"
             "2\t规范处置医疗废物\t市卫生局\t市环保局\n"
             "3\t编制年度预算\t市财政局\t\n",
    "b.txt": "六盘水市任务表\n序号\t工作任务\t牵头单位\n"
             "1\t按《饮用水水源保护区标志技术要求》（HJ/T 433-2008）设置饮用水水源保护区标志\t市环保局\n"
             "2\t开展大气污染防治\t市环保局\n",
    "c.txt": "阳江市环境保护工作方案\n一、加强固体废物管理\n"
             "（一）按照《危险废物贮存污染控制标准》（GB 18597-2001）规范贮存危险废物。牵头单位：市环保局。\n"
             "（二）开展宣传教育。配合单位：市教育局。\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("view")
    for name, text in DOCUMENTS.items():
        (root / name).write_text(text, encoding="utf-8")
    build_store([root / name for name in DOCUMENTS], root / "kg", progress=None)
    return root / "kg"


def labels(graph, *kinds: str) -> set[str]:
    return {d["label"] for _, d in graph.nodes(data=True) if d["kind"] in kinds}


def page_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


# --- units ----------------------------------------------------------------------------------


def test_view_unit_as_typed_stands_for_every_city(store):
    graph, summary = view_graph(store, unit="市环保局", depth=0)
    assert summary.focused == ("六盘水市环境保护局", "遵义市环境保护局", "阳江市环境保护局")
    assert labels(graph, "unit") == set(summary.focused)
    # every role: 遵义 leads the first task and cooperates on the second
    assert labels(graph, "task") == {
        "按《危险废物贮存污染控制标准》（GB 18597-2001）规范贮存危险废物", "规范处置医疗废物",
        "按《饮用水水源保护区标志技术要求》（HJ/T 433-2008）设置饮用水水源保护区标志", "开展大气污染防治",
        "按照《危险废物贮存污染控制标准》（GB 18597-2001）规范贮存危险废物"}
    assert sorted(role for *_, role in graph.edges(data="role")) == ["cooperating"] + ["lead"] * 4


def test_view_unit_in_one_jurisdiction_opens_on_it(store):
    page, summary = view_page(store, unit="市环境保护局", jurisdiction="六盘水市")
    assert summary.focused == ("六盘水市环境保护局",) and summary.title == "govkg · 市环境保护局 in 六盘水市"
    data = page_data(page)
    assert data["view"] == "full"
    assert data["nodes"]["label"][data["focus"]] == "六盘水市环境保护局"


@pytest.mark.parametrize(("options", "message"), [
    ({"unit": "市环保厅"}, "no unit is named '市环保厅'"),
    ({"unit": "市环保局", "jurisdiction": "贵阳市"}, "no jurisdiction is named '贵阳市'; the places of the store's units: "),
    ({"topic": "噪声扰民"}, "no topic is named '噪声扰民'"),
    ({"regulation": "GB18598-2001"}, "closest codes and titles in the store: GB18597-2001"),
    ({"regulation": "危险废物填埋标准"}, "closest codes and titles in the store: 危险废物贮存污染控制标准"),
])
def test_view_unknown_names_give_the_closest(store, options, message):
    with pytest.raises(UnknownNameError, match=re.escape(message)) as caught:
        view_graph(store, **options)
    if "unit" in options and "jurisdiction" not in options:
        assert "环境保护局" in str(caught.value)


# --- topics ---------------------------------------------------------------------------------


def test_view_topic_has_narrower_topics_and_tasks_above(store):
    graph, summary = view_graph(store, topic="固体废物", depth=0)
    assert summary.focused == ("固体废物",)
    # 医疗废物 is under 危险废物, which is under 固体废物; the heading stands above a topical task
    assert labels(graph, "topic") == {"固体废物", "危险废物", "医疗废物"}
    assert {"规范处置医疗废物", "加强固体废物管理"} <= labels(graph, "task")
    assert "编制年度预算" not in labels(graph, "task")
    broader = {(graph.nodes[a]["label"], graph.nodes[b]["label"]) for a, b, r in graph.edges(data="role") if r == "broader"}
    assert broader == {("医疗废物", "危险废物"), ("危险废物", "固体废物")}
    assert labels(graph, "unit", "collective") == set()  # units are one hop away


def test_view_topic_typed_in_traditional_characters(store):
    assert set(view_graph(store, topic="危险废物")[0]) == set(view_graph(store, topic="危險廢物")[0])


# --- regulations ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "iri"), [
    ("GB18597-2001", GB), ("GB 18597—2001", GB), ("gb 18597－2001", GB), ("ＧＢ１８５９７－２００１", GB),
    ("GB18597", GB), ("危险废物贮存污染控制标准", GB), ("《危险废物贮存污染控制标准》", GB),
    ("HJ/T 433", HJ), ("HJ/T 433—2008", HJ),
])
def test_view_regulation_code_as_typed(store, typed, iri):
    assert view_graph(store, regulation=typed, depth=0)[1].iris == (iri,)


def test_view_regulation_shows_who_must_follow_it(store):
    graph, summary = view_graph(store, regulation="GB 18597—2001", depth=0)
    assert summary.focused == ("危险废物贮存污染控制标准",)
    assert labels(graph, "unit") == {"遵义市环境保护局", "遵义市财政局", "阳江市环境保护局"}
    assert labels(graph, "regulation") == {"危险废物贮存污染控制标准"}
    # the citing tasks and the heading above one of them
    assert len(labels(graph, "task")) == 3 and "加强固体废物管理" in labels(graph, "task")
    assert sum(1 for *_, r in graph.edges(data="role") if r == "cites") == 2


# --- depth ----------------------------------------------------------------------------------


def test_view_depth_grows_the_view(store):
    sizes = [len(view_graph(store, unit="市教育局", depth=d)[0]) for d in range(5)]
    assert sizes[0] == 2  # the unit and its one task
    assert sizes[0] < sizes[1] < sizes[2] < sizes[3]
    assert sizes[3] <= sizes[4] <= len(store_network(store))
    small = view_graph(store, unit="市教育局", depth=1)[0]
    assert {"加强固体废物管理", "宣传教育"} <= labels(small, "task", "topic")  # parent task and topic


def test_view_hops_stop_when_nothing_is_left(store):
    st = open_store(store)
    seed = NodeSet(units=frozenset({u for (u,) in select(st, "SELECT ?u WHERE { ?u skos:prefLabel '阳江市教育局' }").rows}))
    assert hops(st, seed, 50) == hops(st, seed, 10)
    with pytest.raises(ValueError, match="depth -1"):
        hops(st, seed, -1)


# --- queries --------------------------------------------------------------------------------


def test_view_query_focuses_on_what_the_rows_name(store):
    graph, summary = view_graph(store, query="tasks-of-unit", params={"unit": "市财政局"}, depth=0)
    assert summary.rows == 2 and summary.asked == "tasks-of-unit unit=市财政局"
    assert labels(graph, "unit") == {"遵义市财政局"}
    assert labels(graph, "task") == {"按《危险废物贮存污染控制标准》（GB 18597-2001）规范贮存危险废物", "编制年度预算"}
    assert len(summary.iris) == 3 and summary.focused[-1] == "遵义市财政局"


def test_view_query_rows_naming_regulations_and_unit_lists(store):
    graph, summary = view_graph(store, query="regulations-cited", depth=0)
    assert labels(graph, "regulation") == {"危险废物贮存污染控制标准", "饮用水水源保护区标志技术要求"}
    assert labels(graph, "unit") == {"遵义市环境保护局", "遵义市财政局", "阳江市环境保护局", "六盘水市环境保护局"}
    assert graph.number_of_edges() == 0  # no task is named, so nothing links them at depth 0
    assert view_graph(store, query="regulations-cited", depth=1)[1].edges > 0


def test_view_query_naming_nothing_is_an_error(store):
    with pytest.raises(QueryError, match="gave 0 rows naming no task, unit, regulation or topic"):
        view_graph(store, query="tasks-of-unit", params={"unit": "不存在的局"})


@pytest.mark.parametrize(("options", "message"), [
    ({"unit": "市环保局", "topic": "危险废物"}, "one focus; got unit and topic"),
    ({"jurisdiction": "遵义市"}, "give unit too"),
    ({"params": {"unit": "x"}}, "give query too"),
    ({"unit": "市环保局", "depth": -1}, "depth -1"),
])
def test_view_options_that_do_not_fit(store, options, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        view_graph(store, **options)


# --- the whole store and the files ----------------------------------------------------------


def test_view_overview_is_the_whole_store(store):
    page, summary = view_page(store)
    assert summary.focus == "overview" and summary.nodes == len(store_network(store))
    assert str(summary) == f"the whole store: {summary.nodes} nodes, {summary.edges} edges"
    data = page_data(page)
    assert data["view"] == "overview" and data["focus"] is None and data["title"] == "govkg · kg"


def test_view_writes_html_and_says_what_it_wrote(store, tmp_path):
    summary = write_view(store, tmp_path / "out" / "v.html", topic="危险废物")
    assert summary.path == tmp_path / "out" / "v.html"
    assert "规范处置医疗废物" in summary.path.read_text(encoding="utf-8")
    assert str(summary) == f"wrote {summary.path} (topic 危险废物 → 危险废物, depth 1: {summary.nodes} nodes, {summary.edges} edges)"


def test_view_summary_shortens_long_lists():
    summary = ViewSummary("unit", "局", tuple(f"第{i}个很长很长很长很长很长很长的单位名称" for i in range(5)), 2, 9, 8, "t")
    assert str(summary) == "unit 局 → 第0个很长很长很长很长很长很长的单…、第1个很长很长很长很长很长很长的单…、第2个很长很长很长很长很长很长的单… and 2 more, depth 2: 9 nodes, 8 edges"


@pytest.mark.browser
def test_view_writes_png(store, tmp_path):
    if find_chromium() is None:
        if os.environ.get("GOVKG_REQUIRE_BROWSER") == "1":
            pytest.fail("no chromium for the PNG view", pytrace=False)
        pytest.skip("no chromium: apt-get install chromium fonts-noto-cjk")
    summary = write_view(store, tmp_path / "v.png", unit="市环保局", width=900, height=600)
    png = summary.path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (900, 600)
    assert len(png) > 20_000


# --- the corpus: the views agree with the named queries -------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    store = tmp_path_factory.mktemp("view-corpus") / "kg"
    build_store([CORPUS], store, progress=None)
    return store


@pytest.mark.slow
def test_view_topic_units_are_those_units_touching_topic_lists(corpus):
    graph, _ = view_graph(corpus, topic="危险废物", depth=1)
    rows = select(corpus, load_query("units-touching-topic").bound({"topic": "危险废物"}))
    assert labels(graph, "unit", "collective") == set(rows.column("unit"))


@pytest.mark.slow
def test_view_regulation_units_are_those_regulations_cited_lists(corpus):
    rows = select(corpus, load_query("regulations-cited").bound({}))
    st = open_store(corpus)
    for code, title, units in zip(rows.column("code"), rows.column("title"), rows.column("units")):
        graph, _ = view_graph(st, regulation=code or title, depth=0)
        assert labels(graph, "unit", "collective") == set(filter(None, units.split("; "))), code or title


@pytest.mark.slow
def test_view_regulation_reaches_units_through_tasks_above(corpus):
    # 阳江市城管局 leads the row whose third requirement cites the standard
    graph, _ = view_graph(corpus, regulation="生活垃圾填埋厂污染控制标准", depth=0)
    assert "阳江市城管局" in labels(graph, "unit")
    assert "加强生活垃圾处理厂运行管理。" in labels(graph, "task")


@pytest.mark.slow
def test_view_query_tasks_are_the_tasks_of_the_rows(corpus):
    # a table row and its first requirement share a line: the row's text tells them apart
    rows = select(corpus, load_query("tasks-due-before").bound({}))
    graph, summary = view_graph(corpus, query="tasks-due-before", depth=0)
    assert summary.rows == len(rows)
    assert labels(graph, "task") == set(rows.column("text"))
