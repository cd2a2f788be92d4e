// Parallel coordinates (plotly's parcoords): one axis per hyperparameter (log10 for log scales) plus the
// metric, one line per trial coloured by the metric.
/* global Plotly */
import { axisTitle, axisType, axisValue, metricName } from "./scales.js";

function dimension(name, range, trials) {
  const log = axisType(range) === "log";
  const values = trials.map((t) => {
    const x = axisValue(range, t.params[name]);
    return log ? Math.log10(x) : x;
  });
  const dim = { label: axisTitle(name, range), values };
  if (log && values.length) {
    const lo = Math.floor(Math.min(...values));
    const hi = Math.ceil(Math.max(...values));
    const ticks = [];
    for (let k = lo; k <= hi; k++) ticks.push(k);
    Object.assign(dim, { tickvals: ticks, ticktext: ticks.map((k) => `1e${k}`), range: [lo, hi] });
  }
  return dim;
}

export function renderParcoords(el, round, metric) {
  const trials = round.trials.filter((t) => t[metric] !== null && t[metric] !== undefined);
  const params = round.search.params;
  const dims = Object.keys(params).map((name) => dimension(name, params[name], trials));
  const y = trials.map((t) => t[metric]);
  dims.push({ label: metricName(metric), values: y });
  const trace = {
    type: "parcoords",
    dimensions: dims,
    line: { color: y, colorscale: "Viridis", reversescale: metric.endsWith("cost"), showscale: true },
  };
  const layout = { margin: { l: 60, r: 60, t: 48, b: 20 }, height: 300, paper_bgcolor: "rgba(0,0,0,0)" };
  Plotly.react(el, [trace], layout, { displaylogo: false, responsive: true });
}
