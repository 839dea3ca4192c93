// The article list (#/articles) and the article reader (#/article/{id}): the text with its
// entity mentions, quotes and event evidence highlighted (offsets from the API, in code
// points of each section's text), captions and fact boxes apart from the body.

import { latestOnly } from "./api.js";
import { openDialog } from "./dialogs.js";
import { openEventCard } from "./event-card.js";
import { button, definitions, field, formatCount, formatTime, h, link, replace } from "./dom.js";
import { appendHighlighted, clipSpans, codePoints, paragraphRanges } from "./highlight.js";
import { formatHash } from "./route.js";

const KINDS = [
  { kind: "entity", label: "Entities", single: "Entity", hint: "solid underline" },
  { kind: "quote", label: "Quotes", single: "Quote", hint: "dotted underline" },
  { kind: "event", label: "Event evidence", single: "Event evidence", hint: "thick double underline" },
];
const KIND_WORDS = Object.fromEntries(KINDS.map((item) => [item.kind, item.single]));
const LIST_PAGE = 50;

// ---------------------------------------------------------------- the list

/** #/articles?page=&q= : newest articles, or full-text search hits for q. */
export function articlesView(app, root) {
  const latest = latestOnly();
  const qInput = h("input", { type: "search", name: "q", autocomplete: "off" });
  const form = h("form", { class: "searchbar", role: "search" }, field("Search article text", qInput),
    h("button", { type: "submit" }, "Search"));
  const status = h("p", { role: "status", class: "pager__status" });
  const list = h("div", { class: "table-scroll" });
  const pager = h("div", { class: "pager__controls" });
  replace(root, h("h1", {}, "Articles"), form, h("div", { class: "pager" }, status, pager), list);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    app.navigate(formatHash("articles", null, { q: qInput.value.trim() }));
  });

  async function update(route) {
    const q = route.params.get("q") || "";
    const page = Math.max(1, Number(route.params.get("page")) || 1);
    qInput.value = q;
    list.setAttribute("aria-busy", "true");
    try {
      const data = await latest((signal) => q
        ? app.api.get("/api/search", { q, limit: 100 }, signal)
        : app.api.get("/api/articles", { limit: LIST_PAGE, offset: (page - 1) * LIST_PAGE }, signal));
      renderList(data, q, page);
    } catch (error) {
      if (error.name !== "AbortError") replace(list, h("p", { class: "error", role: "alert" }, error.message));
    } finally {
      list.setAttribute("aria-busy", "false");
    }
  }

  function renderList(data, q, page) {
    const rows = data.items.map((item) => h("tr", {},
      h("td", {}, link(formatHash("article", item.article_id || item.id), item.title || "(untitled)"),
        item.snippet ? h("p", { class: "snippet" }, snippet(item.snippet)) : null),
      h("td", {}, item.outlet || ""),
      h("td", { class: "nowrap" }, typeof item.published === "string" ? item.published : ""),
      h("td", {}, item.dateline || ""),
      h("td", { class: "num" }, item.events !== undefined ? formatCount(item.events) : "")));
    replace(list, h("table", { class: "list-table" }, h("caption", { class: "sr-only" }, q ? `Articles matching ${q}` : "Articles"),
      h("thead", {}, h("tr", {}, ["Title", "Outlet", "Published", "Dateline", "Events"].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No articles.")))));
    if (q) {
      status.textContent = `${formatCount(data.total)} article${data.total === 1 ? "" : "s"} match “${q}”`;
      replace(pager, link(formatHash("articles"), "All articles"));
      return;
    }
    const pages = Math.max(1, Math.ceil(data.total / LIST_PAGE));
    const first = data.total ? data.offset + 1 : 0;
    status.textContent = `${formatCount(first)}–${formatCount(data.offset + data.items.length)} of ${formatCount(data.total)} articles · page ${page} of ${pages}`;
    replace(pager,
      button("‹ Previous", () => app.navigate(formatHash("articles", null, { page: page - 1 })), { disabled: page <= 1 }),
      button("Next ›", () => app.navigate(formatHash("articles", null, { page: page + 1 })), { disabled: page >= pages }));
  }

  return { update, refresh: () => update(app.route()) };
}

/** A search snippet with **marked** words as <mark>s (built from text nodes). */
function snippet(text) {
  return text.split("**").map((part, index) => (index % 2 ? h("mark", { class: "hit" }, part) : part));
}

// ---------------------------------------------------------------- the reader

/** Key of the text a span points into: "body|", "summary|1", "caption|0". */
function sectionKey(section, index) {
  const indexed = section === "summary" || section === "heading" || section === "caption" || section === "factbox";
  return `${section}|${indexed ? index ?? 0 : ""}`;
}

/** Every highlight span of an article, grouped by the text it points into. */
export function collectSpans(article) {
  const bySection = new Map();
  const refs = new Map();
  const add = (span, kind, uid, ref) => {
    if (!span || !Number.isInteger(span.start) || !Number.isInteger(span.end) || span.end <= span.start) return;
    const key = sectionKey(span.section, span.index);
    if (!bySection.has(key)) bySection.set(key, []);
    bySection.get(key).push({ start: span.start, end: span.end, kind, uid, text: span.text });
    refs.set(uid, ref);
  };
  (article.entities || []).forEach((entity) => (entity.mentions || []).forEach((mention, i) =>
    add(mention, "entity", `m-${entity.id}-${i}`, { kind: "entity", entity, text: mention.text })));
  (article.quotes || []).forEach((quote, i) => add(quote, "quote", `q-${i}`, { kind: "quote", quote, text: quote.text }));
  (article.events || []).forEach((event, e) => (event.evidence || []).forEach((span, i) =>
    add(span, "event", `e-${event.event_id || event.id || e}-${i}`, { kind: "event", event, evidenceIndex: i, text: span.text })));
  return { bySection, refs };
}

/** #/article/{id}?event=&evidence=&version= */
export function readerView(app, root) {
  const latest = latestOnly();
  const shown = { entity: true, quote: true, event: true };
  let article = null;
  let route = null;
  let refs = new Map(); // span uid → what its highlight stands for (from the last render)

  async function update(next) {
    route = next;
    replace(root, h("p", { class: "loading" }, "Loading article…"));
    try {
      article = await latest((signal) => app.api.get(`/api/articles/${encodeURIComponent(route.id)}`,
        { version: route.params.get("version") || undefined }, signal));
      render();
    } catch (error) {
      if (error.name === "AbortError") return;
      replace(root, h("h1", {}, "Article"), h("p", { class: "error", role: "alert" }, error.message),
        h("p", {}, link(formatHash("articles"), "All articles")));
    }
  }

  function render() {
    const spans = collectSpans(article);
    refs = spans.refs;
    const seen = new Set(); // uids that already have their focusable first piece
    const targetEvent = route.params.get("event");
    const targetEvidence = route.params.get("evidence");

    const makeMark = (span) => {
      const ref = spans.refs.get(span.uid);
      const first = !seen.has(span.uid);
      seen.add(span.uid);
      const event = ref.kind === "event" ? ref.event : null;
      const rejected = event && event.review_status === "rejected";
      const target = event && targetEvent && (event.event_id === targetEvent || event.id === targetEvent);
      const mark = h("mark", {
        class: ["hl", `hl--${span.kind}`, rejected && "hl--rejected", target && "is-target"],
        dataset: { kind: span.kind, span: span.uid },
        tabindex: first ? "0" : "-1",
        role: "button",
        "aria-label": `${KIND_WORDS[span.kind]}${rejected ? " (rejected event)" : ""}: ${ref.text || ""}`,
        title: markTitle(ref),
      });
      if (event) {
        mark.dataset.event = event.event_id || event.id;
        mark.dataset.evidence = String(ref.evidenceIndex);
      }
      if (ref.kind === "entity") mark.dataset.entity = ref.entity.id;
      return mark;
    };
    const enabled = (list) => (list || []).filter((span) => shown[span.kind]);
    const highlighted = (tag, section, index, text, attrs = {}) => {
      const points = codePoints(text);
      const element = h(tag, attrs);
      return appendHighlighted(element, points, enabled(spans.bySection.get(sectionKey(section, index))), makeMark);
    };

    const versions = article.versions || [];
    const current = versions.find((v) => v.version_id === article.version_id);
    const isOld = current && !current.latest;
    const header = h("header", { class: "reader__header" },
      highlighted("h1", "title", null, article.title || "(untitled)", { class: "reader__title" }),
      definitions([
        ["Outlet", [article.outlet, article.wire && `(${article.wire})`].filter(Boolean).join(" ")],
        ["Dateline", article.dateline ? [article.dateline.place, article.dateline.country].filter(Boolean).join(", ") +
          (article.dateline.text ? ` (“${article.dateline.text}”)` : "") : null],
        ["Published", dateText(article.published)],
        ["Updated", dateText(article.updated)],
        ["Retrieved", formatTime(article.retrieved)],
        ["Original", article.url ? h("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.url) : null],
        ["Version", versions.length > 1 ? versionLinks(article, versions) : null],
      ], { class: "details details--inline" }),
      isOld ? h("p", { class: "note" }, "This is an older version of the article; events are shown as they were extracted from it.") : null,
      (article.warnings || []).length ? h("ul", { class: "warnings" }, article.warnings.map((w) => h("li", {}, w))) : null);

    const summary = (article.summary || []).length
      ? h("section", { class: "reader__summary", "aria-label": "Summary" },
        h("ul", {}, article.summary.map((text, i) => highlighted("li", "summary", i, text))))
      : null;

    const bodyPoints = codePoints(article.body || "");
    const bodySpans = enabled(spans.bySection.get(sectionKey("body", null)));
    const paragraphs = paragraphRanges(bodyPoints).map(([from, to]) =>
      appendHighlighted(h("p", {}), bodyPoints.slice(from, to), clipSpans(bodySpans, from, to), makeMark));
    const body = h("div", { class: "reader__body" }, paragraphs);

    const main = h("article", { class: "reader__article", "aria-labelledby": "reader-title" }, header, summary, body);
    header.querySelector("h1").id = "reader-title";
    const aside = h("aside", { class: "reader__aside", "aria-label": "Article parts and annotations" },
      legend(), extras(highlighted), annotationLists());
    replace(root, h("div", { class: "reader" }, main, aside));
    root.querySelector(".reader").addEventListener("click", onChoose);
    root.querySelector(".reader").addEventListener("keydown", onKey);
    if (targetEvent) focusTarget(targetEvent, targetEvidence);
  }

  function legend() {
    const counts = { entity: 0, quote: 0, event: 0 };
    for (const entity of article.entities || []) counts.entity += (entity.mentions || []).length;
    counts.quote = (article.quotes || []).length;
    for (const event of article.events || []) counts.event += (event.evidence || []).length;
    return h("fieldset", { class: "legend" }, h("legend", {}, "Highlights"),
      KINDS.map(({ kind, label, hint }) => {
        const box = h("input", { type: "checkbox", checked: shown[kind], name: `show-${kind}` });
        box.addEventListener("change", () => {
          shown[kind] = box.checked;
          render();
          const again = root.querySelector(`input[name="show-${kind}"]`);
          if (again) again.focus();
        });
        return h("label", { class: "legend__item" }, box, " ",
          h("mark", { class: `hl hl--${kind} legend__swatch`, "aria-hidden": "true" }, "Sample"), " ",
          `${label} (${counts[kind]})`, h("span", { class: "muted" }, ` — ${hint}`));
      }),
      h("p", { class: "hint" }, "Click a highlight, or Tab to it and press Enter, to see what it is."));
  }

  function extras(highlighted) {
    const parts = [];
    if ((article.captions || []).length) {
      parts.push(h("section", { "aria-labelledby": "reader-captions" }, h("h2", { id: "reader-captions" }, "Captions"),
        h("ul", { class: "captions" }, article.captions.map((caption, i) => h("li", {},
          highlighted("p", "caption", i, caption.text),
          caption.credit || caption.date ? h("p", { class: "muted" }, [caption.credit, caption.date && caption.date.value].filter(Boolean).join(" · ")) : null)))));
    }
    if ((article.factboxes || []).length) {
      let flat = 0; // fact box item offsets count items across all boxes
      parts.push(h("section", { "aria-labelledby": "reader-factboxes" }, h("h2", { id: "reader-factboxes" }, "Fact boxes"),
        article.factboxes.map((box) => h("div", { class: "factbox" }, box.title ? h("h3", {}, box.title) : null,
          h("ul", {}, box.items.map((item) => highlighted("li", "factbox", flat++, item)))))));
    }
    if ((article.headings || []).length) {
      parts.push(h("section", { "aria-labelledby": "reader-headings" }, h("h2", { id: "reader-headings" }, "Section headings"),
        h("ul", {}, article.headings.map((text, i) => highlighted("li", "heading", i, text)))));
    }
    return parts;
  }

  function annotationLists() {
    const events = article.events || [];
    const entities = article.entities || [];
    const quotes = article.quotes || [];
    return [
      h("section", { "aria-labelledby": "reader-events" }, h("h2", { id: "reader-events" }, `Events (${events.length})`),
        events.length ? h("ul", { class: "plain-list" }, events.map((event) => h("li", { class: event.review_status === "rejected" ? "is-rejected" : null },
          button(`${[event.event_type, event.sub_event_type].filter(Boolean).join(": ")}${event.date ? ` · ${event.date.value || ""}` : ""}`,
            () => openEvent(event), { class: "linklike", dataset: { event: event.event_id || event.id } }),
          event.review_status && event.review_status !== "unreviewed" ? h("span", { class: "muted" }, ` (${event.review_status})`) : null)))
          : h("p", { class: "muted" }, "No events.")),
      h("section", { "aria-labelledby": "reader-entities" }, h("h2", { id: "reader-entities" }, `Entities (${entities.length})`),
        h("ul", { class: "plain-list columns" }, entities.map((entity) => h("li", {},
          button(entity.name, () => openEntityCard(entity), { class: "linklike" }), h("span", { class: "muted" }, ` ${entity.type}`))))),
      quotes.length ? h("section", { "aria-labelledby": "reader-quotes" }, h("h2", { id: "reader-quotes" }, `Quotes (${quotes.length})`),
        h("ul", { class: "plain-list" }, quotes.map((quote) => h("li", {},
          button(`${quote.speaker || "unattributed"}: “${truncate(quote.text, 70)}”`, () => openQuoteCard(quote), { class: "linklike" }))))) : null,
      (article.claims || []).length ? h("section", { "aria-labelledby": "reader-claims" }, h("h2", { id: "reader-claims" }, "Numeric claims"),
        h("ul", { class: "plain-list" }, article.claims.map((claim) => h("li", {}, `${claim.text}`,
          claim.attributed_to ? h("span", { class: "muted" }, ` — ${claim.attributed_to}`) : null)))) : null,
      (article.relations || []).length ? h("section", { "aria-labelledby": "reader-relations" }, h("h2", { id: "reader-relations" }, "Relations"),
        h("ul", { class: "plain-list" }, article.relations.map((relation) => h("li", {},
          `${relation.subject} `, h("em", {}, relation.predicate.replaceAll("_", " ")), ` ${relation.object}`)))) : null,
    ];
  }

  function openEvent(event) {
    if (event.event_id) openEventCard(app, event.event_id);
    else openEventCard(app, event.id, { doc: { ...event, article_id: article.id, article: { title: article.title, outlet: article.outlet } } });
  }

  function choose(mark) {
    const ref = refs.get(mark.dataset.span);
    if (!ref) return;
    if (ref.kind === "entity") openEntityCard(ref.entity);
    else if (ref.kind === "quote") openQuoteCard(ref.quote);
    else openEvent(ref.event);
  }

  function onChoose(event) {
    const mark = event.target.closest("mark.hl[data-span]");
    if (mark && !mark.classList.contains("legend__swatch")) choose(mark);
  }

  function onKey(event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    const mark = event.target.closest && event.target.matches("mark.hl[data-span]") ? event.target : null;
    if (!mark) return;
    event.preventDefault();
    choose(mark);
  }

  function focusTarget(eventId, evidence) {
    const marks = [...root.querySelectorAll(`mark[data-event="${CSS.escape(eventId)}"]`)];
    if (!marks.length) return;
    const chosen = marks.find((mark) => mark.dataset.evidence === evidence && mark.tabIndex === 0)
      || marks.find((mark) => mark.tabIndex === 0) || marks[0];
    chosen.scrollIntoView({ block: "center" });
    chosen.focus({ preventScroll: true });
  }

  function openEntityCard(entity) {
    const mentions = entity.mentions || [];
    const actorKey = entity.kb_id;
    openDialog({
      title: entity.name,
      className: "dialog--small",
      content: [
        definitions([
          ["Canonical name", entity.name],
          ["Type", entity.type],
          ["Knowledge-base id", entity.kb_id || "not linked"],
          ["Wikidata", entity.wikidata ? h("a", { href: `https://www.wikidata.org/wiki/${encodeURIComponent(entity.wikidata)}`, rel: "noopener noreferrer", target: "_blank" }, entity.wikidata) : "none"],
          ["Aliases", (entity.aliases || []).length ? h("ul", { class: "plain-list" }, entity.aliases.map((alias) => h("li", {}, alias))) : "none"],
          ["Mentions here", `${mentions.length}: ${[...new Set(mentions.map((m) => m.text))].join(", ")}`],
        ], { class: "details" }),
        h("p", {}, actorKey ? link(formatHash("actor", actorKey), "Actor page") : link(formatHash("actor-name", entity.name), "Find as an actor")),
      ],
    });
  }

  function openQuoteCard(quote) {
    openDialog({
      title: quote.speaker ? `Quote: ${quote.speaker}` : "Quote",
      className: "dialog--small",
      content: [
        h("blockquote", {}, quote.text),
        definitions([
          ["Speaker", quote.speaker || "not attributed"],
          ["Title", quote.speaker_title],
          ["Organisation", quote.speaker_org],
          ["Kind", quote.kind],
        ], { class: "details" }),
      ],
    });
  }

  return { update, refresh: () => route && update(route) };
}

function markTitle(ref) {
  if (ref.kind === "entity") return `${ref.entity.name} (${ref.entity.type})`;
  if (ref.kind === "quote") return `Quote${ref.quote.speaker ? ` — ${ref.quote.speaker}` : ""}`;
  const event = ref.event;
  return `Event: ${[event.event_type, event.sub_event_type].filter(Boolean).join(": ")}${event.review_status === "rejected" ? " (rejected)" : ""}`;
}

function dateText(date) {
  if (!date || !date.value) return null;
  return `${formatTime(date.value)} (${date.precision})${date.text ? ` — “${date.text}”` : ""}`;
}

function versionLinks(article, versions) {
  return h("span", {}, versions.map((version, i) => [i ? ", " : "",
    version.version_id === article.version_id
      ? h("strong", {}, `${version.seq}${version.latest ? " (latest)" : ""}`)
      : link(formatHash("article", article.id, version.latest ? {} : { version: version.version_id }), `${version.seq}${version.latest ? " (latest)" : ""}`)]));
}

function truncate(text, length) {
  const points = codePoints(text);
  return points.length > length ? `${points.slice(0, length - 1).join("")}…` : text;
}
