// The class scatter: one point per student, x = a field the class varies (log axis for log-scale fields),
// y = dev error, train error, avoidable bias or variance; the best dev error so far is a star. The class as
// a human hyperparameter search. Plotly (served at /vendor/plotly.min.js); DOM only.
/* global Plotly */
import { t } from "../i18n.js";
import { formatValue } from "./fields.js";

export const Y_METRICS = {
  dev_error: (r) => (r.dev_accuracy === null || r.dev_accuracy === undefined ? null : 1 - r.dev_accuracy),
  train_error: (r) => (r.train_accuracy === null || r.train_accuracy === undefined ? null : 1 - r.train_accuracy),
  bias: (r) => r.bias ?? null,
  variance: (r) => r.variance ?? null,
};

// plotly reads a few tags in hover text: names are escaped so they stay text
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function hover(row, who, fieldLabel) {
  const changed = Object.entries(row.changed || {}).map(([k, v]) => `${esc(fieldLabel(k))} = ${esc(formatValue(v))}`);
  return [`<b>${esc(who)}</b>`, ...(changed.length ? changed : [esc(t("class.card.unchanged"))])].join("<br>");
}

/** From 0 (or the lowest value, a negative variance) to the highest, padded so no marker is cut in half. */
function yRange(values) {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0.05, ...values); // at least 0-5%: whole-percent ticks stay distinct
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/**
 * @param {HTMLElement} el
 * @param {object[]} rows  results
 * @param {{x: {name, label, log}, y: string, who: (row) => string, fieldLabel: (name) => string}} opts
 * @returns {{best: object|null, shown: number}} the student with the lowest dev error (null before any) and
 *   how many students have a point
 */
export function renderScatter(el, rows, { x, y, who, fieldLabel }) {
  const pts = rows.filter((r) => Y_METRICS[y](r) !== null && typeof r.config?.[x.name] === "number");
  const dev = (r) => Y_METRICS.dev_error(r);
  const best = rows.filter((r) => dev(r) !== null).reduce((b, r) => (!b || dev(r) < dev(b) ? r : b), null);
  const trace = (list, marker, meta) => ({
    type: "scatter",
    mode: "markers",
    meta,
    x: list.map((r) => r.config[x.name]),
    y: list.map((r) => Y_METRICS[y](r)),
    customdata: list.map((r) => r.name),
    text: list.map((r) => hover(r, who(r), fieldLabel)),
    hoverinfo: "text",
    marker,
  });
  const others = pts.filter((r) => r !== best);
  const bestPts = pts.filter((r) => r === best);
  const traces = [
    trace(others, { size: 13, color: "#2f7fc1", opacity: 0.85, line: { width: 1, color: "#fff" } }, "students"),
    trace(bestPts, { size: 22, symbol: "star", color: "#f5b400", line: { width: 1.5, color: "#6b4e00" } }, "best"),
  ];
  const layout = {
    margin: { l: 64, r: 16, t: 10, b: 52 },
    showlegend: false,
    hovermode: "closest",
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#fff",
    font: { size: 14 },
    xaxis: { type: x.log ? "log" : "linear", title: { text: x.label }, automargin: true },
    yaxis: { title: { text: t(`class.y.${y}`) }, range: yRange(pts.map((r) => Y_METRICS[y](r))), tickformat: ".0%", automargin: true },
  };
  if (!pts.length) {
    // nothing to plot yet: no axes over an empty default range, a line saying when points come
    Object.assign(layout.xaxis, { visible: false });
    Object.assign(layout.yaxis, { visible: false });
    layout.annotations = [{ text: t("class.scatter_empty"), showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { size: 16, color: "#5b6575" } }];
  }
  el.dataset.points = String(pts.length);
  Plotly.react(el, traces, layout, { displaylogo: false, responsive: true });
  return { best, shown: pts.length };
}
