// The paged, sortable events table (events view and actor page). It draws one page the server
// gave; paging and sorting go back to the caller, which asks the server again.

import { actorLink } from "./actor-links.js";
import { button, formatCasualties, formatCount, formatEventDate, h, link, replace, reviewBadge, select } from "./dom.js";
import { formatHash } from "./route.js";

export const PAGE_SIZE = 50;

export const SORTS = [
  { value: "-date", label: "Newest first" },
  { value: "date", label: "Oldest first" },
  { value: "-fatalities", label: "Most fatalities" },
  { value: "fatalities", label: "Fewest fatalities" },
  { value: "-updated", label: "Recently changed" },
  { value: "updated", label: "Least recently changed" },
];

/** "1–50 of 100,000" for a page answer. */
export function pageRangeText(page) {
  if (!page.total) return "No events";
  const first = page.offset + 1;
  const last = Math.min(page.offset + page.items.length, page.total);
  return `${formatCount(first)}–${formatCount(last)} of ${formatCount(page.total)}`;
}

/**
 * @param {object} options
 * @param {string} options.caption  table caption (for screen readers and the heading)
 * @param {(eventId: string, opener: HTMLElement) => void} options.onOpen
 * @param {(sort: string) => void} options.onSort
 * @param {(offset: number) => void} options.onPage
 * @returns {{ element: HTMLElement, render: (page: object, sort: string) => void, setBusy: (busy: boolean) => void, showError: (message: string) => void }}
 */
export function createEventTable({ caption, onOpen, onSort, onPage }) {
  const status = h("p", { class: "pager__status", role: "status", "aria-live": "polite" });
  const sortSelect = select(SORTS, "-date", { "aria-label": "Sort events" });
  sortSelect.addEventListener("change", () => onSort(sortSelect.value));
  const pagerButtons = {
    first: button("« First", () => onPage(0)),
    prev: button("‹ Previous", () => onPage(Math.max(0, current.offset - PAGE_SIZE))),
    next: button("Next ›", () => onPage(current.offset + PAGE_SIZE)),
    last: button("Last »", () => onPage(Math.max(0, Math.floor((current.total - 1) / PAGE_SIZE) * PAGE_SIZE))),
  };
  const pager = h("div", { class: "pager" }, status,
    h("div", { class: "pager__controls" },
      h("label", { class: "pager__sort" }, "Sort ", sortSelect),
      pagerButtons.first, pagerButtons.prev, pagerButtons.next, pagerButtons.last));
  const body = h("tbody");
  const headRow = h("tr");
  const table = h("table", { class: "events-table" }, h("caption", { class: "sr-only" }, caption), h("thead", {}, headRow), body);
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const element = h("section", { class: "events-table-wrap", "aria-label": caption }, pager, error,
    h("div", { class: "table-scroll" }, table));
  let current = { offset: 0, total: 0, items: [] };

  body.addEventListener("click", (event) => {
    // A click anywhere on a row opens its card (the row's button is the keyboard way).
    if (event.target.closest("a, button")) return;
    const row = event.target.closest("tr[data-event]");
    if (row) onOpen(row.dataset.event, row.querySelector("button.event-open"));
  });

  function header(label, sortKey, sort) {
    if (!sortKey) return h("th", { scope: "col" }, label);
    const ascending = sort === sortKey;
    const descending = sort === `-${sortKey}`;
    const next = descending ? sortKey : `-${sortKey}`;
    const arrow = ascending ? "▲" : descending ? "▼" : "↕";
    return h("th", { scope: "col", "aria-sort": ascending ? "ascending" : descending ? "descending" : "none" },
      button([label, " ", h("span", { "aria-hidden": "true", class: "sort-arrow" }, arrow)], () => onSort(next),
        { class: "th-sort", title: `Sort by ${label.toLowerCase()}` }));
  }

  function row(event) {
    const type = [event.event_type, event.sub_event_type].filter(Boolean).join(": ");
    const place = event.location ? [event.location.name, event.location.country].filter(Boolean).join(", ") : "";
    const actors = ["actor1", "actor2"].map((role) => actorLink(event, role)).filter(Boolean);
    const rejected = event.review_status === "rejected";
    return h("tr", { dataset: { event: event.event_id }, class: rejected ? "is-rejected" : null },
      h("td", { class: "nowrap" }, formatEventDate(event.date), event.date && event.date.precision !== "day"
        ? h("span", { class: "muted" }, ` (${event.date.precision})`) : null),
      h("td", {}, button(type || "Event", (click) => onOpen(event.event_id, click.currentTarget), {
        class: "event-open linklike",
        "aria-label": `Open event: ${type}, ${formatEventDate(event.date)}${place ? `, ${place}` : ""}`,
      }), event.background ? h("span", { class: "tag" }, "background") : null),
      h("td", { class: "actors" }, actors.length ? actors.flatMap((anchor, i) => (i ? [" vs ", anchor] : [anchor])) : h("span", { class: "muted" }, "—")),
      h("td", {}, place || h("span", { class: "muted" }, "unplaced")),
      h("td", { class: "num" }, formatCasualties(event.fatalities) || h("span", { class: "muted" }, "—")),
      h("td", {}, event.certainty || ""),
      h("td", {}, reviewBadge(event.review_status)),
      h("td", { class: "source" }, event.article
        ? link(formatHash("article", event.article_id, { event: event.event_id }), event.article.title || event.article_id)
        : ""));
  }

  return {
    element,
    render(page, sort) {
      current = page;
      error.hidden = true;
      sortSelect.value = sort;
      replace(headRow, header("Date", "date", sort), header("Event", null, sort), header("Actors", null, sort),
        header("Place", null, sort), header("Fatalities", "fatalities", sort), header("Certainty", null, sort),
        header("Review", null, sort), header("Source article", null, sort));
      replace(body, page.items.length ? page.items.map(row)
        : h("tr", {}, h("td", { colspan: 8, class: "empty" }, "No events match these filters.")));
      const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
      const number = Math.floor(page.offset / PAGE_SIZE) + 1;
      status.textContent = `${pageRangeText(page)} events${page.total ? ` · page ${formatCount(number)} of ${formatCount(pages)}` : ""}`;
      pagerButtons.first.disabled = pagerButtons.prev.disabled = page.offset <= 0;
      pagerButtons.next.disabled = pagerButtons.last.disabled = page.offset + PAGE_SIZE >= page.total;
    },
    setBusy(busy) {
      element.classList.toggle("is-busy", busy);
      element.setAttribute("aria-busy", busy ? "true" : "false");
    },
    showError(message) {
      error.textContent = message;
      error.hidden = false;
    },
  };
}
