// A small SVG relation graph: the actor in the centre, the entities it is related to around
// it, each edge labelled with its predicate and pointing from subject to object.

import { h, link, svg } from "./dom.js";
import { formatHash } from "./route.js";

const WIDTH = 640;
const HEIGHT = 380;
const MAX_NODES = 14;

/**
 * Relations around one actor, one entry per other party: {name, id, edges: [{predicate, outgoing, source}]}.
 * `id` is the knowledge-base id of the other party when the knowledge base names it (its
 * actor key), else null.
 * @param {string[]} ownNames  names and aliases that mean the actor itself
 * @param {Array<{subject: string, predicate: string, object: string}>} relations  from articles
 * @param {Array<{predicate: string, object: string, object_id: string|null}>} kbRelations  from the knowledge base (actor is the subject)
 */
export function relationNeighbours(ownNames, relations, kbRelations) {
  const own = new Set(ownNames.filter(Boolean).map((name) => name.toLowerCase()));
  const byName = new Map();
  const add = (name, predicate, outgoing, source, id = null) => {
    const key = name.toLowerCase();
    if (!byName.has(key)) byName.set(key, { name, id: null, edges: [] });
    const entry = byName.get(key);
    if (id && !entry.id) entry.id = id;
    if (!entry.edges.some((edge) => edge.predicate === predicate && edge.outgoing === outgoing)) entry.edges.push({ predicate, outgoing, source });
  };
  for (const relation of relations || []) {
    const subjectIsOwn = own.has(String(relation.subject).toLowerCase());
    const objectIsOwn = own.has(String(relation.object).toLowerCase());
    if (subjectIsOwn && !objectIsOwn) add(relation.object, relation.predicate, true, "article");
    else if (objectIsOwn && !subjectIsOwn) add(relation.subject, relation.predicate, false, "article");
  }
  for (const relation of kbRelations || []) {
    add(relation.object || relation.object_id, relation.predicate, true, "knowledge base", relation.object_id || null);
  }
  return [...byName.values()];
}

/**
 * The graph as an SVG inside a <figure>, plus the same relations as a list (the graph's text
 * alternative, visible to everyone).
 */
export function relationGraph(centreName, neighbours) {
  const figure = h("figure", { class: "graph" });
  if (!neighbours.length) {
    figure.append(h("p", { class: "muted" }, "No relations recorded for this actor."));
    return figure;
  }
  const shown = neighbours.slice(0, MAX_NODES);
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  const rx = WIDTH / 2 - 110;
  const ry = HEIGHT / 2 - 40;
  const drawing = svg("svg", {
    class: "graph__svg", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": `Relations of ${centreName}: ${shown.length} related ${shown.length === 1 ? "entity" : "entities"}, listed below.`,
  });
  const defs = svg("defs", {}, svg("marker", {
    id: "graph-arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse",
  }, svg("path", { d: "M0 0L10 5L0 10z", class: "graph__arrowhead" })));
  const edges = svg("g", { class: "graph__edges" });
  const labels = svg("g", { class: "graph__edge-labels" });
  const nodes = svg("g", { class: "graph__nodes" });
  const placed = shown.map((neighbour, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / shown.length;
    const node = nodeBox(cx + rx * Math.cos(angle), cy + ry * Math.sin(angle), neighbour.name, "graph__node");
    // A known entity's box leads to its actor page; for the mouse only, since the list below
    // has the same link as a Tab stop.
    nodes.append(neighbour.id ? svg("a", { href: formatHash("actor", neighbour.id), tabindex: "-1", class: "graph__link" }, node) : node);
    return { neighbour, node };
  });
  const centre = nodeBox(cx, cy, centreName, "graph__node graph__node--centre");
  nodes.append(centre);
  drawing.append(defs, edges, labels, nodes);
  // Edges are drawn once the boxes have their measured sizes, so they end at the box borders
  // and the arrowheads show.
  requestAnimationFrame(() => {
    for (const box of [centre, ...placed.map((item) => item.node)]) fitBox(box, 20);
    for (const { neighbour, node } of placed) {
      const [x1, y1] = borderPoint(centre, node.cx, node.cy);
      const [x2, y2] = borderPoint(node, centre.cx, centre.cy);
      const outgoing = neighbour.edges.some((edge) => edge.outgoing);
      const incoming = neighbour.edges.some((edge) => !edge.outgoing);
      edges.append(svg("line", {
        class: `graph__edge${neighbour.edges.every((edge) => edge.source === "knowledge base") ? " graph__edge--kb" : ""}`,
        x1, y1, x2, y2,
        "marker-end": outgoing ? "url(#graph-arrow)" : null,
        "marker-start": incoming ? "url(#graph-arrow)" : null,
      }));
      const label = labelBox((x1 + x2) / 2, (y1 + y2) / 2, neighbour.edges.map((edge) => edge.predicate.replaceAll("_", " ")).join(", "), "graph__edge-label");
      labels.append(label);
      fitBox(label, 10);
    }
  });
  figure.append(drawing, h("figcaption", {}, "Solid lines: relations stated in articles; dashed: from the knowledge base. Arrows point from subject to object."));
  // The other party by name, linked to its actor page when the knowledge base knows it.
  const other = (neighbour) => (neighbour.id ? link(formatHash("actor", neighbour.id), neighbour.name, { class: "graph__entity" }) : neighbour.name);
  figure.append(h("ul", { class: "graph__list" }, neighbours.map((neighbour) => h("li", {},
    neighbour.edges.map((edge, i) => [i ? "; " : "",
      edge.outgoing ? `${centreName} ` : [other(neighbour), " "], h("em", {}, edge.predicate.replaceAll("_", " ")),
      edge.outgoing ? [" ", other(neighbour)] : ` ${centreName}`, h("span", { class: "muted" }, ` (${edge.source})`)])))));
  if (neighbours.length > shown.length) figure.append(h("p", { class: "muted" }, `The graph shows ${shown.length} of ${neighbours.length}; all are listed.`));
  return figure;
}

