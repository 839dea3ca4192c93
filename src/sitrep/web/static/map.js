// sitrep world map: an offline, dependency-free SVG map (equirectangular projection).
//
// Usage:
//   import { createMap } from "./map.js";
//   const map = createMap(document.getElementById("map"), { outlinesUrl: "/api/geo/countries" });
//   map.onView(({ zoom, bbox }) => fetchClustersFor(zoom, bbox).then((points) => map.setPoints(points)));
//   map.onSelect((point) => showDetails(point));
//
// Coordinates: "world" units are degrees with x = longitude and y = -latitude, so the whole
// world is the rectangle x -180..180, y -90..90. The view is a centre (lon, lat) and a zoom,
// where zoom 1 fits the whole world in the container and each zoom doubling halves the span.
// Countries are drawn once in world units and moved with one group transform; markers keep a
// constant size on screen, so they are placed at (world * scale) and moved by a group translate:
// panning touches two attributes, only zooming re-places every marker.

const SVG_NS = "http://www.w3.org/2000/svg";
const WORLD = { minX: -180, maxX: 180, minY: -90, maxY: 90 };
const DEFAULTS = {
  outlinesUrl: "/api/geo/countries",
  outlines: null,
  label: "World map of reported events. Arrow keys pan, plus and minus zoom, Tab moves between markers.",
  center: [20, 15],
  zoom: 1,
  minZoom: 1,
  maxZoom: 64,
  viewSettleMs: 250,
  legend: true,
  legendOpen: false,
  describePoint: null,
};
const ZOOM_STEP = 2;
const KEY_PAN_FRACTION = 0.15;
const DRAG_THRESHOLD_PX = 4;
const WHEEL_ZOOM_PER_PIXEL = 0.0015;
const WHEEL_LINE_PX = 16;

// Marker style by how precisely the place is known: solid = a spot, rings = an area.
const PRECISION_STYLE = {
  point: "exact",
  town: "exact",
  admin2: "admin",
  admin1: "admin",
  country: "wide",
  region: "wide",
};
const PRECISION_WORDS = {
  point: "exact point",
  town: "town",
  admin2: "district",
  admin1: "province",
  country: "country",
  region: "region",
};

/**
 * Create a world map inside `container` (an empty block element with a height).
 *
 * @param {HTMLElement} container
 * @param {object} [options]
 * @param {string} [options.outlinesUrl="/api/geo/countries"] GeoJSON FeatureCollection of countries.
 * @param {object|null} [options.outlines] That GeoJSON given directly (then nothing is fetched).
 * @param {string} [options.label] aria-label of the map (the container gets role="application").
 * @param {[number, number]} [options.center=[20, 15]] initial centre as [lon, lat].
 * @param {number} [options.zoom=1] initial zoom (1 = whole world).
 * @param {number} [options.minZoom=1]
 * @param {number} [options.maxZoom=64]
 * @param {number} [options.viewSettleMs=250] quiet time after a pan/zoom before onView fires.
 * @param {boolean} [options.legend=true] show the marker legend.
 * @param {boolean} [options.legendOpen=false] start with the legend unfolded (folded, it hides no markers).
 * @param {(point: object) => string} [options.describePoint] accessible label and tooltip of a marker.
 * @returns {SitrepMap}
 */
