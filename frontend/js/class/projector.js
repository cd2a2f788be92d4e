// The projector side of /class: the join code in large type, the join address(es), the QR code, the
// teacher's instructions line (editable) and the room's status. DOM only.
import { t } from "../i18n.js";
import { qrUrl } from "./api.js";

const $ = (id) => document.getElementById(id);

/** @param {{onInstructions: (text: string) => void}} on */
export function createProjector(on) {
  const input = $("instructions");
  let editing = false; // while the teacher types, the polled state must not overwrite the line
  input.addEventListener("focus", () => (editing = true));
  input.addEventListener("blur", () => (editing = false));
  $("instructions-form").addEventListener("submit", (e) => {
    e.preventDefault();
    on.onInstructions(input.value.trim());
    input.blur();
  });

  return {
    /** @param {object} state  the room state of GET /api/rooms/{code} */
    show(state) {
      const code = $("join-code");
      if (code.textContent !== state.code) {
        code.textContent = state.code;
        $("qr").src = qrUrl(state.code);
        document.title = `${t("class.title")} ${state.code}`;
      }
      const link = $("join-url");
      link.href = state.join_url;
      // a long address breaks before its query, not inside the code
      const [where, query] = state.join_url.replace(/^https?:\/\//, "").split("?");
      link.replaceChildren(where, document.createElement("wbr"), `?${query}`);
      $("lan-urls").replaceChildren(
        ...(state.lan_urls || []).filter((u) => u !== state.join_url).map((u) => Object.assign(document.createElement("li"), { textContent: u.replace(/^https?:\/\//, "") })),
      );
      if (!editing) input.value = state.instructions || "";
      $("instructions-banner").textContent = state.instructions || "";
      $("instructions-banner").hidden = !state.instructions;
      const bits = [t(state.students === 1 ? "class.status.students_one" : "class.status.students", { n: state.students })];
      if (state.paused) bits.push(t("class.status.paused"));
      if (state.state === "ended") bits.push(t("class.status.ended"));
      $("room-status").textContent = bits.join(" · ");
      document.body.dataset.paused = String(!!state.paused);
    },
  };
}
