// The class bar under the run bar for a student in a room: room code, name, the teacher's instructions line,
// "paused by the teacher", which settings are locked; a refused join with a way back to /join; "class ended".
// Also holds Play/Step disabled while the class is paused. Names are text, never HTML. DOM only.
import { t } from "../i18n.js";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {{leave: () => void}} on */
export function createClassBar(on) {
  const bar = el("section", "class-bar");
  bar.id = "class-bar";
  bar.setAttribute("aria-label", t("class.bar.label"));
  bar.hidden = true;
  document.querySelector(".runbar").after(bar);
  const code = el("strong", "class-code");
  const name = el("span", "class-name");
  const instructions = el("span", "class-instructions");
  instructions.setAttribute("role", "status");
  const paused = el("span", "badge warn class-paused", t("class.bar.paused"));
  const locks = el("span", "class-locks");
  const note = el("span", "class-note");
  note.setAttribute("role", "alert");
  const back = el("a", "button class-back", t("class.bar.back_to_join"));
  const leave = el("button", "small class-leave", t("class.bar.leave"));
  leave.type = "button";
  leave.addEventListener("click", () => on.leave());
  const close = el("button", "small class-close", t("class.bar.close"));
  close.type = "button";
  close.addEventListener("click", () => (bar.hidden = true));
  bar.append(code, name, paused, instructions, locks, note, back, leave, close);

  function mode(m) {
    bar.hidden = false;
    bar.dataset.state = m;
    for (const [node, states] of [[name, ["joining", "joined"]], [instructions, ["joined"]], [locks, ["joined"]], [leave, ["joined"]], [note, ["failed", "ended", "joining"]], [back, ["failed"]], [close, ["ended"]]]) {
      node.hidden = !states.includes(m);
    }
    if (m !== "joined") setPaused(false);
  }

  function setPaused(on) {
    paused.hidden = !on;
    bar.dataset.paused = String(on);
    for (const id of ["play", "step"]) {
      const b = document.getElementById(id);
      b.disabled = on;
      b.title = on ? t("class.bar.paused_title") : b.dataset.titleSolo ?? b.title;
    }
  }
  for (const id of ["play", "step"]) document.getElementById(id).dataset.titleSolo = document.getElementById(id).title;

  return {
    joining(roomCode, who) {
      code.textContent = t("class.bar.room", { code: roomCode });
      name.textContent = who || "";
      note.textContent = t("class.bar.joining");
      mode("joining");
    },
    /** @param {{room, name, instructions, paused}} msg */
    joined(msg) {
      code.textContent = t("class.bar.room", { code: msg.room });
      name.textContent = msg.name;
      mode("joined");
      this.instructions(msg.instructions);
      setPaused(!!msg.paused);
    },
    instructions(text) {
      instructions.textContent = text || "";
      instructions.hidden = !text;
    },
    paused: setPaused,
    /** @param {string[]|null} editable  the labels of the settings the teacher left editable (null: all) */
    locks(editable) {
      locks.textContent = editable ? t("class.bar.editable_only", { fields: editable.join(", ") || "–" }) : "";
      locks.hidden = !editable || bar.dataset.state !== "joined";
    },
    /** A refused join: why, and the way back to /join (code kept). */
    failed(errorCode, roomCode) {
      code.textContent = t("class.bar.room", { code: roomCode });
      const key = `class.error.${errorCode}`;
      note.textContent = t(key) === key ? t("class.error.join_failed") : t(key);
      back.href = `join?code=${encodeURIComponent(roomCode)}&error=${encodeURIComponent(errorCode)}`;
      mode("failed");
    },
    ended() {
      note.textContent = t("class.bar.ended");
      mode("ended");
    },
    hide() {
      bar.hidden = true;
    },
  };
}
