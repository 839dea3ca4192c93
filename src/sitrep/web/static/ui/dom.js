// Small DOM helpers. Every piece of text from the server goes into the page through text
// nodes (textContent / createTextNode), never through innerHTML, so article text such as
// "<script>" is shown as text and can never become markup.

/**
 * Create an element. `attrs` keys: `class`, `text`, `on<Event>` (listeners), `dataset`
 * (object), `hidden`/`disabled`/`checked`/`value`/`selected` (properties), anything else is
 * set as an attribute (null/undefined/false skip it). Children: nodes, strings (as text),
 * arrays, and null/false (skipped).
 * @param {string} tag
 * @param {object} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  applyAttrs(element, attrs);
  append(element, children);
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Create an SVG element with attributes (same rules as h) and children. */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttrs(element, attrs);
  append(element, children);
  return element;
}

const PROPERTIES = new Set(["hidden", "disabled", "checked", "value", "selected", "open", "multiple", "required"]);

function applyAttrs(element, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === "text") element.textContent = String(value);
    else if (key === "class") element.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else if (value === false) continue;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
}

/** Append children (nodes, strings, numbers, nested arrays; null/false skipped). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace all children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A <button type="button">. */
export function button(label, onClick, attrs = {}) {
  return h("button", { type: "button", ...attrs, onClick }, label);
}

/** A link to an in-app route (a hash). */
export function link(hash, label, attrs = {}) {
  return h("a", { href: hash, ...attrs }, label);
}

/** A labelled form field: <label>text <control></label> wrapped so the label is visible. */
export function field(labelText, control, attrs = {}) {
  const id = control.id || uniqueId("f");
  control.id = id;
  return h("div", { class: ["field", attrs.class].filter(Boolean).join(" ") }, h("label", { for: id }, labelText), control);
}

/** A <select> with options [{value, label}] and the chosen value. */
export function select(options, chosen, attrs = {}) {
  const element = h("select", attrs);
  for (const option of options) {
    element.appendChild(h("option", { value: option.value, selected: String(option.value) === String(chosen ?? "") }, option.label));
  }
  return element;
}

/** A definition list from [term, value] pairs; rows whose value is null/"" are left out. */
export function definitions(rows, attrs = {}) {
  const list = h("dl", attrs);
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    list.append(h("dt", {}, term), h("dd", {}, value));
  }
  return list;
}

/** Ids for label/control pairs, unique within the page. */
export function uniqueId(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Visually hidden text for screen readers. */
export function srOnly(text) {
  return h("span", { class: "sr-only" }, text);
}

// ---------------------------------------------------------------- formatting

const NUMBER = new Intl.NumberFormat("en");

/** 100000 → "100,000". */
export function formatCount(value) {
  return value === null || value === undefined ? "" : NUMBER.format(value);
}

/** A casualty count object {best, low, high, text} → "8" or "8 (5–12)"; null → "". */
export function formatCasualties(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  const { best, low, high } = value;
  if (best === null || best === undefined) return low !== undefined && low !== null ? `${low}–${high ?? "?"}` : "";
  const range = low !== null && low !== undefined && high !== null && high !== undefined && (low !== best || high !== best)
    ? ` (${low}–${high})` : "";
  return `${formatCount(best)}${range}`;
}

/** An event date {value, precision, start, end} → "2025-11-19" or "2025-11-19 – 2025-11-20 (day)". */
export function formatEventDate(date) {
  if (!date) return "";
  const day = (value) => String(value).replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}).*$/, "$1 $2");
  return date.start && date.end && date.start !== date.end ? `${day(date.start)} – ${day(date.end)}` : date.value ? day(date.value) : "";
}

/** "review_status" value → words. */
export const REVIEW_WORDS = {
  unreviewed: "Unreviewed",
  confirmed: "Confirmed",
  corrected: "Corrected",
  rejected: "Rejected",
};

/** A badge for a review state: text plus a symbol, so the state never rests on colour alone. */
export function reviewBadge(status) {
  const symbols = { unreviewed: "○", confirmed: "✓", corrected: "✎", rejected: "✕" };
  const name = status || "unreviewed";
  return h("span", { class: `badge badge--${name}` }, h("span", { "aria-hidden": "true" }, symbols[name] || "•"), " ", REVIEW_WORDS[name] || name);
}

/** Any JSON value as short readable text (used for correction before/after values). */
export function formatValue(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join("; ") : "—";
  if (typeof value === "object") {
    if ("best" in value || "low" in value || "high" in value) return formatCasualties(value) || "—";
    if ("precision" in value && "value" in value) return `${formatEventDate(value) || "—"} (${value.precision})`;
    return Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}: ${formatValue(v)}`).join(", ");
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** An ISO time → "2025-11-20 07:48 UTC" (dates stay as they are). */
export function formatTime(value) {
  if (!value) return "";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]} UTC` : value;
}