/** Size a box's rectangle to its text as drawn (plus `padding`). */
function fitBox(box, padding) {
  const text = box.querySelector("text");
  const rect = box.querySelector("rect");
  let width = Number(rect.getAttribute("width"));
  try {
    const drawn = text.getComputedTextLength();
    if (drawn > 0) width = Math.max(drawn + padding, 24);
  } catch {
    /* not rendered (hidden): keep the estimate */
  }
  rect.setAttribute("x", String(-width / 2));
  rect.setAttribute("width", String(width));
  box.halfWidth = width / 2;
}

/** Where the line from a box's centre towards (x, y) leaves the box. */
function borderPoint(box, x, y) {
  const dx = x - box.cx;
  const dy = y - box.cy;
  const halfHeight = Number(box.querySelector("rect").getAttribute("height")) / 2 + 2;
  const halfWidth = (box.halfWidth || 30) + 2;
  const scale = 1 / Math.max(Math.abs(dx) / halfWidth, Math.abs(dy) / halfHeight, 1e-9);
  return [box.cx + dx * scale, box.cy + dy * scale];
}

function truncate(text, length) {
  const points = Array.from(text);
  return points.length > length ? `${points.slice(0, length - 1).join("")}…` : text;
}

/** A text with a rectangle behind it, sized from the text length (no layout pass needed). */
function nodeBox(x, y, text, className) {
  const shown = truncate(text, 24);
  const width = Math.max(60, shown.length * 7.4 + 20);
  const box = svg("g", { class: className, transform: `translate(${x} ${y})` },
    svg("title", {}, text),
    svg("rect", { x: -width / 2, y: -15, width, height: 30, rx: 6 }),
    svg("text", { "text-anchor": "middle", dy: "0.35em" }, shown));
  box.cx = x;
  box.cy = y;
  return box;
}

function labelBox(x, y, text, className) {
  const shown = truncate(text, 28);
  const width = shown.length * 6.4 + 10;
  return svg("g", { class: className, transform: `translate(${x} ${y})` },
    svg("rect", { x: -width / 2, y: -9, width, height: 18, rx: 3 }),
    svg("text", { "text-anchor": "middle", dy: "0.35em" }, shown));
}
