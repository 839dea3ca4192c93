// The event card: every field of one event, its evidence and source, its review state and
// correction history, and the review actions (Confirm, Reject, Edit, Undo).

import { actorWithAssociate } from "./actor-links.js";
import { ApiError } from "./api.js";
import { openDialog } from "./dialogs.js";
import {
  button, definitions, field, formatCasualties, formatEventDate, formatTime, formatValue, h, link, replace,
  reviewBadge, select,
} from "./dom.js";
import { formatHash } from "./route.js";
import { subTypesOf, withValue } from "./taxonomy.js";

const SECTION_WORDS = { title: "Headline", summary: "Summary", body: "Body", caption: "Caption", factbox: "Fact box", heading: "Heading" };
const PRECISION_WORDS = {
  point: "exact point", town: "town", admin2: "district (admin2)", admin1: "province (admin1)", country: "country",
  region: "region", unknown: "unknown",
};

/**
 * Open the card of one event in a side panel.
 * @param {object} app  the app context (api, session, dataChanged, notify)
 * @param {string} eventId
 * @param {object} [options]
 * @param {object} [options.doc]  show this event document as it is (an old article version): no fetch, no review
 */
export function openEventCard(app, eventId, { doc = null } = {}) {
  const content = h("div", { class: "event-card" }, h("p", { class: "loading" }, "Loading event…"));
  const dialog = openDialog({
    title: "Event", content, className: "dialog--panel",
    fallbackFocus: () => document.querySelector(`tr[data-event="${CSS.escape(eventId)}"] button.event-open, button[data-event="${CSS.escape(eventId)}"]`)
      || document.getElementById("main"),
  });
  const card = { app, eventId, dialog, content, event: null, editing: false, busy: false };
  if (doc) {
    card.event = { ...doc, history: [] };
    card.static = true;
    render(card);
  } else {
    load(card);
  }
  return dialog;
}

async function load(card, focusSelector = null) {
  try {
    card.event = await card.app.api.get(`/api/events/${encodeURIComponent(card.eventId)}`);
    render(card);
    if (focusSelector) {
      const target = card.content.querySelector(focusSelector);
      if (target) target.focus();
    }
  } catch (error) {
    replace(card.content, h("p", { class: "error", role: "alert" }, `Could not load event ${card.eventId}: ${error.message}`));
  }
}

function render(card) {
  const event = card.event;
  const title = [event.event_type, event.sub_event_type].filter(Boolean).join(": ") || "Event";
  card.dialog.heading.textContent = title;
  const alert = h("p", { class: "error", role: "alert", hidden: true });
  card.showError = (message) => {
    alert.textContent = message;
    alert.hidden = !message;
  };
  replace(card.content,
    h("div", { class: "event-card__state" }, reviewBadge(event.review_status),
      h("span", { class: "muted" }, ` ${event.event_id || event.id}`),
      event.updated_at ? h("span", { class: "muted" }, ` · changed ${formatTime(event.updated_at)}`) : null),
    alert,
    event.deleted_at ? h("p", { class: "note" }, `This event is gone from the latest extraction of its article (since ${formatTime(event.deleted_at)}); it is shown as it was.`) : null,
    card.static ? h("p", { class: "note" }, "An event of an older version of the article, as it was extracted. Review applies to the latest version.")
      : event.deleted_at ? null : reviewSection(card),
    h("section", { "aria-labelledby": "card-details" }, h("h3", { id: "card-details" }, "Details"), details(event)),
    evidenceSection(event),
    sourceSection(event),
    card.static ? null : historySection(card));
}

// ---------------------------------------------------------------- details

function yesNo(value) {
  return value ? "Yes" : "No";
}

