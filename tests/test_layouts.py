"""Every printing of a table and every kind of role text the real documents use, read by
the same readers (issue #6). Each case is a small document in one layout; the expected
assignments are written out in full."""

import pytest

from govkg.extract.pipeline import extract_text
from govkg.extract.records import Document
from govkg.extract.text import fold, squeeze


def _doc(text: str, place: str = "遵义市") -> Document:
    return Document("t", "t.txt", "0" * 64, f"{place}任务分解表", place, tuple(text.split("\n")))


def _assigned(text: str, place: str = "遵义市"):
    """(first 8 characters of the task, role, unit as printed) for every assignment."""
    ex = extract_text(_doc(text, place))
    return [(fold(t.text)[:8], a.role, squeeze(fold(a.unit.surface))) for t in ex.tasks for a in t.assignments]


CELLS_WITH_BARS = "|\n序号\n|\n工作任务\n|\n负责部门\n|\n时间进度\n|\n|\n1\n|\n完善城市管理体制\n|\n市委编办、市住建局\n|\n2016 年 6 底前\n|\n|\n2\n|\n开展环境卫生设施规划编制\n|\n市住建局,各县(区)政府\n|\n常态工作\n|"
CELLS_BLANK_LINES = ("序号\n\n试点任务\n\n细化措施\n\n责任单位\n\n配合单位\n\n完成\n\n时限\n\n一季度\n\n二季度\n\n一、持续强化规划引领\n\n1\n\n"
                     "推进生活垃圾分类\n\n建立简便易行的分类投放方式。\n\n\n\n区城市管理局\n\n区机关事务局\n\n2020\n\n2\n\n"
                     "规范大件垃圾投放。\n\n区城市管理局\n\n\n\n2020")
SPACE_ROWS = ("序号 类别 主要任务 细化措施 牵头单位 参与单位\n"
              "1 加强水资源保 护 严守用水 红线 落实用水效率评估 体系 市水利局 市发展改革委\n"
              "2 节约用水 抓好工业节水 实施节水技术改造 市工业和信息化委 市水利局")
BOX = ("┌──┬────────┬──────┬──────┐\n│序号│工作任务        │牵头单位  │配合单位  │\n├──┼────────┼──────┼──────┤\n"
       "│1 │治理扬尘，落实  │市住建局  │市城管局  │\n│  │六个百分百      │          │          │\n├──┼────────┼──────┼──────┤\n"
       "│2 │整治油烟        │市城管局  │          │\n│  ├────────┤          │          │\n│  │规范夜市摊点    │          │市市场监管局│\n"
       "└──┴────────┴──────┴──────┘")
COMMAS = ("6 , 市规划局 , 将垃圾收集站纳入公共服务设施配套规划. ,\n7 , 市建委 , 组织在建工地开展生活垃圾分类工作,并做好检查. ,\n"
          "8 , 市园林局 , 指导公园景区开展垃圾分类工作. ,,\n, 监督园林绿化垃圾分类收集、运输和处置. ,")
PIPES_WRAPPED = ("任务 内容 | 标准或要求 | 工作内容及要求 | 责任单位 或牵头单位 | 协助 单位 | 完成 期限 |\n"
                 "生 态 环 境 | 1、城市大环境绿化扎实开展。 | 禁止开发城市周围的自然山体。 | 市规划局 | 市国土资源局\n市农牧林业局 | 2010年9月20日前 |\n"
                 "2、建设防护绿地。 | 加强建成区防护绿地的建设及管护。 | 市规划局 市建设局 | 有关部门 | 2010年9月20日前 |")
FLAT = ("附件 监利县职责清单 工作任务和内容 责任单位 配合单位 完成时间 负责全县环境空气质量达标整治工作的舆论宣传。\n\n"
        "县委宣传部 持续开展 负责大气污染综合治理工作任务的督导和检查考核工作. 县委县政府 督查室 持续开展 负责抓好砂石场的扬尘污染防治. 县交通 运输局 12月底前完成")
