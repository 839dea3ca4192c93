// The events view (default route): filter bar, map, timeline and the paged table. Filters
// live in the hash; the map view too (kept with replaceState, so panning does not fill the
// history). Nothing here ever asks for all events: the server clusters, counts and pages.

import { createMap } from "../map.js";
import { isAbort, latestOnly, queryString } from "./api.js";
import { bucketDays, drawBars, fillBuckets } from "./charts.js";
import { openDialog } from "./dialogs.js";
import { openEventCard } from "./event-card.js";
import { button, field, formatCasualties, formatCount, formatEventDate, h, replace, select } from "./dom.js";
import { createEventTable, PAGE_SIZE, SORTS } from "./event-table.js";
import { apiFilters, FILTER_KEYS, filtersFrom, formatHash } from "./route.js";
import { subTypesOf, withValue } from "./taxonomy.js";

const INTERVALS = [
  { value: "year", label: "Year" },
  { value: "month", label: "Month" },
  { value: "day", label: "Day" },
];
const DEEPEST_CLUSTER_ZOOM = 16;
const FIT_ZOOM = 5;
const PRECISION_WORDS = { point: "exact point", town: "town", admin2: "district", admin1: "province", country: "country", region: "region" };

/** The cluster grid zoom for a map view: cells 45 to 90 screen pixels wide (markers are up to 52). */
export function clusterZoom(mapZoom, width, height) {
  const pixelsPerDegree = Math.min(width / 360, height / 180) * mapZoom;
  const zoom = Math.round(Math.log2((45 * pixelsPerDegree) / 64));
  return Math.max(0, Math.min(DEEPEST_CLUSTER_ZOOM, Number.isFinite(zoom) ? zoom : 0));
}

/** The grid cell [west, south, east, north] a cluster's centre falls in. */
export function clusterCell(lat, lon, cellDegrees) {
  const west = Math.floor((lon + 180) / cellDegrees) * cellDegrees - 180;
  const south = Math.floor((lat + 90) / cellDegrees) * cellDegrees - 90;
  return [Math.max(-180, west), Math.max(-90, south), Math.min(180, west + cellDegrees), Math.min(90, south + cellDegrees)];
}

function describePoint(point) {
  const where = point.place || `${Math.abs(point.lat).toFixed(2)}°${point.lat >= 0 ? "N" : "S"} ${Math.abs(point.lon).toFixed(2)}°${point.lon >= 0 ? "E" : "W"}`;
  const killed = point.fatalities ? `, ${formatCount(point.fatalities)} fatalities` : "";
  if (point.count > 1) return `${formatCount(point.count)} events near ${where}${killed}. Choose to zoom in.`;
  const precision = PRECISION_WORDS[point.precision];
  return `${where}: 1 event${killed}${precision ? `, located to ${precision}` : ""}. Choose to open it.`;
}

/** Whether two map views ({zoom, bbox}) show the same area. */
function sameView(one, other) {
  return Boolean(one && other) && one.zoom === other.zoom && one.bbox.every((value, i) => value === other.bbox[i]);
}

function parseMapView(text) {
  const parts = (text || "").split(",").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  return { center: [parts[0], parts[1]], zoom: parts[2] };
}

/**
 * @param {object} app  the app context
 * @param {HTMLElement} root
 */
