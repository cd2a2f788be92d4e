// Boot the playground: header nav, the schema (+ the server's defaults from `hello`), the session, the
// controller, the views; then load the experiment from the URL and follow back/forward.
import { lessonSlug, loadLesson, mountLessonPanel } from "../lessons/panel.js";
import { errorText } from "../error-text.js";
import { t } from "../i18n.js";
import { renderNav } from "../nav.js";
import { readSchema } from "../schema.js";
import { encodeConfig } from "../url-state.js";
import { startClassMode } from "./class-mode.js";
import { createControlsView } from "./controls-view.js";
import { createController } from "./controller.js";
import { createMessages } from "./messages.js";
import { createOutputView } from "./output-view.js";
import { createSession } from "./session.js";
import * as status from "./status-view.js";

const HELLO_TIMEOUT_MS = 15000;

async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function waitFor(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(what)), ms))]);
}

async function boot() {
  renderNav("playground");
  const messages = createMessages(document.getElementById("messages"));
  let ctl = null;
  let views = null;
  let classMode = null;
  let gotHello;
  const hello = new Promise((resolve) => (gotHello = resolve));

  const session = createSession({
    onHello: (msg) => gotHello(msg),
    onOpen: () => {
      ctl?.resync();
      classMode?.onOpen();
      if (document.hidden) session.view({ visible: false }); // a new session starts visible
    },
    onStatus(s) {
      if (s === "closed") status.setBadge(t("status.reconnecting"), "bad");
    },
    onConfig: (msg) => ctl?.onServerConfig(msg),
    onError: (msg) =>
      classMode?.onError(msg) || (ctl ? ctl.onServerError(msg) : messages.show("error", errorText(msg), msg.code)),
    onJoined: (msg) => classMode?.onJoined(msg),
    onRoom: (msg) => classMode?.onRoom(msg),
    onLeft: (msg) => classMode?.onLeft(msg),
    onEvent: (msg) => ctl?.onEvent(msg),
    onGradcheck: (msg) => ctl?.onGradcheck(msg),
    onFrame: (frame) => ctl?.onFrame(frame),
  });

  const [schemaJson, helloMsg] = await Promise.all([
    fetchJson("shared/schema/experiment.json"),
    waitFor(hello, HELLO_TIMEOUT_MS, t("boot.no_server")),
  ]);
  const schema = readSchema(schemaJson, helloMsg.config);
  const features = schema.fields.features.item.choices;

  const ui = {
    config: (c) => {
      views.controls.setConfig(c);
      views.output.setConfig(c);
      showPoints();
    },
    frame: (f, series) => views.output.frame(f, series),
    data: (d) => {
      views.controls.info.trainSize = d.train.length;
      views.controls.setConfig(ctl.state.config);
      showPoints();
    },
    notice: (kind, text, key) => messages.show(kind, text, key),
    runEvent: (kind, text) => status.showRunEvent(kind, text),
    playing: (on) => status.setPlaying(on),
    gradcheck: (r) => status.showGradcheck(r),
    locked: (fields) => classMode?.refused(fields),
  };
  ctl = createController(schema, session, ui);
  // A background tab keeps training, but the server leaves the boundary and neuron grids out of its frames.
  document.addEventListener("visibilitychange", () => session.view({ visible: !document.hidden }));

  /** Drawn data shows at once from the config; generated data when the server sends it. */
  function showPoints() {
    const c = ctl.state.config;
    if (c.dataset === "custom") views.output.setPoints({ train: c.points, dev: c.dev_points, test: c.test_points });
    else if (ctl.state.data) views.output.setPoints(ctl.state.data);
  }

  const output = createOutputView({
    features,
    onToggleFeature(f) {
      const cur = ctl.state.config.features;
      if (cur.includes(f) && cur.length === 1) return messages.show("info", t("net.one_feature"), "features");
      const next = cur.includes(f) ? cur.filter((x) => x !== f) : features.filter((x) => x === f || cur.includes(x));
      ctl.change({ features: next });
    },
  });
  views = { output };
  views.controls = createControlsView(schema, ctl, output, messages, helloMsg.view || {});

  const gradcheck = ctl.gradcheck;
  ctl.gradcheck = (opts) => {
    status.showGradcheck(null);
    gradcheck(opts);
  };

  const lesson = lessonSlug() ? await loadLesson().catch((e) => (messages.show("error", e.message), null)) : null;
  ctl.loadFromUrl(startQuery(schema, lesson), { rewrite: true });
  const lessonHooks = {
    applyChange: (partial) => ctl.change(partial),
    getConfig: () => ctl.state.config,
    exportRun: () => runRecord(ctl.state.series),
    action: (name) => ctl.gradcheck({ broken_backprop: name === "gradcheck_broken" }),
  };
  if (lesson) mountLessonPanel(lesson, lessonHooks);
  window.addEventListener("popstate", () => ctl.loadFromUrl(location.search));
  /** A lesson a class teacher pushed, on a page without one: its panel, with no reload (the run is the room's). */
  async function openLesson(slug) {
    const url = new URL(location.href);
    url.searchParams.set("lesson", slug);
    history.replaceState(null, "", url);
    const pushed = await loadLesson().catch((e) => (messages.show("error", e.message), null));
    if (pushed) mountLessonPanel(pushed, lessonHooks);
  }
  classMode = startClassMode({ session, ctl, controls: views.controls, messages, schema, openLesson });
  // notices sit in the page flow: when the strip grows or shrinks, the plots below re-measure
  let pending = false;
  new ResizeObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => ((pending = false), views.output.relayout()));
  }).observe(document.getElementById("messages"));
  status.setBadge(t("status.paused"));
  document.body.dataset.ready = "true";
}

/** The run so far as plain JSON: per-epoch costs and accuracies (null where a split is empty). */
function runRecord(series) {
  const out = { epochs: [...series.epochs] };
  for (const k of ["train_cost", "dev_cost", "train_accuracy", "dev_accuracy"]) {
    out[k] = series[k].map((v) => (Number.isFinite(v) ? v : null));
  }
  return out;
}

/** The address to load: a lesson's experiment when the URL names only the lesson, else the URL itself. */
function startQuery(schema, lesson) {
  const keys = [...new URLSearchParams(location.search).keys()];
  if (!lesson || keys.some((k) => !["lesson", "v", "lang"].includes(k))) return location.search;
  return `?${encodeConfig({ ...schema.defaults, ...lesson.config }, schema)}`;
}

boot().catch((e) => {
  const box = document.getElementById("messages");
  const div = document.createElement("div");
  div.className = "message error";
  div.setAttribute("role", "alert");
  div.textContent = t("boot.failed", { reason: e.message });
  box.append(div);
  document.body.dataset.ready = "failed";
});