FLAT_GLUED = ("1、重点任务责任分工表序号工作内容目标任务责任单位备注1加强生活垃圾分类宣传发动。2021年2月底前,群众知晓率达90%以上。"
              "市委宣传部(市文明办)、市城管委,各区(市)县政府(管委会)2完善生活垃圾回收利用体系。2021年2月底前,基本建成回收利用体系。市商务局,市住建局")
UNIT_KEYED = ("序号 | 责任单位 | 任务目标 | 完成时间 | 分管领导 | 责任人 |\n1 | 县教育局 | 新增学位2000个 | 2021年底 | 张副县长 | 李明 |\n"
              "2 | 县民政局 | 建成养老服务中心 | 2021年9月 | 王副县长 | 赵强 |")


@pytest.mark.parametrize(
    "text, expected",
    [
        (CELLS_WITH_BARS, [("完善城市管理体制", "responsible", "市委编办"), ("完善城市管理体制", "responsible", "市住建局"),
                           ("开展环境卫生设施", "responsible", "市住建局"), ("开展环境卫生设施", "responsible", "各县（区）政府")]),
        (CELLS_BLANK_LINES, [("建立简便易行的分", "responsible", "区城市管理局"), ("建立简便易行的分", "cooperating", "区机关事务局"),
                             ("规范大件垃圾投放", "responsible", "区城市管理局")]),
        (BOX, [("治理扬尘，落实六", "lead", "市住建局"), ("治理扬尘，落实六", "cooperating", "市城管局"),
               ("整治油烟", "lead", "市城管局"), ("整治油烟", "cooperating", "市市场监管局"),
               ("规范夜市摊点", "lead", "市城管局"), ("规范夜市摊点", "cooperating", "市市场监管局")]),
        (COMMAS, [("将垃圾收集站纳入", "responsible", "市规划局"), ("组织在建工地开展", "responsible", "市建委"), ("指导公园景区开展", "responsible", "市园林局")]),
        (PIPES_WRAPPED, [("禁止开发城市周围", "responsible", "市规划局"), ("禁止开发城市周围", "cooperating", "市国土资源局"),
                         ("禁止开发城市周围", "cooperating", "市农牧林业局"), ("加强建成区防护绿", "responsible", "市规划局"),
                         ("加强建成区防护绿", "responsible", "市建设局"), ("加强建成区防护绿", "cooperating", "有关部门")]),
        (UNIT_KEYED, [("新增学位2000", "responsible", "县教育局"), ("建成养老服务中心", "responsible", "县民政局")]),
    ],
    ids=["cells-with-bar-lines", "cells-blank-lines-split-header-sub-columns-sections", "box-drawing-merged-cells",
         "comma-export-no-header", "pipes-wrapped-spaced-header", "unit-keyed-with-person-columns"],
)
def test_layouts_tables(text, expected):
    assert _assigned(text) == expected


def test_layouts_single_space_rows_with_split_category_cell():
    ex = extract_text(_doc(SPACE_ROWS, "平顶山市"))
    rows = [(t.text, [(a.role, a.unit.surface) for a in t.assignments]) for t in ex.tasks if t.assignments]
    assert len(rows) == 2
    assert "落实用水效率评估体系" in rows[0][0] and rows[0][1] == [("lead", "市水利局"), ("cooperating", "市发展改革委")]
    assert "实施节水技术改造" in rows[1][0] and rows[1][1] == [("lead", "市工业和信息化委"), ("cooperating", "市水利局")]


def test_layouts_flattened_with_spaces_and_pdf_breaks():
    got = _assigned(FLAT, "监利县")
    assert got == [("负责全县环境空气", "responsible", "县委宣传部"), ("负责大气污染综合", "responsible", "县委县政府督查室"),
                   ("负责抓好砂石场的", "responsible", "县交通运输局")]


def test_layouts_flattened_glued_rows_run_together_with_numbers():
    ex = extract_text(_doc(FLAT_GLUED, "成都市"))
    rows = [(t.text[:8], [squeeze(fold(a.unit.surface)) for a in t.assignments]) for t in ex.tasks if t.assignments]
    assert rows == [("加强生活垃圾分类", ["市委宣传部（市文明办）", "市文明办", "市城管委", "各区（市）县政府（管委会）"]),
                    ("完善生活垃圾回收", ["市商务局", "市住建局"])]


