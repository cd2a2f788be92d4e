// Boot /class, the teacher's page: start a class (or return to the open one), then the projector view (join
// code, address, QR, instructions), the controls, and the dashboard (student cards + class scatter) refreshed
// from GET /results every second. The teacher token lives in storage.js only, never in the address.
import { applyI18n, t } from "../i18n.js";
import { renderNav } from "../nav.js";
import { createMessages } from "../playground/messages.js";
import { decodeQuery } from "../url-state.js";
import * as api from "./api.js";
import { createDashboard } from "./dashboard.js";
import { loadFullSchema } from "./defaults.js";
import { downloadText } from "./download.js";
import { classFields } from "./fields.js";
import { lessonExperiment, playgroundLessons } from "./lessons.js";
import { createProjector } from "./projector.js";
import { createSpotlight } from "./spotlight.js";
import { createStartForm } from "./start.js";
import * as store from "./storage.js";
import { createToolbar } from "./toolbar.js";

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

/** A pasted playground link (or just its query) -> a full config; link errors are refused, not guessed. */
async function experimentFromLink(link) {
  const query = link.includes("?") ? link.slice(link.indexOf("?")) : link;
  const { config, errors } = decodeQuery(query, await loadFullSchema());
  if (errors.length) throw new Error(errors.map((e) => `${e.field}: ${e.message}`).join("; "));
  return config;
}

function errorText(e) {
  return t(`class.error.${e.code}`) === `class.error.${e.code}` ? e.message : t(`class.error.${e.code}`);
}

async function boot() {
  renderNav("class");
  applyI18n();
  const messages = createMessages($("messages"));
  const fail = (e) => messages.show("error", errorText(e), "class");
  const schemaJson = await (await fetch("shared/schema/experiment.json")).json();
  const fields = classFields(schemaJson);
  const lessons = await playgroundLessons().catch(() => []);

  let room = null; // {code, token}
  let state = null;
  let timer = null;
  let inFlight = false;

  const projector = createProjector({ onInstructions: (text) => action("instructions", { text }) });
  const spotlight = createSpotlight({ onClose: () => (spotlight.close(), action("spotlight", { name: null })) });
  const dashboard = createDashboard(fields, {
    onSpotlight(row, who) {
      spotlight.open(row, who);
      action("spotlight", { name: row.name });
    },
  });

  function showState(s) {
    state = s;
    projector.show(s);
    toolbar.show(s);
  }

  async function action(name, body) {
    try {
      showState(await api.act(room.code, room.token, name, body));
      if (name === "end") messages.show("ok", t("class.ended_note"), "class");
    } catch (e) {
      fail(e);
    }
  }

  const toolbar = createToolbar(fields, lessons, {
    action,
    async pushLink(link) {
      try {
        action("push", { experiment: await experimentFromLink(link), lesson: null, instructions: null });
      } catch (e) {
        messages.show("error", t("class.push.bad_link", { reason: e.message }), "class");
      }
    },
    async pushLesson(slug) {
      try {
        action("push", { experiment: await lessonExperiment(slug), lesson: slug, instructions: null });
      } catch (e) {
        fail(e);
      }
    },
    anonymize: (on) => dashboard.setAnonymize(on),
    async exportCsv() {
      try {
        downloadText(`class-${room.code}.csv`, await api.resultsCsv(room.code, room.token), "text/csv");
      } catch (e) {
        fail(e);
      }
    },
    async exportJson() {
      try {
        const data = await api.results(room.code, room.token);
        downloadText(`class-${room.code}.json`, JSON.stringify(data, null, 2), "application/json");
      } catch (e) {
        fail(e);
      }
    },
  });

  async function poll() {
    if (inFlight || !room) return;
    inFlight = true;
    try {
      const [list, s] = await Promise.all([api.results(room.code, room.token), api.roomState(room.code, room.token)]);
      // the two answers are two moments: count the students from the list the cards are drawn from
      showState({ ...s, students: list.length });
      dashboard.update(list, s);
    } catch (e) {
      if (e.code === "unknown_room" || e.code === "forbidden") leave(e);
      else messages.show("warn", t("class.poll_failed", { reason: errorText(e) }), "poll");
    } finally {
      inFlight = false;
    }
  }

  function leave(e) {
    clearInterval(timer);
    store.forgetTeacherRoom();
    room = null;
    fail(e);
    history.replaceState(null, "", "class");
    $("room").hidden = true;
    start.offerResume(null);
    start.show(true);
  }

  async function enter(code, token) {
    room = { code, token };
    try {
      showState(await api.roomState(code, token));
    } catch (e) {
      return leave(e);
    }
    toolbar.setAnonymize(!!state.anonymize);
    dashboard.setAnonymize(!!state.anonymize);
    history.replaceState(null, "", `class?room=${code}`);
    start.show(false);
    $("room").hidden = false;
    document.body.dataset.room = code;
    clearInterval(timer);
    timer = setInterval(poll, POLL_MS);
    poll();
  }

  const start = createStartForm(lessons, {
    async start(choice) {
      start.busy(true);
      try {
        const body = { instructions: choice.instructions, max_students: choice.max_students, anonymize: choice.anonymize };
        if (choice.source === "link") body.experiment = await experimentFromLink(choice.link);
        if (choice.source === "lesson") Object.assign(body, { experiment: await lessonExperiment(choice.lesson), lesson: choice.lesson });
        const made = await api.createRoom(body);
        store.saveTeacherRoom(made.code, made.teacher_token);
        await enter(made.code, made.teacher_token);
      } catch (e) {
        messages.show("error", e instanceof api.RoomError ? errorText(e) : t("class.push.bad_link", { reason: e.message }), "class");
      } finally {
        start.busy(false);
      }
    },
    resume: () => enter(store.teacherRoom().code, store.teacherRoom().token),
  });

  const mine = store.teacherRoom();
  const asked = store.normalizeCode(new URLSearchParams(location.search).get("room"));
  if (mine && asked === mine.code) await enter(mine.code, mine.token);
  else {
    start.offerResume(mine?.code || null);
    start.show(true);
  }
  document.body.dataset.ready = "true";
}

boot().catch((e) => {
  const div = Object.assign(document.createElement("div"), { className: "message error", textContent: e.message });
  div.setAttribute("role", "alert");
  document.getElementById("messages").append(div);
  document.body.dataset.ready = "failed";
});
