// Notices above the workspace: link problems, refused settings, run events. One line each, dismissible;
// a notice about a field replaces the previous one about the same field. DOM only.

const MAX = 4;

/** @param {HTMLElement} box */
export function createMessages(box) {
  return {
    /** @param {"error"|"warn"|"ok"|"info"} kind @param {string} text @param {string} [key]  replaces a notice with the same key */
    show(kind, text, key = "") {
      if (key) box.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
      const div = document.createElement("div");
      div.className = `message ${kind === "info" ? "ok" : kind}`;
      div.setAttribute("role", kind === "error" ? "alert" : "status");
      div.dataset.key = key;
      const span = document.createElement("span");
      span.textContent = text;
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Dismiss message");
      close.addEventListener("click", () => div.remove());
      div.append(span, close);
      box.append(div);
      while (box.children.length > MAX) box.firstElementChild.remove();
      if (kind === "info" || kind === "ok") setTimeout(() => div.remove(), 6000);
    },
    clear(key) {
      box.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
    },
  };
}
