"""find_citations and link_titles on small, hand-written lines of the genre."""

from __future__ import annotations

import doctest
import importlib

import pytest

from govkg.extract.citation import CITATION_KINDS, find_citations, link_titles
from govkg.extract.records import Citation


def _found(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.code or c.title) for c in find_citations(text)]


def test_citation_doctests():
    module = importlib.import_module("govkg.extract.citation")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("执行GB18599-2001要求", "national_standard", "GB18599-2001"),
        ("达到GB 3838 - 2002 Ⅲ类标准", "national_standard", "GB3838-2002"),
        ("符合GB/T 14848-93规定", "national_standard", "GB/T14848-93"),
        ("执行ＧＢ／Ｔ　１４８４８－２０１７", "national_standard", "GB/T14848-2017"),
        ("按GB 16889—2008执行", "national_standard", "GB16889-2008"),
        ("按GB16889–2008执行", "national_standard", "GB16889-2008"),
        ("参照GBZ 2.1-2019", "national_standard", "GBZ2.1-2019"),
        ("执行GB 3095二级标准", "national_standard", "GB3095"),
        ("按HJ/T 433-2008设置标志", "industry_standard", "HJ/T433-2008"),
        ("按 HJ 2.2—2018 开展预测", "industry_standard", "HJ2.2-2018"),
        ("CJJ 17-2004规定的填埋场", "industry_standard", "CJJ17-2004"),
        ("按CJ／T 3082－1999检测", "industry_standard", "CJ/T3082-1999"),
        ("符合JGJ/T 46-2005", "industry_standard", "JGJ/T46-2005"),
        ("满足DB52/865—2013要求", "local_standard", "DB52/865-2013"),
        ("执行DB44/T 1234-2013", "local_standard", "DB44/T1234-2013"),
        ("执行DB 44/27-2001第二时段", "local_standard", "DB44/27-2001"),
        ("执行ＤＢ１１／５０１－２０１７", "local_standard", "DB11/501-2017"),
        ("按DBJ15-31-2016验收", "local_standard", "DBJ15-31-2016"),
    ],
)
def test_citation_standard_codes_are_canonical(text, kind, code):
    assert _found(text) == [(kind, code)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("按照国发[2013]37号文件要求", "国发〔2013〕37号"),
        ("根据粤府办〔2014〕12号精神", "粤府办〔2014〕12号"),
        ("落实六盘水党办发〔2014〕52号要求", "六盘水党办发〔2014〕52号"),
        ("转发黔府发［2015］3号", "黔府发〔2015〕3号"),
        ("依据环发(2010)54号", "环发〔2010〕54号"),
        ("依据环办（2010）157号", "环办〔2010〕157号"),
        ("见环函【2016】８号", "环函〔2016〕8号"),
        ("国务院办公厅国办发〔2014〕1号", "国办发〔2014〕1号"),
        ("省政府黔府发〔2014〕12号", "黔府发〔2014〕12号"),
        ("根据国发〔二〇一三〕三十七号", "国发〔2013〕37号"),
        ("国发〔2013〕第37号", "国发〔2013〕37号"),
        ("执行国务院令第682号", "国务院令第682号"),
    ],
)
def test_citation_document_numbers_are_canonical(text, code):
    assert _found(text) == [("document_number", code)]


@pytest.mark.parametrize(
    "text",
    [
        "2015年(2015)1号楼完成改造",
        "PM2.5、SO2、NO2、COD和HJ 212协议",
        "GB2015年度计划",
        "文件（〔2014〕12号）",
        "共计3号机组",
    ],
)
def test_citation_ignores_lookalikes(text):
    assert find_citations(text) == []


def test_citation_evidence_offsets_and_quote():
    text = "按《危险废物贮存污染控制标准》（GB18597-2001）和粤环函〔2013〕1405号执行"
    cites = find_citations(text, document="x.txt", line=7)
    assert [c.evidence.start for c in cites] == [1, 16, 30]
    for c in cites:
        ev = c.evidence
        assert (ev.document, ev.line) == ("x.txt", 7)
        assert text[ev.start : ev.end] == ev.quote == c.surface
        assert c.kind in CITATION_KINDS
    assert cites[0].surface == "《危险废物贮存污染控制标准》" and cites[0].code is None
    assert cites[1].surface == "GB18597-2001" and cites[1].title is None


def test_citation_offsets_hold_on_full_width_text():
    text = "执行ＧＢ　３８３８－２００２标准"
    (cite,) = find_citations(text)
    assert cite.surface == "ＧＢ　３８３８－２００２"
    assert (cite.evidence.start, cite.evidence.end) == (2, 14)


def test_citation_nested_angle_titles_are_one_title():
    text = "按照《关于印发〈编制环境影响报告书的规划的具体范围（试行）〉和〈编制环境影响篇章或说明的规划的具体范围（试行）〉的通知》要求"
    assert _found(text) == [
        (
            "titled_document",
            "关于印发〈编制环境影响报告书的规划的具体范围（试行）〉和〈编制环境影响篇章或说明的规划的具体范围（试行）〉的通知",
        )
    ]


def test_citation_nested_double_angle_titles_are_one_title():
    assert _found("《关于印发《城市扬尘治理方案》的通知》") == [
        ("titled_document", "关于印发《城市扬尘治理方案》的通知")
    ]


@pytest.mark.parametrize(
    "title",
    [
        "危险废物转移联单",
        "清洁生产审核报告",
        "某市2015年环境状况公报",
        "某市统计年鉴",
        "某市创模工作目标责任书",
        "排污单位环境信息登记表",
        "危险废物管理台账",
        "建设项目环境影响报告书",
        "企业环境安全承诺书",
        "某市年度考核评分表（试行）",
        "中国环境报",
        "湖南日报",
    ],
)
def test_citation_form_titles_are_excluded(title):
    assert find_citations(f"企业须填写《{title}》并上报") == []


