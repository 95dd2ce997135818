"""Deadlines as written and as dates.

>>> parse_deadline("2016年底").end
datetime.date(2016, 12, 31)
>>> parse_deadline("2019年9月底前").end
datetime.date(2019, 9, 30)
>>> d = parse_deadline("每年12月20日前"); (d.kind, d.month, d.day)
('annual', 12, 20)
>>> d = parse_deadline("2015年9月—2017年4月"); (d.kind, d.start, d.end)
('interval', datetime.date(2015, 9, 1), datetime.date(2017, 4, 30))
>>> parse_deadline("长期").kind
'open'
>>> parse_deadline("加强管理") is None
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .records import Deadline
from .text import fold

__all__ = ["parse_deadline", "find_deadline"]

_YMD = r"((?:19|20)\d\d)\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末|中旬|上旬|下旬))?|(底|末|年底|内|上半年|下半年))?"
_POINT = re.compile(_YMD)
_RANGE = re.compile(_YMD + r"\s*(?:—|–|-|－|~|至|到)+\s*(?:((?:19|20)\d\d)\s*年\s*)?(\d{1,2})?\s*月?(底|末)?")
_ANNUAL = re.compile(r"每年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末))?")
_OPEN = re.compile(r"^(?:长期|持续|常态化|长期坚持|持续推进|持续开展)")


def _end_of(year: int, month: int | None, day: int | None, part: str | None) -> date:
    if month is None:
        if part == "上半年":
            return date(year, 6, 30)
        return date(year, 12, 31)
    month = min(max(month, 1), 12)
    last = calendar.monthrange(year, month)[1]
    if day:
        return date(year, month, min(day, last))
    if part in ("上旬",):
        return date(year, month, 10)
    if part in ("中旬",):
        return date(year, month, 20)
    return date(year, month, last)


#: A date printed with dots or slashes: 2021.12, 2021.8.30, 2021/6.
_DOTTED = re.compile(r"""
    (?P<year>(?:19|20)\d\d) \s*[.．/]\s* (?P<month>\d{1,2}) (?:\s*[.．/]\s* (?P<day>\d{1,2}))?
    \s*(?:前|底|止|完成|以前|之前)?$""", re.VERBOSE)


def parse_deadline(text: str) -> Deadline | None:
    """The deadline in a short deadline text (a 完成时限 cell), or ``None``.

    >>> parse_deadline("2021.12").end, parse_deadline("2021.8.30前").end, parse_deadline("2021.13")
    (datetime.date(2021, 12, 31), datetime.date(2021, 8, 30), None)
    """
    raw = text.strip()
    t = fold(raw)
    if not t:
        return None
    if _OPEN.match(t):
        return Deadline(text=raw, kind="open")
    m = _ANNUAL.search(t)
    if m and t.startswith("每年"):
        return Deadline(text=raw, kind="annual", month=int(m.group(1)), day=int(m.group(2)) if m.group(2) else None)
    r = _RANGE.match(t)
    if r and (r.group(6) or r.group(7)):
        y1 = int(r.group(1))
        m1 = int(r.group(2)) if r.group(2) else 1
        y2 = int(r.group(6)) if r.group(6) else y1
        m2 = int(r.group(7)) if r.group(7) else None
        return Deadline(text=raw, kind="interval", start=date(y1, min(max(m1, 1), 12), 1), end=_end_of(y2, m2, None, r.group(8)))
    d = _DOTTED.match(t)
    if d and 1 <= int(d.group("month")) <= 12:
        day = int(d.group("day")) if d.group("day") else None
        if day is None or 1 <= day <= calendar.monthrange(int(d.group("year")), int(d.group("month")))[1]:
            return Deadline(text=raw, kind="date", end=_end_of(int(d.group("year")), int(d.group("month")), day, None))
    m = _POINT.search(t)
    if m:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        return Deadline(text=raw, kind="date", end=_end_of(year, month, day, m.group(4) or m.group(5)))
    return None


_IN_TEXT = re.compile(r"(?:于|在|到|至)?((?:19|20)\d\d\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?(?:底|末)?前)|(每年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?(?:底)?前)")


def find_deadline(text: str) -> Deadline | None:
    """A deadline stated inside a task sentence (…2016年底前完成…), or ``None``.

    >>> find_deadline("确保2017年6月底前建成").end
    datetime.date(2017, 6, 30)
    """
    m = _IN_TEXT.search(fold(text))
    if not m:
        return None
    return parse_deadline(m.group(1) or m.group(2))
