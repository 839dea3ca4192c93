// Modal dialogs on the native <dialog> element: showModal() keeps focus inside and Escape
// closes it; on close, focus goes back to what had it before.

import { button, field, h } from "./dom.js";

/**
 * Open a modal dialog.
 * @param {object} options
 * @param {string} options.title  heading text (also the accessible name)
 * @param {Node|Node[]} options.content
 * @param {string} [options.className]  e.g. "dialog--panel" for the side panel
 * @param {() => void} [options.onClose]
 * @param {() => (HTMLElement|null)} [options.fallbackFocus]  where focus goes when the element that
 *   opened the dialog is gone (a write redrew the list it was in)
 * @returns {{ element: HTMLDialogElement, body: HTMLElement, heading: HTMLElement, close: () => void }}
 */
export function openDialog({ title, content, className = "", onClose, fallbackFocus }) {
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const headingId = `dlg-${Math.random().toString(36).slice(2, 9)}`;
  const heading = h("h2", { id: headingId, class: "dialog__title" }, title);
  const body = h("div", { class: "dialog__body" });
  const closeButton = button("Close", () => element.close(), { class: "dialog__close", "aria-label": `Close ${title}` });
  const element = h("dialog", { class: ["dialog", className].filter(Boolean).join(" "), "aria-labelledby": headingId },
    h("header", { class: "dialog__header" }, heading, closeButton), body);
  if (content) body.append(...(Array.isArray(content) ? content : [content]));
  element.addEventListener("close", () => {
    element.remove();
    if (onClose) onClose();
    const target = returnFocus && returnFocus.isConnected ? returnFocus : fallbackFocus && fallbackFocus();
    if (target) target.focus();
  });
  document.body.appendChild(element);
  element.showModal();
  return { element, body, heading, close: () => element.close() };
}

/**
 * Ask for one line of text in a small dialog. Resolves with the text, or null when cancelled.
 * @param {{title: string, label: string, hint?: string, value?: string, submitLabel?: string, type?: string}} options
 */
export function askText({ title, label, hint = "", value = "", submitLabel = "OK", type = "text" }) {
  return new Promise((resolve) => {
    let answer = null;
    const input = h("input", { type, value, required: true, autocomplete: "off", name: "answer" });
    const form = h("form", { class: "stack", method: "dialog" },
      hint ? h("p", { class: "hint" }, hint) : null,
      field(label, input),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary" }, submitLabel),
        button("Cancel", () => dialog.close())));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      answer = text;
      dialog.close();
    });
    const dialog = openDialog({ title, content: form, className: "dialog--small", onClose: () => resolve(answer) });
    input.focus();
    input.select();
  });
}

/** Ask yes/no. Resolves true when confirmed. */
export function confirmAction({ title, message, confirmLabel = "Confirm" }) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = button(confirmLabel, () => {
      answer = true;
      dialog.close();
    }, { class: "primary" });
    const dialog = openDialog({
      title,
      content: [h("p", {}, message), h("div", { class: "actions" }, yes, button("Cancel", () => dialog.close()))],
      className: "dialog--small",
      onClose: () => resolve(answer),
    });
    yes.focus();
  });
}
