// The EWA lab page: glue between the URL state, the /ws/ewa channel, the settings panel and the figures.
// It touches neither the DOM nor the socket itself (controls/paste/plots and channel do).
import { errorText, reasonText } from "../error-text.js";
import { langParam, t } from "../i18n.js";
import { mountLessonPanel, loadLesson, lessonSlug } from "../lessons/panel.js";
import { renderNav } from "../nav.js";
import { openEwaChannel } from "./channel.js";
import { createControls } from "./controls.js";
import { createPasteBox } from "./paste.js";
import { drawSeries, drawWeights } from "./plots.js";
import { decodeState, encodeState, limitsOf, toConfig } from "./state.js";

renderNav("ewa");

let state = null;
let defaults = null; // the schema's defaults (what the URL omits)
let startDefaults = null; // the defaults plus a lesson's config (what an empty URL means on this page)
let limits = null;
let controls = null;
let paste = null;
let parseSeq = -1;
let drawnSeq = -1;
let frameCount = 0;
let status = "connecting";

const channel = openEwaChannel({
  onHello: (hello) => start(hello).catch((e) => controls?.showServerError(e.message)),
  onAverages(frame) {
    const seq = frame.header.seq ?? 0;
    if (seq < drawnSeq) return; // an older answer overtaken by a newer one
    drawnSeq = seq;
    frameCount += 1;
    controls.showServerError("");
    controls.describe(frame.header);
    drawSeries("ewa-plot", frame);
    drawWeights("weights-plot", frame);
  },
  onSeries(msg) {
    if (msg.seq !== parseSeq) return;
    paste.accepted();
    change({ series: null, values: msg.values }, { live: false });
  },
  onError(err) {
    if (err.code === "bad_series") paste?.showError(t("ewa.not_used", { reason: reasonText(err.message) }));
    else controls?.showServerError(errorText(err));
  },
  onStatus(s) {
    status = s;
    controls?.setStatus(s);
  },
});

function lessonExtra() {
  const slug = lessonSlug();
  const extra = slug ? { lesson: slug } : {};
  if (langParam()) extra.lang = langParam(); // a copied link opens in the sender's language
  return extra;
}

function send() {
  channel.sendConfig(toConfig(state));
}

let urlTimer = null;

function writeUrl(push) {
  // While the slider is dragged, replace the URL at most every 200 ms: browsers throttle (and warn about)
  // hundreds of history calls a second.
  clearTimeout(urlTimer);
  if (push) commitUrl(true);
  else urlTimer = setTimeout(() => commitUrl(false), 200);
}

function commitUrl(push) {
  const query = encodeState(state, defaults, lessonExtra());
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

function change(partial, { live }) {
  state = { ...state, ...partial };
  if (state.values) state.series = null;
  controls.render(state);
  writeUrl(!live);
  send();
}

function fromUrl() {
  const { state: s, errors } = decodeState(location.search, startDefaults, limits);
  if (s.betas.length > limits.maxBetas) {
    errors.push(`betas: only the first ${limits.maxBetas} are shown (the slider takes one more)`); // English like state.js's: rendered by controls.showUrlErrors
    s.betas = s.betas.slice(0, limits.maxBetas);
  }
  controls.showUrlErrors(errors);
  state = s;
  controls.render(state);
}

async function start(hello) {
  if (state) return; // a reconnect: the channel asks again by itself
  defaults = hello.defaults;
  limits = limitsOf(hello.schema);
  controls = createControls({ limits, series: hello.series, onChange: change });
  controls.setStatus(status);
  paste = createPasteBox({
    maxBytes: hello.limits.max_message_bytes,
    onText: (text) => (parseSeq = channel.parse(text)),
  });
  startDefaults = defaults;
  const lesson = await loadLesson().catch((e) => {
    controls.showUrlErrors([e.message]);
    return null;
  });
  if (lesson) startDefaults = { ...defaults, ...lesson.config };
  fromUrl();
  send();
  if (lesson) {
    mountLessonPanel(lesson, {
      applyChange: (partial) => change(partial, { live: false }),
      getConfig: () => toConfig(state),
    });
  }
  window.addEventListener("popstate", () => {
    fromUrl();
    send();
  });
}

// For tests and the console: the current state and how many answers were drawn.
window.ewaLab = {
  get state() {
    return state;
  },
  get frames() {
    return frameCount;
  },
};
