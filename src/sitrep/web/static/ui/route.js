// The URL hash is the app's state that can be bookmarked: "#/events?type=Battles&page=2",
// "#/article/a_123?event=ev_9", "#/actor/sitrep%3Ahouthis".

/**
 * @typedef {{ name: string, id: string|null, params: URLSearchParams }} Route
 */

/** Parse a hash ("#/article/a_1?event=ev_2") into {name, id, params}. */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#/, "");
  // Only "#/..." is a route; other anchors (the skip link's "#main") mean the default view.
  const text = raw.startsWith("/") ? raw : "";
  const [path, query = ""] = splitOnce(text, "?");
  const parts = path.split("/").filter(Boolean);
  const name = parts[0] || "events";
  const id = parts.length > 1 ? safeDecode(parts.slice(1).join("/")) : null;
  return { name, id, params: new URLSearchParams(query) };
}

/** Build a hash from a route name, an optional id and params (empty values left out). */
export function formatHash(name, id = null, params = {}) {
  const search = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    search.append(key, String(value));
  }
  const query = search.toString();
  return `#/${name}${id !== null && id !== undefined ? `/${encodeURIComponent(id)}` : ""}${query ? `?${query}` : ""}`;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The event filters the events view keeps in the hash, in display order. */
export const FILTER_KEYS = [
  "type", "sub_type", "country", "date_from", "date_to", "certainty", "review", "actor", "min_fatalities",
];

/** Filter values from hash params (only known keys with a value). */
export function filtersFrom(params) {
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/**
 * API query parameters for a set of hash filters: "review=all" means "rejected ones too"
 * (the API leaves rejected events out unless asked).
 */
export function apiFilters(filters) {
  const query = { ...filters };
  if (query.review === "all") {
    delete query.review;
    query.include_rejected = true;
  }
  return query;
}