function details(event) {
  const date = event.date || {};
  const place = event.location || {};
  const placeParts = [place.admin2, place.admin1, place.country && `${place.country}${place.country_code ? ` (${place.country_code})` : ""}`]
    .filter(Boolean).join(", ");
  return definitions([
    ["Event type", event.event_type],
    ["Sub-event type", event.sub_event_type],
    ["Actor 1", actorWithAssociate(event, "actor1")],
    ["Actor 2", actorWithAssociate(event, "actor2")],
    ["Date", event.date ? h("span", {}, formatEventDate(date) || "unknown",
      h("span", { class: "muted" }, ` · precision: ${date.precision || "unknown"}`),
      date.text ? h("span", { class: "muted" }, ` · text: “${date.text}”`) : null) : "unknown"],
    ["Place", event.location ? h("span", {}, place.name || "unnamed", placeParts ? ` — ${placeParts}` : "") : "not placed"],
    ["Place precision", event.location ? PRECISION_WORDS[place.precision] || place.precision : null],
    ["Coordinates", Number.isFinite(place.lat) && Number.isFinite(place.lon) ? `${place.lat.toFixed(4)}, ${place.lon.toFixed(4)}` : null],
    ["Why this place", place.why || place.rule],
    ["Fatalities", event.fatalities ? h("span", { class: "fatalities" }, formatCasualties(event.fatalities),
      event.fatalities.text ? h("span", { class: "muted" }, ` · “${event.fatalities.text}”`) : null) : "not reported"],
    ["Injured", event.injured ? h("span", {}, formatCasualties(event.injured),
      event.injured.text ? h("span", { class: "muted" }, ` · “${event.injured.text}”`) : null) : "not reported"],
    ["Certainty", event.certainty],
    ["Attributed to", (event.attributed_to || []).join("; ")],
    ["Civilian targeting", yesNo(event.civilian_targeting)],
    ["Background", event.background ? "Yes — reported as earlier context, not news" : "No"],
    ["Corrected fields", (event.corrected || []).join(", ")],
    ["Extracted by", event.extractor],
  ], { class: "details" });
}

function evidenceSection(event) {
  const items = (event.evidence || []).map((span, index) => h("li", {},
    h("blockquote", {}, (span.text || "").trim()),
    h("p", { class: "evidence__where" },
      h("span", { class: "muted" }, `${SECTION_WORDS[span.section] || span.section}${span.index !== null && span.index !== undefined ? ` ${span.index + 1}` : ""} · `),
      event.event_id ? link(formatHash("article", event.article_id, { event: event.event_id, evidence: index }), "Show in article") : null)));
  return h("section", { "aria-labelledby": "card-evidence" }, h("h3", { id: "card-evidence" }, "Evidence"),
    items.length ? h("ol", { class: "evidence" }, items) : h("p", { class: "muted" }, "No evidence sentences."));
}

