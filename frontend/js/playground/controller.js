// The playground's state machine, without DOM or socket: the config (mirrored in the URL), the run's series,
// the drawn data, and the commands to the session. The view subscribes through `ui` callbacks.
import { langParam, t } from "../i18n.js";
import { lessonSlug } from "../lessons/panel.js";
import { errorText, fieldReason, urlErrorText } from "../error-text.js";
import { decodeQuery, encodeConfig } from "../url-state.js";
import { makePoint, nearestPoint } from "../data/points.js";
import { appendFrame, createSeries } from "./series.js";

const DRAWN = ["points", "dev_points", "test_points"];
const EXTRAS = ["speed", "lang", "room"]; // NON_FIELDS of url-state.js the page keeps in its addresses
const SPLIT_KEY = { train: "points", dev: "dev_points", test: "test_points" };

/**
 * @param {{fields, order, defaults}} schema
 * @param {ReturnType<import("./session.js").createSession>} session
 * @param {{config: (c: object, why: string) => void, frame: (f: object, series: object, restarted: boolean) => void,
 *   data: (d: object) => void, notice: (kind: string, text: string, field?: string) => void,
 *   playing: (on: boolean) => void, gradcheck: (r: object) => void,
 *   runEvent: (kind: string | null, text?: string) => void, locked?: (fields: string[]) => void}} ui
 *   runEvent(null) clears the run's last event; locked(fields): a change the class teacher's lock refused
 */
