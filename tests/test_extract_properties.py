"""Property tests for the extractors (issues #6, #7): on arbitrary text, no exception; every
evidence lies inside the document and quotes the source exactly at its offsets."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.extract.pipeline import extract_text
from govkg.extract.records import Document, Evidence

_PIECES = ["序号", "工作任务", "责任单位", "牵头单位", "配合单位", "完成时限", "分管领导", "市环保局", "区住建局", "各县（区）政府",
           "县交通 运输局", "负责", "牵头", "配合", "参与", "由", "以下均需各级政府落实", "（", "）", "〔", "〕", "：", ":", "，", ",",
           "、", "。", "；", "|", "│", "┌──┬──┐", "├──┼──┤", "\t", " ", "  ", "1", "2.", "（一）", "一、", "--", "●",
           "2019年5月底前", "持续开展", "整治扬尘", "加强危险废物监管", "《固体废物污染环境防治法》", "GB18597-2001", "責任單位", "第2页",
           "首页>专题", "张副市长", "已完成", "1、"]


def _check(doc: Document, ev: Evidence) -> None:
    assert 1 <= ev.line <= len(doc.lines)
    last = ev.end_line or ev.line
    assert ev.line <= last <= len(doc.lines)
    if ev.end_line:
        source = "\n".join([doc.lines[ev.line - 1][ev.start:], *doc.lines[ev.line:last - 1], doc.lines[last - 1][:ev.end]])
    else:
        assert 0 <= ev.start <= ev.end <= len(doc.lines[ev.line - 1])
        source = doc.lines[ev.line - 1][ev.start:ev.end]
    assert source == ev.quote


lines = st.lists(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12).map("".join), min_size=1, max_size=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_extract_properties_any_text(text_lines):
    doc = Document("p", "p.txt", "0" * 64, "某市任务分解表", "某市", tuple(text_lines))
    ex = extract_text(doc)
    for t in ex.tasks:
        _check(doc, t.evidence)
        for a in t.assignments:
            _check(doc, a.evidence)
        for c in t.citations:
            _check(doc, c.evidence)
    for a in ex.actors:
        _check(doc, a.evidence)
    for c in ex.citations:
        _check(doc, c.evidence)
    keys = [t.key for t in ex.tasks]
    assert len(keys) == len(set(keys))
