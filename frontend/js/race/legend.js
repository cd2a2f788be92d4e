// The legend table: each racer's learning rate now, steps, cost and distance to the nearest minimum, and
// for a racer that stopped, why (in the status badge's tooltip).
import { t } from "../i18n.js";
import { RACERS, racerLabel, racerShort } from "./spec.js";

/** One number format for every column: 3 significant digits, exponent notation below 0.01 and from 1e4
 * (at most 7 characters, so two numbers fit side by side in a narrow legend). */
export function fmt(v) {
  if (v === null || v === undefined) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0";
  return a < 1e-2 || a >= 1e4 ? Number(v).toExponential(1) : String(Number(Number(v).toPrecision(3)));
}

const STATUS = ["done", "diverged", "escaped"]; // a running racer has no badge

/**
 * Why a racer stopped, for its badge's tooltip. RMSprop has no bias correction: its S starts at 0, so at
 * step k (gradients alike) it divides by sqrt(1 - beta2^k) |g| and moves about alpha / sqrt(1 - beta2^k) per
 * coordinate: 31.6 alpha on the first step at beta2 = 0.999.
 * @param {string} key  racer name; info: its frame entry; hp: its hyperparameters (beta2...) or undefined
 */
export function stopReason(key, info, hp) {
  const k = info.stopped_at;
  if (info.status === "escaped") return t("race.why.escaped", { k });
  if (info.status !== "diverged") return "";
  const why = t("race.why.diverged", { k });
  if (key !== "rmsprop" || !hp || !(k >= 1)) return t("race.why.alpha", { why });
  const gain = 1 / Math.sqrt(1 - hp.beta2 ** k);
  if (gain < 2) return t("race.why.alpha", { why });
  const first = t("race.why.first", { gain: fmt(1 / Math.sqrt(1 - hp.beta2)) });
  const now = k === 1 ? "" : t("race.why.now", { k, gain: fmt(gain) });
  return t("race.why.rmsprop", { why, first, now, step: fmt(gain * info.learning_rate) });
}

const HEAD = [
  ["race.col.racer", null],
  ["race.col.alpha", "race.col.alpha.title"],
  ["race.col.step", "race.col.step.title"],
  ["race.col.cost", "race.col.cost.title"],
];

/** Escape text for the table's HTML (the catalogue's words go into attributes and cells). */
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** @param {object} cfg  the race config the page sent (each racer's hyperparameters), or null */
export function renderLegend(table, track, info, cfg) {
  const dist = info?.minima?.length ? ["race.col.min", "race.col.min.title"] : ["race.col.nomin", "race.col.nomin.title"];
  const th = [...HEAD, dist].map(([text, title]) => `<th title="${title ? esc(t(title)) : ""}">${esc(t(text))}</th>`).join("");
  const distName = esc(t(dist[0]));
  const rows = [`<tr class="head">${th}</tr>`];
  for (const { key, color } of RACERS) {
    const label = esc(racerLabel(key));
    const short = esc(racerShort(key));
    const r = track.racers[key];
    if (!r) continue;
    const i = r.info;
    const cls = i.status === "diverged" ? "bad" : i.status === "escaped" ? "warn" : "ok";
    const why = esc(stopReason(key, i, cfg?.optimizers?.[key]));
    const badge = STATUS.includes(i.status) ? `<span class="badge ${cls}" title="${why}">${esc(t(`race.status.${i.status}`))}</span>` : "";
    const cell = (name, text) => `<td class="mono" data-label="${name}">${text}</td>`;
    rows.push(
      `<tr data-racer="${key}" data-status="${i.status}" style="--racer:${color}"><td title="${label}"><span class="swatch"></span>${short}${badge}</td>` +
        cell(esc(t("race.col.alpha")), fmt(i.learning_rate)) + cell(esc(t("race.col.step")), i.steps) + cell(esc(t("race.col.cost")), fmt(i.cost)) +
        cell(distName, fmt(i.distance)) + "</tr>",
    );
  }
  table.innerHTML = rows.join("");
}