export function createController(schema, session, ui) {
  const state = {
    config: structuredClone(schema.defaults),
    series: createSeries(),
    data: null, // {train, dev, test: [[x1, x2, label]], n_classes, bounds} from the server
    playing: false,
    lastFrame: null,
    configIds: new Set(),
    extras: {}, // address keys beside the experiment (speed=): shared, but never part of the config
  };

  // A slider replaces the address while it moves (commit=false) and commits when released. The entry it
  // started from is remembered so the commit can put it back and push the new one: Back undoes the slide.
  let committedUrl = null;

  function pushUrl(commit) {
    const slug = lessonSlug();
    const extra = [slug ? `&lesson=${slug}` : "", ...Object.entries(state.extras).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)];
    const url = `${location.pathname}?${encodeConfig(state.config, schema)}${extra.join("")}`;
    const here = `${location.pathname}${location.search}`;
    if (!commit) {
      if (url === here) return;
      if (committedUrl === null) committedUrl = here;
      history.replaceState(null, "", url);
      return;
    }
    const base = committedUrl;
    committedUrl = null;
    if (base !== null && base !== url) {
      history.replaceState(null, "", base);
      history.pushState(null, "", url);
    } else if (url !== here) history.pushState(null, "", url);
  }

  // A refused config leaves the server on its previous one; the next change then sends the whole config, so
  // page and server cannot drift apart (a refused "Clear points" must not make new points land on generated data).
  let refused = false;

  function send(partial, replace = false) {
    if (refused) [partial, replace, refused] = [state.config, true, false];
    state.configIds.add(session.sendConfig(partial, replace));
  }

  // fields a class teacher locked (null: none). Every control's change passes here, so a locked field is
  // refused once for all of them (sliders, network editor, drawing, regenerate); the server refuses it too.
  let locked = null;

  /** Apply a partial config change from a control. */
  function change(partial, { commit = true } = {}) {
    const refusedFields = locked ? Object.keys(partial).filter((k) => locked.has(k)) : [];
    if (refusedFields.length) return ui.locked?.(refusedFields);
    Object.assign(state.config, structuredClone(partial));
    pushUrl(commit);
    send(partial);
    ui.config(state.config, "control");
  }

  /** Load a whole config (from the URL): reports bad fields and uses the defaults for them.
   *  `rewrite` replaces the address with the canonical link (first load); back/forward leave it. */
  function loadFromUrl(search, { rewrite = false } = {}) {
    const { config, errors } = decodeQuery(search, schema);
    state.config = config;
    const params = new URLSearchParams(search);
    state.extras = Object.fromEntries(EXTRAS.filter((k) => params.has(k)).map((k) => [k, params.get(k)]));
    if (langParam()) state.extras.lang = langParam(); // the page's language, even when the URL gave none
    committedUrl = null;
    if (rewrite) pushUrl(false);
    committedUrl = null;
    for (const e of errors) {
      const known = e.field in schema.fields;
      const item = fieldReason(e.field, urlErrorText(e));
      ui.notice("error", t(known ? "error.link_default" : "error.link", { item }), e.field);
    }
    send(state.config, true);
    ui.config(state.config, "url");
    return errors;
  }

  function onServerConfig(msg) {
    state.configIds.delete(msg.id);
    if (msg.data) {
      state.data = msg.data;
      ui.data(msg.data);
    }
  }

  function onServerError(msg) {
    const isConfig = state.configIds.delete(msg.id);
    if (isConfig) refused = true;
    const field = (msg.field || "").replace(/^config\./, "");
    if (isConfig && state.config.dataset === "custom" && state.config.points.length === 0) {
      // its own key: a link error about `points` (the reason there are none) must stay visible beside it
      ui.notice("info", t("draw.no_points"), "no-points");
      return;
    }
    ui.notice("error", isConfig ? t("error.not_applied", { reason: errorText(msg) }) : errorText(msg), field);
  }

  function onFrame({ header, arrays }) {
    state.lastFrame = { header, arrays };
    const restarted = appendFrame(state.series, header, arrays);
    if (restarted) ui.runEvent(null); // "Completed at epoch 500" is stale once the run starts over
    if (header.playing !== state.playing) {
      state.playing = header.playing;
      ui.playing(state.playing);
    }
    ui.frame(state.lastFrame, state.series, restarted);
  }

  /** The generated points as drawn lists: drawing on generated data turns it into custom data. */
  function drawnLists() {
    if (state.config.dataset === "custom") return Object.fromEntries(DRAWN.map((k) => [k, state.config[k].slice()]));
    const d = state.data || { train: [], dev: [], test: [] };
    const conv = (rows) => rows.map((p) => makePoint(p[0], p[1], p[2]));
    // augmented copies follow the originals in the training split: keep only the originals
    const originals = d.train.slice(0, Math.round(d.train.length / (1 + (state.config.augment_copies || 0))));
    return { points: conv(originals), dev_points: conv(d.dev), test_points: conv(d.test) };
  }

  function applyDrawn(lists, note) {
    const partial = { ...lists };
    if (state.config.dataset !== "custom") {
      partial.dataset = "custom";
      partial.classes = Math.max(state.config.classes, state.data?.n_classes || 2);
      ui.notice("info", t("draw.switched"));
    }
    change(partial, { commit: true });
    if (note) ui.notice("info", note);
  }

  return {
    state,
    change,
    loadFromUrl,
    onServerConfig,
    onServerError,
    onFrame,
    onEvent: (msg) => ui.runEvent(msg.event === "diverged" ? "error" : "ok", eventText(msg)),
    onGradcheck: (msg) => ui.gradcheck(msg),
    /** A whole config the server already applied (a class room's experiment): shown and addressed, not sent. */
    adopt(config) {
      state.config = structuredClone(config);
      committedUrl = null;
      pushUrl(false);
      committedUrl = null;
      ui.config(state.config, "room");
    },
    /** @param {string[]|null} fields  the fields a class teacher locked, or null */
    setLocked(fields) {
      locked = fields && fields.length ? new Set(fields) : null;
    },
    /** After a (re)connection the server session starts from the defaults: send the whole config again. */
    resync() {
      send(state.config, true);
    },
    play: () => (state.playing ? session.pause() : session.play()),
    step: (n) => session.step(n),
    /** Set an address key that is not part of the experiment (e.g. speed); keeps it in later addresses. */
    setExtra(key, value, { commit = true } = {}) {
      if (value === null) delete state.extras[key];
      else state.extras[key] = String(value);
      pushUrl(commit);
    },
    reset: () => session.reset(),
    gradcheck: (opts) => session.gradcheck(opts),
    view: (opts) => session.view(opts),
    addPoint(x1, x2, label, split = "train") {
      const lists = drawnLists();
      lists[SPLIT_KEY[split]].push(makePoint(x1, x2, label));
      applyDrawn(lists);
    },
    removeNearest(x1, x2, radius) {
      const lists = drawnLists();
      const hit = nearestPoint(lists, x1, x2, radius);
      if (!hit) return false;
      lists[hit.list].splice(hit.index, 1);
      applyDrawn(lists);
      return true;
    },
    clearPoints() {
      applyDrawn({ points: [], dev_points: [], test_points: [] }, t("draw.cleared"));
    },
    setPoints(lists) {
      applyDrawn({ points: lists.points, dev_points: lists.dev_points, test_points: lists.test_points });
    },
    drawnLists,
  };
}

/** "Completed at epoch 500: ..." from the event's code and numbers (the server's sentence is English). */
function eventText(msg) {
  return t(`event.${msg.event}`, { epoch: msg.epoch, ...(msg.params || {}) });
}

