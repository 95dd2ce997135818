// What is shown: the graphology graph sigma draws, the state the controls change, and the
// reducers that turn state into hidden, greyed and highlighted nodes and edges.

import Graph from "graphology";
import { shorten } from "./dom.js";

const GREY_NODE = "#d5d8dc", GREY_EDGE = "#eceef0";
const LABEL_CHARS = 16;
const ISO = /^\d{4}-\d{2}-\d{2}/;

export function buildGraph(model, mode) {
  const { N, data } = model;
  const graph = new Graph({ multi: true, type: "directed", allowSelfLoops: true });
  const shape = Object.fromEntries(data.kinds.map((k) => [k.kind, k.shape]));
  for (let i = 0; i < model.n; i++) {
    const full = mode === "full";
    graph.addNode(String(i), {
      x: full ? N.x[i] : N.ox[i], y: full ? N.y[i] : N.oy[i],
      size: N.size[i], color: N.color[i], type: shape[model.kind[i]],
      label: shorten(N.label[i], model.kind[i] === "task" ? LABEL_CHARS : 2 * LABEL_CHARS),
    });
  }
  const style = data.roles;
  for (let e = 0; e < model.src.length; e++) {
    const s = style[data.edges.role[e]];
    graph.addEdgeWithKey("e" + e, String(model.src[e]), String(model.dst[e]), {
      e, color: s.color, size: s.size, type: s.arrow ? "arrow" : "line",
    });
  }
  const links = data.overview, linkStyle = Object.fromEntries(data.links.map((l) => [l.link, l]));
  for (let l = 0; l < links.a.length; l++) {
    const s = linkStyle[links.kind[l]];
    graph.addEdgeWithKey("l" + l, String(links.a[l]), String(links.b[l]), {
      l, color: s.color, size: Math.min(7, s.size * (1 + Math.log2(links.w[l]))), type: "line",
    });
  }
  return graph;
}

