import pytest

from govkg.extract.role import parse_roles, role_of_label


@pytest.mark.parametrize(
    "text, expected",
    [
        ("牵头单位：市环境保护局。责任单位：市公安局", [("lead", "市环境保护局"), ("responsible", "市公安局")]),
        ("市生态环境局牵头，市发展改革局参与，各县（区）人民政府负责落实",
         [("lead", "市生态环境局"), ("cooperating", "市发展改革局"), ("responsible", "各县（区）人民政府")]),
        ("由市城管局负责，市公安局配合", [("responsible", "市城管局"), ("cooperating", "市公安局")]),
        ("市环保局牵头 市公安局配合 各县区政府负责", [("lead", "市环保局"), ("cooperating", "市公安局"), ("responsible", "各县区政府")]),
        ("市生态环境局牵头督导，各镇、街道负责落实", [("lead", "市生态环境局"), ("responsible", "各镇、街道")]),
        ("責任單位：市環保局", [("responsible", "市环保局")]),
    ],
)
def test_role_clauses(text, expected):
    assert [(r, u) for r, u, *_ in parse_roles(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["配合制定大气污染防治方案", "配合上级部门完成核查", "各牵头单位、责任单位要根据各自职责抓好落实", "负责做好宣传工作"],
)
def test_role_verbs_inside_tasks_assign_nothing(text):
    assert parse_roles(text) == []


@pytest.mark.parametrize(
    "header, role",
    [("责任单位 或牵头单位", "responsible"), ("协助 单位", "cooperating"), ("牵头单位", "lead"), ("主办单位", "lead"),
     ("协办单位", "cooperating"), ("责任分工", "mixed"), ("完成时限", None)],
)
def test_role_of_label(header, role):
    assert role_of_label(header) == role
