// sitrep's web UI: a hash-routed single-page app over the REST API (/api). No framework, no
// build step, no third-party code; see ui/*.js. Everything the app shares is one context object
// made here and handed to each view (no module-level state).

import { createApi } from "./ui/api.js";
import { actorByNameView, actorsView, actorView } from "./ui/actors.js";
import { button, h, replace } from "./ui/dom.js";
import { eventsView } from "./ui/events-view.js";
import { articlesView, readerView } from "./ui/reader.js";
import { parseHash } from "./ui/route.js";
import { createSession } from "./ui/session.js";
import { loadTaxonomy } from "./ui/taxonomy.js";

const VIEWS = {
  events: eventsView,
  articles: articlesView,
  article: readerView,
  actors: actorsView,
  actor: actorView,
  "actor-name": actorByNameView,
};
const TITLES = { events: "Events", articles: "Articles", article: "Article", actors: "Actors", actor: "Actor", "actor-name": "Actor" };
const NAV_OF = { events: "events", articles: "articles", article: "articles", actors: "actors", actor: "actors", "actor-name": "actors" };

async function start() {
  const session = createSession();
  const api = createApi({ token: () => session.token() });
  const main = document.getElementById("main");
  const live = document.getElementById("announcer");
  const current = { name: null, view: null };

  renderHeaderTools(session);
  replace(main, h("p", { class: "loading" }, "Loading…"));
  // One small static answer that the filter bar and the Edit form need: fetched before the
  // first view, shared by all of them.
  const taxonomy = await loadTaxonomy(api);
  if (taxonomy.error) showProblem(`${taxonomy.error}. The type, certainty and review lists are empty: reload the page to try again.`);

  const app = {
    api,
    session,
    /** ACLED event types, certainty values and review states from the server (ui/taxonomy.js). */
    taxonomy,
    route: () => parseHash(window.location.hash),
    /** Go to a hash (a new history entry unless `replace`). */
    navigate(hash, { replace: replaceEntry = false } = {}) {
      if (hash === window.location.hash) return;
      if (replaceEntry) {
        history.replaceState(null, "", hash);
        show();
      } else {
        window.location.hash = hash;
      }
    },
    /** Say something to screen-reader users (and show it briefly). */
    notify(message) {
      live.textContent = "";
      // A fresh text node so repeated messages are announced again.
      requestAnimationFrame(() => {
        live.textContent = message;
      });
    },
    /** Something was written: the current view reloads what it shows. */
    dataChanged() {
      if (current.view && current.view.refresh) current.view.refresh();
    },
  };

  function show() {
    // In-page anchors (the skip link) are not routes.
    if (window.location.hash && !window.location.hash.startsWith("#/") && current.view) return;
    const route = app.route();
    // A link followed from a card (an actor, the source article) leaves the card behind.
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
    const name = VIEWS[route.name] ? route.name : "notfound";
    document.title = `${TITLES[name] || "Not found"} · sitrep`;
    for (const item of document.querySelectorAll("[data-nav]")) {
      if (item.dataset.nav === NAV_OF[name]) item.setAttribute("aria-current", "page");
      else item.removeAttribute("aria-current");
    }
    if (name === current.name && current.view && current.view.update) {
      current.view.update(route);
      return;
    }
    if (current.view && current.view.destroy) current.view.destroy();
    current.name = name;
    main.replaceChildren();
    if (name === "notfound") {
      current.view = null;
      replace(main, h("h1", {}, "Not found"), h("p", {}, "There is no page here. "), h("a", { href: "#/events" }, "Go to events"));
      return;
    }
    current.view = VIEWS[name](app, main);
    if (name !== "events" && current.view.update) current.view.update(route);
  }

  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener("hashchange", show);
  show();
}

/** A problem that concerns the whole app (shown above every view until the page is reloaded). */
function showProblem(message) {
  const banner = document.getElementById("app-problem");
  replace(banner, h("p", { class: "error", role: "alert" }, message));
  banner.hidden = false;
}

/** Read-only note, or the reviewer's name and (for remote writable servers) the token field. */
function renderHeaderTools(session) {
  const tools = document.getElementById("session-tools");
  const draw = () => {
    if (!session.writable) {
      replace(tools, h("span", { class: "readonly-badge" }, h("span", { "aria-hidden": "true" }, "🔒 "), "Read-only server"));
      return;
    }
    const who = session.who();
    const parts = [
      button(who ? `Reviewer: ${who}` : "Set reviewer name", () => session.askWho(),
        { class: "linklike small", title: "Name kept with every correction" }),
    ];
    if (!session.pageToken) {
      const input = h("input", { type: "password", name: "token", autocomplete: "off", value: session.token(), size: 14 });
      const form = h("form", { class: "token-form" }, h("label", { for: "token-input" }, "Token"), input,
        h("button", { type: "submit", class: "small" }, "Save"));
      input.id = "token-input";
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        session.setToken(input.value);
      });
      parts.push(form);
    }
    replace(tools, parts);
  };
  session.onChange(draw);
  draw();
}

start();
