"""Roles in running text: brackets, sentences, role lines, duty lists, blanket clauses, traps."""

import pytest

from govkg.extract.pipeline import extract_text
from govkg.extract.records import Document


def _assigned(text: str, place: str = "遵义市"):
    doc = Document("p", "p.txt", "0" * 64, f"{place}工作方案", place, tuple(text.split("\n")))
    return [(t.evidence.line, a.role, a.unit.name) for t in extract_text(doc).tasks for a in t.assignments]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.整治扬尘。〔市生态环境局牵头，市发展改革局参与，各县（区）人民政府负责落实〕",
         [(1, "lead", "市生态环境局"), (1, "cooperating", "市发展和改革局"), (1, "responsible", "各县（区）人民政府")]),
        ("（2）整治油烟（牵头单位：市城管局；责任单位：市市场监管局）",
         [(1, "lead", "市城管局"), (1, "responsible", "市市场监督管理局")]),
        ("3. 推进截污纳管。由市住建局负责，市水务局配合。", [(1, "responsible", "市住房和城乡建设局"), (1, "cooperating", "市水务局")]),
        ("4 推进园区污水提标 市生态环境局牵头 市工信局配合 园区管委会负责",
         [(1, "lead", "市生态环境局"), (1, "cooperating", "市工业和信息化局"), (1, "responsible", "园区管委会")]),
        ("5.治理燃煤锅炉\n责任单位：市市场监管局\n配合单位：市生态环境局",
         [(1, "responsible", "市市场监督管理局"), (1, "cooperating", "市生态环境局")]),
        ("6.空气优良天数比例≥85%。责任单位：市生态环境局，配合单位：市气象局",
         [(1, "responsible", "市生态环境局"), (1, "cooperating", "市气象局")]),
        ("7.加强秸秆禁烧。（負責：市農業農村局；參與：市公安局）", [(1, "responsible", "市农业农村局"), (1, "cooperating", "市公安局")]),
    ],
    ids=["full-width", "labels", "sentence", "no-punctuation", "role-lines", "per-indicator", "traditional"],
)
def test_prose_roles(text, expected):
    assert _assigned(text) == expected


def test_prose_wrapped_pdf_paragraph_with_broken_name():
    text = "（一）推进燃煤电厂深度治理。由旗生态环境局牵头，旗工业和信\n— 3 —\n息科技局配合。"
    assert _assigned(text, "达拉特旗") == [(1, "lead", "旗生态环境局"), (1, "cooperating", "旗工业和信息科技局")]


@pytest.mark.parametrize(
    "text",
    ["1.配合制定全市大气污染防治方案。", "2.配合上级部门完成督察整改。", "3.督促华新水泥有限公司完成脱硝改造。"],
)
def test_prose_traps_assign_nothing(text):
    assert _assigned(text) == []


def test_prose_duty_list_keyed_by_unit():
    text = "1、市生态环境局：负责统筹协调。\n\n2、市交通运输局：\n（1）负责营运车辆污染防治；\n（2）牵头推进老旧柴油货车淘汰。"
    assert _assigned(text) == [(1, "responsible", "市生态环境局"), (4, "responsible", "市交通运输局"), (5, "responsible", "市交通运输局")]


def test_prose_blanket_clause_hands_later_tasks_over():
    text = "一、市级任务\n（一）编制名录。（市生态环境局负责）\n二、县级任务\n以下任务均由各县（区）人民政府负责落实。\n（二）治理耕地。（市农业农村局牵头）\n（三）排查废渣。"
    got = _assigned(text)
    assert (2, "responsible", "市生态环境局") in got
    assert (5, "responsible", "各县（区）人民政府") in got and (5, "lead", "市农业农村局") in got
    assert (6, "responsible", "各县（区）人民政府") in got
    assert not any(line == 2 and unit.startswith("各县") for line, _, unit in got)


def test_prose_assessment_list_items_go_to_the_addressed_group():
    text = ("区直单位生态环境保护工作目标考核要点\n一、通用考核内容\n1.专题研究部署工作不少于2次；\n"
            "二、A类部门考核内容\n\t（一）\n\t区发展改革局\n\t1.牵头组织燃煤整治；\n\t（二）\n\t区商务局\n\t加强加油站油气回收监管。\n"
            "三、B类部门考核内容\n\t根据各自职责，支持相关工作。")
    doc = Document("p", "p.txt", "0" * 64, "区直单位生态环境保护工作目标考核要点", None, tuple(text.split("\n")))
    tasks = [t for t in extract_text(doc).tasks if t.assignments]
    got = [(t.evidence.line, t.implicit, [a.unit.name for a in t.assignments]) for t in tasks]
    assert got == [(3, True, ["区直单位"]), (7, False, ["区发展和改革局"]), (10, False, ["区商务局"]), (12, True, ["B类部门"])]


