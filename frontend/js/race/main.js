// The optimizer race page: wires the controls, the URL, the /ws/race link and the plots together.
import { errorText } from "../error-text.js";
import { langParam, t } from "../i18n.js";
import { lessonSlug, loadLesson, mountLessonPanel } from "../lessons/panel.js";
import { renderNav } from "../nav.js";
import { ContourPlot } from "./contour.js";
import { RaceControls } from "./controls.js";
import { drawCost } from "./costplot.js";
import { renderLegend } from "./legend.js";
import { raceLink } from "./link.js";
import { createNotices } from "./notices.js";
import { defaultConfig, raceSpecs, wireConfig } from "./spec.js";
import { RaceTrack } from "./track.js";
import { decodeRace, encodeRace } from "./url.js";

renderNav("race");

const $ = (sel) => document.querySelector(sel);
const SPEEDS = [0, 5, 10, 30, 60, 120, 300, 1000, 3000]; // steps per second; 0 = auto (the race in ~6 s)
const AUTO_SECONDS = 6;
const state = { specs: null, defaults: null, cfg: null, view: null, surface: null, controls: null, drawPending: false };
// configSeq: the latest config sent; autoplay: play once the server has accepted the first config (a play
// before that would only be refused too, and its error would hide the config's)
Object.assign(state, { hello: null, configSeq: 0, autoplay: false });
const notices = createNotices($("#race-messages"));
const track = new RaceTrack();
// A lesson (?lesson=slug) sets the starting config; the URL then carries the full state plus the slug.
const lesson = await loadLesson().catch((err) => {
  notices.serverError(err.message);
  return null;
});
const contour = new ContourPlot($("#contour"), (point) => {
  state.cfg.start = point.map((v) => +v.toPrecision(4));
  changed(true);
});

const link = raceLink({
  onStatus(status) {
    const badge = $("#connection");
    badge.textContent = t(`race.connection.${status}`);
    badge.className = `badge ${status === "open" ? "ok" : "warn"}`;
  },
  onHello(hello) {
    const first = !state.specs;
    if (first) setup(hello);
    state.autoplay ||= first;
    sendConfig(); // after a reconnect the server starts a fresh session
  },
  onSurface(header, arrays) {
    state.surface = header;
    contour.setSurface(header, arrays);
    state.controls.show(state.cfg, header);
  },
  onRace(header, arrays) {
    if (!track.apply(header, arrays)) link.reset(); // a gap in a path: start the trails over
    if (header.seq === state.configSeq) {
      notices.serverError(""); // the latest config was accepted
      if (state.autoplay) {
        state.autoplay = false;
        play();
      }
    }
    scheduleDraw();
  },
  onError(err) {
    // "no_config" only follows a refused config: keep the refusal, which says what to fix
    if (err.code === "no_config" && notices.serverErrorShown) return;
    notices.serverError(errorText(err));
  },
});

function setup(hello) {
  state.specs = raceSpecs(hello.schema);
  state.defaults = defaultConfig(state.specs);
  state.hello = hello;
  const { config, view, errors } = decodeRace(location.search, state.specs, state.defaults, urlContext());
  Object.assign(state, { cfg: config, view });
  notices.linkErrors(errors);
  if (errors.length) history.replaceState(null, "", urlFor()); // the link as used (the warning stays)
  const onlyLesson = [...new URLSearchParams(location.search).keys()].every((k) => k === "lesson" || k === "lang");
  if (lesson && onlyLesson) {
    state.cfg = withChange(state.defaults, lesson.config);
    history.replaceState(null, "", urlFor());
  }
  state.controls = new RaceControls(state.specs, hello.surfaces, changed);
  state.controls.show(state.cfg);
  contour.mode = view.mode;
  $("#view-3d").setAttribute("aria-pressed", String(view.mode === "3d"));
  const speed = $("#speed");
  for (const s of SPEEDS) speed.append(new Option(s ? String(s) : t("race.speed_auto"), String(s)));
  if (!SPEEDS.includes(view.speed)) speed.append(new Option(String(view.speed), String(view.speed)));
  speed.value = String(view.speed);
  if (lesson) {
    mountLessonPanel(lesson, {
      applyChange(change) {
        state.cfg = withChange(state.cfg, change);
        changed(true);
        play();
      },
      getConfig: () => wireConfig(state.cfg),
    });
  }
}

