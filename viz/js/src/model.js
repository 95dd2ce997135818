// The graph as the page reads it: columns from the data block, plus the indexes the details
// panel, the filters and the overview need. Node i is graphology node String(i).

export const ASSIGNMENT = ["lead", "responsible", "cooperating"];

export function buildModel(data) {
  const N = data.nodes;
  const n = N.id.length;
  const kind = N.kind.map((k) => data.kinds[k].kind);
  const src = data.edges.s, dst = data.edges.t;
  const role = data.edges.role.map((r) => data.roles[r].role);
  const incident = Array.from({ length: n }, () => []);
  for (let e = 0; e < src.length; e++) {
    incident[src[e]].push(e);
    if (dst[e] !== src[e]) incident[dst[e]].push(e);
  }
  const docMembers = new Map(), jurMembers = new Map(), docNode = new Map(), jurNode = new Map();
  for (let i = 0; i < n; i++) {
    if (kind[i] === "document" && N.doc[i] >= 0) docNode.set(N.doc[i], i);
    else if (N.doc[i] >= 0) push(docMembers, N.doc[i], i);
    if (kind[i] === "jurisdiction" && N.jur[i] >= 0) jurNode.set(N.jur[i], i);
    else if (N.jur[i] >= 0) push(jurMembers, N.jur[i], i);
  }
  const model = {
    data, N, n, kind, src, dst, role, incident, docMembers, jurMembers, docNode, jurNode,
    label: N.label,
    /** [other end, role, edge index, whether i is the source] for every edge at i. */
    edgesOf(i) {
      return incident[i].map((e) => [src[e] === i ? dst[e] : src[e], role[e], e, src[e] === i]);
    },
    /** Ends of i's edges with ``wanted`` role where i is the source (out) or target (!out). */
    ends(i, wanted, out) {
      const found = [];
      for (const e of incident[i]) {
        if (role[e] !== wanted) continue;
        if (out === true && src[e] === i) found.push(dst[e]);
        else if (out === false && dst[e] === i) found.push(src[e]);
        else if (out === undefined) found.push(src[e] === i ? dst[e] : src[e]);
      }
      return unique(found);
    },
    /** role -> units of task t (each unit under its strongest role only). */
    unitsByRole(t) {
      const seen = new Set(), groups = {};
      for (const r of ASSIGNMENT) {
        groups[r] = model.ends(t, r, false).filter((u) => !seen.has(u) && seen.add(u));
      }
      return groups;
    },
    /** role -> tasks of unit u. */
    tasksByRole(u) {
      const groups = {};
      for (const r of ASSIGNMENT) groups[r] = model.ends(u, r, true);
      return groups;
    },
    /** All tasks of unit u, once each. */
    tasksOf(u) {
      return unique(ASSIGNMENT.flatMap((r) => model.ends(u, r, true)));
    },
    /** Topic t and every topic narrower than it. */
    narrowerClosure(t) {
      const seen = new Set([t]), stack = [t];
      while (stack.length) {
        for (const child of model.ends(stack.pop(), "broader", false)) {
          if (!seen.has(child)) { seen.add(child); stack.push(child); }
        }
      }
      return seen;
    },
    /** Tasks about topic t or about a narrower topic. */
    topicTasks(t) {
      return unique([...model.narrowerClosure(t)].flatMap((c) => model.ends(c, "subject", false)));
    },
    /** Whether a unit of task t belongs to jurisdiction j. */
    hasUnitIn(t, j) {
      return incident[t].some((e) => ASSIGNMENT.includes(role[e]) && N.jur[src[e] === t ? dst[e] : src[e]] === j);
    },
    degree(i) { return incident[i].length; },
  };
  return model;
}

export function unique(items) {
  return [...new Set(items)];
}

function push(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** items counted, as [item, count] pairs, most frequent first. */
export function tally(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) || 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}