export function createMap(container, options = {}) {
  const settings = { ...DEFAULTS, ...options };
  const state = {
    width: 0,
    height: 0,
    centerLon: settings.center[0],
    centerLat: settings.center[1],
    zoom: clamp(settings.zoom, settings.minZoom, settings.maxZoom),
    points: [],
    renderQueued: false,
    settleTimer: 0,
    drag: null,
    suppressClick: false,
    selectedId: null,
    destroyed: false,
  };
  const viewListeners = new Set();
  const selectListeners = new Set();
  const parts = buildDom(container, settings);
  const describe = settings.describePoint || describePoint;

  // --- view geometry -------------------------------------------------------------------------

  /** Pixels per degree at the current zoom. */
  function pixelsPerDegree() {
    const fit = Math.min(state.width / 360, state.height / 180);
    return fit * state.zoom;
  }

  /** Keep the view inside the world (or centred on it when the world is smaller than the view). */
  function clampCenter() {
    const scale = pixelsPerDegree();
    if (!(scale > 0)) return;
    const halfLon = state.width / (2 * scale);
    const halfLat = state.height / (2 * scale);
    state.centerLon = halfLon * 2 >= 360 ? 0 : clamp(state.centerLon, -180 + halfLon, 180 - halfLon);
    state.centerLat = halfLat * 2 >= 180 ? 0 : clamp(state.centerLat, -90 + halfLat, 90 - halfLat);
  }

  /** The visible area as [minLon, minLat, maxLon, maxLat], cut to the world. */
  function visibleBbox() {
    const scale = pixelsPerDegree();
    const halfLon = state.width / (2 * scale);
    const halfLat = state.height / (2 * scale);
    return [
      round(Math.max(-180, state.centerLon - halfLon), 4),
      round(Math.max(-90, state.centerLat - halfLat), 4),
      round(Math.min(180, state.centerLon + halfLon), 4),
      round(Math.min(90, state.centerLat + halfLat), 4),
    ];
  }

  function currentView() {
    return {
      zoom: round(state.zoom, 4),
      bbox: visibleBbox(),
      center: [round(state.centerLon, 4), round(state.centerLat, 4)],
    };
  }

  // --- rendering -----------------------------------------------------------------------------

  function scheduleRender() {
    if (state.renderQueued || state.destroyed) return;
    state.renderQueued = true;
    requestAnimationFrame(render);
  }

  function render() {
    state.renderQueued = false;
    if (state.destroyed || !(state.width > 0 && state.height > 0)) return;
    const scale = pixelsPerDegree();
    const offsetX = state.width / 2 - state.centerLon * scale;
    const offsetY = state.height / 2 + state.centerLat * scale;
    parts.world.setAttribute("transform", `translate(${offsetX} ${offsetY}) scale(${scale})`);
    parts.markers.setAttribute("transform", `translate(${offsetX} ${offsetY})`);
    updateMarkers(scale, offsetX, offsetY);
    parts.zoomIn.disabled = state.zoom >= settings.maxZoom;
    parts.zoomOut.disabled = state.zoom <= settings.minZoom;
  }

  /**
   * Show the markers inside the view, placed for the current scale, and hide the rest.
   * Hidden markers cost nothing to paint and are no Tab stops; they are re-placed only when
   * they come back into view, so zooming in far touches few elements.
   */
  function updateMarkers(scale, offsetX, offsetY) {
    const nodes = parts.markers.children;
    let focusLost = false;
    for (let i = 0; i < nodes.length; i += 1) {
      const entry = state.points[i];
      const node = nodes[i];
      const x = entry.lon * scale;
      const y = -entry.lat * scale;
      const margin = entry.radius + 4;
      const screenX = x + offsetX;
      const screenY = y + offsetY;
      const visible = screenX >= -margin && screenX <= state.width + margin && screenY >= -margin && screenY <= state.height + margin;
      if (visible && entry.placedScale !== scale) {
        node.setAttribute("transform", `translate(${round(x, 2)} ${round(y, 2)})`);
        entry.placedScale = scale;
      }
      if (entry.visible === visible) continue;
      if (!visible && node === document.activeElement) focusLost = true;
      // visibility (not display) keeps layout objects, so showing them again is cheap.
      node.style.visibility = visible ? "" : "hidden";
      entry.visible = visible;
    }
    if (focusLost) {
      hideTooltip();
      container.focus({ preventScroll: true });
    }
  }

  // --- view changes --------------------------------------------------------------------------

  /** Apply a view change, redraw, and (after it settles) tell onView listeners. */
  function viewChanged() {
    clampCenter();
    scheduleRender();
    clearTimeout(state.settleTimer);
    state.settleTimer = setTimeout(announceView, settings.viewSettleMs);
  }

  function announceView() {
    if (state.destroyed || !(state.width > 0)) return;
    const view = currentView();
    for (const listener of [...viewListeners]) listener(view);
  }

  /** Zoom by `factor`, keeping the map point under screen position (x, y) where it is. */
  function zoomAround(factor, x = state.width / 2, y = state.height / 2) {
    const before = pixelsPerDegree();
    const zoom = clamp(state.zoom * factor, settings.minZoom, settings.maxZoom);
    if (zoom === state.zoom || !(before > 0)) return;
    const anchorLon = state.centerLon + (x - state.width / 2) / before;
    const anchorLat = state.centerLat - (y - state.height / 2) / before;
    state.zoom = zoom;
    const after = pixelsPerDegree();
    state.centerLon = anchorLon - (x - state.width / 2) / after;
    state.centerLat = anchorLat + (y - state.height / 2) / after;
    viewChanged();
  }

  function panByPixels(dx, dy) {
    const scale = pixelsPerDegree();
    if (!(scale > 0)) return;
    state.centerLon -= dx / scale;
    state.centerLat += dy / scale;
    viewChanged();
  }

  function setView({ center, zoom } = {}) {
    if (center) [state.centerLon, state.centerLat] = center;
    if (zoom !== undefined) state.zoom = clamp(zoom, settings.minZoom, settings.maxZoom);
    viewChanged();
  }

  function fitBounds([minLon, minLat, maxLon, maxLat]) {
    const spanLon = Math.max(maxLon - minLon, 1e-6);
    const spanLat = Math.max(maxLat - minLat, 1e-6);
    const fit = Math.min(state.width / 360, state.height / 180);
    const zoom = fit > 0 ? Math.min(state.width / spanLon, state.height / spanLat) / fit : state.zoom;
    setView({ center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom });
  }

  function resetView() {
    setView({ center: settings.center, zoom: settings.zoom });
  }

  // --- markers -------------------------------------------------------------------------------

  function setPoints(points) {
    hideTooltip();
    const hadFocus = parts.markers.contains(document.activeElement);
    // Bigger clusters first, so that smaller markers drawn after them stay clickable on top.
    state.points = (points || [])
      .filter((point) => Number.isFinite(point.lat) && Number.isFinite(point.lon))
      .map((point) => toEntry(point))
      .sort((a, b) => b.count - a.count || b.lat - a.lat || a.lon - b.lon);
    const fragment = document.createDocumentFragment();
    state.points.forEach((entry, index) => fragment.appendChild(buildMarker(entry, index, describe)));
    parts.markers.replaceChildren(fragment);
    markSelected();
    if (hadFocus) container.focus({ preventScroll: true });
    scheduleRender();
  }

  function markerFromEvent(event) {
    const node = event.target instanceof Element ? event.target.closest(".sitrep-map__marker") : null;
    return node && parts.markers.contains(node) ? node : null;
  }

  function pointOfMarker(node) {
    return state.points[Number(node.dataset.index)];
  }

  function select(node) {
    const entry = pointOfMarker(node);
    if (!entry) return;
    state.selectedId = entry.point.id ?? null;
    markSelected(node);
    for (const listener of [...selectListeners]) listener(entry.point);
  }

  // Shows which marker was chosen last (by id, so it survives setPoints with the same ids).
  function markSelected(chosenNode = null) {
    const nodes = parts.markers.children;
    for (let i = 0; i < nodes.length; i += 1) {
      const id = state.points[i].point.id;
      const chosen = chosenNode ? nodes[i] === chosenNode : state.selectedId !== null && id === state.selectedId;
      nodes[i].classList.toggle("is-selected", chosen);
    }
  }

  function showTooltip(node) {
    const entry = pointOfMarker(node);
    if (!entry) return;
    parts.tooltip.textContent = describe(entry.point);
    parts.tooltip.hidden = false;
    const mapBox = container.getBoundingClientRect();
    const markerBox = node.getBoundingClientRect();
    const left = clamp(markerBox.left + markerBox.width / 2 - mapBox.left, 8, Math.max(8, state.width - 8));
    parts.tooltip.style.left = `${left}px`;
    parts.tooltip.style.top = `${markerBox.top - mapBox.top}px`;
    parts.tooltip.classList.toggle("is-below", markerBox.top - mapBox.top < 40);
    if (parts.tooltip.classList.contains("is-below")) parts.tooltip.style.top = `${markerBox.bottom - mapBox.top}px`;
  }

  function hideTooltip() {
    parts.tooltip.hidden = true;
  }

  // --- input ---------------------------------------------------------------------------------

  function onPointerDown(event) {
    if (event.button !== 0 || event.target.closest(".sitrep-map__controls")) return;
    state.suppressClick = false;
    state.drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, lastX: event.clientX, lastY: event.clientY, moving: false };
    if (!markerFromEvent(event)) container.focus({ preventScroll: true });
  }

  function onPointerMove(event) {
    const drag = state.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    if (!drag.moving) {
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_THRESHOLD_PX) return;
      // Capture only once it is a drag, so a plain click still reaches the marker under it.
      drag.moving = true;
      parts.svg.setPointerCapture(event.pointerId);
      parts.svg.classList.add("is-dragging");
      hideTooltip();
    }
    panByPixels(event.clientX - drag.lastX, event.clientY - drag.lastY);
    drag.lastX = event.clientX;
    drag.lastY = event.clientY;
  }

  function onPointerUp(event) {
    const drag = state.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    state.suppressClick = drag.moving;
    state.drag = null;
    parts.svg.classList.remove("is-dragging");
  }

  function onClick(event) {
    if (state.suppressClick) {
      state.suppressClick = false;
      return;
    }
    const node = markerFromEvent(event);
    if (node) select(node);
  }

  function onWheel(event) {
    event.preventDefault();
    const pixels = event.deltaMode === 1 ? event.deltaY * WHEEL_LINE_PX : event.deltaY;
    const box = parts.svg.getBoundingClientRect();
    hideTooltip();
    zoomAround(Math.exp(-pixels * WHEEL_ZOOM_PER_PIXEL), event.clientX - box.left, event.clientY - box.top);
  }

  function onKeyDown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const marker = markerFromEvent(event);
    if (marker && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(marker);
      return;
    }
    if (event.target.closest(".sitrep-map__controls") && (event.key === "Enter" || event.key === " ")) return;
    const step = KEY_PAN_FRACTION * (event.shiftKey ? 3 : 1);
    const actions = {
      ArrowLeft: () => panByPixels(state.width * step, 0),
      ArrowRight: () => panByPixels(-state.width * step, 0),
      ArrowUp: () => panByPixels(0, state.height * step),
      ArrowDown: () => panByPixels(0, -state.height * step),
      "+": () => zoomAround(ZOOM_STEP),
      "=": () => zoomAround(ZOOM_STEP),
      "-": () => zoomAround(1 / ZOOM_STEP),
      _: () => zoomAround(1 / ZOOM_STEP),
      Home: resetView,
      0: resetView,
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    hideTooltip();
    action();
  }

  function onMarkerHover(event) {
    const node = markerFromEvent(event);
    if (node && !state.drag) showTooltip(node);
  }

  function onMarkerLeave(event) {
    if (markerFromEvent(event) && !parts.markers.contains(event.relatedTarget)) hideTooltip();
  }

  function onResize() {
    const width = container.clientWidth;
    const height = container.clientHeight;
    if (width === state.width && height === state.height) return;
    state.width = width;
    state.height = height;
    viewChanged();
  }

  const listeners = [
    [parts.svg, "pointerdown", onPointerDown],
    [parts.svg, "pointermove", onPointerMove],
    [parts.svg, "pointerup", onPointerUp],
    [parts.svg, "pointercancel", onPointerUp],
    [parts.svg, "click", onClick],
    [parts.svg, "wheel", onWheel, { passive: false }],
    [container, "keydown", onKeyDown],
    [parts.markers, "pointerover", onMarkerHover],
    [parts.markers, "pointerout", onMarkerLeave],
    [parts.markers, "focusin", onMarkerHover],
    [parts.markers, "focusout", onMarkerLeave],
    [parts.zoomIn, "click", () => zoomAround(ZOOM_STEP)],
    [parts.zoomOut, "click", () => zoomAround(1 / ZOOM_STEP)],
    [parts.reset, "click", resetView],
  ];
  for (const [target, type, handler, listenerOptions] of listeners) target.addEventListener(type, handler, listenerOptions);
  const resizeObserver = new ResizeObserver(onResize);
  resizeObserver.observe(container);
  onResize();

  // --- outlines ------------------------------------------------------------------------------

  async function loadOutlines() {
    setStatus(parts, "Loading country outlines…");
    try {
      let geojson = settings.outlines;
      if (!geojson) {
        const response = await fetch(settings.outlinesUrl, { headers: { Accept: "application/geo+json, application/json" } });
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${settings.outlinesUrl}`);
        geojson = await response.json();
      }
      if (state.destroyed) return;
      parts.countries.replaceChildren(buildCountries(geojson));
      setStatus(parts, "");
    } catch (error) {
      setStatus(parts, "Country outlines could not be loaded; markers still work.");
      throw error;
    }
  }

  const ready = loadOutlines();
  ready.catch(() => {}); // the failure is shown on the map; callers may still await `ready`

  /** @typedef {object} SitrepMap */
  return {
    /** Resolves once the country outlines are drawn; rejects (with the reason) if they failed. */
    ready,
    setPoints,
    /** Listen for settled views: callback({zoom, bbox, center}). Returns a function that unsubscribes. */
    onView(callback) {
      viewListeners.add(callback);
      return () => viewListeners.delete(callback);
    },
    /** Listen for chosen markers: callback(point) with the object given to setPoints. Returns an unsubscribe. */
    onSelect(callback) {
      selectListeners.add(callback);
      return () => selectListeners.delete(callback);
    },
    getView: currentView,
    setView,
    fitBounds,
    zoomIn: () => zoomAround(ZOOM_STEP),
    zoomOut: () => zoomAround(1 / ZOOM_STEP),
    resetView,
    destroy() {
      state.destroyed = true;
      clearTimeout(state.settleTimer);
      resizeObserver.disconnect();
      for (const [target, type, handler, listenerOptions] of listeners) target.removeEventListener(type, handler, listenerOptions);
      viewListeners.clear();
      selectListeners.clear();
      parts.root.remove();
      for (const attribute of ["role", "aria-label", "tabindex"]) container.removeAttribute(attribute);
      container.classList.remove("sitrep-map");
    },
  };
}

// --- DOM construction (pure helpers) ---------------------------------------------------------

function buildDom(container, settings) {
  container.classList.add("sitrep-map");
  container.setAttribute("role", "application");
  container.setAttribute("aria-label", settings.label);
  container.setAttribute("tabindex", "0");
  const root = document.createElement("div");
  root.className = "sitrep-map__root";

  const svg = svgElement("svg", { class: "sitrep-map__svg" });
  const defs = svgElement("defs");
  const clipId = `sitrep-map-clip-${Math.random().toString(36).slice(2, 10)}`;
  const clip = svgElement("clipPath", { id: clipId });
  clip.appendChild(worldRect());
  defs.appendChild(clip);
  const world = svgElement("g", { class: "sitrep-map__world", "aria-hidden": "true" });
  const ocean = worldRect();
  ocean.setAttribute("class", "sitrep-map__ocean");
  const countries = svgElement("g", { class: "sitrep-map__countries", "clip-path": `url(#${clipId})` });
  world.append(ocean, countries);
  const markers = svgElement("g", { class: "sitrep-map__markers" });
  svg.append(defs, world, markers);

  const controls = document.createElement("div");
  controls.className = "sitrep-map__controls";
  const zoomIn = controlButton("+", "Zoom in");
  const zoomOut = controlButton("−", "Zoom out");
  const reset = controlButton("⌂", "Reset view");
  controls.append(zoomIn, zoomOut, reset);

  const tooltip = document.createElement("div");
  tooltip.className = "sitrep-map__tooltip";
  tooltip.setAttribute("aria-hidden", "true"); // markers carry the same text as aria-label
  tooltip.hidden = true;

  const status = document.createElement("div");
  status.className = "sitrep-map__status";
  status.setAttribute("role", "status");
  status.hidden = true;

  root.append(svg, controls, tooltip, status);
  if (settings.legend) root.appendChild(buildLegend(settings.legendOpen));
  container.appendChild(root);
  return { root, svg, world, countries, markers, zoomIn, zoomOut, reset, tooltip, status };
}

function setStatus(parts, text) {
  parts.status.textContent = text;
  parts.status.hidden = !text;
}

function controlButton(text, label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "sitrep-map__button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.title = label;
  return button;
}

function buildLegend(open) {
  // A <details>: folded by default so it hides no markers; one click or Enter unfolds it.
  const legend = document.createElement("details");
  legend.className = "sitrep-map__legend";
  legend.open = Boolean(open);
  const summary = document.createElement("summary");
  summary.textContent = "Legend";
  const rows = [
    ["exact", 1, "Exact place or town"],
    ["admin", 1, "Somewhere in a district or province"],
    ["wide", 1, "Somewhere in a country or region"],
    ["exact", 12, "Group of markers (number = events)"],
  ];
  const list = document.createElement("ul");
  for (const [style, count, text] of rows) {
    const item = document.createElement("li");
    const swatch = svgElement("svg", { class: "sitrep-map__swatch", width: 22, height: 22, viewBox: "-15 -15 30 30", "aria-hidden": "true" });
    const marker = markerShape(style, count);
    marker.setAttribute("class", `sitrep-map__marker sitrep-map__marker--${style}${count > 1 ? " sitrep-map__marker--cluster" : ""}`);
    swatch.appendChild(marker);
    const label = document.createElement("span");
    label.textContent = text;
    item.append(swatch, label);
    list.appendChild(item);
  }
  legend.append(summary, list);
  return legend;
}

function buildMarker(entry, index, describe) {
  const style = PRECISION_STYLE[entry.point.precision] || "exact";
  const node = markerShape(style, entry.count);
  node.setAttribute("class", `sitrep-map__marker sitrep-map__marker--${style}${entry.count > 1 ? " sitrep-map__marker--cluster" : ""}`);
  node.setAttribute("data-index", String(index));
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "button");
  node.setAttribute("aria-label", describe(entry.point));
  return node;
}

function markerShape(style, count) {
  const group = svgElement("g");
  group.appendChild(svgElement("circle", { class: "sitrep-map__dot", r: markerRadius(count) }));
  if (count > 1) {
    const text = svgElement("text", { class: "sitrep-map__count", "text-anchor": "middle", dy: "0.35em" });
    text.textContent = formatCount(count);
    group.appendChild(text);
  }
  return group;
}

function buildCountries(geojson) {
  const fragment = document.createDocumentFragment();
  for (const feature of geojson.features || []) {
    const d = geometryPath(feature.geometry);
    if (!d) continue;
    const path = svgElement("path", { class: "sitrep-map__country", d });
    if (feature.properties && feature.properties.id != null) path.setAttribute("data-id", String(feature.properties.id));
    fragment.appendChild(path);
  }
  return fragment;
}

// --- geometry (pure helpers) -----------------------------------------------------------------

/** SVG path data (world units) for a GeoJSON Polygon or MultiPolygon; "" for anything else. */
export function geometryPath(geometry) {
  if (!geometry) return "";
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.flatMap((rings) => rings.map(ringPath)).join("");
}

/**
 * Path data for one ring, made continuous across the 180th meridian.
 *
 * A ring that steps from 179.9 to -180 is unwrapped (so it runs on to 180.1) and drawn a second
 * time shifted by 360 degrees; the world clip cuts both copies to the map. A ring that goes all the
 * way round (Antarctica) is closed along the nearer pole instead of straight across the map.
 */
function ringPath(ring) {
  if (!ring || ring.length < 3) return "";
  const unwrapped = [];
  let shift = 0;
  let previousLon = ring[0][0];
  for (const [lon, lat] of ring) {
    if (lon - previousLon > 180) shift -= 360;
    else if (previousLon - lon > 180) shift += 360;
    previousLon = lon;
    unwrapped.push([lon + shift, lat]);
  }
  const first = unwrapped[0];
  const last = unwrapped[unwrapped.length - 1];
  if (Math.abs(last[0] - first[0]) > 180) {
    const meanLat = unwrapped.reduce((sum, [, lat]) => sum + lat, 0) / unwrapped.length;
    const poleLat = meanLat < 0 ? -90 : 90;
    unwrapped.push([last[0], poleLat], [first[0], poleLat]);
  }
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const [lon] of unwrapped) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  }
  let d = pathData(unwrapped, 0);
  if (maxLon > 180) d += pathData(unwrapped, -360);
  if (minLon < -180) d += pathData(unwrapped, 360);
  return d;
}

