// What a browser remembers about rooms, and nothing else: the teacher's token for the one room it runs
// (localStorage, so "open playground as teacher" in another tab finds it; never in a URL), and a student's
// join (code, name, student_token) in sessionStorage (per tab: two tabs can be two students). No DOM.

const TEACHER = "tp-class-teacher";
const STUDENT = "tp-class-student";

function read(store, key) {
  try {
    const v = JSON.parse(store.getItem(key) || "null");
    return v && typeof v === "object" ? v : null;
  } catch {
    return null; // storage blocked (private mode) or a damaged entry: as if nothing were stored
  }
}

function write(store, key, value) {
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch {
    /* the room is simply not remembered */
  }
}

/** @returns {{code: string, token: string} | null} the teacher's room (one at a time) */
export const teacherRoom = () => read(localStorage, TEACHER);
export const saveTeacherRoom = (code, token) => write(localStorage, TEACHER, { code, token });
export const forgetTeacherRoom = () => write(localStorage, TEACHER, null);

/** @returns {{code: string, name: string, token: string|null} | null} this tab's join */
export const studentJoin = () => read(sessionStorage, STUDENT);
export const saveStudentJoin = (code, name, token = null) => write(sessionStorage, STUDENT, { code, name, token });
export const forgetStudentJoin = () => write(sessionStorage, STUDENT, null);

/** Codes are case-insensitive and shown without spaces or dashes. */
export const normalizeCode = (raw) => String(raw || "").toUpperCase().replace(/[\s-]/g, "");
