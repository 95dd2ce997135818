"""The explorer's visual vocabulary: colour and shape per node kind, colour, width and arrow
per edge role and per overview link, and the colours units take from their jurisdiction.

Closed tables like :mod:`govkg.viz.style` (which serves the pyvis page): the explorer's page
draws with sigma.js, which has circles and squares, solid lines and arrows, so the kinds and
roles are told apart by colour, shape and width. Actors and tasks are circles; things they
work on (topics, regulations, documents) are squares.

>>> KIND_STYLES["topic"].shape, ROLE_STYLES["cites"].arrow, LINK_STYLES["partners"].zh
('square', True, '共同任务')
>>> jurisdiction_colour(0) != jurisdiction_colour(1)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from govkg.viz.contract import KINDS, ROLES

__all__ = ["KindStyle", "LineStyle", "KIND_STYLES", "ROLE_STYLES", "LINK_STYLES",
           "JURISDICTION_COLOURS", "jurisdiction_colour"]


@dataclass(frozen=True)
class KindStyle:
    """How nodes of one kind are drawn: sigma.js program (``circle`` or ``square``), colour.

    >>> KindStyle("circle", "#000000", "单位", "unit").shape
    'circle'
    """

    shape: str
    color: str
    zh: str
    en: str


@dataclass(frozen=True)
class LineStyle:
    """How one edge role or overview link is drawn: colour, width in pixels, arrow or not.

    >>> LineStyle("#000000", 1.0, False, "配合", "cooperating").size
    1.0
    """

    color: str
    size: float
    arrow: bool
    zh: str
    en: str


KIND_STYLES: Mapping[str, KindStyle] = MappingProxyType({
    "unit": KindStyle("circle", "#607d8b", "单位", "unit"),
    "collective": KindStyle("square", "#c77700", "单位集合", "collective"),
    "task": KindStyle("circle", "#7cb342", "任务", "task"),
    "regulation": KindStyle("square", "#c2185b", "法规", "regulation"),
    "topic": KindStyle("square", "#e6a700", "主题", "topic"),
    "document": KindStyle("square", "#795548", "文件", "document"),
    "jurisdiction": KindStyle("circle", "#37474f", "地区", "jurisdiction"),
})

ROLE_STYLES: Mapping[str, LineStyle] = MappingProxyType({
    "lead": LineStyle("#d32f2f", 2.2, False, "牵头", "lead"),
    "responsible": LineStyle("#1565c0", 1.5, False, "负责", "responsible"),
    "cooperating": LineStyle("#00897b", 1.0, False, "配合", "cooperating"),
    "cites": LineStyle("#ad1457", 1.0, True, "依据", "cites"),
    "subject": LineStyle("#c9a227", 0.7, False, "主题", "subject"),
    "parent": LineStyle("#6d4c41", 1.0, True, "上级", "parent"),
    "broader": LineStyle("#b08900", 1.2, True, "上位主题", "broader"),
})

#: The overview's own links (see :mod:`govkg.viz.overview`); width grows with the weight.
LINK_STYLES: Mapping[str, LineStyle] = MappingProxyType({
    "partners": LineStyle("#8fa3b8", 0.8, False, "共同任务", "shared tasks"),
    "topic": LineStyle("#e8cf7a", 0.6, False, "涉及主题", "works on topic"),
})

#: Units and collectives take the colour of their jurisdiction, in order of appearance.
JURISDICTION_COLOURS = ("#1f77b4", "#d62728", "#9467bd", "#17becf", "#ff7f0e", "#393b79",
                        "#e377c2", "#843c39", "#5254a3", "#0b7a75", "#a05195", "#636363")

assert tuple(KIND_STYLES) == KINDS and tuple(ROLE_STYLES) == ROLES


def jurisdiction_colour(index: int) -> str:
    """The colour of the ``index``-th jurisdiction (the palette repeats after 12).

    >>> jurisdiction_colour(12) == jurisdiction_colour(0)
    True
    """
    return JURISDICTION_COLOURS[index % len(JURISDICTION_COLOURS)]
