"""A made-up but realistic graph in the explorer's contract, for tests and benchmarks.

Cities own documents and units (六盘水市生态环境局, alias 市环保局); every task comes from one
document, is led or carried out by one of its city's units (popular bureaus get most tasks),
is about a topic, and may have more units, cite regulations and sit under a parent task.
The node and edge counts are exact, and the same seed gives the same graph.

>>> g = synthetic_graph(600, 1100, seed=1)
>>> len(g), g.number_of_edges()
(600, 1100)
>>> sorted({kind for _, kind in g.nodes(data="kind")})
['collective', 'document', 'jurisdiction', 'regulation', 'task', 'topic', 'unit']
>>> synthetic_graph(600, 1100, seed=1).nodes["unit/0"] == g.nodes["unit/0"]
True
"""

from __future__ import annotations

import random

import networkx as nx

__all__ = ["synthetic_graph"]

_CITIES = ("六盘水市", "阳江市", "朔州市", "遵义市", "某某市", "安顺市", "韶关市", "大同市",
           "铜仁市", "茂名市", "晋中市", "毕节市", "湛江市", "忻州市", "黔南州", "清远市")
_COUNTIES = ("钟山区", "水城县", "盘州市", "江城区", "阳东区", "阳春市", "朔城区", "平鲁区")
#: (full name, short alias) of a bureau; the city-level unit is "<city><name>".
_BUREAUS = (
    ("生态环境局", "市环保局"), ("环境保护局", "市环保局"), ("发展和改革委员会", "市发改委"),
    ("工业和信息化局", "市工信局"), ("公安局", "市公安局"), ("财政局", "市财政局"),
    ("自然资源局", "市自然资源局"), ("住房和城乡建设局", "市住建局"), ("交通运输局", "市交通局"),
    ("水务局", "市水务局"), ("农业农村局", "市农业局"), ("商务局", "市商务局"),
    ("卫生健康委员会", "市卫健委"), ("应急管理局", "市应急局"), ("市场监督管理局", "市市场监管局"),
    ("林业局", "市林业局"), ("气象局", "市气象局"), ("城市管理局", "市城管局"),
    ("教育局", "市教育局"), ("国土资源局", "市国土局"), ("安全生产监督管理局", "市安监局"),
    ("人民政府办公室", "市政府办"), ("委宣传部", "市委宣传部"), ("司法局", "市司法局"),
)
_COLLECTIVES = ("各县（市、区）人民政府", "各乡镇人民政府", "市直各有关部门", "各开发区管委会")
#: (topic, broader topic or None)
_TOPICS = (
    ("大气污染防治", None), ("水污染防治", None), ("土壤污染防治", None), ("固体废物", None),
    ("生态保护", None), ("环境监管", None),
    ("燃煤锅炉", "大气污染防治"), ("机动车尾气", "大气污染防治"), ("扬尘治理", "大气污染防治"),
    ("挥发性有机物", "大气污染防治"), ("秸秆焚烧", "大气污染防治"), ("重污染天气", "大气污染防治"),
    ("饮用水水源保护", "水污染防治"), ("黑臭水体", "水污染防治"), ("工业废水", "水污染防治"),
    ("城镇污水处理", "水污染防治"), ("重金属", "土壤污染防治"), ("农用地", "土壤污染防治"),
    ("危险废物", "固体废物"), ("医疗废物", "固体废物"), ("生活垃圾", "固体废物"),
    ("自然保护区", "生态保护"), ("生态保护红线", "生态保护"), ("农村环境整治", "生态保护"),
    ("环境执法", "环境监管"), ("环境监测", "环境监管"), ("清洁生产", "环境监管"),
    ("环境影响评价", "环境监管"), ("排污许可", "环境监管"), ("环境信息公开", "环境监管"),
)
_LAWS = ("大气污染防治法", "水污染防治法", "土壤污染防治法", "固体废物污染环境防治法",
         "环境保护法", "环境影响评价法", "清洁生产促进法", "循环经济促进法")
