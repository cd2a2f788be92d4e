// The race page's notices (DOM only): what a link got wrong (one line per field, kept until dismissed) and
// the server's latest refusal. A refusal stays until the config it refused is replaced by an accepted one.

import { t } from "../i18n.js";
import { fieldReason, urlErrorText } from "../error-text.js";

function box(host, kind, key) {
  let div = host.querySelector(`[data-key="${key}"]`);
  if (!div) {
    div = document.createElement("div");
    div.className = `message ${kind}`;
    div.dataset.key = key;
    div.setAttribute("role", kind === "error" ? "alert" : "status");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "dismiss";
    close.textContent = "×";
    close.setAttribute("aria-label", t("message.dismiss"));
    close.addEventListener("click", () => div.remove());
    div.append(document.createElement("div"), close);
    host.append(div);
  }
  return div;
}

/** @param {HTMLElement} host  the notices' container */
export function createNotices(host) {
  return {
    /** @param {{field: string, message: string}[]} errors  a link's bad parameters (defaults used instead) */
    linkErrors(errors) {
      host.querySelector('[data-key="link"]')?.remove();
      if (!errors.length) return;
      const body = box(host, "warn", "link").firstElementChild;
      const title = document.createElement("p");
      title.textContent = t(errors.length > 1 ? "race.link_errors" : "race.link_error", { n: errors.length });
      const list = document.createElement("ul");
      for (const e of errors) {
        const li = document.createElement("li");
        li.dataset.field = e.field;
        li.textContent = fieldReason(e.field, urlErrorText(e));
        list.append(li);
      }
      body.replaceChildren(title, list);
    },
    /** The server refused something ("" clears it). */
    serverError(text) {
      if (!text) return host.querySelector('[data-key="server"]')?.remove();
      box(host, "error", "server").firstElementChild.textContent = text;
    },
    get serverErrorShown() {
      return !!host.querySelector('[data-key="server"]');
    },
  };
}
