// Text with highlighted spans, built from text nodes and <mark> elements only.
//
// Offsets are in code points (what the server counts), not UTF-16 units (what JS strings
// count), so the text is handled as an array of code points. Overlapping spans nest: a span
// that starts inside another and ends after it is split at the other's end, and the rest of
// it continues after (each piece keeps the span's data), so the text is never cut or doubled.

/**
 * @typedef {object} HighlightSpan
 * @property {number} start  code point offset, inclusive
 * @property {number} end    code point offset, exclusive
 * @property {string} kind   "entity" | "quote" | "event"
 * @property {string} uid    identifies the span (all its pieces carry it as data-span)
 * @property {object} [ref]  what to open when the highlight is chosen
 */

/** The code points of a string (so offsets count characters the way the server does). */
export function codePoints(text) {
  return Array.from(text || "");
}

/**
 * Paragraph ranges [start, end) of a body text, in code points: paragraphs are separated by a
 * blank line (two or more newlines); the newlines belong to no paragraph.
 * @param {string[]} points
 * @returns {Array<[number, number]>}
 */
export function paragraphRanges(points) {
  const ranges = [];
  let start = 0;
  let i = 0;
  while (i < points.length) {
    if (points[i] === "\n" && points[i + 1] === "\n") {
      if (i > start) ranges.push([start, i]);
      while (i < points.length && points[i] === "\n") i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  if (start < points.length) ranges.push([start, points.length]);
  return ranges;
}

/**
 * Spans cut to [from, to) and shifted so `from` becomes 0; spans outside are dropped.
 * @param {HighlightSpan[]} spans
 */
export function clipSpans(spans, from, to) {
  const out = [];
  for (const span of spans) {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    if (start < end) out.push({ ...span, start: start - from, end: end - from });
  }
  return out;
}

/**
 * Append `points[from, to)` to `parent` with the spans as nested marks.
 * @param {Node} parent
 * @param {string[]} points
 * @param {HighlightSpan[]} spans  offsets relative to `points`
 * @param {(span: HighlightSpan) => HTMLElement} makeMark  an empty <mark> for a span piece
 */
export function appendHighlighted(parent, points, spans, makeMark, from = 0, to = points.length) {
  const valid = spans
    .map((span) => ({ ...span, start: Math.max(from, span.start), end: Math.min(to, span.end) }))
    .filter((span) => span.start < span.end);
  renderRange(parent, points, sortSpans(valid), makeMark, from, to);
  return parent;
}

/** Longest first among spans starting together, so the outer one opens first. */
function sortSpans(spans) {
  return spans.sort((a, b) => a.start - b.start || b.end - a.end || String(a.uid).localeCompare(String(b.uid)));
}

function renderRange(parent, points, spans, makeMark, from, to) {
  let position = from;
  let queue = spans;
  while (queue.length) {
    const outer = queue[0];
    const rest = queue.slice(1);
    if (outer.start > position) parent.appendChild(document.createTextNode(points.slice(position, outer.start).join("")));
    const inside = [];
    const after = [];
    for (const span of rest) {
      if (span.start >= outer.end) after.push(span);
      else if (span.end <= outer.end) inside.push(span);
      else {
        // Crosses the end of `outer`: the first piece nests inside, the rest comes after.
        inside.push({ ...span, end: outer.end });
        after.push({ ...span, start: outer.end, continued: true });
      }
    }
    const mark = makeMark(outer);
    renderRange(mark, points, sortSpans(inside), makeMark, outer.start, outer.end);
    parent.appendChild(mark);
    position = outer.end;
    queue = sortSpans(after);
  }
  if (position < to) parent.appendChild(document.createTextNode(points.slice(position, to).join("")));
}