_STANDARDS = (("GB18597-2001", "危险废物贮存污染控制标准"), ("GB18599-2001", "一般工业固体废物贮存和填埋污染控制标准"),
              ("GB3095-2012", "环境空气质量标准"), ("GB3838-2002", "地表水环境质量标准"),
              ("GB13271-2014", "锅炉大气污染物排放标准"), ("HJ 2025-2012", "危险废物收集贮存运输技术规范"),
              ("GB15618-2018", "土壤环境质量 农用地土壤污染风险管控标准"), ("GB18918-2002", "城镇污水处理厂污染物排放标准"))
_PLANS = ("实施方案", "行动计划", "工作方案", "管理办法", "考核办法")
_VERBS = ("加强", "开展", "推进", "完成", "落实", "严格", "建立健全", "组织实施", "深化", "强化")
_OBJECTS = ("监督管理", "专项整治", "执法检查", "排查整改", "监测预警", "信息公开", "考核评估",
            "规范化管理", "隐患排查", "台账建设")


def synthetic_graph(n_nodes: int = 5000, n_edges: int = 10000, seed: int = 0) -> nx.MultiDiGraph:
    """A graph of exactly ``n_nodes`` nodes and ``n_edges`` edges (``n_nodes >= 60``).

    >>> g = synthetic_graph(100, 150)
    >>> g.nodes["unit/0"]["label"], g.nodes["unit/0"]["aliases"]
    ('六盘水市生态环境局', ['市生态环境局', '市环保局'])
    """
    if n_nodes < 60:
        raise ValueError(f"n_nodes={n_nodes}; expected at least 60, to hold every kind of node")
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    cities = _CITIES[: max(1, min(len(_CITIES), n_nodes // 400))]
    for city in cities:
        g.add_node(f"jurisdiction/{city}", kind="jurisdiction", label=city)
    topics = _add_topics(g, max(6, min(len(_TOPICS), n_nodes // 60)))
    documents = _add_documents(g, cities, max(len(cities), min(40, n_nodes // 150)))
    regulations = _add_regulations(g, cities, max(4, n_nodes // 25), rnd)
    units = _add_units(g, cities, max(8, n_nodes * 7 // 100), max(1, n_nodes // 200))
    n_tasks = n_nodes - len(g)
    tasks = _add_tasks(g, documents, topics, n_tasks, rnd)
    _add_edges(g, tasks, units, topics, regulations, n_edges, rnd)
    return g


def _add_topics(g: nx.MultiDiGraph, count: int) -> list[str]:
    chosen = [name for name, broader in _TOPICS if broader is None][: max(1, count // 5)]
    chosen += [name for name, broader in _TOPICS if broader in chosen][: count - len(chosen)]
    for name in chosen:
        g.add_node(f"topic/{name}", kind="topic", label=name)
    return [f"topic/{name}" for name in chosen]


def _add_documents(g: nx.MultiDiGraph, cities: tuple[str, ...], count: int) -> list[str]:
    ids = []
    for i in range(count):
        city = cities[i % len(cities)]
        name = f"{i:03d}_{city}环境保护工作任务分解{_PLANS[i % len(_PLANS)]}.txt"
        g.add_node(f"document/{i}", kind="document", label=name, jurisdiction=city)
        ids.append(f"document/{i}")
    return ids


def _add_regulations(g, cities, count: int, rnd: random.Random) -> list[str]:
    names = [(None, f"《中华人民共和国{law}》") for law in _LAWS]
    names += [(code, f"《{title}》（{code}）") for code, title in _STANDARDS]
    i = 0
    while len(names) < count:
        city, topic = cities[i % len(cities)], _TOPICS[(i // len(cities)) % len(_TOPICS)][0]
        names.append((None, f"《{city}{topic}{_PLANS[i % len(_PLANS)]}》"))
        i += 1
    for i, (code, label) in enumerate(names[:count]):
        attrs = {"detail": code} if code else {}
        g.add_node(f"regulation/{i}", kind="regulation", label=label, **attrs)
    return [f"regulation/{i}" for i in range(count)]


def _add_units(g, cities, count: int, collectives: int) -> dict[str, list[str]]:
    """Units per city, the most popular bureaus first."""
    by_city: dict[str, list[str]] = {city: [] for city in cities}
    places = [(city, "") for city in cities] + [(c, county) for county in _COUNTIES for c in cities]
    number = 0
    for city, county in places:
        for name, alias in _BUREAUS:
            if number >= count:
                break
            short = name if county else f"市{name}"
            label = f"{city}{county}{name}" if county else f"{city}{name}"
            aliases = [short] + ([alias] if not county and alias != short else [])
            node = f"unit/{number}"
            g.add_node(node, kind="unit", label=label, aliases=aliases, jurisdiction=city,
                       detail=f"{city}{county}的职能部门")
            by_city[city].append(node)
            number += 1
    for i in range(collectives):
        city = cities[i % len(cities)]
        node = f"collective/{i}"
        g.add_node(node, kind="collective", label=_COLLECTIVES[(i // len(cities)) % len(_COLLECTIVES)],
                   jurisdiction=city)
        by_city[city].append(node)
    return by_city


def _add_tasks(g, documents: list[str], topics: list[str], count: int, rnd) -> list[tuple[str, str]]:
    """Task nodes with text, document, line, quote and deadline; returns (task, topic) pairs."""
    tasks, lines = [], dict.fromkeys(documents, 10)
    for i in range(count):
        document = documents[i % len(documents)]
        topic = topics[min(int(rnd.paretovariate(1.2)) - 1, len(topics) - 1) if i % 3 else i % len(topics)]
        text = f"{rnd.choice(_VERBS)}{g.nodes[topic]['label']}{rnd.choice(_OBJECTS)}"
        attrs = {}
        if rnd.random() < 0.7:
            year, month = rnd.randint(2016, 2022), rnd.choice((6, 12))
            text += f"，{year}年{month}月底前完成"
            attrs["deadline"] = f"{year}-{month:02d}-{30 if month == 6 else 31}"
        lines[document] += rnd.randint(1, 6)
        node = f"task/{i}"
        g.add_node(node, kind="task", label=text, text=text, document=g.nodes[document]["label"],
                   line=lines[document], quote=f"（{i % 9 + 1}）{text}。",
                   jurisdiction=g.nodes[document]["jurisdiction"], **attrs)
        tasks.append((node, topic))
    return tasks


def _add_edges(g, tasks, units, topics, regulations, n_edges: int, rnd: random.Random) -> None:
    """Mandatory edges first (one unit and one topic per task, topic hierarchy), then extras."""
    weights = {city: [1.0 / (rank + 1) ** 0.8 for rank in range(len(us))] for city, us in units.items()}
    edges: list[tuple[str, str, str]] = []

    def a_unit(task: str) -> str:
        city = g.nodes[task]["jurisdiction"]
        return rnd.choices(units[city], weights[city])[0]

    edges += [(a_unit(t), t, "lead" if rnd.random() < 0.55 else "responsible") for t, _ in tasks]
    edges += [(f"topic/{n}", f"topic/{b}", "broader") for n, b in _TOPICS if b and f"topic/{n}" in g and f"topic/{b}" in g]
    edges += [(t, topic, "subject") for t, topic in tasks]
    seen = {(s, t) for s, t, _ in edges}
    has_parent: set[str] = set()
    guard = 0
    while len(edges) < n_edges and guard < 50 * n_edges:
        guard += 1
        task = tasks[rnd.randrange(len(tasks))][0]
        pick = rnd.random()
        if pick < 0.5:
            edge = (a_unit(task), task, "responsible" if rnd.random() < 0.3 else "cooperating")
        elif pick < 0.7:
            edge = (task, rnd.choice(regulations), "cites")
        elif pick < 0.9:
            number = int(task.split("/")[1])
            if number < 3 or task in has_parent:
                continue
            edge = (task, f"task/{rnd.randrange(max(0, number - 40), number)}", "parent")
            has_parent.add(task)
        else:
            edge = (task, rnd.choice(topics), "subject")
        if (edge[0], edge[1]) not in seen:
            seen.add((edge[0], edge[1]))
            edges.append(edge)
    for source, target, role in edges[:n_edges]:
        g.add_edge(source, target, role=role)
