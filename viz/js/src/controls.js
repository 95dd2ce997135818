// The sidebar: view switch, legend (which toggles kinds), relation toggles and the facet
// filters. Option and label texts come from the data and are set as text only.

import { el, clear } from "./dom.js";

export function makeControls(model, view, root, onChange) {
  const { data, kind, N } = model;
  const state = view.state;
  const count = (k) => kind.filter((x) => x === k).length;
  const roleCount = new Map();
  for (const r of model.role) roleCount.set(r, (roleCount.get(r) || 0) + 1);

  const legend = root.querySelector("#legend-kinds");
  for (const k of data.kinds) {
    const n = count(k.kind);
    if (!n) continue;
    const button = el("button", { type: "button", className: "kind", "data-kind": k.kind, "aria-pressed": "true",
      title: `显示/隐藏 show/hide ${k.en}` },
      el("span", { className: "chip " + k.kind, "aria-hidden": "true" }), `${k.zh} ${k.en}`, el("small", { text: " " + n }));
    button.addEventListener("click", () => {
      const on = !state.kindOn.has(k.kind);
      if (on) state.kindOn.add(k.kind); else state.kindOn.delete(k.kind);
      button.setAttribute("aria-pressed", String(on));
      onChange();
    });
    legend.appendChild(el("li", {}, button));
  }

  const colours = root.querySelector("#legend-jurisdictions");
  for (const [j, jur] of data.jurisdictions.entries()) {
    const units = N.jur.filter((x, i) => x === j && (kind[i] === "unit" || kind[i] === "collective")).length;
    if (!units) continue;
    const swatch = el("span", { className: "chip unit", "aria-hidden": "true" });
    swatch.style.background = jur.color;
    colours.appendChild(el("li", {}, swatch, jur.name, el("small", { text: " " + units })));
  }

  const relations = root.querySelector("#legend-roles");
  for (const r of data.roles) {
    if (!roleCount.get(r.role)) continue;
    relations.appendChild(toggle("role-" + r.role, `${r.zh} ${r.en}`, roleCount.get(r.role), r, (on) => {
      if (on) state.roleOn.add(r.role); else state.roleOn.delete(r.role);
    }));
  }
  for (const l of data.links) {
    const n = data.overview.kind.filter((k) => k === l.link).length;
    if (!n) continue;
    relations.appendChild(toggle("link-" + l.link, `${l.zh} ${l.en}`, n, l, (on) => {
      if (on) state.linkOn.add(l.link); else state.linkOn.delete(l.link);
    }, "overview"));
  }

  function toggle(id, text, n, style, set, only) {
    const box = el("input", { type: "checkbox", id, checked: true });
    box.addEventListener("change", () => { set(box.checked); onChange(); });
    const line = el("span", { className: "line" + (style.arrow ? " arrow" : ""), "aria-hidden": "true" });
    line.style.borderTopColor = style.color;
    line.style.borderTopWidth = Math.max(1, Math.round(style.size * 1.5)) + "px";
    return el("li", only ? { className: "only-" + only } : {}, el("label", { for: id }, box, line, text, el("small", { text: " " + n })));
  }

  const pick = (id, values, label, key) => {
    const select = root.querySelector(id);
    select.appendChild(new Option(label, "-1"));
    for (const [value, text] of values) select.appendChild(new Option(text, String(value)));
    select.addEventListener("change", () => { state[key] = +select.value; onChange(); });
    select.disabled = values.length === 0;
    return select;
  };
  const topics = [];
  for (let i = 0; i < model.n; i++) if (kind[i] === "topic") topics.push([i, N.label[i]]);
  topics.sort((a, b) => a[1].localeCompare(b[1], "zh"));
  const selects = [
    pick("#filter-topic", topics, "全部主题 all topics", "topic"),
    pick("#filter-document", data.documents.map((d, i) => [i, d]), "全部文件 all documents", "doc"),
    pick("#filter-jurisdiction", data.jurisdictions.map((j, i) => [i, j.name]), "全部地区 all jurisdictions", "jur"),
  ];
  const from = root.querySelector("#deadline-from"), to = root.querySelector("#deadline-to");
  const days = N.deadline.filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d)).map((d) => d.slice(0, 10)).sort();
  for (const input of [from, to]) {
    if (days.length) { input.min = days[0]; input.max = days[days.length - 1]; } else input.disabled = true;
    input.addEventListener("change", () => { state.from = from.value; state.to = to.value; onChange(); });
  }
  root.querySelector("#filter-reset").addEventListener("click", () => {
    for (const s of selects) s.value = "-1";
    from.value = to.value = "";
    Object.assign(state, { topic: -1, doc: -1, jur: -1, from: "", to: "" });
    onChange();
  });

  const modes = { overview: root.querySelector("#view-overview"), full: root.querySelector("#view-full") };
  const showMode = () => {
    for (const [m, b] of Object.entries(modes)) b.setAttribute("aria-pressed", String(state.mode === m));
    document.body.dataset.mode = state.mode;
  };
  showMode();
  return { showMode, modes };
}
