"""Unit names: splitting a cell or bracket into units, and normalising each name.

A role cell holds several units separated by 、，, ; or spaces (``市环保局,市财政局``), sometimes
none at all (``市环保局市住建局``). Each unit's *name* is its full form at the document's own
level of reference: abbreviations are expanded from ``abbreviations.tsv`` (市环保局 ->
市环境保护局, 县政府 -> 县人民政府), PDF spaces are removed and trailing 等 is dropped.
Group placeholders (各县（区）政府, 有关部门) are kept whole as collectives.

>>> [u.name for u in parse_units("市环保局,市财政局", jurisdiction="朔州市")]
['市环境保护局', '市财政局']
>>> [(u.name, u.kind) for u in parse_units("市住建局各县（区）政府等")]
[('市住房和城乡建设局', 'unit'), ('各县（区）政府', 'collective')]
>>> pref_label(parse_units("市环保局", jurisdiction="六盘水市")[0])
'六盘水市环境保护局'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from .records import UnitRef
from .text import fold, short_cache, squeeze

__all__ = [
    "parse_units",
    "split_unit_text",
    "normalise_name",
    "unit_ref",
    "pref_label",
    "stem_body",
    "renamed",
    "is_collective",
    "looks_like_unit",
    "PERSON",
    "is_bare_place",
    "all_units",
    "mostly_units",
    "UNIT_SUFFIX",
    "UNIT_PATTERN",
]

#: Endings that make a string an organisation name.
UNIT_SUFFIX = (
    r"(?:人民政府|政府|管委会|管理委员会|委员会|领导小组办公室|领导小组|办公室|办公厅|专责小组|"
    r"工作组|调研组|督查室|指挥部|分局|局|委|办|厅|部|中心|公司|集团|电厂|厂|院|站|大队|支队|中队|"
    r"所|街道办事处|办事处|街道|街办|乡|镇|社区|居委会|村委会|报社|电视台|电台|单位|部门|机构|协会|学会|银行|法院|检察院|军分区|"
    r"总工会|工会|红十字会|联合会|商会|妇联|残联|侨联|文联|工商联|科协|社科联|供销社|合作社|联社|通讯社|"
    r"气象台|图书馆|博物馆|纪念馆|党校|学校|管理处|处室|科室|处|园区|开发区|高新区|新区|试验区|示范区|"
    r"分行|支行|总队|监狱|医院|海关|边检站|科|股|专班|小组)"
)
_SUFFIX_RE = re.compile(UNIT_SUFFIX + r"$")
_LEVEL = r"(?:省|自治区|市|区|县|特区|州|盟|旗|镇|乡|街道)"
#: A unit name in running text: an optional place, then up to 14 characters ending in a suffix.
UNIT_PATTERN = re.compile(
    r"(?:各|有关|相关|市直|区直|县直)?(?:[\u4e00-\u9fff]|（[^（）]{1,8}）){0,14}?" + UNIT_SUFFIX + r"(?:（管委会）)?"
)
_COLLECTIVE = re.compile(
    r"^(?:各|有关|相关|其他(?=.)|其它(?=.)|市直|区直|县直|省直|全市|全区|全县|各级|本级|所有)"
    r"|成员单位|有关单位|相关单位|有关部门|相关部门|[（(][^）)]*[、][^）)]*[)）]"
)
_QUALIFIER = re.compile(r"[（(]([^（()）]*)[)）]")
_SEPARATORS = "、，,;；/ \t\n"
_SPACES = " \t"
#: A place printed alone where a unit belongs (鄂城区, 金水区): that place's government.
BARE_PLACE = re.compile(r"^(?![全本城市辖园小社])(?:[\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|特区|新区|区|县|市|旗|镇|乡))$")
_NOT_A_PLACE = re.compile(r"^(?:全|本|该|我|各|城|市区|辖区|园区|景区|社区|小区|片区|矿区|库区|郊区|湖区|山区|牧区|灾区|老区|新城区|主城区|城市|城镇|县市|乡镇|地市|省市|区县|市县)")
#: Endings no group of units has: a leader (县领导, 分管领导), or a verb (相关单位加强).
_NOT_COLLECTIVE_END = re.compile(r"领导$|(?:牵头|负责|配合|参与|协助|协调|加强|做好|落实|抓好|开展|共同|要|应|须)$")
#: How a group of units ends: an organisation or place word (单位, 政府, 部门, 街道, 各县区, 各地),
#: or a qualifier in brackets; not a thing (各责任单位签定目标责任书 is a task).
_COLLECTIVE_END = re.compile(r"""
    (?: [位府门会道区镇办市局班地处县村乡所站院司业组队团室厅部委心构关级校场厂户社员体州盟旗省]
      | [)）] )
    [。.；;，,\s]* $
    """, re.VERBOSE)
#: How a place ends (市, 区, 街道 …): a name broken after it by a space is one name.
PLACE_END = re.compile(r"(?:省|自治区|市|区|县|旗|州|盟|镇|乡|街道|中共)$")
_TRAILING = re.compile(r"(?:等(?:有关|相关|其他|其它)*(?:市直|县直|区直|省直)?(?:部门|单位|机构)?|等)$")
_GOVERNMENT_PLACEHOLDER = re.compile(r"[（(](?:市、区|市、县|县、区|区、县|市|区|县|管委会)[^）)]*[)）]?")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[str, str], ...]:
    text = files("govkg.extract").joinpath("abbreviations.tsv").read_text(encoding="utf-8")
    rows = [tuple(r.split("\t")) for r in text.splitlines() if r and not r.startswith("#")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    text = files("govkg.extract").joinpath("stems.tsv").read_text(encoding="utf-8")
    return dict(tuple(r.split("\t")) for r in text.splitlines() if r and not r.startswith("#"))  # type: ignore[misc]


@lru_cache(maxsize=1)
def _renames() -> tuple[tuple[str, str, str, str], ...]:
    text = files("govkg.extract").joinpath("renames.tsv").read_text(encoding="utf-8")
    return tuple(tuple(r.split("\t")) for r in text.splitlines() if r and not r.startswith("#"))  # type: ignore[misc]


def renamed(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names ``name`` became and came from in the 2018 reform (``renames.tsv``).

    >>> renamed("市环境保护局")
    (('市生态环境局',), ())
    >>> renamed("县市场监督管理局")
    ((), ('县工商行政管理局', '县质量技术监督局', '县食品药品监督管理局'))
    """
    after = tuple(name[: -len(old)] + new for old, new, _, _ in _renames() if name.endswith(old) and len(name) > len(old))
    before = tuple(name[: -len(new)] + old for old, new, _, _ in _renames() if name.endswith(new) and len(name) > len(new))
    return after, before