export function makeView(model, graph, initialMode) {
  const { N, n, kind } = model;
  const links = model.data.overview;
  const base = N.base;
  const state = {
    mode: initialMode,
    kindOn: new Set(model.data.kinds.map((k) => k.kind)),
    roleOn: new Set(model.data.roles.map((r) => r.role)),
    linkOn: new Set(model.data.links.map((l) => l.link)),
    topic: -1, doc: -1, jur: -1, from: "", to: "",
    selected: -1, opened: new Set(), pinned: new Set(),
  };
  const allowed = new Uint8Array(n).fill(1), visible = new Uint8Array(n), revealed = new Uint8Array(n);
  const focus = new Uint8Array(n);
  const linkWeight = new Float64Array(links.a.length);
  let focusCount = 0, shownNodes = 0, shownEdges = 0;
  let renderer = null;

  function facetsActive() {
    return state.topic >= 0 || state.doc >= 0 || state.jur >= 0 || !!state.from || !!state.to;
  }

  function taskPasses(t, topics) {
    if (topics && !model.ends(t, "subject", true).some((p) => topics.has(p))) return false;
    if (state.doc >= 0 && N.doc[t] !== state.doc) return false;
    if (state.jur >= 0 && N.jur[t] !== state.jur && !model.hasUnitIn(t, state.jur)) return false;
    if (state.from || state.to) {
      const d = N.deadline[t];
      if (!ISO.test(d)) return false;
      const day = d.slice(0, 10);
      if ((state.from && day < state.from) || (state.to && day > state.to)) return false;
    }
    return true;
  }

  function computeAllowed() {
    if (!facetsActive()) { allowed.fill(1); return; }
    allowed.fill(0);
    const topics = state.topic >= 0 ? model.narrowerClosure(state.topic) : null;
    for (let i = 0; i < n; i++) {
      if (kind[i] === "task") {
        if (!taskPasses(i, topics)) continue;
        allowed[i] = 1;
        for (const [other] of model.edgesOf(i)) if (kind[other] !== "task") allowed[other] = 1;
        if (N.doc[i] >= 0 && model.docNode.has(N.doc[i])) allowed[model.docNode.get(N.doc[i])] = 1;
        if (N.jur[i] >= 0 && model.jurNode.has(N.jur[i])) allowed[model.jurNode.get(N.jur[i])] = 1;
      } else if ((!topics || topics.has(i)) && (state.doc < 0 || (kind[i] === "document" && N.doc[i] === state.doc))
                 && (state.jur < 0 || N.jur[i] === state.jur) && !state.from && !state.to) {
        allowed[i] = 1;
      }
    }
  }

  function reveal(o) {
    revealed[o] = 1;
    const around = [];
    if (kind[o] === "topic") around.push(...model.topicTasks(o));
    else if (kind[o] === "document") around.push(...(model.docMembers.get(N.doc[o]) || []));
    else if (kind[o] === "jurisdiction") around.push(...(model.jurMembers.get(N.jur[o]) || []));
    for (const [other, role] of model.edgesOf(o)) if (state.roleOn.has(role)) around.push(other);
    for (const i of around) revealed[i] = 1;
  }

  function computeVisible() {
    revealed.fill(0);
    if (state.mode === "overview") for (const o of state.opened) reveal(o);
    shownNodes = 0;
    for (let i = 0; i < n; i++) {
      const on = allowed[i] && state.kindOn.has(kind[i]) && (state.mode === "full" || base[i] || revealed[i]);
      visible[i] = on || state.pinned.has(i) ? 1 : 0;
      shownNodes += visible[i];
    }
    for (let l = 0; l < links.a.length; l++) {
      let w = 0;
      for (const [code, count] of Object.entries(links.roles[l])) {
        if ([...code].every((c) => state.roleOn.has(ROLE_OF[c]))) w += count;
      }
      linkWeight[l] = w;
    }
    shownEdges = 0;
    graph.forEachEdge((key, a) => { if (edgeShown(a)) shownEdges++; });
  }

  function edgeShown(a) {
    if (a.e !== undefined) {
      const e = a.e;
      return visible[model.src[e]] && visible[model.dst[e]] && state.roleOn.has(model.role[e]);
    }
    const l = a.l;
    return state.mode === "overview" && state.linkOn.has(links.kind[l]) && linkWeight[l] > 0
      && visible[links.a[l]] && visible[links.b[l]];
  }

  function computeFocus() {
    focus.fill(0);
    focusCount = 0;
    const s = state.selected;
    if (s < 0) return;
    focus[s] = 1;
    graph.forEachEdge(String(s), (key, a, source, target) => {
      if (edgeShown(a)) focus[+source] = focus[+target] = 1;
    });
    const members = kind[s] === "document" ? model.docMembers.get(N.doc[s])
      : kind[s] === "jurisdiction" ? model.jurMembers.get(N.jur[s])
      : kind[s] === "topic" ? model.topicTasks(s) : null;
    for (const i of members || []) if (visible[i]) focus[i] = 1;
    if (GATHERING.has(kind[s])) {
      // a topic, regulation, document or jurisdiction: also who carries out its tasks
      for (let t = 0; t < n; t++) {
        if (!focus[t] || kind[t] !== "task") continue;
        for (const [other, role] of model.edgesOf(t)) {
          if (ASSIGNED.has(role) && visible[other] && state.roleOn.has(role)) focus[other] = 1;
        }
      }
    }
    for (let i = 0; i < n; i++) focusCount += focus[i];
  }

  /** Whether an edge between s and t is part of the selection's neighbourhood. */
  function inFocus(s, t) {
    const sel = state.selected;
    return s === sel || t === sel || (focus[s] && focus[t] && (kind[s] === "task" || kind[t] === "task"));
  }

  function nodeReducer(key, attr) {
    const i = +key;
    if (!visible[i]) return { ...attr, hidden: true };
    const out = { ...attr };
    if (state.selected >= 0) {
      if (!focus[i]) { out.color = GREY_NODE; out.label = ""; out.zIndex = 0; }
      else {
        out.zIndex = 2;
        if (i === state.selected) { out.highlighted = true; out.forceLabel = true; out.zIndex = 3; }
        else if (focusCount <= 40) out.forceLabel = true;
      }
    }
    return out;
  }

  function edgeReducer(key, attr) {
    if (!edgeShown(attr)) return { ...attr, hidden: true };
    if (state.selected < 0) return attr;
    const [s, t] = attr.e !== undefined ? [model.src[attr.e], model.dst[attr.e]] : [links.a[attr.l], links.b[attr.l]];
    if (inFocus(s, t)) return { ...attr, zIndex: 2, size: attr.size * 1.4 };
    return { ...attr, color: GREY_EDGE, zIndex: 0 };
  }

  function update() {
    computeAllowed();
    computeVisible();
    computeFocus();
    if (renderer) renderer.refresh();
  }

  function setMode(mode) {
    state.mode = mode;
    const full = mode === "full";
    graph.updateEachNodeAttributes((key, a) => {
      const i = +key;
      a.x = full ? N.x[i] : N.ox[i];
      a.y = full ? N.y[i] : N.oy[i];
      return a;
    }, { attributes: ["x", "y"] });
    update();
  }

  return {
    state, visible, focus, base, nodeReducer, edgeReducer, update, setMode, edgeShown,
    attach(r) { renderer = r; },
    counts: () => ({ nodes: shownNodes, edges: shownEdges }),
  };
}

const ROLE_OF = { l: "lead", r: "responsible", c: "cooperating" };
const ASSIGNED = new Set(["lead", "responsible", "cooperating"]);
/** Kinds whose neighbourhood reaches through their tasks to the units doing them. */
const GATHERING = new Set(["topic", "regulation", "document", "jurisdiction"]);
