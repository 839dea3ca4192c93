// ACLED's event types and sub-event types, the certainty values and the review states, as the
// server knows them (GET /api/taxonomy). app.js fetches them once at start-up and hands the
// result to every view as app.taxonomy; the UI keeps no copy of its own.

/**
 * @typedef {object} Taxonomy
 * @property {string[]} types  event types, in the server's order
 * @property {Record<string, string[]>} subTypes  event type → its sub-event types
 * @property {string[]} certainty  certainty values
 * @property {string[]} reviewStatus  review states
 * @property {string|null} error  why the taxonomy could not be loaded (then the lists are empty)
 */

/** The taxonomy when the server's could not be had: empty lists and the reason. */
export function emptyTaxonomy(error) {
  return Object.freeze({ types: [], subTypes: {}, certainty: [], reviewStatus: [], error });
}

/**
 * A Taxonomy from the /api/taxonomy answer; throws when the answer does not have its shape
 * (an old server without the endpoint answers something else).
 * @param {any} answer
 * @returns {Taxonomy}
 */
export function taxonomyFrom(answer) {
  const strings = (value) => Array.isArray(value) && value.every((item) => typeof item === "string");
  const types = answer && Array.isArray(answer.event_types) ? answer.event_types : null;
  if (!types || !types.every((type) => type && typeof type.name === "string" && strings(type.sub_event_types))
    || !strings(answer.certainty) || !strings(answer.review_status)) {
    throw new Error("the answer is not a taxonomy (event_types, certainty, review_status)");
  }
  const subTypes = {};
  for (const type of types) subTypes[type.name] = Object.freeze([...type.sub_event_types]);
  return Object.freeze({
    types: Object.freeze(types.map((type) => type.name)),
    subTypes: Object.freeze(subTypes),
    certainty: Object.freeze([...answer.certainty]),
    reviewStatus: Object.freeze([...answer.review_status]),
    error: null,
  });
}

/**
 * Fetch the taxonomy. Never throws: on failure the lists are empty and `error` says why, so
 * the app can still show events and say what is missing.
 * @param {{ get: (path: string) => Promise<any> }} api
 * @returns {Promise<Taxonomy>}
 */
export async function loadTaxonomy(api) {
  try {
    return taxonomyFrom(await api.get("/api/taxonomy"));
  } catch (error) {
    return emptyTaxonomy(`The event types could not be loaded from /api/taxonomy: ${error.message || error}`);
  }
}

/**
 * The sub-event types of one event type; for no type, every sub-event type in A–Z order.
 * @param {Taxonomy} taxonomy
 * @param {string} [type]
 * @returns {string[]}
 */
export function subTypesOf(taxonomy, type) {
  if (type) return [...(taxonomy.subTypes[type] || [])];
  return [...new Set(Object.values(taxonomy.subTypes).flat())].sort();
}

/**
 * A list of choices with `value` added at the end when it is set and missing: a bookmarked
 * filter or an event's own type stays choosable (and visibly chosen) even when the server's
 * lists lack it or could not be loaded.
 * @param {readonly string[]} choices
 * @param {string} [value]
 * @returns {string[]}
 */
export function withValue(choices, value) {
  return value && !choices.includes(value) ? [...choices, value] : [...choices];
}