function sourceSection(event) {
  const article = event.article || {};
  return h("section", { "aria-labelledby": "card-source" }, h("h3", { id: "card-source" }, "Source article"),
    h("p", {}, link(formatHash("article", event.article_id, { event: event.event_id }), article.title || event.article_id)),
    definitions([
      ["Outlet", [article.outlet, article.wire && `(${article.wire})`].filter(Boolean).join(" ")],
      ["Published", article.published],
      ["Original", article.url ? h("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.url) : null],
    ], { class: "details" }));
}

// ---------------------------------------------------------------- history

function historySection(card) {
  const history = card.event.history || [];
  const canUndo = card.app.session.writable;
  const rows = history.slice().reverse().map((item) => {
    const undone = Boolean(item.undone_at) || item.status === "undone";
    return h("li", { class: `history__item${undone ? " is-undone" : ""}`, dataset: { correction: String(item.id) } },
      h("p", {}, h("strong", {}, item.field), ": ", h("span", { class: "history__before" }, formatValue(item.before)), " → ",
        h("span", { class: "history__after" }, formatValue(item.after))),
      h("p", { class: "muted" }, `by ${item.who} · ${formatTime(item.created_at)}`, undone ? ` · undone ${formatTime(item.undone_at)}` : "",
        item.status && item.status !== "applied" && !undone ? ` · ${item.status}` : ""),
      item.note ? h("p", { class: "history__note" }, `Note: ${item.note}`) : null,
      canUndo && !undone ? button("Undo", () => undo(card, item), { class: "small", "aria-label": `Undo ${item.field} change by ${item.who}` }) : null);
  });
  return h("section", { "aria-labelledby": "card-history" }, h("h3", { id: "card-history" }, "Correction history"),
    rows.length ? h("ol", { class: "history" }, rows) : h("p", { class: "muted history__empty" }, "No corrections yet."));
}

// ---------------------------------------------------------------- review

function reviewSection(card) {
  const session = card.app.session;
  if (!session.writable) {
    return h("p", { class: "note readonly-note" }, "Read-only server: review actions are switched off.");
  }
  const event = card.event;
  const note = h("input", { type: "text", name: "note", maxlength: 2000, autocomplete: "off", placeholder: "optional" });
  card.noteInput = note;
  const who = session.who();
  const rejected = event.review_status === "rejected";
  const actions = h("div", { class: "actions" },
    button(h("span", {}, h("span", { "aria-hidden": "true" }, "✓ "), "Confirm"), () => setStatus(card, "confirm"),
      { class: "review-confirm", disabled: event.review_status === "confirmed" }),
    button(h("span", {}, h("span", { "aria-hidden": "true" }, "✕ "), "Reject"), () => setStatus(card, "reject"),
      { class: "review-reject danger", disabled: rejected }),
    button(h("span", {}, h("span", { "aria-hidden": "true" }, "✎ "), "Edit"), () => toggleEdit(card),
      { class: "review-edit", "aria-expanded": card.editing ? "true" : "false" }));
  const section = h("section", { class: "review", "aria-labelledby": "card-review" },
    h("h3", { id: "card-review" }, "Review"),
    h("p", { class: "muted" }, who ? `Reviewing as ${who} · ` : "You will be asked for your name once · ",
      button(who ? "Change name" : "Set name", async () => {
        await session.askWho();
        render(card);
      }, { class: "linklike small" })),
    field("Note for the next change", note), actions);
  if (card.editing) section.append(editForm(card));
  return section;
}

function toggleEdit(card) {
  card.editing = !card.editing;
  render(card);
  const target = card.content.querySelector(card.editing ? ".edit-form select" : ".review-edit");
  if (target) target.focus();
}

/** Who, token and the note for a write; null when the analyst cancelled a prompt. */
async function writeContext(card) {
  const who = await card.app.session.ensureWho();
  if (!who) return null;
  const token = await card.app.session.ensureToken();
  if (!token) return null;
  const note = card.noteInput && card.noteInput.value.trim();
  return { who, note: note || undefined };
}

/** Run a write; on success reload the card and tell the app. Returns whether it succeeded. */
async function write(card, run, focusSelector) {
  if (card.busy) return false;
  card.busy = true;
  card.showError("");
  try {
    await run();
    card.editing = false;
    card.app.dataChanged();
    await load(card, focusSelector);
    return true;
  } catch (error) {
    // A refused token is forgotten, so the next action asks for it again.
    if (error instanceof ApiError && error.status === 401) card.app.session.setToken("");
    card.showError(error.message || String(error));
    return false;
  } finally {
    card.busy = false;
  }
}

async function setStatus(card, action) {
  const context = await writeContext(card);
  if (!context) return;
  const done = await write(card, () => card.app.api.post(`/api/events/${encodeURIComponent(card.eventId)}/${action}`, context),
    action === "reject" ? ".review-confirm" : ".review-reject");
  if (done) card.app.notify(action === "reject" ? "Event rejected." : "Event confirmed.");
}

async function undo(card, item) {
  const done = await write(card, () => card.app.api.post(`/api/corrections/${item.id}/undo`, {}), ".review-edit");
  if (done) card.app.notify(`Undid the ${item.field} change.`);
}

function editForm(card) {
  const event = card.event;
  const initial = editableValues(event);
  const taxonomy = card.app.taxonomy;
  // The event's own values stay choosable even when the server's lists lack them (or failed
  // to load), so saving another field never blanks its type.
  const types = withValue(taxonomy.types, initial.event_type);
  const typeSelect = select([{ value: "", label: "— choose —" }, ...types.map((type) => ({ value: type, label: type }))],
    initial.event_type, { name: "event_type" });
  const subSelect = h("select", { name: "sub_event_type" });
  const fillSubTypes = (chosen) => {
    const subs = typeSelect.value ? withValue(subTypesOf(taxonomy, typeSelect.value), chosen) : [];
    replace(subSelect, h("option", { value: "" }, "— none —"),
      subs.map((sub) => h("option", { value: sub, selected: sub === chosen }, sub)));
  };
  fillSubTypes(initial.sub_event_type);
  typeSelect.addEventListener("change", () => fillSubTypes(""));
  const inputs = {
    actor1: h("input", { type: "text", name: "actor1", value: initial.actor1, autocomplete: "off" }),
    actor2: h("input", { type: "text", name: "actor2", value: initial.actor2, autocomplete: "off" }),
    date: h("input", { type: "text", name: "date", value: initial.date, autocomplete: "off", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?(/\\d{4}(-\\d{2}(-\\d{2})?)?)?", "aria-describedby": "date-hint" }),
    place: h("input", { type: "text", name: "place", value: initial.place, autocomplete: "off" }),
    fatalities: h("input", { type: "number", name: "fatalities", min: 0, step: 1, value: initial.fatalities, inputmode: "numeric" }),
  };
  const form = h("form", { class: "edit-form stack", "aria-label": "Edit event" },
    taxonomy.error ? h("p", { class: "error" }, `${taxonomy.error}. Only the event's current type is offered.`) : null,
    h("div", { class: "grid2" },
      field("Event type", typeSelect), field("Sub-event type", subSelect),
      field("Actor 1", inputs.actor1), field("Actor 2", inputs.actor2),
      h("div", { class: "field" }, h("label", { for: "edit-date" }, "Date"), inputs.date,
        h("small", { id: "date-hint", class: "hint" }, "YYYY-MM-DD, YYYY-MM, YYYY or START/END")),
      field("Place name", inputs.place),
      field("Fatalities (best estimate)", inputs.fatalities)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save changes"),
      button("Cancel", () => toggleEdit(card))));
  inputs.date.id = "edit-date";
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const wanted = {
      event_type: typeSelect.value, sub_event_type: subSelect.value, actor1: inputs.actor1.value.trim(),
      actor2: inputs.actor2.value.trim(), date: inputs.date.value.trim(), place: inputs.place.value.trim(),
      fatalities: inputs.fatalities.value.trim(),
    };
    const changes = changesBetween(initial, wanted, event);
    if (!Object.keys(changes).length) {
      card.showError("Nothing changed.");
      return;
    }
    const context = await writeContext(card);
    if (!context) return;
    const done = await write(card, () => card.app.api.post(`/api/events/${encodeURIComponent(card.eventId)}/corrections`, { ...context, changes }),
      ".review-edit");
    if (done) card.app.notify(`Saved: ${Object.keys(changes).join(", ")}.`);
  });
  return form;
}

/** The editable fields of an event as form strings. */
function editableValues(event) {
  const date = event.date || {};
  const fatalities = event.fatalities && event.fatalities.best !== null && event.fatalities.best !== undefined ? String(event.fatalities.best) : "";
  return {
    event_type: event.event_type || "",
    sub_event_type: event.sub_event_type || "",
    actor1: event.actor1 || "",
    actor2: event.actor2 || "",
    date: date.start && date.end && date.start !== date.end ? `${date.start}/${date.end}` : date.value || "",
    place: (event.location && event.location.name) || "",
    fatalities,
  };
}

/**
 * The API "changes" object for the fields the analyst changed. Type and sub-type go together
 * (the server checks they agree).
 */
export function changesBetween(initial, wanted, event) {
  const changes = {};
  if (wanted.event_type !== initial.event_type || wanted.sub_event_type !== initial.sub_event_type) {
    changes.event_type = wanted.event_type;
    changes.sub_event_type = wanted.sub_event_type || null;
  }
  for (const key of ["actor1", "actor2"]) if (wanted[key] !== initial[key]) changes[key] = wanted[key] || null;
  if (wanted.date !== initial.date) changes.date = wanted.date || null;
  if (wanted.place !== initial.place) changes["location.name"] = wanted.place || null;
  if (wanted.fatalities !== initial.fatalities) Object.assign(changes, fatalityChange(event.fatalities, wanted.fatalities));
  return changes;
}

/**
 * A new best fatality count as a correction. The server takes "fatalities.best" as it is,
 * even outside low..high, so: a single figure (low = best = high) becomes the new figure; a
 * range keeps its bounds when the new best fits in it and widens to take it in otherwise.
 */
export function fatalityChange(current, typed) {
  if (typed === "") return { fatalities: null };
  const best = Number(typed);
  if (!current) return { fatalities: best };
  const { low, high } = current;
  const single = [low, high].every((bound) => bound === null || bound === undefined || bound === current.best);
  if (!single && best >= low && best <= high) return { "fatalities.best": best };
  const text = current.text !== undefined ? { text: current.text } : {};
  if (single) return { fatalities: { best, low: best, high: best, ...text } };
  return { fatalities: { best, low: Math.min(low, best), high: Math.max(high, best), ...text } };
}