def test_layouts_person_and_post_columns_are_never_units():
    names = {a.unit.name for t in extract_text(_doc(UNIT_KEYED)).tasks for a in t.assignments}
    assert names == {"县教育局", "县民政局"}


ROLE_TEXT = ("以下均需各级政府落实,不再列出。\n"
             "1.加强病媒生物防制。(市爱卫办牵头,市卫生健康委、市城管局参与)\n"
             "2.整治农贸市场环境。\n责任单位:市市场监管局、金水区\n配合单位:财 政厅、卫生健康委\n"
             "● 开展健康教育进社区活动。\n责任单位:市卫生健康委\n"
             "3.完善垃圾分类投放设施。责任单位:市城管局、各区政府,完成时间:2019年5月底前。4.开展爱国卫生月活动。责任单位:市爱卫办,完成时间:2019年4月。")


def test_layouts_role_text_outside_tables():
    got = _assigned(ROLE_TEXT, "郑州市")
    assert got == [
        ("加强病媒生物防制", "lead", "市爱卫办"), ("加强病媒生物防制", "cooperating", "市卫生健康委"), ("加强病媒生物防制", "cooperating", "市城管局"),
        ("整治农贸市场环境", "responsible", "市市场监管局"), ("整治农贸市场环境", "responsible", "金水区"),
        ("整治农贸市场环境", "cooperating", "财政厅"), ("整治农贸市场环境", "cooperating", "卫生健康委"),
        ("开展健康教育进社", "responsible", "市卫生健康委"),
        ("完善垃圾分类投放", "responsible", "市城管局"), ("完善垃圾分类投放", "responsible", "各区政府"),
        ("开展爱国卫生月活", "responsible", "市爱卫办"),
    ]


def test_layouts_blanket_clause_never_becomes_a_unit():
    names = {a.unit.name for t in extract_text(_doc(ROLE_TEXT)).tasks for a in t.assignments}
    assert not any("以下" in n or "不再" in n or n.startswith("均需") for n in names)


DUTIES = ("问:政府各部门分别承担了哪些职责?\n答:城市管理部门是主管部门,负责拟定生活垃圾分类管理目标。\n"
          "发展和改革部门负责将生活垃圾分类工作纳入循环经济发展等规划;\n"
          "商务、供销、市场监管部门负责可回收物的回收和综合利用的监督管理等工作;\n"
          "区城管局负责,工商局、区商务局配合,取缔各类农贸市场占道经营现象。\n"
          "市安全监管局牵头,负责组织开展对危险化学品领域的专项整治工作。市公安局牵头,负责组织开展对道路交通领域的专项整治工作。")


def test_layouts_duty_sentences_unit_first():
    got = _assigned(DUTIES, "宣城市")
    assert ("负责将生活垃圾分", "responsible", "发展和改革部门") in got
    assert [g for g in got if g[0].startswith("负责可回收")] == [("负责可回收物的回", "responsible", n) for n in ("商务", "供销", "市场监管部门")]
    assert ("取缔各类农贸市场", "responsible", "区城管局") in got and ("取缔各类农贸市场", "cooperating", "区商务局") in got
    assert ("负责组织开展对危", "lead", "市安全监管局") in got and ("负责组织开展对道", "lead", "市公安局") in got
    assert not any(role == "responsible" and unit in ("市安全监管局", "市公安局") for _, role, unit in got)


def test_layouts_page_noise_and_traditional_characters():
    text = ("大发体育开户,手机赌博官网\n首页>专题专栏>热点专栏 > 无废城市\n日期: 2021-11-02\n"
            "1.深化燃煤鍋爐治理。(責任部門:市環保局、市工信委、各縣(市、區)人民政府)")
    assert _assigned(text, "吉安市") == [("深化燃煤锅炉治理", "responsible", "市环保局"), ("深化燃煤锅炉治理", "responsible", "市工信委"),
                                        ("深化燃煤锅炉治理", "responsible", "各县（市、区）人民政府")]