@pytest.mark.parametrize(
    "title",
    [
        "关于印发环境影响报告书审批办法的通知",
        "环境影响报告书编制技术导则",
        "危险废物转移联单管理办法",
        "某市大气污染防治2015年度实施方案",
        "某市饮用水水源保护区巡查制度",
        "某省水污染防治“十三五”规划",
        "中华人民共和国环境保护法",
        "医疗废物管理条例",
        "关于加快城区管道燃气发展的若干意见",
        "集中式地表饮用水水源地环境应急管理工作指南（试行）",
        "城市容貌标准",
        "某市领导小组办公室关于印发考核指标工作任务表（第一部分）",
    ],
)
def test_citation_regulation_titles_are_counted(title):
    assert _found(f"按照《{title}》要求") == [("titled_document", title)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("完成水污染防治行动计划及环保攻坚行动", "水污染防治行动计划"),
        ("依据中华人民共和国环境保护法第十条", "中华人民共和国环境保护法"),
        ("按照广东省固体废物污染防治“十二五”规划（2011-2015）的有关要求", "广东省固体废物污染防治“十二五”规划（2011-2015）"),
        ("根据某市环境保护“十三五”规划（2016—2020年），推进", "某市环境保护“十三五”规划（2016—2020年）"),
    ],
)
def test_citation_unbracketed_plans_are_counted(text, title):
    assert _found(text) == [("titled_document", title)]


@pytest.mark.parametrize(
    "text",
    [
        "组织实施2015年度大气污染行动计划",
        "贵州省水污染防治行动计划工作方案",
        "落实水污染防治行动计划实施方案",
        "按照要求编制环境保护规划（2016-2020年）",
        "编制“十四五”规划",
    ],
)
def test_citation_unbracketed_mentions_not_counted(text):
    assert find_citations(text) == []


def test_citation_known_title_inside_brackets_counted_once():
    assert _found("贯彻《水污染防治行动计划》") == [("titled_document", "水污染防治行动计划")]


@pytest.mark.parametrize(
    ("text", "title", "code"),
    [
        ("《地表水环境质量标准》GB3838-2002中基本项目", "地表水环境质量标准", "GB3838-2002"),
        ("《饮用水水源保护区标志技术要求》(HJ/T 433-2008)", "饮用水水源保护区标志技术要求", "HJ/T433-2008"),
        ("《关于深入推进重点企业清洁生产的通知》（环发〔2010〕54号）的要求", "关于深入推进重点企业清洁生产的通知", "环发〔2010〕54号"),
        ("《建设项目环境保护管理条例》（国务院令第682号）", "建设项目环境保护管理条例", "国务院令第682号"),
        ("落实大气污染防治行动计划（国发〔2013〕37号）", "大气污染防治行动计划", "国发〔2013〕37号"),
    ],
)
def test_citation_title_links_to_following_number(text, title, code):
    cites = find_citations(text)
    for given in (text, None):
        assert [(t.title, n.code) for t, n in link_titles(cites, text=given)] == [(title, code)]


@pytest.mark.parametrize(
    "text",
    [
        "《地表水环境质量标准》和GB 3095-2012",
        "按照《某市工作方案》，及（某办函〔2014〕1号）文件",
        "GB3838-2002《地表水环境质量标准》",
        "填写《危险废物转移联单》（环发〔1999〕5号）",
    ],
)
def test_citation_unlinked_when_not_adjacent(text):
    assert link_titles(find_citations(text), text=text) == []


def test_citation_links_never_cross_lines():
    first = find_citations("《地表水环境质量标准》", document="a.txt", line=1)
    second = find_citations("GB3838-2002", document="a.txt", line=2)
    assert link_titles(first + second) == []


def test_citation_link_text_needs_one_line():
    cites = find_citations("《甲办法》", document="a.txt", line=1)
    cites += find_citations("环发〔2010〕54号", document="a.txt", line=2)
    with pytest.raises(ValueError, match=r"one line.*a\.txt:1, a\.txt:2"):
        link_titles(cites, text="《甲办法》")


def test_citation_results_are_frozen_records_in_offset_order():
    cites = find_citations("GB 3838-2002、《城市容貌标准》、环发〔2010〕54号、DB52/865-2013")
    assert all(isinstance(c, Citation) for c in cites)
    assert [c.evidence.start for c in cites] == sorted(c.evidence.start for c in cites)
    assert [c.kind for c in cites] == [
        "national_standard",
        "titled_document",
        "document_number",
        "local_standard",
    ]


@pytest.mark.parametrize("text", ["", "《", "》", "《》", "《未闭合的标题", "〔2014〕12号"])
def test_citation_degenerate_lines(text):
    assert find_citations(text) == []


@pytest.mark.parametrize("name", ["forms.txt", "known_titles.txt", "standard_prefixes.txt"])
def test_citation_package_data_is_clean(name):
    from importlib.resources import files

    text = files("govkg.extract").joinpath(name).read_text(encoding="utf-8")
    rows = [r.strip() for r in text.splitlines() if r.strip() and not r.startswith("#")]
    assert rows, f"{name} lists nothing"
    assert len(rows) == len(set(rows)), f"{name} repeats {sorted(r for r in rows if rows.count(r) > 1)}"
    assert all(r == r.strip() and " " not in r for r in rows), f"{name} has a row with spaces"