function pathData(points, lonShift) {
  return `M${points.map(([lon, lat]) => `${round(lon + lonShift, 3)} ${round(-lat, 3)}`).join("L")}Z`;
}

function worldRect() {
  return svgElement("rect", {
    x: WORLD.minX,
    y: WORLD.minY,
    width: WORLD.maxX - WORLD.minX,
    height: WORLD.maxY - WORLD.minY,
  });
}

// --- small helpers ---------------------------------------------------------------------------

function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Internal record of one marker: the caller's point plus what drawing it needs. */
function toEntry(point) {
  const count = countOf(point);
  // placedScale: pixels per degree its transform was set for; visible: shown now (undefined = not yet decided).
  return { point, lat: point.lat, lon: point.lon, count, radius: markerRadius(count), placedScale: NaN, visible: undefined };
}

function countOf(point) {
  const count = Number(point.count);
  return Number.isFinite(count) && count >= 1 ? Math.round(count) : 1;
}

/** Marker radius in pixels: clusters grow with the log of their size so big ones don't swamp the map. */
function markerRadius(count) {
  return count > 1 ? Math.min(26, 9 + 4.5 * Math.log10(count)) : 6;
}

function formatCount(count) {
  if (count < 1000) return String(count);
  if (count < 10000) return `${(count / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  if (count < 1000000) return `${Math.round(count / 1000)}k`;
  return `${(count / 1000000).toFixed(1).replace(/\.0$/, "")}M`;
}

/** Default accessible label / tooltip: "Mosul: 12 events, located to town". */
function describePoint(point) {
  const count = countOf(point);
  const place = point.label || `${Math.abs(point.lat).toFixed(2)}°${point.lat >= 0 ? "N" : "S"} ${Math.abs(point.lon).toFixed(2)}°${point.lon >= 0 ? "E" : "W"}`;
  const events = count === 1 ? "1 event" : `${count.toLocaleString("en")} events`;
  const precision = PRECISION_WORDS[point.precision];
  return precision ? `${place}: ${events}, located to ${precision}` : `${place}: ${events}`;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

function round(value, decimals) {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
