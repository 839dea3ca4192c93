// Actors: the searchable list (#/actors) and one actor's page (#/actor/{key}) with its names,
// knowledge-base entry, relation graph, events over time, events, and Merge / Split.

import { ApiError, latestOnly } from "./api.js";
import { drawBars, fillBuckets } from "./charts.js";
import { confirmAction } from "./dialogs.js";
import { button, definitions, field, formatCount, h, link, replace } from "./dom.js";
import { createEventTable, PAGE_SIZE } from "./event-table.js";
import { openEventCard } from "./event-card.js";
import { relationGraph, relationNeighbours } from "./graph.js";
import { formatHash } from "./route.js";

const LIST_PAGE = 50;

// ---------------------------------------------------------------- the list

export function actorsView(app, root) {
  const latest = latestOnly();
  const qInput = h("input", { type: "search", name: "q", autocomplete: "off" });
  const form = h("form", { class: "searchbar", role: "search" }, field("Find an actor by any of its names", qInput),
    h("button", { type: "submit" }, "Search"));
  const status = h("p", { role: "status", class: "pager__status" });
  const pager = h("div", { class: "pager__controls" });
  const list = h("div", { class: "table-scroll" });
  replace(root, h("h1", {}, "Actors"), form, h("div", { class: "pager" }, status, pager), list);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    app.navigate(formatHash("actors", null, { q: qInput.value.trim() }));
  });

  async function update(route) {
    const q = route.params.get("q") || "";
    const page = Math.max(1, Number(route.params.get("page")) || 1);
    qInput.value = q;
    status.textContent = "Loading actors…";
    list.setAttribute("aria-busy", "true");
    try {
      const data = await latest((signal) => app.api.get("/api/actors", { q: q || undefined, limit: LIST_PAGE, offset: (page - 1) * LIST_PAGE }, signal));
      const rows = data.items.map((actor) => h("tr", {},
        h("td", {}, link(formatHash("actor", actor.key), actor.name)),
        h("td", { class: "mono" }, actor.key),
        h("td", { class: "num" }, formatCount(actor.events)),
        h("td", {}, actor.names.filter((name) => name !== actor.name).join("; "))));
      replace(list, h("table", { class: "list-table" }, h("caption", { class: "sr-only" }, "Actors"),
        h("thead", {}, h("tr", {}, ["Actor", "Key", "Events", "Other names"].map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 4, class: "empty" }, "No actors match.")))));
      const pages = Math.max(1, Math.ceil(data.total / LIST_PAGE));
      status.textContent = `${formatCount(data.total)} actor${data.total === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""} · page ${page} of ${pages}`;
      replace(pager,
        button("‹ Previous", () => app.navigate(formatHash("actors", null, { q, page: page - 1 })), { disabled: page <= 1 }),
        button("Next ›", () => app.navigate(formatHash("actors", null, { q, page: page + 1 })), { disabled: page >= pages }));
    } catch (error) {
      if (error.name === "AbortError") return;
      status.textContent = "";
      replace(list, h("p", { class: "error", role: "alert" }, error.message));
    } finally {
      list.setAttribute("aria-busy", "false");
    }
  }

  return { update, refresh: () => update(app.route()) };
}

/**
 * #/actor-name/{name}: find the actor by a name. Events carry their actors' keys and link
 * straight to #/actor/{key}; this look-up serves names without a key (entities of an article
 * not linked to the knowledge base, events of an older article version).
 */
export function actorByNameView(app, root) {
  async function update(route) {
    const name = route.id || "";
    replace(root, h("p", { class: "loading" }, `Looking up actor “${name}”…`));
    try {
      const data = await app.api.get("/api/actors", { q: name, limit: 20 });
      const exact = data.items.find((actor) => actor.names.some((other) => other.toLowerCase() === name.toLowerCase()));
      if (exact) {
        app.navigate(formatHash("actor", exact.key), { replace: true });
        return;
      }
      replace(root, h("h1", {}, name), h("p", {}, "No actor with exactly this name has current events."),
        data.items.length ? h("ul", {}, data.items.map((actor) => h("li", {}, link(formatHash("actor", actor.key), actor.name)))) : null);
    } catch (error) {
      replace(root, h("h1", {}, name), h("p", { class: "error", role: "alert" }, error.message));
    }
  }
  return { update, refresh: () => update(app.route()) };
}

// ---------------------------------------------------------------- one actor

