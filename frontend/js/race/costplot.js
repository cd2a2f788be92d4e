// Cost vs step for every racer, on a log scale of J - J_min when the surface has a minimum (linear otherwise).
import { t } from "../i18n.js";
import { RACERS, racerLabel } from "./spec.js";

export function drawCost(el, track, info, titleEl) {
  const hasMin = info && info.min_value !== null && info.min_value !== undefined;
  const floor = hasMin ? info.min_value : 0;
  const tiny = 1e-16 * Math.max(1, Math.abs(floor)); // J - J_min can round to 0 or below: keep it on the axis
  const traces = [];
  for (const { key, color } of RACERS) {
    const label = racerLabel(key);
    const r = track.racers[key];
    if (!r) continue;
    const y = hasMin ? r.cost.map((c) => Math.max(c - floor, tiny)) : r.cost;
    traces.push({ type: "scatter", mode: "lines", name: label, x: y.map((_, i) => i), y, line: { color, width: 2 },
      hovertemplate: `${t("race.hover", { racer: label })}<extra></extra>` });
  }
  const label = hasMin ? t(floor === 0 ? "race.j_log" : "race.j_gap_log") : "J";
  if (titleEl) titleEl.textContent = t("race.cost_title", { label });
  const layout = {
    margin: { l: 56, r: 8, t: 6, b: 36 }, showlegend: false, uirevision: info?.name,
    xaxis: { title: { text: t("race.col.step"), standoff: 2 }, rangemode: "tozero" },
    yaxis: { type: hasMin ? "log" : "linear", exponentformat: "power" },
  };
  Plotly.react(el, traces, layout, { displaylogo: false, responsive: true });
}
