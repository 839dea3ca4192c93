// Self-drawn SVG bar charts of events over time (the timeline and an actor's months).
// Bars are keyboard reachable with one Tab stop: arrow keys move between them (roving tabindex),
// Enter or Space picks one.

import { h, svg, formatCount } from "./dom.js";

const HEIGHT = 132;
const AXIS = 22; // room for the labels under the bars
const TOP = 14;
const MAX_FILLED = 5000; // never invent more empty buckets than this (a day chart over decades)

/** The bucket after `start` ("2025", "2025-11" or "2025-11-19"). */
export function nextBucket(start) {
  if (/^\d{4}$/.test(start)) return String(Number(start) + 1);
  if (/^\d{4}-\d{2}$/.test(start)) {
    const [year, month] = start.split("-").map(Number);
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  }
  const day = new Date(`${start}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Buckets with the empty ones in between added, so the time axis is even. */
export function fillBuckets(buckets) {
  if (buckets.length < 2) return buckets.slice();
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const last = buckets[buckets.length - 1].start;
  const out = [];
  let current = buckets[0].start;
  while (current <= last && out.length < MAX_FILLED) {
    out.push(byStart.get(current) || { start: current, count: 0, fatalities: 0 });
    current = nextBucket(current);
  }
  return out.length < MAX_FILLED ? out : buckets.slice();
}

/** First and last day of a bucket ("2025-11" → ["2025-11-01", "2025-11-30"]). */
export function bucketDays(start) {
  if (/^\d{4}$/.test(start)) return [`${start}-01-01`, `${start}-12-31`];
  if (/^\d{4}-\d{2}$/.test(start)) {
    const [year, month] = start.split("-").map(Number);
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return [`${start}-01`, `${start}-${String(lastDay).padStart(2, "0")}`];
  }
  return [start, start];
}

/**
 * Draw a bar chart into `container` (replacing what is there), sized to its width.
 * @param {HTMLElement} container
 * @param {object} options
 * @param {Array<{start: string, count: number, fatalities: number}>} options.buckets  (filled)
 * @param {string} options.label  accessible name of the chart
 * @param {[string, string]|null} [options.selected]  day range to show as chosen
 * @param {(bucket: object) => void} [options.onPick]
 * @param {string} [options.pickHint]  what picking a bar does (in each bar's label)
 */
export function drawBars(container, { buckets, label, selected = null, onPick = null, pickHint = "" }) {
  const width = Math.max(240, container.clientWidth || 600);
  container.replaceChildren();
  if (!buckets.length) {
    container.append(h("p", { class: "chart__empty" }, "No dated events for these filters."));
    return;
  }
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const left = 44;
  const plotWidth = width - left - 8;
  const step = Math.min(plotWidth / buckets.length, 48); // a few buckets make bars, not blocks
  const gap = step > 6 ? Math.min(3, step * 0.2) : 0;
  const plotHeight = HEIGHT - AXIS - TOP;
  const chart = svg("svg", {
    class: "chart__svg", width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "group", "aria-label": label,
  });
  // Y axis: the largest count, half of it and zero.
  for (const value of [max, Math.round(max / 2), 0]) {
    const y = TOP + plotHeight - (value / max) * plotHeight;
    chart.append(
      svg("line", { class: "chart__grid", x1: left, x2: width - 4, y1: y, y2: y }),
      svg("text", { class: "chart__tick", x: left - 6, y: y + 4, "text-anchor": "end" }, formatCount(value)),
    );
  }
  const bars = [];
  buckets.forEach((bucket, index) => {
    const barHeight = bucket.count ? Math.max(2, (bucket.count / max) * plotHeight) : 0;
    const x = left + index * step + gap / 2;
    const [first, last] = bucketDays(bucket.start);
    const chosen = selected && first <= selected[1] && last >= selected[0];
    const text = `${bucket.start}: ${formatCount(bucket.count)} event${bucket.count === 1 ? "" : "s"}, ${formatCount(bucket.fatalities)} fatalities${pickHint ? `. ${pickHint}` : ""}`;
    const group = svg("g", { class: `chart__bar${chosen ? " is-chosen" : ""}${bucket.count ? "" : " is-empty"}`, "data-start": bucket.start });
    // A full-height hit area makes thin bars easy to click.
    group.append(
      svg("rect", { class: "chart__hit", x: left + index * step, y: TOP, width: Math.max(step, 1), height: plotHeight }),
      svg("rect", { class: "chart__fill", x, y: TOP + plotHeight - barHeight, width: Math.max(step - gap, 1), height: barHeight }),
      svg("title", {}, text),
    );
    if (onPick && bucket.count) {
      group.setAttribute("role", "button");
      group.setAttribute("aria-label", text);
      group.setAttribute("tabindex", "-1");
      group.addEventListener("click", () => onPick(bucket));
      bars.push(group);
    }
    chart.append(group);
  });
  drawAxisLabels(chart, buckets, left, step, HEIGHT - 6);
  if (bars.length) rovingFocus(chart, bars, onPick, buckets);
  container.append(chart);
}

/** Labels under the bars: every bucket when they are wide, else as many as fit at year starts. */
function drawAxisLabels(chart, buckets, left, step, y) {
  const minGap = 64;
  const full = step >= 56 || buckets.length <= 3;
  let lastX = -Infinity;
  buckets.forEach((bucket, index) => {
    const x = left + index * step + step / 2;
    const yearStart = bucket.start.length === 4 || /-01(-01)?$/.test(bucket.start);
    if (x - lastX < minGap || !(full || index === 0 || yearStart)) return;
    const labelText = full ? bucket.start : bucket.start.slice(0, 4);
    chart.append(svg("text", { class: "chart__label", x, y, "text-anchor": "middle" }, labelText));
    lastX = x;
  });
}

function rovingFocus(chart, bars, onPick, buckets) {
  const chosen = bars.findIndex((bar) => bar.classList.contains("is-chosen"));
  let current = chosen >= 0 ? chosen : bars.length - 1;
  bars[current].setAttribute("tabindex", "0");
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  chart.addEventListener("keydown", (event) => {
    const index = bars.indexOf(event.target.closest ? event.target.closest(".chart__bar") : null);
    if (index < 0) return;
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(bars.length - 1, index + moves[event.key]));
      bars[current].setAttribute("tabindex", "-1");
      current = next;
      bars[current].setAttribute("tabindex", "0");
      bars[current].focus();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onPick(byStart.get(bars[index].dataset.start));
    }
  });
}
