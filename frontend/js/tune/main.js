// The tuning lab page: wires the search form, the /ws/tune client, the plots, the table and the rounds.
import { errorText, fieldReason, prefixedText, urlErrorText } from "../error-text.js";
import { t } from "../i18n.js";
import { lessonSlug, loadLesson, mountLessonPanel } from "../lessons/panel.js";
import { renderNav } from "../nav.js";
import { readSchema } from "../schema.js";
import { decodeQuery } from "../url-state.js";
import { tuneClient } from "./client.js";
import { SearchForm } from "./form.js";
import { renderParcoords } from "./parcoords.js";
import { refineParams } from "./refine.js";
import { Rounds } from "./rounds.js";
import { renderRounds } from "./rounds-view.js";
import { onBoxSelect, renderScatter } from "./scatter.js";
import { decodeSearch, encodeSearch } from "./sweep-url.js";
import { TrialTable } from "./table.js";
import { trialUrl } from "./trial-config.js";

renderNav("tune");

const $ = (sel) => document.querySelector(sel);
const rounds = new Rounds();
const state = { schema: null, base: null, form: null, shown: null, selection: [], metric: "dev_accuracy", listening: false };
let client = null;
let table = null;
window.tuneLab = { rounds, state }; // for tests and the console

function message(text, kind = "error") {
  const box = $("#tune-message");
  box.hidden = !text;
  box.className = `message ${kind}`;
  box.textContent = text || "";
}

function shownRound() {
  return rounds.find(state.shown);
}

function redraw() {
  const round = shownRound();
  renderRounds($("#rounds"), rounds, state.shown, state.metric, (n) => {
    state.shown = n;
    state.selection = [];
    updateZoom();
    redraw();
  });
  if (!round) return;
  const earlier = rounds.list.filter((r) => r !== round).flatMap((r) => r.trials);
  renderScatter($("#scatter"), round, earlier, state.metric);
  if (!state.listening) {
    state.listening = true; // plotly adds `.on` to the element at its first plot
    onBoxSelect($("#scatter"), (indices) => {
      state.selection = indices;
      updateZoom();
    });
  }
  renderParcoords($("#parcoords"), round, state.metric);
  table.render(round);
  const running = round.state === "running";
  const tail = running ? " …" : round.state === "stopped" ? t("tune.progress_stopped") : t("tune.round_time", { s: round.seconds.toFixed(1) });
  $("#progress").textContent = t("tune.progress", { n: round.number, done: round.trials.length, expected: round.expected }) + tail;
}

// Trials can arrive by the dozen: redraw at most every DRAW_MS so the plots never fall behind the socket.
const DRAW_MS = 250;
let drawTimer = null;
let lastDraw = 0;

function scheduleRedraw() {
  if (drawTimer !== null) return;
  drawTimer = setTimeout(() => {
    drawTimer = null;
    lastDraw = performance.now();
    redraw();
  }, Math.max(0, DRAW_MS - (performance.now() - lastDraw)));
}

function updateZoom() {
  const n = state.selection.length;
  $("#zoom").disabled = n === 0;
  $("#selection").textContent = n
    ? t("tune.selected", { n })
    : t("tune.box_hint");
}

function start(search, parent = null) {
  history.replaceState(null, "", `${location.pathname}${location.search}#${encodeSearch(search)}`);
  rounds.ask(search, parent);
  message("");
  client.start({ base: state.base, ...search, executor: "local" });
}

function startFromForm(parent = null) {
  try {
    start(state.form.read(), parent);
  } catch (e) {
    message(prefixedText(e.message));
  }
}

function zoomIn() {
  const round = shownRound();
  if (!round || !state.selection.length) return;
  const picked = round.trials.filter((t) => state.selection.includes(t.index) && t.status !== "invalid");
  if (!picked.length) return;
  const search = { ...state.form.read(), params: refineParams(round.search.params, picked) };
  state.form.show(search);
  state.selection = [];
  updateZoom();
  start(search, round.number);
}

function connectClient(gotHello) {
  client = tuneClient({
    onHello: (msg) => {
      if (!state.form) gotHello(msg); // a reconnect keeps what the student typed
    },
    onRound: (msg) => {
      state.shown = rounds.open(msg).number;
      state.selection = [];
      updateZoom();
      $("#stop").disabled = false;
      redraw();
    },
    onTrial: (msg) => {
      rounds.addTrial(msg);
      if (msg.round === state.shown) scheduleRedraw();
    },
    onDone: (msg) => {
      rounds.close(msg);
      $("#stop").disabled = true;
      redraw();
    },
    onError: (msg) => message(errorText(msg)),
    onStatus: (status) => {
      $("#connection").textContent = t(`race.connection.${status}`);
      $("#connection").className = `badge ${status === "open" ? "ok" : "warn"}`;
    },
  });
}

async function fetchJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url} (${res.status})`);
  return res.json();
}

/** The page's query without the lesson slug (which is not an experiment field). */
function experimentQuery() {
  const q = new URLSearchParams(location.search);
  q.delete("lesson");
  q.delete("lang");
  const s = q.toString();
  return s ? `?${s}` : "";
}

function setUp(schemaJson, hello, lesson) {
  state.schema = readSchema(schemaJson, hello.defaults);
  const { config, errors } = decodeQuery(experimentQuery(), state.schema);
  state.base = config;
  const found = decodeSearch(location.hash);
  // A lesson sets the experiment and the search unless the URL already says otherwise.
  if (lesson && !experimentQuery()) state.base = { ...config, ...(lesson.config.base || {}) };
  if (lesson && !location.hash) {
    const { base, ...search } = lesson.config;
    found.search = { ...found.search, ...search };
  }
  const problems = [...errors, ...found.errors].map((e) => fieldReason(e.field, urlErrorText(e)));
  if (problems.length) message(t("tune.url_errors", { errors: problems.join(t("ewa.sep")) }), "warn");
  $("#base-link").href = `./${experimentQuery()}`;
  table = new TrialTable($("#trials-table"), (t) => trialUrl(state.base, t.params, state.schema));
  state.form = new SearchForm($("#search"), hello.fields);
  state.form.show(found.search);
  $("#start").disabled = false;
  if (lesson) {
    mountLessonPanel(lesson, {
      applyChange(change) {
        const { base, ...search } = change;
        if (base) state.base = { ...state.base, ...base };
        const next = { ...state.form.read(), ...search };
        state.form.show(next);
        start(next);
      },
      getConfig: () => ({ base: state.base, ...state.form.read() }),
    });
  }
}

async function main() {
  $("#start").addEventListener("click", () => startFromForm());
  $("#stop").addEventListener("click", () => client.stop());
  $("#zoom").addEventListener("click", zoomIn);
  $("#metric").addEventListener("change", (e) => {
    state.metric = e.target.value;
    redraw();
  });
  updateZoom();
  let gotHello;
  const hello = new Promise((resolve) => (gotHello = resolve));
  connectClient(gotHello);
  const lesson = lessonSlug() ? await loadLesson().catch((e) => (message(e.message), null)) : null;
  const [schemaJson, helloMsg] = await Promise.all([fetchJson("shared/schema/experiment.json"), hello]);
  setUp(schemaJson, helloMsg, lesson);
}

main().catch((e) => message(t("tune.failed", { reason: e.message })));