export function actorView(app, root) {
  const latest = latestOnly();
  let route = null;
  let actor = null;
  let eventsState = { offset: 0, sort: "-date" };
  let splitNotice = null;

  async function update(next) {
    if (!route || route.id !== next.id) {
      eventsState = { offset: 0, sort: "-date" };
      splitNotice = null;
      replace(root, h("p", { class: "loading" }, "Loading actor…"));
    }
    route = next;
    try {
      actor = await latest((signal) => app.api.get(`/api/actors/${encodeURIComponent(route.id)}`, undefined, signal));
      render();
    } catch (error) {
      if (error.name === "AbortError") return;
      replace(root, h("h1", {}, route.id), h("p", { class: "error", role: "alert" }, error.message),
        splitNotice, h("p", {}, link(formatHash("actors"), "All actors")));
    }
  }

  function render() {
    const kb = actor.knowledge_base;
    const ownNames = [actor.name, ...actor.names.map((n) => n.name), ...actor.aliases, ...(kb ? [kb.name, ...kb.aliases] : [])];
    const neighbours = relationNeighbours(ownNames, actor.relations, kb ? kb.relations : []);
    const error = h("p", { class: "error", role: "alert", hidden: true });
    const chart = h("div", { class: "chart" });
    const table = createEventTable({
      caption: `Events of ${actor.name}`,
      onOpen: (eventId) => openEventCard(app, eventId),
      onSort: (sort) => {
        eventsState = { offset: 0, sort };
        loadEvents(table);
      },
      onPage: (offset) => {
        eventsState = { ...eventsState, offset };
        loadEvents(table);
      },
    });
    replace(root,
      h("header", { class: "actor__header" },
        h("p", { class: "crumbs" }, link(formatHash("actors"), "Actors"), " ›"),
        h("h1", {}, actor.name),
        h("p", { class: "muted" }, h("span", { class: "mono" }, actor.key), ` · ${formatCount(actor.events)} event${actor.events === 1 ? "" : "s"}`,
          Object.keys(actor.roles || {}).length ? ` · ${Object.entries(actor.roles).map(([role, n]) => `${role}: ${n}`).join(", ")}` : "")),
      error, splitNotice,
      h("div", { class: "actor__grid" },
        h("section", { "aria-labelledby": "actor-names" }, h("h2", { id: "actor-names" }, "Names and aliases"),
          namesList(error),
          actor.aliases.length ? [h("h3", {}, "Also called in articles"), h("ul", { class: "plain-list aliases", id: "article-aliases" }, actor.aliases.map((alias) => h("li", { dir: "auto" }, alias)))] : null),
        h("section", { "aria-labelledby": "actor-kb" }, h("h2", { id: "actor-kb" }, "Knowledge base"), kbEntry(kb)),
        h("section", { "aria-labelledby": "actor-relations", class: "span2" }, h("h2", { id: "actor-relations" }, "Relations"),
          relationGraph(actor.name, neighbours)),
        h("section", { "aria-labelledby": "actor-time", class: "span2" }, h("h2", { id: "actor-time" }, "Events over time"),
          chart, actor.by_type.length ? h("p", { class: "muted" }, "By type: ", actor.by_type.map((t) => `${t.value} ${formatCount(t.count)}`).join(" · ")) : null),
        h("section", { "aria-labelledby": "actor-review", class: "span2" }, h("h2", { id: "actor-review" }, "Merges and splits"), reviewPart(error))),
      h("section", { "aria-labelledby": "actor-events" }, h("h2", { id: "actor-events" }, "Events"),
        h("p", {}, link(formatHash("events", null, { actor: actor.key }), "Show these events on the map and timeline")),
        table.element));
    drawBars(chart, {
      buckets: fillBuckets(actor.by_month),
      label: `Events of ${actor.name} per month`,
      onPick: (bucket) => app.navigate(formatHash("events", null, { actor: actor.key, date_from: bucket.start, date_to: monthEnd(bucket.start) })),
      pickHint: "Show these events",
    });
    loadEvents(table);
  }

  async function loadEvents(table) {
    table.setBusy(true);
    try {
      const page = await app.api.get("/api/events", { actor: actor.key, sort: eventsState.sort, limit: PAGE_SIZE, offset: eventsState.offset });
      table.render(page, eventsState.sort);
    } catch (error) {
      table.showError(error.message);
    } finally {
      table.setBusy(false);
    }
  }

  function namesList(error) {
    return h("ul", { class: "plain-list names" }, actor.names.map((entry) => h("li", {},
      `${entry.name} `, h("span", { class: "muted" }, `(${formatCount(entry.count)})`),
      // An actor's only name cannot be split off (the server refuses): nothing would be left.
      app.session.writable && actor.names.length > 1
        ? [" ", button("Split", () => split(entry.name, error), { class: "small", "aria-label": `Split the name ${entry.name} off into an actor of its own` })]
        : null)));
  }

  function kbEntry(kb) {
    if (!kb) return h("p", { class: "muted" }, "Not in the knowledge base.");
    return definitions([
      ["Id", h("span", { class: "mono" }, kb.id)],
      ["Name", kb.name],
      ["Type", kb.type],
      ["Country", kb.country],
      ["Part of", kb.parent ? entityLink(kb.parent.name, kb.parent.id) : null],
      ["ACLED name", kb.acled_name],
      ["Wikidata", kb.wikidata ? h("a", { href: `https://www.wikidata.org/wiki/${encodeURIComponent(kb.wikidata)}`, rel: "noopener noreferrer", target: "_blank" }, kb.wikidata) : null],
      // Each alias isolated (dir=auto): Arabic and Latin names side by side keep their order.
      ["Aliases", kb.aliases.length ? h("ul", { class: "plain-list aliases" }, kb.aliases.map((alias) => h("li", { dir: "auto" }, alias))) : null],
    ], { class: "details" });
  }

  function reviewPart(error) {
    const merges = actor.merges || [];
    const list = merges.length
      ? h("ul", { class: "plain-list merges" }, merges.map((row) => h("li", { class: row.undone_at ? "is-undone" : null },
        row.kind === "split" ? `Split off “${row.target}”` : `Merged ${row.target} into ${row.into}`,
        h("span", { class: "muted" }, ` · by ${row.who} · ${row.created_at.slice(0, 16).replace("T", " ")}${row.undone_at ? " · undone" : ""}`),
        app.session.writable && !row.undone_at ? [" ", button("Undo", () => undoRule(row, error), { class: "small", "aria-label": `Undo ${row.kind} ${row.target}` })] : null)))
      : h("p", { class: "muted" }, "No merges or splits involve this actor.");
    if (!app.session.writable) return [list, h("p", { class: "note readonly-note" }, "Read-only server: merge and split are switched off.")];
    return [list, mergeForm(error)];
  }

  function mergeForm(error) {
    const input = h("input", { type: "search", name: "merge-q", autocomplete: "off" });
    const results = h("ul", { class: "plain-list merge-results", "aria-live": "polite" });
    const form = h("form", { class: "searchbar", role: "search" }, field("Find another actor to merge with", input),
      h("button", { type: "submit" }, "Find"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const q = input.value.trim();
      if (!q) return;
      replace(results, h("li", { class: "muted" }, "Searching…"));
      try {
        const data = await app.api.get("/api/actors", { q, limit: 10 });
        const others = data.items.filter((other) => other.key !== actor.key);
        replace(results, others.length ? others.map((other) => h("li", {},
          h("span", {}, other.name, h("span", { class: "muted" }, ` (${other.key}, ${formatCount(other.events)} events) `)),
          button("Merge into this actor", () => merge(other.key, actor.key, error), { class: "small", "aria-label": `Merge ${other.name} into ${actor.name}` }), " ",
          button("Merge this actor into it", () => merge(actor.key, other.key, error), { class: "small", "aria-label": `Merge ${actor.name} into ${other.name}` })))
          : h("li", { class: "muted" }, "No other actor matches."));
      } catch (failure) {
        replace(results, h("li", { class: "error" }, failure.message));
      }
    });
    return h("div", { class: "merge" }, form, results);
  }

  async function write(run, error) {
    error.hidden = true;
    const who = await app.session.ensureWho();
    if (!who) return null;
    if (!(await app.session.ensureToken())) return null;
    try {
      return await run(who);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) app.session.setToken("");
      error.textContent = failure.message;
      error.hidden = false;
      return null;
    }
  }

  async function merge(source, into, error) {
    const ok = await confirmAction({ title: "Merge actors", message: `Merge every name of ${source} into ${into}? You can undo this.`, confirmLabel: "Merge" });
    if (!ok) return;
    const done = await write((who) => app.api.post("/api/actors/merge", { source, into, who }), error);
    if (!done) return;
    app.notify(`Merged ${source} into ${into}.`);
    if (into !== actor.key) app.navigate(formatHash("actor", into));
    else update(route);
  }

  async function split(name, error) {
    const ok = await confirmAction({ title: "Split a name", message: `Take “${name}” out of ${actor.name}? Events naming it get an actor of their own. You can undo this.`, confirmLabel: "Split" });
    if (!ok) return;
    const done = await write((who) => app.api.post("/api/actors/split", { name, who }), error);
    if (!done) return;
    app.notify(`Split “${name}” off ${actor.name}.`);
    splitNotice = h("p", { class: "note split-notice", role: "status" }, `“${name}” is now an actor of its own: `,
      link(formatHash("actor", done.actor), "open it", { class: "split-new-actor" }), " · ",
      button("Undo split", async () => {
        const undone = await write(() => app.api.post(`/api/corrections/${done.correction_id}/undo`, {}), error);
        if (!undone) return;
        splitNotice = null;
        app.notify(`Undid the split of ${name}.`);
        update(route);
      }, { class: "small" }));
    update(route);
  }

  async function undoRule(row, error) {
    const done = await write(() => app.api.post(`/api/corrections/${row.id}/undo`, {}), error);
    if (!done) return;
    app.notify(`Undid the ${row.kind}.`);
    if (row.kind === "split" && row.target === actor.key && actor.names.length === 1) {
      // The name goes back to the actor it was split from, and this one is gone: follow the name.
      app.navigate(formatHash("actor-name", actor.names[0].name), { replace: true });
      return;
    }
    update(route);
  }

  return { update, refresh: () => route && update(route) };
}

/** A knowledge-base entity by name, linked to its actor page when it has an id (a KB id is an actor key). */
function entityLink(name, id) {
  return id ? link(formatHash("actor", id), name || id, { class: "kb-link" }) : name;
}

function monthEnd(month) {
  const [year, number] = month.split("-").map(Number);
  return `${month}-${String(new Date(Date.UTC(year, number, 0)).getUTCDate()).padStart(2, "0")}`;
}
