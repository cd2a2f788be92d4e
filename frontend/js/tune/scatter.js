// One scatter per hyperparameter against the dev metric (log axes for log scales); a box selection reports
// the selected trials of the shown round. Earlier rounds stay in grey for context.
/* global Plotly */
import { axisTitle, axisType, axisValue, fmt, metricName, paramName } from "./scales.js";

const PER_ROW = 3;

function axisName(i, kind) {
  return `${kind}axis${i ? i + 1 : ""}`;
}

function layoutFor(names, params, metric) {
  const rows = Math.ceil(names.length / PER_ROW);
  const cols = Math.min(names.length, PER_ROW);
  const layout = {
    margin: { l: 56, r: 12, t: 12, b: 46 },
    showlegend: false,
    dragmode: "select",
    hovermode: "closest",
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#fff",
    height: 240 * rows,
  };
  names.forEach((name, i) => {
    const row = Math.floor(i / PER_ROW);
    const col = i % PER_ROW;
    const xd = [col / cols + 0.06, (col + 1) / cols - 0.02];
    const yd = [1 - (row + 1) / rows + 0.12 / rows, 1 - row / rows - 0.02 / rows];
    layout[axisName(i, "x")] = {
      domain: xd, anchor: `y${i ? i + 1 : ""}`, type: axisType(params[name]),
      title: { text: axisTitle(name, params[name]), standoff: 4 }, automargin: true,
    };
    layout[axisName(i, "y")] = {
      domain: yd, anchor: `x${i ? i + 1 : ""}`, title: { text: col === 0 ? metricName(metric) : "" },
      automargin: true,
    };
  });
  return layout;
}

function points(trials, name, range, metric) {
  const ok = trials.filter((t) => t[metric] !== null && t[metric] !== undefined);
  return {
    x: ok.map((t) => axisValue(range, t.params[name])),
    y: ok.map((t) => t[metric]),
    customdata: ok.map((t) => t.index),
    text: ok.map((t) => `#${t.index} ${paramName(name)} = ${fmt(t.params[name])}<br>${metricName(metric)} = ${fmt(t[metric])}`),
  };
}

/**
 * @param {HTMLElement} el
 * @param {object} round  the shown round ({search: {params}, trials})
 * @param {object[]} earlier  trials of other rounds (grey)
 * @param {string} metric  e.g. "dev_accuracy"
 */
export function renderScatter(el, round, earlier, metric) {
  const params = round.search.params;
  const names = Object.keys(params);
  const traces = [];
  names.forEach((name, i) => {
    const axes = { xaxis: `x${i ? i + 1 : ""}`, yaxis: `y${i ? i + 1 : ""}` };
    const past = earlier.filter((t) => t.params[name] !== undefined);
    traces.push({
      ...points(past, name, params[name], metric), ...axes, type: "scatter", mode: "markers",
      marker: { color: "#c3c9d3", size: 6 }, hoverinfo: "text", meta: "earlier",
    });
    const now = points(round.trials, name, params[name], metric);
    traces.push({
      ...now, ...axes, type: "scatter", mode: "markers", hoverinfo: "text", meta: "round",
      marker: {
        size: 8, color: now.y, colorscale: "Viridis", reversescale: metric.endsWith("cost"),
        line: { width: 0.5, color: "#333" },
      },
    });
  });
  Plotly.react(el, traces, layoutFor(names, params, metric), { displaylogo: false, responsive: true });
}

/** Call `onSelect(indices)` with the trial indices of the shown round inside a box (empty when cleared). */
export function onBoxSelect(el, onSelect) {
  el.on("plotly_selected", (ev) => {
    const picked = (ev?.points || []).filter((p) => p.data.meta === "round").map((p) => p.customdata);
    onSelect([...new Set(picked)]);
  });
  el.on("plotly_deselect", () => onSelect([]));
}
