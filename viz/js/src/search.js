// Search over the folded keys the page ships (label, aliases, and for most kinds the detail).
// Keys were folded in Python (traditional -> simplified, full-width -> ASCII, lower case, no
// spaces); a query is folded the same way with the character table shipped beside them.

const KIND_RANK = { unit: 0, collective: 1, topic: 2, regulation: 3, document: 4, jurisdiction: 5, task: 6 };
export const SHOWN = 50;

export function makeSearch(model) {
  const table = model.data.fold || {};
  const keys = model.N.key;
  const heads = keys.map((k) => k.split("\n", 1)[0]);
  const rank = model.kind.map((k) => KIND_RANK[k] ?? 9);

  function fold(text) {
    let out = "";
    for (const ch of String(text).toLowerCase()) {
      const code = ch.codePointAt(0);
      if (/\s/.test(ch)) continue;
      if (code >= 0xff01 && code <= 0xff5e && !table[ch]) out += String.fromCodePoint(code - 0xfee0).toLowerCase();
      else out += table[ch] || ch;
    }
    return out;
  }

  /** Matching node indices, best first. */
  function search(query) {
    const terms = String(query).trim().split(/\s+/).map(fold).filter(Boolean);
    if (!terms.length) return [];
    const scored = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let ok = true;
      for (const term of terms) if (key.indexOf(term) < 0) { ok = false; break; }
      if (!ok) continue;
      const head = heads[i], first = terms[0];
      const score = head === first ? 0 : head.startsWith(first) ? 1 : head.indexOf(first) >= 0 ? 2 : 3;
      scored.push([score, i]);
    }
    if (scored.length < 5 && terms.length === 1 && terms[0].length >= 2) {
      // 环保局 finds 市环境保护局: the characters in order, for names (not task texts)
      const seen = new Set(scored.map((s) => s[1]));
      for (let i = 0; i < keys.length; i++) {
        if (!seen.has(i) && model.kind[i] !== "task" && subsequence(terms[0], heads[i])) scored.push([4, i]);
      }
    }
    scored.sort((a, b) => a[0] - b[0] || rank[a[1]] - rank[b[1]]
      || model.degree(b[1]) - model.degree(a[1]) || heads[a[1]].length - heads[b[1]].length || a[1] - b[1]);
    return scored.map((s) => s[1]);
  }

  return { search, fold };
}

function subsequence(needle, hay) {
  let at = 0;
  for (const ch of needle) {
    at = hay.indexOf(ch, at);
    if (at < 0) return false;
    at += ch.length;
  }
  return true;
}
