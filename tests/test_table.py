"""Tables in each printing, read into tasks with their roles."""

import pytest

from govkg.extract.pipeline import extract_text
from govkg.extract.records import Document


def _doc(text: str, place: str = "遵义市") -> Document:
    return Document("t", "t.txt", "0" * 64, f"{place}任务分解表", place, tuple(text.split("\n")))


def _assigned(text: str, place: str = "遵义市"):
    ex = extract_text(_doc(text, place))
    return [(t.evidence.line, a.role, a.unit.name) for t in ex.tasks for a in t.assignments]


TABS = "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t治理扬尘\t市住建局\t市城管局、市交通局\t2019年底\n\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n2\t整治油烟\t市城管局\t\t2019年6月底前"
CELLS = "\t序号\n\t工作任务\n\t责任单位\n\t配合单位\n\n\t1\n\t治理扬尘，\n落实六个百分百\n\t市住建局\n\t市城管局\n\n\t2\n\t整治油烟\n\t市城管局\n\t"
PIPES = "| 序号 | 工作内容及要求 | 责任单位或牵头单位 | 协助单位 | 完成期限 |\n|---|---|---|---|---|\n| 1 | 治理扬尘 | 市住建局 | 市城管局,市交通局 | 2020年底 |"
SPACES = ("序号  工作内容及要求        责任单位 或牵头单位  协助 单位\n"
          "1     治理建筑工地扬尘，落实  县住建局            县城管局、\n"
          "      六个百分百                                  县交通 运输局\n"
          "2     整治餐饮油烟            县城管局            县市场监管局\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        (TABS, [(2, "lead", "市住房和城乡建设局"), (2, "cooperating", "市城管局"), (2, "cooperating", "市交通局"), (5, "lead", "市城管局")]),
        (CELLS, [(7, "responsible", "市住房和城乡建设局"), (7, "cooperating", "市城管局"), (13, "responsible", "市城管局")]),
        (PIPES, [(3, "responsible", "市住房和城乡建设局"), (3, "cooperating", "市城管局"), (3, "cooperating", "市交通局")]),
    ],
    ids=["tabs", "cells", "pipes"],
)
def test_table_printings(text, expected):
    assert _assigned(text) == expected


def test_table_space_separated_pdf_text():
    got = _assigned(SPACES, "湄潭县")
    assert got == [(2, "responsible", "县住房和城乡建设局"), (2, "cooperating", "县城管局"), (2, "cooperating", "县交通运输局"),
                   (4, "responsible", "县城管局"), (4, "cooperating", "县市场监督管理局")]


def test_table_jurisdiction_heading_assigns_its_government():
    text = "（红花岗区）\n序号\t工作目标\t完成时限\t考核要求\n1\t完成黑臭水体整治\t2018年底\t1、提供整治台账。"
    ex = extract_text(_doc(text))
    goal = ex.tasks[0]
    assert [(a.role, a.unit.name) for a in goal.assignments] == [("responsible", "红花岗区人民政府")]
    assert goal.implicit and goal.deadline.end.isoformat() == "2018-12-31"
    assert [t.parent for t in ex.tasks[1:]] == [goal.key]


def test_table_key_unit_column_carries_down():
    text = "序号\t责任单位\t工作目标\t完成时限\n1\t市公安局\t淘汰黄标车\t2016年底\n\t\t禁鸣管理\t2016年底\n2\t市交通局\t推广新能源公交\t2016年底"
    assert _assigned(text) == [(2, "responsible", "市公安局"), (3, "responsible", "市公安局"), (4, "responsible", "市交通局")]


def test_table_parent_column_becomes_parent_task():
    ex = extract_text(_doc(CELLS.replace("\t工作任务\n", "\t指标\n\t工作任务\n").replace("\t1\n", "\t1\n\t空气质量达标\n")))
    parents = {t.key: t for t in ex.tasks}
    child = next(t for t in ex.tasks if t.assignments)
    assert parents[child.parent].text == "空气质量达标"


@pytest.mark.parametrize(("text", "kind"), [
    ("90%", "progress"), ("已完成", "progress"), ("2021.12", "deadline"), ("2021年11月", "deadline"),
    ("市环保局、市住建局", "units"), ("市政府与各责任单位签定创模工作目标责任书", "text"), ("12", "number"),
])
def test_table_cell_types(text, kind):
    from govkg.extract.cell import cell_type

    assert cell_type(text) == kind
