// The optimizer race page: wires the controls, the URL, the /ws/race link and the plots together.
import { lessonSlug, loadLesson, mountLessonPanel } from "../lessons/panel.js";
import { renderNav } from "../nav.js";
import { ContourPlot } from "./contour.js";
import { RaceControls } from "./controls.js";
import { drawCost } from "./costplot.js";
import { renderLegend } from "./legend.js";
import { raceLink } from "./link.js";
import { defaultConfig, raceSpecs, wireConfig } from "./spec.js";
import { RaceTrack } from "./track.js";
import { decodeRace, encodeRace } from "./url.js";

renderNav("race");

const $ = (sel) => document.querySelector(sel);
const SPEEDS = [0, 5, 10, 30, 60, 120, 300, 1000, 3000]; // steps per second; 0 = auto (the race in ~6 s)
const AUTO_SECONDS = 6;
const state = { specs: null, defaults: null, cfg: null, view: null, surface: null, controls: null, drawPending: false };
const track = new RaceTrack();
// A lesson (?lesson=slug) sets the starting config; the URL then carries the full state plus the slug.
const lesson = await loadLesson().catch((err) => {
  message(err.message);
  return null;
});
const contour = new ContourPlot($("#contour"), (point) => {
  state.cfg.start = point.map((v) => +v.toPrecision(4));
  changed(true);
});

const link = raceLink({
  onStatus(status) {
    const badge = $("#connection");
    badge.textContent = status === "open" ? "live" : status;
    badge.className = `badge ${status === "open" ? "ok" : "warn"}`;
  },
  onHello(hello) {
    const first = !state.specs;
    if (first) setup(hello);
    link.config(wireConfig(state.cfg)); // after a reconnect the server starts a fresh session
    if (first) play();
  },
  onSurface(header, arrays) {
    state.surface = header;
    contour.setSurface(header, arrays);
    state.controls.show(state.cfg, header);
    message("");
  },
  onRace(header, arrays) {
    if (!track.apply(header, arrays)) link.reset(); // a gap in a path: start the trails over
    message("");
    scheduleDraw();
  },
  onError(err) {
    message(`${err.field ? `${err.field}: ` : ""}${err.message}`);
  },
});

function setup(hello) {
  state.specs = raceSpecs(hello.schema);
  state.defaults = defaultConfig(state.specs);
  const { config, view } = decodeRace(location.search, state.specs, state.defaults, 0);
  Object.assign(state, { cfg: config, view });
  const onlyLesson = [...new URLSearchParams(location.search).keys()].every((k) => k === "lesson");
  if (lesson && onlyLesson) {
    state.cfg = withChange(state.defaults, lesson.config);
    history.replaceState(null, "", urlFor());
  }
  state.controls = new RaceControls(state.specs, hello.surfaces, changed);
  state.controls.show(state.cfg);
  contour.mode = view.mode;
  $("#view-3d").setAttribute("aria-pressed", String(view.mode === "3d"));
  const speed = $("#speed");
  for (const s of SPEEDS) speed.append(new Option(s ? String(s) : "auto", String(s)));
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

function message(text) {
  const box = $("#race-message");
  box.hidden = !text;
  box.textContent = text;
}

function stepsPerSecond() {
  const steps = track.steps || state.cfg.steps || 200;
  return state.view.speed || Math.min(3000, Math.max(5, steps / AUTO_SECONDS));
}

function urlFor() {
  const query = encodeRace(state.cfg, { ...state.view, defaultSpeed: 0 }, state.defaults);
  const slug = lessonSlug();
  if (!slug) return location.pathname + query;
  return `${location.pathname}${query ? `${query}&` : "?"}lesson=${slug}`;
}

/** A control changed the config: show it, put it in the URL, restart the race on the server. */
function changed(commit) {
  state.controls.show(state.cfg);
  const url = urlFor();
  if (url !== location.pathname + location.search) history[commit ? "pushState" : "replaceState"](null, "", url);
  link.config(wireConfig(state.cfg));
}

function play() {
  if (track.finished) link.reset();
  link.play(stepsPerSecond());
}

window.addEventListener("popstate", () => {
  if (!state.specs) return;
  const { config, view } = decodeRace(location.search, state.specs, state.defaults, 0);
  Object.assign(state, { cfg: config, view });
  state.controls.show(state.cfg);
  $("#speed").value = String(view.speed);
  setMode(view.mode);
  link.config(wireConfig(state.cfg));
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
    renderLegend($("#legend"), track, state.surface);
    $("#progress").textContent = `step ${track.t} / ${track.steps}`;
    $("#play").textContent = track.playing ? "❚❚ Pause" : track.finished ? "▶ Replay" : "▶ Play";
    document.body.dataset.raceStep = String(track.t);
    document.body.dataset.raceFinished = String(track.finished);
  });
}
