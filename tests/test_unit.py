import pytest

from govkg.extract.unit import normalise_name, parse_units, pref_label, split_unit_text, unit_ref


@pytest.mark.parametrize(
    "cell, names",
    [
        ("市环保局,市财政局", ["市环境保护局", "市财政局"]),
        ("市环保局、市住建局等", ["市环境保护局", "市住房和城乡建设局"]),
        ("市环保局市住建局", ["市环境保护局", "市住房和城乡建设局"]),
        ("市环保局各县（区）政府", ["市环境保护局", "各县（区）政府"]),
        ("市卫生计生局（市检验检测中心）", ["市卫生和计划生育局", "市检验检测中心"]),
        ("各县（市、区）政府（管委会）", ["各县（市、区）政府（管委会）"]),
        ("市财 政局 、县交通 运输局", ["市财政局", "县交通运输局"]),
        ("朔城区政府(以古北街为界分别负责)", ["朔城区人民政府"]),
        ("市發改委、市環保局", ["市发展和改革委员会", "市环境保护局"]),
        ("市公安局 市工商局", ["市公安局", "市工商行政管理局"]),
    ],
)
def test_unit_parse_cells(cell, names):
    assert [u.name for u in parse_units(cell)] == names


@pytest.mark.parametrize(
    "surface, kind",
    [("各县（区）政府", "collective"), ("有关部门", "collective"), ("市直单位", "collective"), ("市财政局", "unit")],
)
def test_unit_kind(surface, kind):
    assert unit_ref(surface).kind == kind


@pytest.mark.parametrize(
    "surface, place, label",
    [("市环保局", "六盘水市", "六盘水市环境保护局"), ("区发展改革局", "雨花区", "雨花区发展和改革局"),
     ("省生态环境厅", "六盘水市", "省生态环境厅"), ("各县（区）政府", "朔州市", "各县（区）政府")],
)
def test_unit_pref_label_qualifies_relative_names(surface, place, label):
    assert pref_label(unit_ref(surface, jurisdiction=place)) == label


def test_unit_split_offsets_point_at_surface():
    text = "市公安局、市交通运输局"
    for surface, start, end in split_unit_text(text):
        assert text[start:end] == surface


def test_unit_normalise_drops_trailing_deng():
    assert normalise_name("市住建局等部门") == "市住房和城乡建设局"


@pytest.mark.parametrize(("text", "names"), [
    ("商务局和各街道办事处(乡)", ["商务局", "各街道办事处(乡)"]),  # (乡) qualifies, it is no unit
    ("住建局、发改局等其他相关单位", ["住建局", "发改局等其他相关单位"]),
])
def test_unit_split_real_lists(text, names):
    assert [s for s, _, _ in split_unit_text(text)] == names


def test_unit_trailing_group_after_deng_is_dropped():
    assert unit_ref("发改局等其他相关单位").name == "发展和改革局"


@pytest.mark.parametrize(("text", "collective"), [
    ("各责任单位签定创模工作目标责任书", False), ("各县（区）政府", True), ("各州", True), ("各相关街道", True),
])
def test_unit_collective_ends_in_a_group_word(text, collective):
    from govkg.extract.unit import is_collective

    assert is_collective(text) is collective


@pytest.mark.parametrize(("text", "names"), [
    ("市发展和改革局、各县、区人民政府(管委会)", ["市发展和改革局", "各县、区人民政府(管委会)"]),  # levels sharing a government
    ("各县、市环保局", ["各县", "市环保局"]),  # a bureau is no shared body
])
def test_unit_levels_sharing_one_body(text, names):
    assert [s for s, _, _ in split_unit_text(text)] == names
