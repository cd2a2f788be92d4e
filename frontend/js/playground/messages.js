// Notices in a strip under the run bar (in the page flow, so they never cover a plot or the lesson panel):
// link problems, refused settings, hints. One line each, dismissible. A notice replaces the previous one with
// the same key; notices without a key replace the previous one of their kind. DOM only.

import { t } from "../i18n.js";

const MAX = 3;
const FADE_MS = 6000; // info/ok notices go away by themselves; errors stay until dismissed or replaced

/** @param {HTMLElement} box */
export function createMessages(box) {
  return {
    /** @param {"error"|"warn"|"ok"|"info"} kind @param {string} text @param {string} [key]  replaces a notice with the same key */
    show(kind, text, key = "") {
      const slot = key || `kind:${kind}`;
      box.querySelector(`[data-key="${CSS.escape(slot)}"]`)?.remove();
      const div = document.createElement("div");
      div.className = `message ${kind === "info" ? "ok" : kind}`;
      div.setAttribute("role", kind === "error" ? "alert" : "status");
      div.dataset.key = slot;
      const span = document.createElement("span");
      span.textContent = text;
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", t("message.dismiss"));
      close.addEventListener("click", () => div.remove());
      div.append(span, close);
      box.append(div);
      // the oldest non-error goes first: a link error must not be pushed out by a passing hint
      while (box.children.length > MAX) (box.querySelector(".message:not(.error)") || box.firstElementChild).remove();
      if (kind === "info" || kind === "ok") setTimeout(() => div.remove(), FADE_MS);
    },
    clear(key) {
      box.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
    },
  };
}