def test_prose_bulletin_invents_no_assignments():
    text = ("★钟山区召开全区环保工作专题会议\n钟山区政府副区长付某在会上提出要求，市环保局参加。\n\n"
            "六盘水市创建国家环保模范城市工作领导小组办公室\n2017年11月30日")
    assert _assigned(text, "六盘水市") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a speech's points (二要…) are items; 加强配合 is a role word with a manner before it
        ("二要强化时间概念。由相关县领导牵头,县自然资源和规划局负责,住建局、发改局等其他相关单位加强配合协调,抽调业务骨干。",
         [(1, "responsible", "县自然资源和规划局"), (1, "cooperating", "住房和城乡建设局"), (1, "cooperating", "发展和改革局")]),
        # a purpose and a speaker before the roles
        ("为顺利完成土地处置目标任务,副县长要求,由县发展和改革局牵头,县自然资源局配合,在9月底前完成荣海新区项目;",
         [(1, "lead", "县发展和改革局"), (1, "cooperating", "县自然资源局")]),
        # the role line's list wraps onto a line of units only
        ("1.深入开展城市黑臭水体整治。\n牵头单位:县住建局\n配合单位:县发改委、水利局\n各乡镇(街道)、黎阳建管办",
         [(1, "lead", "县住房和城乡建设局"), (1, "cooperating", "县发展和改革委员会"), (1, "cooperating", "水利局"),
          (1, "cooperating", "各乡镇（街道）"), (1, "cooperating", "黎阳建管办")]),
        # the same role line under two tasks is not a page header repeated
        ("(一)无照经营整治。\n牵头单位:市场网监科\n责任单位:各市场监管分局\n(二)考试用品整治。牵头单位:质量标计科\n责任单位:各市场监管分局",
         [(1, "lead", "市场网监科"), (1, "responsible", "各市场监管分局"), (4, "lead", "质量标计科"), (4, "responsible", "各市场监管分局")]),
        # half-width full stops end sentences; a deadline line is a cell of its own
        ("区商务局、区城管局负责督促业主完成环卫设施达标改造.\n2008年6月30日前\n区城建局负责,各街道办事处(乡)配合,清除城中村菜地.",
         [(1, "responsible", "区商务局"), (1, "responsible", "区城管局"), (3, "responsible", "区城建局"), (3, "cooperating", "各街道办事处（乡）")]),
        # a role verb broken by a PDF space, and a blanket clause after it that names no unit of its own
        ("1.加快企业用地调查。(省生态环境厅牵头,省发展改革委、财 政厅等参 与,各地级以上市人民政府负责落实。以下均需各地级以上市 人民政府落实,不再列出)",
         [(1, "lead", "省生态环境厅"), (1, "cooperating", "省发展和改革委员会"), (1, "cooperating", "财政厅"),
          (1, "responsible", "各地级以上市人民政府")]),
    ],
    ids=["speech-points", "purpose-first", "wrapped-role-line", "repeated-role-line", "half-width-stop", "pdf-space-verb"],
)
def test_prose_real_layouts(text, expected):
    assert _assigned(text, "广东省" if "省生态" in text else "浚县") == expected


def test_prose_unnumbered_task_above_role_lines_with_pinyin_readings():
    text = ("昨日,市政府公布了十大實(shí)事的任務(wù)分解表。\n"
            "市區(qū)新增優(yōu)質(zhì)中小學(xué)招生學(xué)位2.36萬(wàn)個(gè)。\n主管領(lǐng)導(dǎo):劉東\n"
            "責(zé)任單位:市教育局\n主要責(zé)任人:毛杰")
    doc = Document("p", "p.txt", "0" * 64, "郑州市十大实事", "郑州市", tuple(text.split("\n")))
    tasks = [t for t in extract_text(doc).tasks if t.assignments]
    assert [(t.evidence.line, t.text) for t in tasks] == [(2, "市區(qū)新增優(yōu)質(zhì)中小學(xué)招生學(xué)位2.36萬(wàn)個(gè)。")]
    assert [(a.role, a.unit.name, a.evidence.line, a.evidence.quote) for a in tasks[0].assignments] == [
        ("responsible", "市教育局", 4, "市教育局")]


def test_prose_brackets_without_tone_marks_are_no_pinyin_readings():
    from govkg.extract.noise import is_pinyin_annotated

    assert not is_pinyin_annotated(["整治(一)", "市区(含开发区)", "(a)项"])


def test_prose_duty_list_entry_without_a_role_word():
    text = ("（一）区文旅局负责指导督促剧本娱乐经营场所履行安全生产责任。\n（二）区商务局负责引导电子商务示范基地提升安全意识。\n"
            "（三）区城管局指导互联网租赁自行车停放管理。")
    assert _assigned(text, "济南市") == [(1, "responsible", "区文旅局"), (2, "responsible", "区商务局"), (3, "responsible", "区城管局")]


def test_prose_unit_and_task_verb_alone_is_no_duty():
    assert _assigned("（一）加强组织领导。\n（二）市政府指导各县开展工作。") == []


def test_prose_duty_answered_for_with_dui_after_a_lead_in():
    text = "（一）加强领导，统筹协调。在市政府的领导下，市发改委、市经贸委对全市能源和节能工作总负责、总协调。"
    assert _assigned(text, "厦门市") == [(1, "responsible", "市发展和改革委员会"), (1, "responsible", "市经贸委")]


def test_prose_two_tasks_run_together_each_closed_by_its_bracket():
    text = ("1.制定实施准入清单。完成清单编制工作。〔市生态环境局牵头，市发展和改革局参与〕"
            "按省的要求，城市建成区原则上不再新建燃煤锅炉。（市生态环境局、市场监管局牵头）")
    doc = Document("p", "p.txt", "0" * 64, "潮州市方案", "潮州市", (text,))
    tasks = [(t.text[:6], [(a.role, a.unit.name) for a in t.assignments]) for t in extract_text(doc).tasks]
    assert tasks == [("制定实施准入", [("lead", "市生态环境局"), ("cooperating", "市发展和改革局")]),
                     ("按省的要求，", [("lead", "市生态环境局"), ("lead", "市场监督管理局")])]
