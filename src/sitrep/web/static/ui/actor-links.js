// Links from an event to its actors' pages. Each event carries "actor_keys" (role → the actor
// key as merges and splits group the name now), so a link goes straight to #/actor/<key>.

import { h, link } from "./dom.js";
import { formatHash } from "./route.js";

/**
 * A link to the actor an event names in one role ("actor1", "assoc_actor2", ...); null when
 * the role is empty. Events of an older article version carry no keys: their names link to
 * the look-up by name (#/actor-name/<name>).
 * @param {object} event  an event document
 * @param {string} role
 * @returns {HTMLElement|null}
 */
export function actorLink(event, role) {
  const name = event[role];
  if (!name) return null;
  const key = (event.actor_keys || {})[role];
  return key
    ? link(formatHash("actor", key), name, { class: "actor-link", dataset: { actorKey: key } })
    : link(formatHash("actor-name", name), name, { class: "actor-link" });
}

/** Actor 1 or 2 with its associated actor: "Houthis with Ansar Allah", each name a link. */
export function actorWithAssociate(event, role) {
  const main = actorLink(event, role);
  if (!main) return null;
  const associate = actorLink(event, `assoc_${role}`);
  return h("span", {}, main, associate ? [" with ", associate] : null);
}
