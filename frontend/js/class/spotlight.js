// Spotlight: one student's exact run on the projector. Their `url` is config + seed, so the playground in
// the frame reproduces their numbers bit for bit. DOM only.
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

/** @param {{onClose: () => void}} on */
export function createSpotlight(on) {
  const box = $("spotlight");
  $("spotlight-close").addEventListener("click", () => on.onClose());
  document.addEventListener("keydown", (e) => e.key === "Escape" && !box.hidden && on.onClose());
  return {
    /** @param {{url: string}} row @param {string} who  the name shown (a label when names are hidden) */
    open(row, who) {
      $("spotlight-title").textContent = t("class.spotlight_title", { name: who });
      const frame = $("spotlight-frame");
      // row.url is "/?v=1&..." from the app root; the page sits at that root, maybe a proxy's sub-path
      const src = new URL(`.${row.url}`, document.baseURI).href;
      if (frame.src !== src) frame.src = src;
      box.hidden = false;
      box.dataset.name = row.name;
    },
    close() {
      box.hidden = true;
      delete box.dataset.name;
      $("spotlight-frame").src = "about:blank";
    },
    isOpen: () => !box.hidden,
  };
}
