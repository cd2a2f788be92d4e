// The rooms REST API (shared/protocol/class.md) as functions: fetch only, never the DOM. Teacher calls carry
// `Authorization: Bearer <teacher_token>`; every failure becomes a RoomError with the server's structured
// {code, field, message} (or a network error), so pages can show a translated reason.

export class RoomError extends Error {
  /** @param {string} code  e.g. "unknown_room", "forbidden", "network" @param {string} message @param {number} status */
  constructor(code, message, status = 0, field = null) {
    super(message);
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

async function call(method, path, { token = null, body = undefined, as = "json" } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new RoomError("network", e.message);
  }
  if (!res.ok) {
    let err = {};
    try {
      err = await res.json();
    } catch {
      /* not JSON: keep the status */
    }
    throw new RoomError(err.code || `http_${res.status}`, err.message || `HTTP ${res.status}`, res.status, err.field || null);
  }
  return as === "text" ? res.text() : res.json();
}

const room = (code) => `api/rooms/${encodeURIComponent(code)}`;

/** @param {{experiment?: object, lesson?: string|null, instructions?: string, max_students?: number, anonymize?: boolean}} body
 *  @returns {Promise<{code: string, teacher_token: string, join_url: string, lan_urls: string[]}>} */
export const createRoom = (body) => call("POST", "api/rooms", { body });
export const roomState = (code, token) => call("GET", room(code), { token });
export const results = (code, token) => call("GET", `${room(code)}/results`, { token });
export const resultsCsv = (code, token) => call("GET", `${room(code)}/results.csv`, { token, as: "text" });
export const qrUrl = (code) => `${room(code)}/qr.svg`;

/** A teacher action (push, lock, pause, resume, reset, spotlight, instructions, end); answers the room state. */
export const act = (code, token, action, body = undefined) => call("POST", `${room(code)}/${action}`, { token, body });
