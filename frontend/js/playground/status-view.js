// Small read-outs of the live run: the run bar counters, the Play/Pause button, the run-state badge, the
// bias/variance panel and the gradient-check verdict. DOM only.

const $ = (id) => document.getElementById(id);
const pct = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x) => (x === null || x === undefined ? "–" : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toFixed(4));

export function setPlaying(on) {
  const b = $("play");
  b.setAttribute("aria-label", on ? "Pause" : "Play");
  b.dataset.playing = String(on);
  b.querySelector(".play-icon").textContent = on ? "❚❚" : "▶";
  b.querySelector(".play-text").textContent = on ? "Pause" : "Play";
}

const STATE_TEXT = { completed: ["completed", "ok"], early_stopping: ["early stopped", "ok"], diverged: ["diverged", "bad"] };

/** Counters and badge from a frame header. */
export function showCounters(h) {
  $("epoch").textContent = h.epoch.toLocaleString("en-US");
  $("epoch").dataset.value = String(h.epoch);
  $("epoch").dataset.run = String(h.run);
  $("steps").textContent = h.step.toLocaleString("en-US");
  $("steps").dataset.value = String(h.step);
  $("steps").dataset.frames = String(Number($("steps").dataset.frames || 0) + 1); // frames received (benchmarks)
  $("lr-now").textContent = h.learning_rate === null ? "–" : String(+h.learning_rate.toPrecision(4));
  const tc = h.train?.train_cost;
  const dc = h.train?.dev_cost;
  $("cost-now").textContent = num(tc);
  $("cost-now").dataset.value = tc === null || tc === undefined ? "" : String(tc);
  $("dev-cost-now").textContent = num(dc);
  $("dev-cost-now").dataset.value = dc === null || dc === undefined ? "" : String(dc);
  // the test split's numbers, where the run has one and the server reports them
  const xc = h.train?.test_cost;
  $("test-cost-box").hidden = xc === null || xc === undefined;
  $("test-cost-now").textContent = num(xc);
  $("test-cost-now").dataset.value = xc === null || xc === undefined ? "" : String(xc);
  const [text, kind] = h.stopped ? STATE_TEXT[h.stopped] || [h.stopped, ""] : h.playing ? ["training", "ok"] : ["paused", ""];
  setBadge(text, kind);
  $("step").title = h.stopped
    ? `The run has ${text}: Step starts it over from epoch 0 (press twice)`
    : "Train one epoch's worth of mini-batch steps, then pause";
}

/** The run's last event (completed, early stopped, diverged) beside the badge; kind null clears it. */
export function showRunEvent(kind, text = "") {
  const note = $("run-note");
  note.textContent = kind ? text : "";
  note.title = note.textContent;
  note.dataset.kind = kind || "";
  note.setAttribute("role", kind === "error" ? "alert" : "status");
}

export function setBadge(text, kind = "") {
  const badge = $("run-state");
  badge.textContent = text;
  badge.className = `badge ${kind}`;
}

const ADVICE = {
  "high bias": "fit the training set better: a bigger network, train longer, a better optimizer",
  "high variance": "generalize better: more data, L2 or dropout, early stopping",
  "high bias and high variance": "first reduce bias (bigger network, train longer), then variance",
  "low bias and low variance": "train and dev errors are both low",
  "low bias": "no dev set, so variance cannot be judged",
  unknown: "train for an epoch to see the diagnosis",
};

/** The course's reading of train vs dev error. */
export function showDiagnosis(d) {
  if (!d) return;
  const v = $("verdict");
  const verdict = d.verdict || "unknown";
  v.textContent = verdict === "unknown" ? "Train to see the diagnosis." : `${verdict[0].toUpperCase()}${verdict.slice(1)}`;
  const advice = verdict === "unknown" ? "" : ADVICE[verdict] || "";
  $("advice").textContent = d.hint ? `${d.hint}. ${advice}` : advice; // a rising or swinging cost comes first
  v.dataset.kind = verdict.startsWith("high") ? "bad" : verdict.startsWith("low") ? "ok" : "";
  v.dataset.verdict = verdict;
  $("train-error").textContent = pct(d.train_error);
  $("dev-error").textContent = pct(d.dev_error);
  $("bias").textContent = pct(d.avoidable_bias);
  $("variance").textContent = pct(d.variance);
}

/** Test error where the run has a test split: from the frame's latest test accuracy. */
export function showTestError(h) {
  const acc = h.train?.test_accuracy;
  const err = h.diagnosis?.test_error ?? (acc === null || acc === undefined ? null : 1 - acc);
  $("test-error-box").hidden = err === null || err === undefined;
  $("test-error").textContent = pct(err);
}

export function showGradcheck(r) {
  const el = $("gradcheck-result");
  if (r === null) {
    el.textContent = "checking…";
    el.dataset.verdict = "";
    return;
  }
  const demo = r.broken_backprop ? " (deliberately broken backprop)" : "";
  el.textContent = `difference ${Number(r.difference).toExponential(2)}: ${r.verdict}${demo}`;
  el.dataset.verdict = r.verdict;
}
