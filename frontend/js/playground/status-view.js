// Small read-outs of the live run: the run bar counters, the Play/Pause button, the run-state badge, the
// bias/variance panel and the gradient-check verdict. DOM only.
import { lang, t } from "../i18n.js";

const $ = (id) => document.getElementById(id);
const pct = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x) => (x === null || x === undefined ? "–" : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toFixed(4));

export function setPlaying(on) {
  const b = $("play");
  b.setAttribute("aria-label", t(on ? "run.pause" : "run.play"));
  b.dataset.playing = String(on);
  b.querySelector(".play-icon").textContent = on ? "❚❚" : "▶";
  b.querySelector(".play-text").textContent = t(on ? "run.pause" : "run.play");
}

const STATE_KIND = { completed: "ok", early_stopping: "ok", diverged: "bad" };

/** Counters and badge from a frame header. */
export function showCounters(h) {
  $("epoch").textContent = h.epoch.toLocaleString(lang);
  $("epoch").dataset.value = String(h.epoch);
  $("epoch").dataset.run = String(h.run);
  $("steps").textContent = h.step.toLocaleString(lang);
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
  const state = h.stopped || (h.playing ? "training" : "paused");
  const text = t(`status.${state}`);
  setBadge(text, h.stopped ? STATE_KIND[h.stopped] || "" : h.playing ? "ok" : "");
  $("step").title = h.stopped ? t("run.step.title_stopped", { state: text }) : t("run.step.title");
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


/** The course's reading of train vs dev error. */
export function showDiagnosis(d) {
  if (!d) return;
  const v = $("verdict");
  const verdict = d.verdict || "unknown";
  // rendered from the verdict and hint codes: the server's prose stays English for other clients
  v.textContent = t(`diag.verdict.${verdict}`);
  const advice = verdict === "unknown" ? "" : t(`diag.advice.${verdict}`);
  const hint = d.hint_code ? t(`diag.hint.${d.hint_code}`) : null;
  $("advice").textContent = hint ? t("diag.hint_then_advice", { hint, advice }) : advice; // the cost hint comes first
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
    el.textContent = t("gradcheck.checking");
    el.dataset.verdict = "";
    return;
  }
  const vars = { difference: Number(r.difference).toExponential(2), verdict: t(`gradcheck.verdict.${r.verdict}`) };
  el.textContent = t(r.broken_backprop ? "gradcheck.result_broken" : "gradcheck.result", vars);
  el.dataset.verdict = r.verdict;
}
