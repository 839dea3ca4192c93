// Who is reviewing and with which token. The server tells the page whether it takes writes
// (<meta name="sitrep-writable">) and, on localhost, the token itself (<meta name="sitrep-token">).
// A remote writable server gives no token: the analyst types it once per browser session.

import { askText } from "./dialogs.js";

const WHO_KEY = "sitrep.who";
const TOKEN_KEY = "sitrep.token";

function meta(name) {
  const element = document.querySelector(`meta[name="${name}"]`);
  return element ? element.getAttribute("content") || "" : "";
}

function stored(storage, key) {
  try {
    return storage.getItem(key) || "";
  } catch {
    return ""; // storage can be switched off; then nothing is remembered
  }
}

function store(storage, key, value) {
  try {
    if (value) storage.setItem(key, value);
    else storage.removeItem(key);
  } catch {
    /* not remembered: asked again next time */
  }
}

/**
 * @returns {{
 *   writable: boolean, pageToken: boolean, token: () => string, setToken: (t: string) => void,
 *   who: () => string, setWho: (w: string) => void, ensureWho: () => Promise<string|null>,
 *   ensureToken: () => Promise<string|null>, canWrite: () => boolean
 * }}
 */
export function createSession() {
  const writable = meta("sitrep-writable") === "yes";
  const pageToken = meta("sitrep-token");
  const listeners = new Set();

  const session = {
    writable,
    /** True when the page carries the token (localhost): no Token field needed. */
    pageToken: Boolean(pageToken),
    token: () => pageToken || stored(sessionStorage, TOKEN_KEY),
    setToken(value) {
      store(sessionStorage, TOKEN_KEY, value.trim());
      for (const listener of listeners) listener();
    },
    who: () => stored(localStorage, WHO_KEY),
    setWho(value) {
      store(localStorage, WHO_KEY, value.trim());
      for (const listener of listeners) listener();
    },
    /** Writes are possible: the server takes them and a token is at hand. */
    canWrite: () => writable && Boolean(session.token()),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The reviewer's name, asked for once and remembered in this browser. */
    async ensureWho() {
      return session.who() || session.askWho();
    },
    /** Ask for the reviewer's name (the current one offered); cancelling keeps the current one. */
    async askWho() {
      const answer = await askText({
        title: "Who is reviewing?",
        label: "Your name or initials",
        hint: "Every correction keeps the name of who made it. It is remembered in this browser.",
        submitLabel: "Save name",
        value: session.who(),
      });
      if (answer) session.setWho(answer);
      return answer || session.who() || null;
    },
    async ensureToken() {
      const known = session.token();
      if (known) return known;
      const answer = await askText({
        title: "Write token",
        label: "Token",
        type: "password",
        hint: "This server needs its write token (the one it was started with) for review actions. It is kept for this browser session only.",
        submitLabel: "Use token",
      });
      if (answer) session.setToken(answer);
      return answer;
    },
  };
  return session;
}