export function eventsView(app, root) {
  const requests = { table: latestOnly(), clusters: latestOnly(), timeline: latestOnly(), facets: latestOnly() };
  let route = app.route();
  let facets = null;
  let lastKeys = null;
  let mapView = null;
  let clusterAnswer = null;
  let fitted = Boolean(route.params.get("map")); // a bookmarked map view is kept as it is
  let timelineAnswer = null; // kept to redraw the bars when the panel changes width

  // ---- layout
  const error = h("p", { class: "error", role: "alert", hidden: true });
  // novalidate: a bookmarked date outside the data's range must not block Apply.
  const filterForm = h("form", { class: "filters", "aria-label": "Event filters", novalidate: true });
  const summary = h("p", { class: "summary", role: "status", "aria-live": "polite" });
  const exports = [["acled-csv", "ACLED CSV"], ["geojson", "GeoJSON"], ["jsonl", "JSON lines"]].map(([format, label]) =>
    h("a", { href: `/api/export/${format}`, download: "", dataset: { format } }, label));
  const exportLine = h("p", { class: "exports muted" }, "Download the events matching these filters: ",
    exports.flatMap((anchor, i) => (i ? [" · ", anchor] : [anchor])));
  const mapBox = h("div", { class: "map", id: "events-map" });
  const mapStatus = h("p", { class: "map-status muted", "aria-live": "polite" });
  const inView = h("input", { type: "checkbox", name: "inview" });
  const intervalSelect = select(INTERVALS, "month", { name: "interval" });
  const timelineBox = h("div", { class: "chart timeline" });
  const timelineNote = h("p", { class: "muted timeline-note" });
  const clearDates = button("Clear dates", () => setFilters({ date_from: "", date_to: "" }), { class: "small", hidden: true });
  const table = createEventTable({
    caption: "Events",
    onOpen: (eventId) => openEventCard(app, eventId),
    onSort: (sort) => navigate({ sort, page: "" }),
    onPage: (offset) => navigate({ page: offset ? String(offset / PAGE_SIZE + 1) : "" }),
  });
  replace(root,
    h("h1", { class: "sr-only" }, "Events"),
    filterForm, error, h("div", { class: "summary-line" }, summary, exportLine),
    h("div", { class: "events-top" },
      h("section", { class: "map-panel", "aria-labelledby": "map-heading" },
        h("h2", { id: "map-heading", class: "panel-title" }, "Map"), mapBox, mapStatus,
        h("label", { class: "check" }, inView, " Only list events inside the map view")),
      h("section", { class: "timeline-panel", "aria-labelledby": "timeline-heading" },
        h("div", { class: "panel-head" }, h("h2", { id: "timeline-heading", class: "panel-title" }, "Timeline"),
          h("label", {}, "Bars per ", intervalSelect), clearDates),
        timelineBox, timelineNote)),
    h("section", { "aria-labelledby": "table-heading" }, h("h2", { id: "table-heading", class: "panel-title" }, "Events"), table.element));

  const initialView = parseMapView(route.params.get("map"));
  const map = createMap(mapBox, { describePoint, ...(initialView || {}) });
  // The map knows its first view at once; taking it now lets the first markers be asked for
  // with the table instead of after the map's settle delay.
  if (mapBox.clientWidth > 0 && mapBox.clientHeight > 0) mapView = map.getView();
  map.onView((view) => {
    const moved = !sameView(view, mapView);
    mapView = view;
    rememberMapView(view);
    if (!moved) return; // the first settled view is the one already loaded
    loadClusters();
    if (inView.checked) {
      loadTable();
      loadTimeline();
    }
  });
  map.onSelect((point) => (point.event_id ? openEventCard(app, point.event_id) : openCluster(point)));
  inView.checked = route.params.get("inview") === "1";
  inView.addEventListener("change", () => navigate({ inview: inView.checked ? "1" : "", page: "" }));
  intervalSelect.addEventListener("change", () => navigate({ interval: intervalSelect.value === "month" ? "" : intervalSelect.value }));
  let timelineWidth = 0;
  const resize = new ResizeObserver(() => {
    // Redraw the bars to the new width (the answer is kept, no new request).
    if (timelineBox.clientWidth !== timelineWidth && timelineAnswer) {
      timelineWidth = timelineBox.clientWidth;
      drawTimeline(timelineAnswer);
    }
  });
  resize.observe(timelineBox);

  // ---- state helpers
  const filters = () => filtersFrom(route.params);
  const sort = () => (SORTS.some((s) => s.value === route.params.get("sort")) ? route.params.get("sort") : "-date");
  const page = () => Math.max(1, Number.parseInt(route.params.get("page") || "1", 10) || 1);
  const interval = () => (["year", "day"].includes(route.params.get("interval")) ? route.params.get("interval") : "month");
  const bbox = () => (inView.checked && mapView ? mapView.bbox.join(",") : undefined);

  function navigate(changes) {
    const params = new URLSearchParams(route.params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    app.navigate(formatHash("events", null, params));
  }

  function setFilters(changes) {
    navigate({ ...changes, page: "" });
  }

  function rememberMapView(view) {
    // The map reports a view a moment after it settles: by then the analyst may have opened an
    // actor or an article, or changed a filter. Write into the hash as it is now, never back
    // over another view (that bounced a quick click on an actor link back to the events page).
    const current = app.route();
    if (current.name !== "events") return;
    const params = new URLSearchParams(current.params);
    params.set("map", `${view.center[0].toFixed(3)},${view.center[1].toFixed(3)},${Number(view.zoom.toFixed(3))}`);
    const hash = formatHash("events", null, params);
    if (hash !== window.location.hash) history.replaceState(null, "", hash);
    route = app.route();
  }

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  // ---- filter bar
  function renderFilters() {
    // Rebuilding the form must not lose the keyboard user's place in it.
    const focused = filterForm.contains(document.activeElement) ? document.activeElement.name : null;
    const current = filters();
    const counts = (list) => new Map((list || []).map((item) => [item.value, item.count]));
    const withCount = (value, label, map) => ({ value, label: map.has(value) ? `${label} (${formatCount(map.get(value))})` : label });
    const typeCounts = counts(facets && facets.event_types);
    const subCounts = counts(facets && facets.sub_event_types);
    const taxonomy = app.taxonomy;
    // A bookmarked value the server's lists lack stays choosable (and visibly chosen).
    const types = withValue(taxonomy.types, current.type);
    const subTypes = withValue(subTypesOf(taxonomy, taxonomy.subTypes[current.type] ? current.type : ""), current.sub_type);
    const certainties = withValue(taxonomy.certainty, current.certainty);
    const reviewStates = withValue(taxonomy.reviewStatus, current.review === "all" ? "" : current.review);
    const countries = (facets && facets.countries) || [];
    if (current.country && !countries.some((c) => c.value === current.country)) countries.push({ value: current.country, name: current.country });
    const certaintyCounts = counts(facets && facets.certainty);
    const reviewCounts = counts(facets && facets.review_status);

    const controls = {
      type: select([{ value: "", label: "Any type" }, ...types.map((t) => withCount(t, t, typeCounts))], current.type, { name: "type" }),
      sub_type: select([{ value: "", label: "Any sub-type" }, ...subTypes.map((t) => withCount(t, t, subCounts))], current.sub_type, { name: "sub_type" }),
      country: select([{ value: "", label: "Any country" }, ...countries.map((c) => ({ value: c.value, label: c.count ? `${c.name || c.value} (${formatCount(c.count)})` : c.name || c.value }))], current.country, { name: "country" }),
      date_from: h("input", { type: "date", name: "date_from", value: current.date_from || "", min: facets && facets.date_min, max: facets && facets.date_max }),
      date_to: h("input", { type: "date", name: "date_to", value: current.date_to || "", min: facets && facets.date_min, max: facets && facets.date_max }),
      certainty: select([{ value: "", label: "Any certainty" }, ...certainties.map((c) => withCount(c, c, certaintyCounts))], current.certainty, { name: "certainty" }),
      review: select([{ value: "", label: "Any but rejected" }, { value: "all", label: "Any, rejected too" },
        ...reviewStates.map((state) => withCount(state, state, reviewCounts))], current.review, { name: "review" }),
      actor: h("input", { type: "text", name: "actor", value: current.actor || "", list: "actor-suggestions", autocomplete: "off", placeholder: "name or key" }),
      min_fatalities: h("input", { type: "number", name: "min_fatalities", min: 0, step: 1, value: current.min_fatalities || "", inputmode: "numeric" }),
    };
    const suggestions = h("datalist", { id: "actor-suggestions" });
    controls.actor.addEventListener("input", suggestActors(controls.actor, suggestions));
    const labels = {
      type: "Event type", sub_type: "Sub-type", country: "Country", date_from: "From", date_to: "To", certainty: "Certainty",
      review: "Review state", actor: "Actor", min_fatalities: "Min. fatalities",
    };
    replace(filterForm,
      h("div", { class: "filters__fields" }, FILTER_KEYS.map((key) => field(labels[key], controls[key], { class: `field--${key}` })), suggestions),
      h("div", { class: "filters__actions" },
        h("button", { type: "submit", class: "primary" }, "Apply"),
        button("Reset", () => app.navigate(formatHash("events")), { class: "secondary" })));
    // Selects apply at once; typed fields when they change (Enter or leaving them).
    for (const key of FILTER_KEYS) {
      controls[key].addEventListener("change", () => {
        if (key === "type") controls.sub_type.value = "";
        applyForm(controls);
      });
    }
    filterForm.onsubmit = (event) => {
      event.preventDefault();
      applyForm(controls);
    };
    const again = focused && filterForm.querySelector(`[name="${focused}"]`);
    if (again) again.focus();
  }

  function applyForm(controls) {
    const changes = {};
    for (const key of FILTER_KEYS) changes[key] = controls[key].value.trim();
    const same = FILTER_KEYS.every((key) => (filters()[key] || "") === changes[key]);
    if (!same) setFilters(changes);
  }

  function suggestActors(input, list) {
    let timer = 0;
    const latest = latestOnly();
    return () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        try {
          const data = await latest((signal) => app.api.get("/api/actors", { q, limit: 10 }, signal));
          replace(list, data.items.map((actor) => h("option", { value: actor.name }, `${actor.name} (${formatCount(actor.events)})`)));
        } catch (failure) {
          if (!isAbort(failure)) replace(list);
        }
      }, 300);
    };
  }

  // ---- loading
  async function loadFacets() {
    try {
      facets = await requests.facets((signal) => app.api.get("/api/facets", {}, signal));
      renderFilters();
    } catch (failure) {
      if (!isAbort(failure)) showError(`Filter values could not be loaded: ${failure.message}`);
    }
  }

  async function loadTable() {
    table.setBusy(true);
    try {
      const answer = await requests.table((signal) => app.api.get("/api/events",
        { ...apiFilters(filters()), bbox: bbox(), sort: sort(), limit: PAGE_SIZE, offset: (page() - 1) * PAGE_SIZE }, signal));
      showError("");
      table.render(answer, sort());
      const query = queryString({ ...apiFilters(filters()), bbox: bbox() });
      for (const anchor of exports) anchor.href = `/api/export/${anchor.dataset.format}${query}`;
      summary.textContent = `${formatCount(answer.total)} event${answer.total === 1 ? "" : "s"} match${answer.total === 1 ? "es" : ""} the filters${bbox() ? " inside the map view" : ""}.`;
    } catch (failure) {
      if (isAbort(failure)) return;
      showError(failure.message);
      table.render({ total: 0, offset: 0, items: [] }, sort());
      summary.textContent = "";
    } finally {
      table.setBusy(false);
    }
  }

  async function loadClusters() {
    if (!mapView) return;
    const zoom = clusterZoom(mapView.zoom, mapBox.clientWidth, mapBox.clientHeight);
    mapBox.setAttribute("aria-busy", "true");
    try {
      const answer = await requests.clusters((signal) => app.api.get("/api/events/clusters",
        { ...apiFilters(filters()), zoom, bbox: mapView.bbox.join(",") }, signal));
      clusterAnswer = answer;
      map.setPoints(answer.clusters.map((cluster, index) => ({
        ...cluster, id: cluster.event_id || `cluster-${answer.zoom}-${cluster.lat}-${cluster.lon}-${index}`, label: cluster.place,
      })));
      mapStatus.textContent = `${formatCount(answer.total)} event${answer.total === 1 ? "" : "s"} in this view${answer.unplaced ? ` · ${formatCount(answer.unplaced)} without a place (not on the map)` : ""}.`;
    } catch (failure) {
      if (!isAbort(failure)) mapStatus.textContent = `Map markers could not be loaded: ${failure.message}`;
    } finally {
      mapBox.setAttribute("aria-busy", "false");
    }
  }

  /**
   * First view without a bookmarked one: show where the events are, when that is not the whole
   * world. Uses a fine grid (cells of 1.4°), so one big cluster's average point does not
   * pass for the extent of its events.
   */
  async function fitToData() {
    let clusters = [];
    try {
      clusters = (await app.api.get("/api/events/clusters", { ...apiFilters(filters()), zoom: FIT_ZOOM })).clusters;
    } catch {
      return; // the map's own cluster request shows the problem
    }
    if (!clusters.length || fitted) return;
    fitted = true;
    const lons = clusters.map((c) => c.lon);
    const lats = clusters.map((c) => c.lat);
    const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    if (east - west > 150 || north - south > 75) return;
    const pad = Math.max(4, (east - west) * 0.3, (north - south) * 0.3);
    map.fitBounds([Math.max(-180, west - pad), Math.max(-90, south - pad), Math.min(180, east + pad), Math.min(90, north + pad)]);
  }

  async function loadTimeline() {
    const query = { ...apiFilters(filters()), bbox: bbox(), interval: interval() };
    // The timeline shows the whole time range for the other filters, the chosen dates highlighted.
    delete query.date_from;
    delete query.date_to;
    timelineBox.setAttribute("aria-busy", "true");
    try {
      const answer = await requests.timeline((signal) => app.api.get("/api/events/timeline", query, signal));
      timelineAnswer = answer;
      drawTimeline(answer);
    } catch (failure) {
      if (!isAbort(failure)) replace(timelineBox, h("p", { class: "error" }, `Timeline could not be loaded: ${failure.message}`));
    } finally {
      timelineBox.setAttribute("aria-busy", "false");
    }
  }

  function drawTimeline(answer) {
    const current = filters();
    const selected = current.date_from || current.date_to ? [current.date_from || "0000-01-01", current.date_to || "9999-12-31"] : null;
    drawBars(timelineBox, {
      buckets: fillBuckets(answer.buckets),
      label: `Events per ${answer.interval}`,
      selected,
      pickHint: `Show only this ${answer.interval}`,
      onPick: (bucket) => {
        const [from, to] = bucketDays(bucket.start);
        setFilters({ date_from: from, date_to: to });
      },
    });
    const notes = [];
    if (answer.coarser) notes.push(`${formatCount(answer.coarser)} event${answer.coarser === 1 ? " is" : "s are"} dated less precisely than a ${answer.interval} and counted in the first one ${answer.coarser === 1 ? "it" : "they"} may fall in`);
    if (answer.undated) notes.push(`${formatCount(answer.undated)} undated`);
    timelineNote.textContent = notes.length ? `${notes.join("; ")}.` : "";
    clearDates.hidden = !selected;
  }

  // ---- clusters: zoom in, or list the events when they sit on one spot
  async function openCluster(point) {
    if (!clusterAnswer) return;
    const cell = clusterCell(point.lat, point.lon, clusterAnswer.cell_degrees);
    try {
      const deeper = await app.api.get("/api/events/clusters", { ...apiFilters(filters()), zoom: DEEPEST_CLUSTER_ZOOM, bbox: cell.join(",") });
      if (deeper.clusters.length > 1) {
        const lons = deeper.clusters.map((c) => c.lon);
        const lats = deeper.clusters.map((c) => c.lat);
        const pad = (low, high) => Math.max((high - low) * 0.25, 0.05);
        const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
        map.fitBounds([west - pad(west, east), south - pad(south, north), east + pad(west, east), north + pad(south, north)]);
        return;
      }
      listEventsAt(point, cell);
    } catch (failure) {
      showError(failure.message);
    }
  }

  async function listEventsAt(point, cell) {
    const list = h("ul", { class: "plain-list cluster-list" }, h("li", { class: "loading" }, "Loading…"));
    const status = h("p", { class: "muted" });
    const dialog = openDialog({ title: `${formatCount(point.count)} events at ${point.place || "one place"}`, content: [status, list], className: "dialog--small" });
    try {
      const answer = await app.api.get("/api/events", { ...apiFilters(filters()), bbox: cell.join(","), sort: sort(), limit: PAGE_SIZE });
      status.textContent = answer.total > answer.items.length
        ? `These events share one spot. Showing ${answer.items.length} of ${formatCount(answer.total)}; narrow the filters to see the others.`
        : "These events share one spot on the map.";
      replace(list, answer.items.map((event) => h("li", {}, button(
        `${formatEventDate(event.date)} · ${[event.event_type, event.sub_event_type].filter(Boolean).join(": ")}${event.fatalities ? ` · ${formatCasualties(event.fatalities)} killed` : ""}`,
        () => {
          dialog.close();
          openEventCard(app, event.event_id);
        }, { class: "linklike" }))));
      const first = list.querySelector("button");
      if (first) first.focus();
    } catch (failure) {
      replace(list, h("li", { class: "error" }, failure.message));
    }
  }

  // ---- route updates
  function keysOf(next) {
    const params = next.params;
    return {
      filters: JSON.stringify(filtersFrom(params)) + (params.get("inview") || ""),
      table: `${params.get("sort") || ""}|${params.get("page") || ""}`,
      interval: params.get("interval") || "",
    };
  }

  function update(next) {
    route = next;
    const keys = keysOf(next);
    const view = parseMapView(next.params.get("map"));
    if (view && mapView && (Math.abs(view.zoom - mapView.zoom) > 1e-3 || Math.abs(view.center[0] - mapView.center[0]) > 1e-3
      || Math.abs(view.center[1] - mapView.center[1]) > 1e-3)) map.setView(view);
    inView.checked = next.params.get("inview") === "1";
    intervalSelect.value = interval();
    const loads = [];
    if (!lastKeys || keys.filters !== lastKeys.filters) {
      renderFilters();
      loads.push(loadTable(), loadClusters(), loadTimeline());
    } else {
      if (keys.table !== lastKeys.table) loads.push(loadTable());
      if (keys.interval !== lastKeys.interval) loads.push(loadTimeline());
    }
    lastKeys = keys;
    return Promise.allSettled(loads);
  }

  function refresh() {
    loadFacets();
    loadTable();
    loadClusters();
    loadTimeline();
  }

  // (update draws the filter bar first.) The facet counts are the slowest answer on a big
  // database: ask once the table is shown.
  update(route).then(() => {
    if (!fitted) fitToData();
    loadFacets();
  });

  return {
    update,
    refresh,
    destroy() {
      resize.disconnect();
      map.destroy();
    },
  };
}
