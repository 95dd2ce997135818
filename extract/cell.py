"""What a table cell holds, read from its content alone.

Tables printed as text lose their grid: cells go missing (merged over rows), run together or
spill into their neighbours. The reader puts them back by what they contain: a sequence
number, a section heading, a list of units, a deadline, a person or post, a progress note, or
task text. :func:`cell_type` names one of those; the row reader scores each type against each
column kind.

>>> [cell_type(t) for t in ("3", "一、持续强化规划引领", "区住房城市建委、区机关事务局", "2021年2月底前")]
['number', 'section', 'units', 'deadline']
>>> [cell_type(t) for t in ("7月底前制定", "持续开展", "张副县长", "已完成", "建立建筑垃圾监管平台。", "")]
['deadline', 'deadline', 'person', 'progress', 'text', 'empty']
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold, numbering_level, short_cache
from .unit import all_units, mostly_units

__all__ = ["cell_type", "CELL_TYPES", "DEADLINE_CELL", "is_sequence_number", "sequence_value"]

#: Every type :func:`cell_type` returns.
CELL_TYPES = ("empty", "number", "section", "units", "deadline", "person", "progress", "text")

_EMPTY = re.compile(r"^[\s—\-－–/／、，,。.]*$|^(?:无|暂无|空)$")
_NUMBER = re.compile(
    r"""^\s*(?:
        (?P<arabic>[0-9]{1,3})\s*[、.．]?            # 3   3、   3.
      | [（(]\s*(?P<paren>[0-9]{1,3})\s*[)）]       # （3）
      | (?P<chinese>[一二三四五六七八九十]{1,3})     # 三  (a sequence cell, never followed by text)
    )\s*$""",
    re.VERBOSE,
)
#: A cell holding only a deadline (a 完成时限 cell).
DEADLINE_CELL = re.compile(
    r"""^(?:
        (?:19|20)\d\d\s*年?\s*(?:度|底|末|内|前)?[\d\s月日底前中上下旬—\-~至到起年]*?(?:前|底|止|完成|以前|之前)?
      | (?:19|20)\d\d\s*[—\-~至到]\s*(?:19|20)\d\d\s*年?.{0,6}
      | (?:19|20)\d\d\s*[.．/]\s*[01]?\d(?:\s*[.．/]\s*[0-3]?\d)?\s*(?:前|底|止|完成|以前|之前)?   # 2021.12, 2021.8.30
      | 每年.{0,10}|每季度.{0,8}|每月.{0,8}|每半年.{0,8}
      | 长期(?:坚持|开展|推进)?|持续(?:开展|推进|实施|进行)?|常态化?(?:开展|推进|工作)?|全年|年底前?|年内|立即(?:开展|实施)?|即日起.{0,8}
      | .{0,12}?(?:后|起)\s*[0-9一二三四五六]+\s*个?(?:月|周|日|天|工作日)内?(?:完成|办结)?
      | (?:每年|每季度|每月|上半年|下半年|年底|年中|汛期前|春节前|国庆前).{0,8}
    )$""",
    re.VERBOSE,
)
#: A short cell that starts with a time: 7月底前制定, 12月底前完成新能源汽车更换.
_TIME_LED = re.compile(
    r"""^(?:
        (?:19|20)\d\d\s*年 | (?:19|20)\d\d\s*[—\-~至到] | [0-9]{1,2}\s*月 | 年底 | 年内 | 每年 | 每季度 | 每月
      | 长期 | 持续 | 常态化 | 上半年 | 下半年 | 全年 | 即日起
    )""",
    re.VERBOSE,
)
_PERSON = re.compile(
    r"""(?:
        (?:副|常务)?(?:省长|市长|县长|区长|旗长|镇长|乡长|书记|主任|主席|局长|厅长|部长|处长|科长|秘书长|组长|站长|所长|委员|常委|同志|调研员|干部)$
      | ^[\u4e00-\u9fff]{2,3}\s*(?:[0-9]{7,12}|1[3-9][0-9]{9})$                 # 张三 13800000000
      | ^(?:[\u4e00-\u9fff]{2,3}[、，,\s]+){1,6}[\u4e00-\u9fff]{2,3}$(?<![局委办厅部府会处室])   # 张三、李四
    )""",
    re.VERBOSE,
)
#: Persons' names as a post column prints them: one to three names of two or three characters.
_NAMES = re.compile(
    r"^(?:(?:[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤俞]"
    r"[\u4e00-\u9fff]{1,2})[、，,\s]*){1,3}$"
)
#: A note on progress: 已完成…, 正在推进…, 目前已…, 截至10月底…
_PROGRESS_NOTE = re.compile(r"^(?:已(?:完成|建成|开工|进场|启动|实施|开展|上报|印发|出台|召开)|正在|目前已?|现已|截至|截止|累计(?:已|完成))")
#: A report of work done, anywhere in a cell: 验收材料已准备完毕, 44个村庄已完成治理 (a task says
#: what to do, never that it is done).
_PROGRESS_DONE = re.compile(r"已(?:全部|基本|初步)?(?:准备)?(?:完成|完毕|建成|建设完成|开工|竣工|上报|验收|印发|出台|召开|到位)|^完工")
_PROGRESS = re.compile(
    r"^(?:已完成|已办结|未完成|正在推进|推进中|正在实施|进行中|持续推进中|按进度推进|序时推进|达序|未达序|是|否|完成|√|×|✓|○|●"
    r"|\d{1,3}(?:\.\d+)?\s*[%％])$"  # a bare share (90%): how far the work has got, never a task
)


def sequence_value(text: str) -> int | None:
    """The number of a sequence cell (3, 3、, （3）), or ``None``.

    >>> sequence_value("12、"), sequence_value("（3）"), sequence_value("2020")
    (12, 3, None)
    """
    m = _NUMBER.match(fold(text))
    if not m:
        return None
    digits = m.group("arabic") or m.group("paren")
    if digits:
        return int(digits)
    return None


def is_sequence_number(text: str) -> bool:
    """Whether a cell is only a sequence number (arabic, bracketed, or a Chinese numeral)."""
    return bool(_NUMBER.match(fold(text)))


@short_cache
def cell_type(text: str) -> str:
    """The type of one cell, one of :data:`CELL_TYPES`."""
    t = re.sub(r"\s+", " ", fold(text)).strip()
    if re.search(r"\d\s+[年月日]|[年月]\s+\d", t):
        t = re.sub(r"(?<=[\d年月])\s+(?=[\d年月日底前])", "", t)  # 2016 年 6 月底前 from a PDF
    if _EMPTY.match(t):
        return "empty"
    if _NUMBER.match(t):
        return "number"
    if DEADLINE_CELL.match(t) or (len(t) <= 16 and _TIME_LED.match(t) and not all_units(t)):
        return "deadline"
    if _PROGRESS.match(t) or (len(t) > 6 and (_PROGRESS_NOTE.match(t) or _PROGRESS_DONE.search(t))):
        return "progress"
    squeezed = t.replace(" ", "")
    level = numbering_level(t)
    if level in (1, 2) and len(squeezed) <= 40 and not re.search(r"[。；;]", t[:-1]):
        return "section"
    if len(squeezed) > 40 and "。" in t.rstrip("。 "):
        return "text"  # sentences: a list of units has no full stop inside (and reading it as one is slow)
    if all_units(t) or mostly_units(t):
        return "units"
    if len(squeezed) <= 12 and (_PERSON.search(squeezed) or _NAMES.match(squeezed)):
        return "person"
    return "text"