def stem_body(stem: str) -> str | None:
    """The body a bare department stem stands for, without its level, or ``None``.

    >>> stem_body("环保"), stem_body("市环保局")
    ('环境保护局', None)
    """
    return _stems().get(stem)


@short_cache
def is_collective(name: str) -> bool:
    """Whether ``name`` is a placeholder for a group of units.

    >>> is_collective("各县（市、区）政府（管委会）"), is_collective("市财政局")
    (True, False)

    Leaders are people, not units, and a name runs to its suffix, not on into a verb:

    >>> is_collective("相关县领导"), is_collective("发改局等其他相关单位加强"), is_collective("各责任单位签定目标责任书")
    (False, False, False)
    """
    folded = fold(name)
    return (bool(_COLLECTIVE.search(folded)) and not _NOT_COLLECTIVE_END.search(folded)
            and bool(_COLLECTIVE_END.search(folded)))


@short_cache
def is_bare_place(text: str) -> bool:
    """Whether ``text`` is only a place name (鄂城区), which in a unit list means its government.

    >>> is_bare_place("鄂城区"), is_bare_place("全区"), is_bare_place("市环保局")
    (True, False, False)
    """
    t = squeeze(fold(text))
    return bool(BARE_PLACE.match(t)) and not _NOT_A_PLACE.match(t) and 2 <= len(t) <= 7


