// The #details panel: what one node is and what it is linked to. Every listed node is a
// button carrying data-node; a click on it moves the selection there.

import { el, clear, shorten } from "./dom.js";
import { ASSIGNMENT, tally } from "./model.js";

const ROLE_NAME = { lead: "牵头 lead", responsible: "负责 responsible", cooperating: "配合 cooperating" };
/** Items listed before a "show all" button. */
const LIST = 25;

export function makeDetails(model, panel, choose) {
  const { N, kind, data } = model;
  const kindStyle = Object.fromEntries(data.kinds.map((k) => [k.kind, k]));

  panel.addEventListener("click", (event) => {
    const target = event.target.closest("[data-node]");
    if (target && panel.contains(target)) choose(+target.dataset.node);
  });

  function item(i, note) {
    return el("button", { type: "button", className: "item", "data-node": i, title: N.label[i] },
      el("span", { className: "chip " + kind[i], "aria-hidden": "true" }),
      shorten(N.label[i], 48), note ? el("small", { text: " " + note }) : null);
  }

  function list(nodes, note) {
    const ul = el("ul", { className: "items" });
    const fill = (limit) => {
      clear(ul);
      for (const i of nodes.slice(0, limit)) ul.appendChild(el("li", {}, item(i, note ? note(i) : "")));
      if (nodes.length > limit) {
        const more = el("button", { type: "button", className: "more", text: `显示全部 show all ${nodes.length}` });
        more.addEventListener("click", () => fill(Infinity));
        ul.appendChild(el("li", {}, more));
      }
    };
    fill(LIST);
    return ul;
  }

  function tallied(pairs, unit) {
    const count = new Map(pairs);
    return list(pairs.map((p) => p[0]), (i) => `${count.get(i)} ${unit}`);
  }

  function section(title, ...body) {
    const parts = body.filter(Boolean);
    return parts.length ? el("section", {}, el("h3", { text: title }), ...parts) : null;
  }

  function fields(rows) {
    const dl = el("dl", {});
    for (const [name, ...value] of rows) {
      if (value.every((v) => v === "" || v === null || v === undefined)) continue;
      dl.append(el("dt", { text: name }), el("dd", {}, ...value));
    }
    return dl.childElementCount ? dl : null;
  }

  function nodeOr(text, map, key) {
    return map.has(key) ? item(map.get(key)) : text;
  }

  function header(i) {
    const style = kindStyle[kind[i]];
    return el("header", {},
      el("p", { className: "kind" }, el("span", { className: "chip " + kind[i] }), `${style.zh} ${style.en}`),
      el("h2", { text: kind[i] === "task" ? N.text[i] || N.label[i] : N.label[i] }));
  }

  function place(i) {
    const doc = N.doc[i] >= 0 ? data.documents[N.doc[i]] : "";
    const jur = N.jur[i] >= 0 ? data.jurisdictions[N.jur[i]].name : "";
    return [
      ["文件 Document", doc && kind[i] !== "document" ? nodeOr(doc, model.docNode, N.doc[i]) : "",
        N.line[i] ? ` 第 ${N.line[i]} 行 line ${N.line[i]}` : ""],
      ["地区 Jurisdiction", jur && kind[i] !== "jurisdiction" ? nodeOr(jur, model.jurNode, N.jur[i]) : ""],
    ];
  }

  function byRole(groups, noun) {
    return ASSIGNMENT.filter((r) => groups[r].length).map((r) =>
      el("div", { className: "role " + r }, el("h4", { text: `${ROLE_NAME[r]} · ${groups[r].length} ${noun}` }), list(groups[r])));
  }

  const views = {
    task(i) {
      const parents = model.ends(i, "parent", true), children = model.ends(i, "parent", false);
      return [
        fields([["完成时限 Deadline", N.deadline[i]], ...place(i)]),
        section("责任单位 Units", ...byRole(model.unitsByRole(i), "")),
        section("依据 Citations", model.ends(i, "cites", true).length ? list(model.ends(i, "cites", true)) : null),
        section("主题 Topics", model.ends(i, "subject", true).length ? list(model.ends(i, "subject", true)) : null),
        section("上级任务 Parent task", parents.length ? list(parents) : null),
        section("下级任务 Subtasks", children.length ? list(children) : null),
        section("原文 Source", quote(i)),
        section("说明 Detail", N.detail[i] ? el("p", { className: "detail", text: N.detail[i] }) : null),
      ];
    },
    unit(i) {
      const tasks = model.tasksOf(i);
      const topics = tally(tasks.flatMap((t) => model.ends(t, "subject", true)));
      const partners = tally(tasks.flatMap((t) => ASSIGNMENT.flatMap((r) => model.ends(t, r, false)))
        .filter((u) => u !== i)).slice(0, 12);
      return [
        fields([["又称 Also", N.aliases[i].join("、")], ...place(i)]),
        section("说明 Detail", N.detail[i] ? el("p", { className: "detail", text: N.detail[i] }) : null),
        section(`任务 Tasks · ${tasks.length}`, ...byRole(model.tasksByRole(i), "")),
        section("涉及主题 Topics", topics.length ? tallied(topics, "项 tasks") : null),
        section("合作最多的单位 Closest partners", partners.length ? tallied(partners, "项共同任务 shared") : null),
        section("上级单位 Parent", model.ends(i, "parent", true).length ? list(model.ends(i, "parent", true)) : null),
        section("下级单位 Subunits", model.ends(i, "parent", false).length ? list(model.ends(i, "parent", false)) : null),
      ];
    },
    regulation(i) {
      const tasks = model.ends(i, "cites", false);
      const who = new Map();
      for (const t of tasks) {
        const groups = model.unitsByRole(t);
        for (const r of ASSIGNMENT) for (const u of groups[r]) {
          if (!who.has(u)) who.set(u, []);
          who.get(u).push(t);
        }
      }
      const ranked = [...who].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
      const follow = el("ul", { className: "items follow" }, ranked.map(([u, ts]) =>
        el("li", {}, item(u, `${ts.length} 项任务 tasks`), list(ts))));
      return [
        section("说明 Detail", N.detail[i] ? el("p", { className: "detail", text: N.detail[i] }) : null),
        fields(place(i)),
        section(`须遵守的单位 Who must follow it · ${ranked.length}`, ranked.length ? follow : el("p", { text: "无 none" })),
        section(`引用任务 Citing tasks · ${tasks.length}`, tasks.length ? list(tasks) : null),
      ];
    },
    topic(i) {
      const tasks = model.topicTasks(i);
      const units = tally(tasks.flatMap((t) => ASSIGNMENT.flatMap((r) => model.ends(t, r, false)))).slice(0, 15);
      const regs = tally(tasks.flatMap((t) => model.ends(t, "cites", true))).slice(0, 10);
      return [
        section("上位主题 Broader", model.ends(i, "broader", true).length ? list(model.ends(i, "broader", true)) : null),
        section("下位主题 Narrower", model.ends(i, "broader", false).length ? list(model.ends(i, "broader", false)) : null),
        section("涉及单位 Units", units.length ? tallied(units, "项 tasks") : null),
        section("常引法规 Regulations", regs.length ? tallied(regs, "次 cited") : null),
        section(`任务 Tasks · ${tasks.length}`, tasks.length ? list(tasks) : null),
      ];
    },
    document(i) {
      const members = (model.docMembers.get(N.doc[i]) || []);
      const tasks = members.filter((t) => kind[t] === "task").sort((a, b) => N.line[a] - N.line[b]);
      const units = tally(tasks.flatMap((t) => ASSIGNMENT.flatMap((r) => model.ends(t, r, false)))).slice(0, 15);
      return [
        fields(place(i)),
        section("涉及单位 Units", units.length ? tallied(units, "项 tasks") : null),
        section(`任务 Tasks · ${tasks.length}`, tasks.length ? list(tasks, (t) => N.line[t] ? `第 ${N.line[t]} 行` : "") : null),
      ];
    },
    jurisdiction(i) {
      const members = model.jurMembers.get(N.jur[i]) || [];
      const units = members.filter((u) => kind[u] === "unit" || kind[u] === "collective")
        .sort((a, b) => model.tasksOf(b).length - model.tasksOf(a).length);
      const docs = members.filter((d) => kind[d] === "document");
      return [
        section(`单位 Units · ${units.length}`, units.length ? list(units, (u) => `${model.tasksOf(u).length} 项 tasks`) : null),
        section("文件 Documents", docs.length ? list(docs) : null),
      ];
    },
  };
  views.collective = views.unit;

  function quote(i) {
    const text = N.quote[i] || N.text[i] || N.label[i];
    const where = [N.doc[i] >= 0 ? data.documents[N.doc[i]] : "", N.line[i] ? String(N.line[i]) : ""].filter(Boolean).join(":");
    return el("figure", {}, el("blockquote", { text }), where ? el("figcaption", { text: where }) : null);
  }

  return {
    show(i) {
      clear(panel);
      panel.append(header(i), ...views[kind[i]](i).filter(Boolean));
      panel.scrollTop = 0;
    },
    reset() {
      clear(panel);
      panel.append(el("p", { className: "hint", text: "点击节点或搜索查看详情。Click a node or search to see its details." }));
    },
  };
}
