// The govkg explorer: reads the data block, builds the graph, draws it with sigma.js and wires
// search, filters, legend and the details panel. window.__govkgReady is the time (ms since
// navigation, performance.now()) at which the first frame was drawn and every control works.

import Sigma from "sigma";
import { NodeSquareProgram } from "@sigma/node-square";
import { buildModel } from "./model.js";
import { buildGraph, makeView } from "./view.js";
import { makeSearch, SHOWN } from "./search.js";
import { makeDetails } from "./details.js";
import { makeControls } from "./controls.js";
import { el, clear, shorten } from "./dom.js";
import { snapshotCanvas, downloadPNG } from "./snapshot.js";

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

function start() {
  const timing = { start: performance.now() };
  const data = JSON.parse(document.getElementById("govkg-data").textContent);
  const model = buildModel(data);
  timing.parsed = performance.now();
  const graph = buildGraph(model, data.view);
  const view = makeView(model, graph, data.view);
  view.update();
  timing.graph = performance.now();
  const status = document.getElementById("status");
  const container = document.getElementById("graph");
  const large = model.src.length + data.overview.a.length > 6000;
  const renderer = new Sigma(graph, container, {
    nodeProgramClasses: { square: NodeSquareProgram },
    nodeReducer: view.nodeReducer,
    edgeReducer: view.edgeReducer,
    labelFont: FONT,
    labelSize: 13,
    labelWeight: "500",
    labelColor: { color: "#1b1f24" },
    labelDensity: 1,
    labelGridCellSize: 140,
    labelRenderedSizeThreshold: 6,
    defaultEdgeType: "line",
    hideEdgesOnMove: large,
    zIndex: true,
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
  });
  view.attach(renderer);
  const details = makeDetails(model, document.getElementById("details"), (i) => select(i, true));
  const results = document.getElementById("search-results");
  const input = document.getElementById("search");
  const finder = makeSearch(model);

  function showStatus() {
    const c = view.counts();
    status.textContent = `显示 ${c.nodes} / ${model.n} 节点 nodes · ${c.edges} 边 edges`;
  }
  function refresh() { view.update(); showStatus(); }

  function select(i, centre) {
    const s = view.state;
    s.selected = i;
    s.pinned = new Set([i]);
    if (s.mode === "overview") {
      if (view.base[i]) s.opened = new Set([i]);
      else s.opened.add(i);
    }
    refresh();
    details.show(i);
    if (centre) frame(i);
  }
  /** Move the camera onto node i and the neighbours it shows. */
  function frame(i) {
    const d = renderer.getNodeDisplayData(String(i));
    if (!d) return;
    let w = 0, h = 0;
    for (let j = 0; j < model.n; j++) {
      if (!view.focus[j]) continue;
      const o = renderer.getNodeDisplayData(String(j));
      w = Math.max(w, Math.abs(o.x - d.x));
      h = Math.max(h, Math.abs(o.y - d.y));
    }
    const ratio = Math.min(1, Math.max(0.08, 2.4 * Math.max(w, h)));
    renderer.getCamera().animate({ x: d.x, y: d.y, ratio }, { duration: 300 });
  }
  function unselect() {
    Object.assign(view.state, { selected: -1, pinned: new Set() });
    refresh();
    details.reset();
  }

  const controls = makeControls(model, view, document, refresh);
  for (const [mode, button] of Object.entries(controls.modes)) {
    button.addEventListener("click", () => {
      if (view.state.mode === mode) return;
      view.setMode(mode);
      controls.showMode();
      showStatus();
      renderer.getCamera().animatedReset({ duration: 200 });
    });
  }
  document.getElementById("collapse").addEventListener("click", () => {
    view.state.opened = new Set();
    unselect();
  });
  document.getElementById("export-png").addEventListener("click", () => downloadPNG(renderer, "govkg.png"));
  renderer.on("clickNode", ({ node }) => select(+node, false));
  renderer.on("clickStage", unselect);
  renderer.on("enterNode", () => { container.style.cursor = "pointer"; });
  renderer.on("leaveNode", () => { container.style.cursor = ""; });

  function runSearch() {
    const t0 = performance.now();
    const hits = input.value.trim() ? finder.search(input.value) : [];
    clear(results);
    for (const i of hits.slice(0, SHOWN)) {
      const jur = model.N.jur[i] >= 0 ? data.jurisdictions[model.N.jur[i]].name : "";
      const kindName = data.kinds[model.N.kind[i]];
      const button = el("button", { type: "button", role: "option", "data-node": i, title: model.N.label[i] },
        el("span", { className: "chip " + model.kind[i], "aria-hidden": "true" }),
        el("span", { className: "hit-label", text: shorten(model.N.label[i], 60) }),
        el("small", { text: ` ${kindName.zh}${jur ? " · " + jur : ""}` }));
      results.appendChild(el("li", {}, button));
    }
    if (hits.length > SHOWN) results.appendChild(el("li", { className: "more", text: `还有 ${hits.length - SHOWN} 项 more…` }));
    if (input.value.trim() && !hits.length) results.appendChild(el("li", { className: "none", text: "无匹配 no match" }));
    window.__govkgSearchMs = performance.now() - t0;
    window.__govkgSearchHits = hits.length;
  }
  input.addEventListener("input", runSearch);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const first = results.querySelector("button[data-node]");
      if (first) first.click();
    } else if (event.key === "Escape") { input.value = ""; runSearch(); }
  });
  results.addEventListener("click", (event) => {
    const hit = event.target.closest("button[data-node]");
    if (!hit) return;
    select(+hit.dataset.node, true);
    clear(results);
  });

  showStatus();
  details.reset();
  if (data.focus !== null && data.focus !== undefined) select(data.focus, true);
  timing.drawn = performance.now();
  window.govkgExplorer = {
    model, graph, renderer, view, select, unselect, search: finder.search, refresh,
    snapshot: () => snapshotCanvas(renderer).toDataURL("image/png"),
    timing,
  };
  requestAnimationFrame(() => {
    timing.ready = performance.now();
    window.__govkgReady = timing.ready;
    document.body.dataset.ready = "true";
  });
}

try {
  start();
} catch (error) {
  const status = document.getElementById("status");
  if (status) status.textContent = "无法显示图 cannot draw the graph: " + error.message;
  throw error;
}