#: A name never starts with a verb or an adverb: 建成县残疾人综合服务中心 is a task.
_VERB_START = re.compile(
    r"^(?:建成|新建|扩建|改建|迁建|开工|启动|完成|加快|推进|推动|开展|加强|实施|落实|制定|做好|强化|深化|提升|提高|"
    r"完善|健全|建立|创建|打造|引导|支持|鼓励|督促|指导|配合|协助|参与|负责|牵头|确保|保障|扩大|改造|整治|治理|成立|设立|召开|"
    r"印发|出台|编制|培育|促进|严格|依法|全面|持续|积极|着力|大力|坚持|深入|进一步|继续|按照|根据|对于|"
    r"提供|上报|报送|核定|加大|压实|筑牢|巩固|优化|探索|谋划|争取|力争)"
)


#: Words that end like a unit but name a place or a thing: 经营场所, 诊所, 厕所, 车站.
_NOT_A_BODY = re.compile(r"(?:场所|诊所|厕所|住所|处所|寓所|加油站|车站|服务站|收集站|中转站|转运站|监测站|场站|城镇|集镇|古镇|小镇|美丽乡村)$|^.{9,}(?:镇|乡|街道|社区)$")
#: A person's name (a surname and one or two characters), as post columns print them.
PERSON = re.compile(
    r"^[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤俞]"
    r"[\u4e00-\u9fff]{1,2}$"
)


#: Verbs inside a long string show it is a clause, not a name: 环保系统设置环境应急管理机构.
_MID_VERB = re.compile(r"下设|设立|设置|设在|简称|以下|负责|牵头|配合|组织|开展|完成|推进|落实|建立|健全|做好|实施(?!单位)|制定|加强|提供|通过|成立")


@short_cache
def looks_like_unit(text: str) -> bool:
    """Whether ``text`` ends like an organisation name (局, 委, 政府, 公司 …) or is a bare place.

    >>> looks_like_unit("市交通运输局"), looks_like_unit("2016年底"), looks_like_unit("团市委")
    (True, False, True)
    """
    text = _TRAILING.sub("", _QUALIFIER.sub("", text).strip()) or text.strip()
    if len(text) > 30 or not text or _VERB_START.match(text) or re.search(r"[。；;！？]", text) or _NOT_A_BODY.search(text):
        return False
    if _MID_VERB.search(text) or (text.endswith("机构") and len(text) > 8 and not _COLLECTIVE.search(text)):
        return False
    return bool(_SUFFIX_RE.search(text)) or is_bare_place(text)


@short_cache
def all_units(text: str) -> bool:
    """Whether every item of a unit list is a unit name or a collective.

    >>> all_units("市公安局、各县（区）政府"), all_units("要根据各自职责")
    (True, False)
    """
    parts = split_unit_text(text)
    return bool(parts) and all(looks_like_unit(p) or is_collective(p) for p, _, _ in parts)


@short_cache
def mostly_units(text: str) -> bool:
    """Whether a list reads as units although some items lack an organisation word
    (``…市统计局，平朔公司，神头一、二电厂、大唐等``): three items or more, two thirds of them units.

    >>> mostly_units("市发改委、市统计局，平朔公司，神头一、二电厂、大唐等"), mostly_units("加强管理、严格执法")
    (True, False)
    """
    parts = split_unit_text(text)
    good = sum(1 for p, _, _ in parts if looks_like_unit(p) or is_collective(p))
    return len(parts) >= 3 and good * 3 >= len(parts) * 2 and all(len(squeeze(p)) <= 16 for p, _, _ in parts)


@short_cache
def normalise_name(surface: str) -> str:
    """The full name for a surface form: folded, de-spaced, 等 dropped, abbreviations expanded.

    >>> normalise_name("市 环保局 ")
    '市环境保护局'
    >>> normalise_name("朔城区政府(以古北街为界分别负责)")
    '朔城区人民政府'
    >>> normalise_name("各县（市、区）政府（管委会）")
    '各县（市、区）政府（管委会）'
    """
    name = squeeze(fold(surface)).strip("：:。.，,、；; \t“”\"")
    name = _TRAILING.sub("", name)
    if is_collective(name):
        return _balance(name)
    # qualifiers in brackets that are not themselves units are dropped
    name = _QUALIFIER.sub("", name).strip() or name
    if "人民政府" in name:
        return name
    if is_bare_place(name) and not _SUFFIX_RE.search(name):
        return name + "人民政府"
    if re.search(r"(?:省|市|县|区)委(?:省|市|县|区)?政府", name):
        return name  # 县委县政府 and its offices are joint bodies, not abbreviations
    for short, full in _abbreviations():
        if name.endswith(short) and not name.endswith(full):
            stem = name[: -len(short)]
            if short == "政府" and not stem:
                break
            if stem and not PLACE_END.search(stem):
                break  # 工业和信息科技局 is a full name, not an abbreviated 科技局
            return stem + full
    return name


