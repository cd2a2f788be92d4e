// The playground's class mode: a student in a room (joins, follows the teacher's push / lock / pause / end,
// rejoins after a reconnection) or the teacher's "Push to class" button. Wires room.js (state), class-bar.js
// (DOM) and the controller's lock; solo use is untouched when the address names no room.
import { HINTS } from "../controls/field-hints.js";
import { t } from "../i18n.js";
import { lessonSlug } from "../lessons/panel.js";
import { createClassBar } from "./class-bar.js";
import { createRoom } from "./room.js";
import { mountTeacherPush } from "./teacher-push.js";

/**
 * @param {{session, ctl, controls, messages, schema, openLesson: (slug: string) => void}} page  the
 *   playground's parts (main.js)
 * @returns {{onOpen: () => void, onJoined, onRoom, onLeft, onError: (msg) => boolean, refused: (fields: string[]) => void}}
 */
export function startClassMode({ session, ctl, controls, messages, schema, openLesson }) {
  const label = (name) => HINTS[name]?.label || schema.fields[name]?.title || name;
  const bar = createClassBar({ leave: () => (room.leave(), bar.hide(), solo()) });

  function applyLock(editable) {
    const locked = editable === null || editable === undefined ? [] : schema.order.filter((f) => !editable.includes(f));
    ctl.setLocked(locked);
    controls.lockFields(locked, t("class.bar.locked_title"));
    bar.locks(locked.length ? editable.map(label) : null);
  }

  function solo() {
    applyLock(null);
    ctl.setExtra("room", null, { commit: false });
    delete document.body.dataset.room;
  }

  /** A lesson pushed to the class opens with its panel: mounted in place, or (replacing another lesson's
   *  panel, whose keys stay bound) the page reloads on it and rejoins with its token. @returns reloading */
  function followLesson(slug) {
    if (!slug || slug === lessonSlug()) return false;
    if (!document.getElementById("lesson-panel")) {
      openLesson(slug);
      return false;
    }
    const url = new URL(location.href);
    url.search = `?lesson=${encodeURIComponent(slug)}&room=${encodeURIComponent(ctl.state.extras.room || "")}`;
    location.assign(url);
    return true;
  }

  const room = createRoom(session, {
    joined(msg, rejoin) {
      ctl.setExtra("room", msg.room, { commit: false });
      bar.joined(msg);
      applyLock(msg.editable);
      ctl.adopt(msg.experiment);
      if (followLesson(msg.lesson)) return;
      if (!rejoin) messages.show("ok", t("class.bar.welcome", { name: msg.name, code: msg.room }), "class");
      document.body.dataset.room = msg.room;
    },
    event(msg) {
      if (msg.event === "push") {
        ctl.adopt(msg.experiment);
        if (typeof msg.instructions === "string") bar.instructions(msg.instructions);
        if (!followLesson(msg.lesson)) messages.show("ok", t("class.bar.pushed"), "class");
      } else if (msg.event === "lock") applyLock(msg.editable);
      else if (msg.event === "pause") bar.paused(true);
      else if (msg.event === "resume") bar.paused(false);
      else if (msg.event === "reset") messages.show("ok", t("class.bar.reset"), "class");
      else if (msg.event === "instructions") bar.instructions(msg.instructions);
      document.body.dataset.roomEvent = `${msg.event}:${msg.seq}`;
    },
    failed(code, message, roomCode) {
      bar.failed(code, roomCode);
      solo();
    },
    ended() {
      bar.ended();
      solo();
    },
  });

  const code = room.start();
  if (code) bar.joining(code, null);
  else mountTeacherPush({ config: () => ctl.state.config, lesson: () => lessonSlug(), notice: (k, text, key) => messages.show(k, text, key) });

  return {
    onOpen: () => room.onOpen(),
    onJoined: (msg) => room.onJoined(msg),
    onRoom: (msg) => room.onRoom(msg),
    onLeft: (msg) => room.onLeft(msg),
    /** @returns {boolean} handled (a join error, or the class being paused) */
    onError(msg) {
      if (room.onError(msg)) return true;
      if (msg.code === "room_paused") {
        messages.show("warn", t("class.error.room_paused"), "class");
        return true;
      }
      return false;
    },
    refused: (fields) => messages.show("warn", t("class.bar.locked_refused", { fields: fields.map(label).join(", ") }), "locked"),
  };
}
