// The legend table: each racer's learning rate now, status, cost and distance to the nearest minimum.
import { RACERS } from "./spec.js";

function fmt(v, digits = 3) {
  if (v === null || v === undefined) return "—";
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? Number(v).toExponential(digits - 1) : Number(v).toPrecision(digits);
}
const STATUS = { running: "", done: "done", diverged: "diverged", escaped: "escaped" };

export function renderLegend(table, track, info) {
  const rows = [`<tr><th>racer</th><th>α</th><th>step</th><th>J</th><th>${info?.minima?.length ? "to min" : "no min"}</th></tr>`];
  for (const { key, label, short, color } of RACERS) {
    const r = track.racers[key];
    if (!r) continue;
    const i = r.info;
    const cls = i.status === "diverged" ? "bad" : i.status === "escaped" ? "warn" : "ok";
    const badge = STATUS[i.status] ? `<span class="badge ${cls}" title="${i.stopped_at ? `at step ${i.stopped_at}` : ""}">${STATUS[i.status]}</span>` : "";
    rows.push(
      `<tr data-racer="${key}" data-status="${i.status}" style="--racer:${color}"><td title="${label}"><span class="swatch"></span>${short}${badge}</td>` +
        `<td class="mono">${fmt(i.learning_rate, 3)}</td><td class="mono">${i.steps}</td><td class="mono">${fmt(i.cost, 3)}</td>` +
        `<td class="mono">${fmt(i.distance, 3)}</td></tr>`,
    );
  }
  table.innerHTML = rows.join("");
}
