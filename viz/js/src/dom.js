// Building the page's elements. Text from the graph only ever goes through textContent (or
// new Option / setAttribute on non-URL attributes), never through innerHTML.

/** An element with attributes and children; strings become text nodes. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "className") node.className = value;
    else if (name.startsWith("data-") || name.startsWith("aria-") || SAFE.has(name)) {
      node.setAttribute(name, value === true ? "" : String(value));
    } else throw new Error("dom.el: attribute " + name + " is not allowed");
  }
  append(node, children);
  return node;
}

const SAFE = new Set(["type", "title", "id", "role", "value", "for", "min", "max", "checked", "tabindex", "lang"]);

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** Remove every child of ``node``. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** ``text`` cut to ``n`` characters plus "…". */
export function shorten(text, n) {
  const line = String(text).replace(/\s+/g, " ").trim();
  return line.length <= n ? line : line.slice(0, n) + "…";
}