def _balance(name: str) -> str:
    """Close brackets a line break cut off: 各县（市、区）政府（管委会 -> …（管委会）."""
    opened = name.count("（") - name.count("）")
    return name + "）" * max(opened, 0)


def _split_glued(text: str) -> list[tuple[int, int]]:
    """Spans of units printed without a separator: 市环保局市住建局 -> two spans."""
    spans, start = [], 0
    # 指挥部各成员单位 is one collective: the members of the body before it
    pattern = re.compile(UNIT_SUFFIX + r"(?P<joiner>及|和|与)?(?=(?:市|区|县|省|州|各(?!(?:成员|有关|相关|下属|直属|所属)?(?:单位|部门|成员))|中共)[\u4e00-\u9fff])")
    for m in pattern.finditer(text):
        end = m.end() - len(m.group("joiner") or "")
        piece = text[start:end]
        rest = text[m.end():]
        # only split where both sides are unit names of their own
        if looks_like_unit(piece) and len(piece) >= 3 and re.match(r"[\u4e00-\u9fff（）()]{2,}", rest):
            nxt = UNIT_PATTERN.match(rest)
            if nxt and looks_like_unit(nxt.group(0)):
                spans.append((start, end))
                start = m.end()
    spans.append((start, len(text)))
    return spans


_SUB_OFFICE = re.compile(r"^(?:督查室|办公室|督查科|秘书科|综合科|督办室|办|室)$")


def _join_broken(folded: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces that a space split inside a name (财 政局, 县交通 运输局)."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out:
            ps, pe = out[-1]
            gap = folded[pe:s]
            prev = folded[ps:pe].strip()
            nxt = folded[s:e].strip()
            spaced = bool(gap) and all(ch in _SPACES for ch in gap)
            broken = not looks_like_unit(prev) and not is_collective(prev) and not re.match(r"(?:市|区|县|省|旗|各|中共|自治区)", nxt)
            # an office printed after its body, split by a PDF space: 县委县政府 督查室
            office = bool(_SUB_OFFICE.match(nxt)) and looks_like_unit(prev)
            if spaced and (broken or office):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


#: Levels printed before the body they share: 各县、区人民政府 is the governments of the counties
#: and districts, one group.
_LEVELS_ONLY = re.compile(r"^各?(?:省|市|县|区|旗|乡|镇|乡镇|县区|县市|市县)$")
_LEVEL_LED = re.compile(r"^(?:省|市|县|区|旗|乡|镇|街道)")
_SHARED_BODY = re.compile(r"(?:人民政府|政府|党委|管委会)(?:（[^（）]*）)?$")


def _join_shared_level(folded: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a bare level to the name after it that it shares a body with (各县、区人民政府)."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out:
            ps, pe = out[-1]
            if (_LEVELS_ONLY.match(folded[ps:pe].strip()) and folded[pe:s] == "、"
                    and _LEVEL_LED.match(folded[s:e].strip()) and _SHARED_BODY.search(folded[s:e].strip())):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


@short_cache
def split_unit_text(text: str) -> tuple[tuple[str, int, int], ...]:
    """Split a cell or role clause into unit surfaces with offsets, respecting brackets.

    >>> [s for s, _, _ in split_unit_text("市卫生计生局（市检验检测中心）、各县（市、区）政府（管委会）")]
    ['市卫生计生局（市检验检测中心）', '市检验检测中心', '各县（市、区）政府（管委会）']
    >>> [s for s, _, _ in split_unit_text("市公安局, 市工商局")]
    ['市公安局', '市工商局']
    """
    folded = fold(text)
    pieces: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(folded):
        if ch in "（“":
            depth += 1
        elif ch in "）”":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in _SEPARATORS:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(folded)))
    pieces = _join_shared_level(folded, _join_broken(folded, [(s, e) for s, e in pieces if folded[s:e].strip()]))
    out: list[tuple[str, int, int]] = []
    for s, e in pieces:
        while s < e and folded[s] in " \t":
            s += 1
        while e > s and folded[e - 1] in " \t。.":
            e -= 1
        if s >= e:
            continue
        piece = folded[s:e]
        # a unit printed in brackets after another one: 市卫生计生局（市检验检测中心）
        m = re.match(r"^(.+?" + UNIT_SUFFIX + r")（([^（）]+)）$", piece)
        if (m and not is_collective(piece) and len(squeeze(m.group(2))) >= 3 and looks_like_unit(m.group(2))
                and not m.group(2).endswith("管委会")):
            inner_start = s + m.start(2)
            # the outer unit keeps its bracket as printed (市委宣传部(市文明办)); the inner is a unit too
            out.append((text[s:e], s, e))
            out.append((text[inner_start : inner_start + len(m.group(2))], inner_start, inner_start + len(m.group(2))))
            continue
        for gs, ge in _split_glued(piece):
            out.append((text[s + gs : s + ge], s + gs, s + ge))
    return tuple((surf, s, e) for surf, s, e in out if _TRAILING.sub("", squeeze(fold(surf))))