/** cfg with a lesson's (partial) change applied; a racer map replaces the racers, over their defaults. */
function withChange(cfg, change) {
  const out = structuredClone(cfg);
  for (const [key, value] of Object.entries(change)) {
    if (key === "optimizers") {
      const racers = Object.entries(value).map(([name, hp]) => [name, { ...state.defaults.optimizers[name], ...hp }]);
      out.optimizers = Object.fromEntries(racers);
    } else if (key === "data" && value) out.data = { ...out.data, ...value };
    else out[key] = value;
  }
  return out;
}

function urlContext() {
  const { domains, speed_range: speedRange } = state.hello;
  return { defaultSpeed: 0, domains, speedRange };
}

function sendConfig() {
  state.configSeq = link.config(wireConfig(state.cfg));
}

function stepsPerSecond() {
  const steps = track.steps || state.cfg.steps || 200;
  return state.view.speed || Math.min(3000, Math.max(5, steps / AUTO_SECONDS));
}

function urlFor() {
  const query = encodeRace(state.cfg, { ...state.view, defaultSpeed: 0 }, state.defaults);
  const extra = new URLSearchParams();
  if (lessonSlug()) extra.set("lesson", lessonSlug());
  if (langParam()) extra.set("lang", langParam()); // a copied link opens in the sender's language
  const tail = extra.toString();
  if (!tail) return location.pathname + query;
  return `${location.pathname}${query ? `${query}&` : "?"}${tail}`;
}

/** A control changed the config: show it, put it in the URL, restart the race on the server. */
function changed(commit) {
  state.controls.show(state.cfg);
  const url = urlFor();
  if (url !== location.pathname + location.search) history[commit ? "pushState" : "replaceState"](null, "", url);
  sendConfig();
}

function play() {
  if (track.finished) link.reset();
  link.play(stepsPerSecond());
}

window.addEventListener("popstate", () => {
  if (!state.specs) return;
  const { config, view, errors } = decodeRace(location.search, state.specs, state.defaults, urlContext());
  Object.assign(state, { cfg: config, view });
  notices.linkErrors(errors);
  state.controls.show(state.cfg);
  $("#speed").value = String(view.speed);
  setMode(view.mode);
  sendConfig();
});

function setMode(mode) {
  if (contour.mode === mode) return;
  contour.mode = mode;
  $("#view-3d").setAttribute("aria-pressed", String(mode === "3d"));
  Plotly.purge($("#contour"));
  contour.listening = false;
  scheduleDraw();
}

$("#play").addEventListener("click", () => (track.playing ? link.pause() : play()));
// Space plays and pauses, as on the playground (presenters keep their hands off the mouse)
document.addEventListener("keydown", (e) => {
  if (e.key !== " " || e.ctrlKey || e.altKey || e.metaKey) return;
  if (e.target.closest("input, select, textarea, button, a, summary, [contenteditable]")) return;
  e.preventDefault();
  $("#play").click();
});
$("#step").addEventListener("click", () => link.step(1));
$("#reset").addEventListener("click", () => link.reset());
$("#speed").addEventListener("change", () => {
  state.view.speed = Number($("#speed").value);
  history.replaceState(null, "", urlFor());
  if (track.playing) link.play(stepsPerSecond());
});
$("#view-3d").addEventListener("click", () => {
  state.view.mode = contour.mode === "3d" ? "contour" : "3d";
  setMode(state.view.mode);
  history.pushState(null, "", urlFor());
});

function scheduleDraw() {
  if (state.drawPending) return;
  state.drawPending = true;
  requestAnimationFrame(() => {
    state.drawPending = false;
    contour.draw(track, track.start);
    drawCost($("#cost"), track, state.surface, $("#cost-title"));
    renderLegend($("#legend"), track, state.surface, state.cfg);
    $("#progress").textContent = t("race.progress", { t: track.t, steps: track.steps });
    $("#play").textContent = t(track.playing ? "race.pause" : track.finished ? "race.replay" : "race.play");
    document.body.dataset.raceStep = String(track.t);
    document.body.dataset.raceFinished = String(track.finished);
  });
}
