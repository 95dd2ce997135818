"""Names as users type them: the units and topics of a store that a typed name stands for.

A unit name goes through the normaliser extraction uses (:func:`govkg.extract.unit.normalise_name`:
traditional characters, spaces, abbreviations), so 市环保局 finds the 市环境保护局 of every city
(each is labelled with the name as printed and as normalised), and 六盘水市环保局 finds one of them
(its preferred label is qualified by its place). A name without a level (环保局) finds every unit
whose name ends with it. ``jurisdiction`` keeps the units of one place. A name that finds nothing
raises :class:`~govkg.graph.errors.UnknownNameError` listing the closest names in the store.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root / "a.txt"], root / "kg", progress=None)
>>> [m.label for m in match_units(root / "kg", "市環保局")]
['遵义市环境保护局']
>>> [m.label for m in match_units(root / "kg", "环保局")]
['遵义市环境保护局']
>>> match_units(root / "kg", "市财政局")
Traceback (most recent call last):
...
govkg.graph.errors.UnknownNameError: no unit is named '市财政局' (read as 市财政局); the closest names in the store: 遵义市环境保护局. `govkg units` lists them all
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .errors import UnknownNameError
from .store import ReadStore, open_store, select

__all__ = ["UnitMatch", "match_units", "unit_labels", "match_topic", "closest"]

_LEVELS = "省市区县旗镇乡"


@dataclass(frozen=True)
class UnitMatch:
    """A unit of the store: its IRI, preferred label, the label that matched, and its place."""

    iri: str
    label: str
    matched: str
    jurisdiction: str | None


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _exact(st: ReadStore, labels: list[str]) -> list[UnitMatch]:
    values = " ".join(_literal(label) for label in dict.fromkeys(labels))
    rows = select(st, f"""
        SELECT DISTINCT ?u ?pref ?label ?place WHERE {{
          VALUES ?label {{ {values} }}
          ?u skos:prefLabel|skos:altLabel ?label .
          ?u a gk:Unit ; skos:prefLabel ?pref .
          OPTIONAL {{ ?u gk:jurisdiction ?p OPTIONAL {{ ?p rdfs:label ?place }} }}
        }}""").rows
    return [UnitMatch(u, pref, label, place) for u, pref, label, place in rows]


def unit_labels(store: str | Path | ReadStore) -> list[UnitMatch]:
    """Every label (preferred and alternative) of every unit, one :class:`UnitMatch` each.

    (Four small queries joined here: a unit is described in every document graph that names it,
    and one query joining its type, labels and place over the union of graphs would meet each
    triple once per graph.)
    """
    st = store if isinstance(store, ReadStore) else open_store(store)
    units = {u for (u,) in select(st, "SELECT DISTINCT ?u WHERE { ?u a gk:Unit }").rows}
    places = dict(select(st, "SELECT DISTINCT ?p ?name WHERE { ?p a gk:Jurisdiction ; rdfs:label ?name }").rows)
    place_of = {u: places.get(p) for u, p in select(st, "SELECT DISTINCT ?u ?p WHERE { ?u gk:jurisdiction ?p }").rows if u in units}
    pref = {u: label for u, label in select(st, "SELECT DISTINCT ?u ?l WHERE { ?u skos:prefLabel ?l }").rows if u in units}
    out = [UnitMatch(u, label, label, place_of.get(u)) for u, label in pref.items()]
    for u, alt in select(st, "SELECT DISTINCT ?u ?l WHERE { ?u skos:altLabel ?l }").rows:
        if u in pref:
            out.append(UnitMatch(u, pref[u], alt, place_of.get(u)))
    return out


def match_units(store: str | Path | ReadStore, text: str, *, jurisdiction: str | None = None) -> list[UnitMatch]:
    """The units ``text`` names, sorted by preferred label (one entry per unit)."""
    from govkg.extract.text import fold
    from govkg.extract.unit import normalise_name, stem_body

    typed = " ".join(text.split())
    if not typed:
        raise UnknownNameError("give a unit name, such as 市环境保护局")
    normal = normalise_name(typed)
    st = store if isinstance(store, ReadStore) else open_store(store)
    found = _exact(st, [typed, fold(typed), normal])
    if normal[:1] not in _LEVELS:  # no level, no place: every unit of that name, wherever
        endings = {normal, fold(typed), stem_body(normal) or normal}
        found += [m for m in unit_labels(st) if m.label.endswith(tuple(endings))]
    if jurisdiction:
        place = fold(jurisdiction.strip())
        found = [m for m in found if m.jurisdiction == place]
    units: dict[str, UnitMatch] = {}
    for m in sorted(found, key=lambda m: (m.label, m.matched != typed, m.matched)):
        units.setdefault(m.iri, m)
    if not units:
        where = f" in {jurisdiction}" if jurisdiction else ""
        read = f" (read as {normal})" if normal else ""
        labels = sorted({m.label for m in unit_labels(st) if not jurisdiction or m.jurisdiction == fold(jurisdiction.strip())})
        raise UnknownNameError(f"no unit is named {typed!r}{where}{read}; " + _hint(normal, labels, "units"))
    return sorted(units.values(), key=lambda m: m.label)


def match_topic(store: str | Path | ReadStore, text: str) -> list[str]:
    """The topic concepts whose label (Chinese or English, preferred or alternative) is ``text``."""
    from govkg.extract.text import fold

    typed = fold(" ".join(text.split()))
    st = store if isinstance(store, ReadStore) else open_store(store)
    rows = select(st, f"SELECT DISTINCT ?c WHERE {{ ?c gk:searchLabel {_literal(typed)} }}").rows
    if rows:
        return [c for (c,) in rows]
    labels = sorted({label for (label,) in select(st, """
        SELECT DISTINCT ?label WHERE { ?c a skos:Concept ; skos:prefLabel ?l FILTER (LANG(?l) = "zh") BIND (STR(?l) AS ?label) }""").rows})
    raise UnknownNameError(f"no topic is named {text!r}; " + _hint(typed, labels, "topics"))


def closest(text: str, names: list[str], n: int = 5) -> list[str]:
    """The names most like ``text``: those containing it or contained in it first, then by similarity.

    >>> closest("环保", ["市财政局", "市环境保护局", "市环保局"])
    ['市环保局', '市环境保护局']
    """
    inside = [name for name in names if text and (text in name or name in text)]
    similar = difflib.get_close_matches(text, names, n=n, cutoff=0.3)
    ordered = list(dict.fromkeys(inside + similar))
    return ordered[:n]


def _hint(text: str, names: list[str], command: str) -> str:
    near = closest(text, names) or names[:5]
    if not near:
        return f"the store has no {command} yet"
    return f"the closest names in the store: {'、'.join(near)}. `govkg {command}` lists them all"