def _level(name: str, kind: str) -> str:
    if kind == "collective":
        return "collective"
    if re.search(r"公司|集团|电厂|厂$", name):
        return "enterprise"
    if name.startswith(("省", "自治区")) or re.match(r"^[\u4e00-\u9fff]{2,4}(?:省|自治区)", name):
        return "province"
    if name.startswith(("国家", "国务院", "中国", "环境保护部", "生态环境部")):
        return "national"
    if name.startswith("市") or name.startswith("中共") and "市委" in name:
        return "city"
    if re.match(r"^[\u4e00-\u9fff]{0,6}(?:区|特区|开发区|管委会)", name) or name.startswith("区"):
        return "district"
    if re.match(r"^[\u4e00-\u9fff]{0,6}县", name) or re.match(r"^[\u4e00-\u9fff]{2,4}市人民政府", name):
        return "county"
    return "other"


def unit_ref(surface: str, *, jurisdiction: str | None = None) -> UnitRef:
    """A :class:`UnitRef` for one surface form.

    A bare department stem in a role cell (发改, 环保) names the body of the document's own
    level:

    >>> unit_ref("发改", jurisdiction="湄潭县").name
    '县发展和改革局'
    >>> unit_ref("县自然资源").name == unit_ref("县自然资源局").name == "县自然资源局"
    True
    """
    name = normalise_name(surface)
    stem = _stems().get(name)
    if stem and jurisdiction and jurisdiction[-1] in "省市区县旗":
        name = jurisdiction[-1] + stem
    elif name[:1] in "省市区县旗" and _stems().get(name[1:]):
        name = name[0] + _stems()[name[1:]]  # 县自然资源 is 县自然资源局
    if is_collective(name):
        kind = "collective"
    elif re.search(r"(?:部门|单位)$", name) and len(name) <= 8:
        kind = "generic"
    else:
        kind = "unit"
    after, before = renamed(name) if kind == "unit" else ((), ())
    return UnitRef(surface=surface.strip(), name=name, jurisdiction=jurisdiction, kind=kind, level=_level(name, kind),
                   successors=after, predecessors=before)


def parse_units(text: str, *, jurisdiction: str | None = None) -> list[UnitRef]:
    """Every unit named in a role cell or clause, in order, without duplicates."""
    seen: set[str] = set()
    out = []
    for surface, _, _ in split_unit_text(text):
        ref = unit_ref(surface, jurisdiction=jurisdiction)
        if ref.name and ref.name not in seen:
            seen.add(ref.name)
            out.append(ref)
    return out


def pref_label(unit: UnitRef) -> str:
    """The unit's full name qualified by its jurisdiction where the name is relative (市…, 区…).

    >>> pref_label(unit_ref("县环保局", jurisdiction="盘县"))
    '盘县环境保护局'
    """
    place = unit.jurisdiction
    name = unit.name
    if not place or unit.kind == "collective":
        return name
    for level in ("自治区", "省", "市", "区", "县", "旗"):
        if name.startswith(level) and place.endswith(level):
            return place + name[len(level):]
    return name
