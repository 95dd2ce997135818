"""Plain frozen records that the extractors return: no RDF here.

Every record that the graph turns into an edge carries an :class:`Evidence`: the document's
file name, the 1-based physical line (blank lines count), the code-point offsets in that line
and the quoted text, so an analyst can check any edge against the source.

>>> ev = Evidence(document="a.txt", line=3, start=0, end=4, quote="市环保局")
>>> ev.line, ev.quote
(3, '市环保局')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Evidence",
    "Document",
    "UnitRef",
    "Assignment",
    "Deadline",
    "Target",
    "Citation",
    "Task",
    "Actor",
    "Problem",
    "Block",
    "Extraction",
    "ROLES",
]

#: The role vocabulary every extractor maps its document's words onto.
ROLES = ("lead", "responsible", "cooperating")


@dataclass(frozen=True)
class Evidence:
    """Where a record comes from: file name, 1-based line, offsets in that line and the quote.

    A span that runs over a line break (a name a page break cut, a wrapped cell) ends on
    ``end_line``; then ``end`` is an offset in that line and the quote holds the source text
    from ``(line, start)`` to ``(end_line, end)``, line breaks included.
    """

    document: str
    line: int
    start: int
    end: int
    quote: str
    end_line: int | None = None


@dataclass(frozen=True)
class Document:
    """A source file read as lines.

    ``lines[0]`` is physical line 1 (of the file, or of the text rendition of a Word, PDF,
    HTML or spreadsheet file). ``jurisdiction`` is the place the document belongs to
    (六盘水市, 阳江市, 雨花区 …) or ``None`` when no place can be read off its title.
    ``format`` is the file's format, ``encoding`` the encoding a text file was decoded from,
    ``locators`` where each line stands in the file (``page 3``, ``table 1, row 4``: empty for
    text files) and ``grids`` the tables the file holds as real tables
    (:class:`~govkg.extract.rendition.Grid`).
    """

    path: str
    file_name: str
    sha256: str
    title: str
    jurisdiction: str | None
    lines: tuple[str, ...] = field(repr=False)
    format: str = "text"
    encoding: str | None = None
    locators: tuple[str, ...] = field(default=(), repr=False)
    grids: tuple = field(default=(), repr=False)
    warnings: tuple[str, ...] = field(default=(), repr=False)

    def locator(self, number: int) -> str:
        """Where 1-based line ``number`` stands in the source file ('' for plain text)."""
        return self.locators[number - 1] if 0 < number <= len(self.locators) else ""

    def line(self, number: int) -> str:
        """Text of 1-based physical line ``number``."""
        return self.lines[number - 1]


@dataclass(frozen=True)
class UnitRef:
    """A unit as a document names it.

    ``surface`` is the text as printed; ``name`` the full form at the document's own level of
    reference (市环保局 -> 市环境保护局); ``jurisdiction`` the place that qualifies it
    (六盘水市), used for identity and the preferred label; ``kind`` is ``unit``,
    ``collective`` (各县（市、区）政府), or ``generic`` (发改部门). ``successors`` and
    ``predecessors`` are the names the same body took or had in a rename of the 2018 reform
    (市环境保护局 -> 市生态环境局), from ``renames.tsv``.
    """

    surface: str
    name: str
    jurisdiction: str | None
    kind: str = "unit"
    level: str | None = None
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """A unit given a role (one of :data:`ROLES`) on a task, with the role word as printed."""

    role: str
    unit: UnitRef
    evidence: Evidence
    role_text: str = ""


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and as resolved.

    ``kind`` is ``date`` (2016年底), ``annual`` (每年12月20日前: ``month``/``day`` set),
    ``interval`` (2015年9月—2017年4月: ``start`` and ``end``), or ``open`` (长期, 持续).
    ``end`` is the resolved date where there is one.
    """

    text: str
    kind: str
    end: date | None = None
    start: date | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Target:
    """A measurable target such as ``≥85%``: indicator, comparator, value, unit, as written."""

    text: str
    indicator: str
    comparator: str
    value: str
    unit: str


@dataclass(frozen=True)
class Citation:
    """A cited regulation: a standard, a 文号 or a 《》 title.

    ``kind`` is one of ``national_standard``, ``industry_standard``, ``local_standard``,
    ``document_number``, ``titled_document``. ``code`` is the canonical code (``GB18599-2001``,
    ``环发〔2010〕54号``) and ``title`` the title without 《》; a title cited with its number
    has both.
    """

    surface: str
    kind: str
    code: str | None
    title: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Task:
    """A task, sub-task or assessment requirement.

    ``key`` is unique within the document; ``parent`` is the key of the enclosing task.
    ``template`` names the task text shared across jurisdictions, when the document repeats it.
    """

    key: str
    text: str
    evidence: Evidence
    section: str = ""
    parent: str | None = None
    deadline: Deadline | None = None
    assignments: tuple[Assignment, ...] = ()
    targets: tuple[Target, ...] = ()
    citations: tuple[Citation, ...] = ()
    topics: tuple[str, ...] = ()
    implicit: bool = False
    jurisdiction: str | None = None


@dataclass(frozen=True)
class Actor:
    """A unit named as an actor outside any assignment (narrative, distribution lists)."""

    unit: UnitRef
    evidence: Evidence
    role: str = "actor"


@dataclass(frozen=True)
class Problem:
    """A data problem found while reading: a result, not a log line."""

    document: str
    line: int
    message: str
    severity: str = "warning"


@dataclass(frozen=True)
class Block:
    """A stretch of the document and what it was read as: ``layout`` is ``table:<printing>``
    or one of the kinds of running text (``heading``, ``task``, ``role-line``, ``duty``,
    ``blanket``, ``unit-heading``, ``text``); ``detail`` says more (a table's header)."""

    line: int
    last_line: int
    layout: str
    detail: str = ""


@dataclass(frozen=True)
class Extraction:
    """What one document yields."""

    document: Document
    tasks: tuple[Task, ...] = ()
    actors: tuple[Actor, ...] = ()
    citations: tuple[Citation, ...] = ()
    problems: tuple[Problem, ...] = ()
    layout: str = ""
    blocks: tuple[Block, ...] = ()
