// A student's class room on the playground, without DOM: joins over the session when the address names a
// room this tab joined from /join (class/storage.js), rejoins with the stored student_token after every
// reconnection, and turns joined / room / error messages into the callbacks the class bar and the
// controller need. shared/protocol/class.md.
import * as store from "../class/storage.js";

const JOIN_ERRORS = new Set(["unknown_room", "name_taken", "room_full", "invalid_name", "rate_limited", "already_joined", "rooms_unavailable"]);

/**
 * @param {ReturnType<import("./session.js").createSession>} session
 * @param {{joined: (msg: object, rejoin: boolean) => void, event: (msg: object) => void,
 *   failed: (code: string, message: string, roomCode: string) => void, ended: () => void}} on
 */
export function createRoom(session, on) {
  let entry = null; // {code, name, token}
  let joinId = null;
  let inRoom = false;

  function join() {
    joinId = session.join(entry.code, entry.name, entry.token);
  }

  function stop() {
    inRoom = false;
    entry = null;
    joinId = null;
    store.forgetStudentJoin();
  }

  return {
    /** Join the room the address names. @returns {string|null} its code, or null (solo use) */
    start(search = location.search) {
      const asked = store.normalizeCode(new URLSearchParams(search).get("room"));
      if (!asked) return null;
      const saved = store.studentJoin();
      if (!saved || saved.code !== asked) {
        on.failed("no_join", "", asked); // a shared address with a room= but no name chosen in this tab
        return asked;
      }
      entry = saved;
      join();
      return asked;
    },
    /** The socket came back: the new server session is alone until it rejoins with the token. */
    onOpen() {
      if (entry) join();
    },
    onJoined(msg) {
      const rejoin = inRoom || !!entry?.token;
      inRoom = true;
      entry = { code: msg.room, name: msg.name, token: msg.student_token };
      store.saveStudentJoin(entry.code, entry.name, entry.token);
      on.joined(msg, rejoin);
    },
    /** @returns {boolean} whether the error was the join's (handled here) */
    onError(msg) {
      if (msg.id !== joinId || !JOIN_ERRORS.has(msg.code)) return false;
      const code = entry?.code || "";
      stop();
      on.failed(msg.code, msg.message, code);
      return true;
    },
    onRoom(msg) {
      if (!inRoom) return;
      if (msg.event === "end") {
        stop();
        on.ended();
      } else on.event(msg);
    },
    /** `left`: our own leave, or the name rejoined from another page ("replaced"): this page goes on alone. */
    onLeft(msg) {
      if (!inRoom || msg.reason !== "replaced") return;
      const code = entry?.code || "";
      stop();
      on.failed("replaced", msg.message || "", code);
    },
    leave() {
      if (inRoom) session.leave();
      stop();
    },
    inRoom: () => inRoom,
    name: () => entry?.name ?? null,
  };
}
