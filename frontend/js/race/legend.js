// The legend table: each racer's learning rate now, steps, cost and distance to the nearest minimum, and
// for a racer that stopped, why (in the status badge's tooltip).
import { RACERS } from "./spec.js";

/** One number format for every column: 3 significant digits, exponent notation below 0.01 and from 1e4
 * (at most 7 characters, so two numbers fit side by side in a narrow legend). */
export function fmt(v) {
  if (v === null || v === undefined) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0";
  return a < 1e-2 || a >= 1e4 ? Number(v).toExponential(1) : String(Number(Number(v).toPrecision(3)));
}

const STATUS = { running: "", done: "done", diverged: "diverged", escaped: "escaped" };

/**
 * Why a racer stopped, for its badge's tooltip. RMSprop has no bias correction: its S starts at 0, so at
 * step k (gradients alike) it divides by sqrt(1 - beta2^k) |g| and moves about alpha / sqrt(1 - beta2^k) per
 * coordinate: 31.6 alpha on the first step at beta2 = 0.999.
 * @param {string} key  racer name; info: its frame entry; hp: its hyperparameters (beta2...) or undefined
 */
export function stopReason(key, info, hp) {
  const k = info.stopped_at;
  if (info.status === "escaped") return `escaped at step ${k}: it left the area around the plot downhill`;
  if (info.status !== "diverged") return "";
  const why = `diverged at step ${k}: the cost or the point blew up`;
  if (key !== "rmsprop" || !hp || !(k >= 1)) return `${why} (α too large for this surface?)`;
  const gain = 1 / Math.sqrt(1 - hp.beta2 ** k);
  if (gain < 2) return `${why} (α too large for this surface?)`;
  const first = `first step ≈ α/√(1−β2) = ${fmt(1 / Math.sqrt(1 - hp.beta2))} × α without bias correction`;
  const now = k === 1 ? "" : `; step ${k} ≈ ${fmt(gain)} × α`;
  return `${why}. RMSprop's S starts at 0: ${first}${now} (= ${fmt(gain * info.learning_rate)} per coordinate here)`;
}

const HEAD = [
  ["racer", ""],
  ["α", "learning rate now"],
  ["step", "steps taken"],
  ["J", "cost now"],
];

/** @param {object} cfg  the race config the page sent (each racer's hyperparameters), or null */
export function renderLegend(table, track, info, cfg) {
  const dist = info?.minima?.length ? ["→ min", "distance to the nearest minimum"] : ["no min", "the surface has no minimum"];
  const th = [...HEAD, dist].map(([text, title]) => `<th title="${title}">${text}</th>`).join("");
  const rows = [`<tr class="head">${th}</tr>`];
  for (const { key, label, short, color } of RACERS) {
    const r = track.racers[key];
    if (!r) continue;
    const i = r.info;
    const cls = i.status === "diverged" ? "bad" : i.status === "escaped" ? "warn" : "ok";
    const why = stopReason(key, i, cfg?.optimizers?.[key]);
    const badge = STATUS[i.status] ? `<span class="badge ${cls}" title="${why}">${STATUS[i.status]}</span>` : "";
    const cell = (name, text) => `<td class="mono" data-label="${name}">${text}</td>`;
    rows.push(
      `<tr data-racer="${key}" data-status="${i.status}" style="--racer:${color}"><td title="${label}"><span class="swatch"></span>${short}${badge}</td>` +
        cell("α", fmt(i.learning_rate)) + cell("step", i.steps) + cell("J", fmt(i.cost)) + cell(dist[0], fmt(i.distance)) + "</tr>",
    );
  }
  table.innerHTML = rows.join("");
}
