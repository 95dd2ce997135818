"""The visual vocabulary of the HTML view: one style per node kind and per edge role.

Both tables are closed: :func:`govkg.viz.render_html` refuses a node kind or an edge role that
is not listed here, so a new kind in the graph builder fails loudly instead of drawing grey.

>>> NODE_STYLES["unit"].shape, NODE_STYLES["task"].shape, NODE_STYLES["regulation"].shape
('box', 'dot', 'diamond')
>>> EDGE_STYLES["lead"].caption
'牵头/lead'
>>> len({style.color for style in NODE_STYLES.values()}) == len(NODE_STYLES)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

__all__ = ["NodeStyle", "EdgeStyle", "NODE_STYLES", "EDGE_STYLES"]


@dataclass(frozen=True)
class NodeStyle:
    """How one node kind is drawn: a vis-network shape, fill and border colour, and names.

    >>> NodeStyle("box", "#ffffff", "#000000", "单位", "unit").caption
    '单位/unit'
    """

    shape: str
    color: str
    border: str
    zh: str
    en: str

    @property
    def caption(self) -> str:
        """Chinese and English name, as shown in the legend and tooltips."""
        return f"{self.zh}/{self.en}"


@dataclass(frozen=True)
class EdgeStyle:
    """How one edge role is drawn: line colour, width, dashes, and the label's two names.

    >>> EdgeStyle("#000000", 1, False, "配合", "cooperating").caption
    '配合/cooperating'
    """

    color: str
    width: int
    dashes: bool
    zh: str
    en: str

    @property
    def caption(self) -> str:
        """Chinese and English name: the edge's label in the page."""
        return f"{self.zh}/{self.en}"


#: Node kind -> style. Units and collectives are both boxes, told apart by colour.
NODE_STYLES: Mapping[str, NodeStyle] = MappingProxyType(
    {
        "unit": NodeStyle("box", "#cfe2ff", "#1f5fbf", "单位", "unit"),
        "collective": NodeStyle("box", "#ffe0b2", "#c77700", "单位集合", "collective"),
        "task": NodeStyle("dot", "#a5d6a7", "#2e7d32", "任务", "task"),
        "regulation": NodeStyle("diamond", "#f48fb1", "#ad1457", "法规", "regulation"),
        "topic": NodeStyle("ellipse", "#fff59d", "#9e8600", "主题", "topic"),
        "document": NodeStyle("square", "#d7ccc8", "#5d4037", "文件", "document"),
    }
)

#: Edge role -> style. The three assignment roles are the loudest lines.
EDGE_STYLES: Mapping[str, EdgeStyle] = MappingProxyType(
    {
        "lead": EdgeStyle("#d32f2f", 3, False, "牵头", "lead"),
        "responsible": EdgeStyle("#1565c0", 2, False, "负责", "responsible"),
        "cooperating": EdgeStyle("#00897b", 1, True, "配合", "cooperating"),
        "cites": EdgeStyle("#ad1457", 1, False, "依据", "cites"),
        "subject": EdgeStyle("#9e8600", 1, True, "主题", "subject"),
        "parent": EdgeStyle("#5d4037", 2, False, "上级", "parent"),
        "broader": EdgeStyle("#f9a825", 2, False, "上位主题", "broader"),
        "mentions": EdgeStyle("#9e9e9e", 1, True, "提及", "mentions"),
    }
)
