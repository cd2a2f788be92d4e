// The EWA lab's two plotly figures: the series with its averages, and the weights of past days.
// Input is the decoded `ewa` frame; the live (slider) beta is the last row. window.Plotly comes from
// /vendor/plotly.min.js, loaded by a classic script tag before the modules.
import { row } from "../frames.js";
import { lang, t } from "../i18n.js";

// The course's colours for its three betas (0.5 yellow, 0.9 red, 0.98 green); other betas take the rest.
export const COURSE_COLOURS = new Map([
  [0.5, "#d4a300"],
  [0.9, "#d62728"],
  [0.98, "#2ca02c"],
]);
const OTHER_COLOURS = ["#1f77b4", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
export const LIVE_COLOUR = "#17202e";
export const UNCORRECTED_COLOUR = "#8e44ad"; // the course's purple curve
const RAW_COLOUR = "rgba(90, 101, 117, 0.45)";
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

/** "≈ 10 days" style label of 1/(1 − β). */
export function daysLabel(windowDays) {
  return `≈ ${daysCount(windowDays)}`;
}

/** "10 days" of 1/(1 − β), in the page's language. */
export function daysCount(windowDays) {
  const d = windowDays >= 10 ? Math.round(windowDays) : Math.round(windowDays * 10) / 10;
  return t(d === 1 ? "ewa.day" : "ewa.days", { d });
}

function betaText(b) {
  return `β = ${Number(b.toFixed(4))}`;
}

function line(x, y, name, colour, extra = {}) {
  return { type: "scatter", mode: "lines", x, y, name, line: { color: colour, width: 2 }, ...extra };
}

/** Traces of the main figure; `uid`s are stable so plotly animates only what changed. */
export function seriesTraces(frame) {
  const { header, arrays } = frame;
  const T = arrays.values.shape[0];
  const x = header.dates ?? Array.from({ length: T }, (_, i) => i + 1);
  const live = header.betas.length - 1;
  const traces = [
    {
      type: "scatter",
      mode: "markers",
      x,
      y: Array.from(arrays.values.data),
      name: t(header.dates ? "ewa.trace.daily" : "ewa.trace.own"),
      marker: { color: RAW_COLOUR, size: 4 },
      uid: "raw",
    },
  ];
  let other = 0;
  header.betas.forEach((b, i) => {
    if (i === live) return;
    const colour = COURSE_COLOURS.get(b) ?? OTHER_COLOURS[other++ % OTHER_COLOURS.length];
    const name = `${betaText(b)} (${daysLabel(header.windows[i])})`;
    traces.push(line(x, row(arrays.averages, i), name, colour, { uid: `beta-${i}` }));
  });
  if (arrays.uncorrected) {
    const name = t("ewa.trace.uncorrected", { beta: betaText(header.betas[live]) });
    traces.push(line(x, row(arrays.uncorrected, live), name, UNCORRECTED_COLOUR, { uid: "uncorrected" }));
  }
  // drawn last, so the live curve stays on top where the purple one has caught up with it
  const liveName = t("ewa.trace.live", { beta: betaText(header.betas[live]), days: daysLabel(header.windows[live]) });
  const liveLine = { color: LIVE_COLOUR, width: 3 };
  traces.push(line(x, row(arrays.averages, live), liveName, LIVE_COLOUR, { uid: "live", line: liveLine }));
  return traces;
}

/** Draw (or update) the main figure into `el`. */
export function drawSeries(el, frame) {
  const { header } = frame;
  const unit = header.unit === "F" ? "°F" : "°C";
  // a series of one's own has no unit (the page sends it unconverted): its axis says so
  const own = header.series === "values";
  const layout = {
    margin: { l: 56, r: 12, t: 8, b: 40 },
    xaxis: { title: { text: t(header.dates ? "ewa.axis.date" : "ewa.axis.day") }, type: header.dates ? "date" : "linear",
      // plotly's bundle has English month names only: other languages get numeric dates
      ...(header.dates && lang !== "en" ? { tickformat: "%Y-%m", hoverformat: "%Y-%m-%d" } : {}) },
    yaxis: { title: { text: own ? t("ewa.axis.value") : t("ewa.axis.temperature", { unit }) }, zeroline: false },
    legend: { orientation: "h", y: -0.18 },
    uirevision: `${header.series}|${header.unit}`, // keep the user's zoom while beta moves
    hovermode: "x",
  };
  return window.Plotly.react(el, seriesTraces(frame), layout, CONFIG);
}

/** The weights figure for the live beta: bars (1−β)β^k, where they fall to 1/e, and the 1/(1−β) window. */
export function drawWeights(el, frame) {
  const { header, arrays } = frame;
  const live = header.betas.length - 1;
  const beta = header.betas[live];
  const window_ = header.windows[live];
  const eDays = header.e_folding[live];
  const w = row(arrays.weights, live);
  const shown = Math.min(w.length, Math.max(10, Math.ceil(3 * window_)));
  const newest = 1 - beta;
  const shapes = [
    // the 1/(1-beta) window the course says the average covers
    { type: "rect", xref: "x", yref: "paper", x0: -0.5, x1: window_ - 0.5, y0: 0, y1: 1, fillcolor: "rgba(21,101,192,0.08)", line: { width: 0 } },
    { type: "line", xref: "paper", x0: 0, x1: 1, y0: newest / Math.E, y1: newest / Math.E, line: { color: "#b3261e", dash: "dot", width: 1 } },
  ];
  const notes = [
    { xref: "x", yref: "paper", x: window_ - 0.5, y: 1, yanchor: "top", xanchor: "left", showarrow: false, text: ` 1/(1−β) = ${daysCount(window_)}`, font: { size: 11, color: "#1565c0" } },
  ];
  if (eDays !== null) {
    shapes.push({ type: "line", xref: "x", yref: "paper", x0: eDays, x1: eDays, y0: 0, y1: 1, line: { color: "#b3261e", dash: "dash", width: 1.5 } });
    notes.push({ xref: "x", y: newest / Math.E, x: eDays, xanchor: "left", yanchor: "bottom", showarrow: false, text: ` ${t("ewa.weight_note", { days: eDays.toFixed(1) })}`, font: { size: 11, color: "#b3261e" } });
  }
  const trace = {
    type: "bar",
    x: Array.from({ length: shown }, (_, k) => k),
    y: w.slice(0, shown),
    marker: { color: LIVE_COLOUR },
    name: t("ewa.weight"),
    hovertemplate: `${t("ewa.weight_hover")}<extra></extra>`,
  };
  const layout = {
    margin: { l: 56, r: 12, t: 8, b: 40 },
    xaxis: { title: { text: t("ewa.axis.days_back") }, range: [-0.5, shown - 0.5] },
    yaxis: { title: { text: `(1−β)·β^k, ${betaText(beta)}` }, rangemode: "tozero" },
    shapes,
    annotations: notes,
    showlegend: false,
    bargap: 0.1,
  };
  return window.Plotly.react(el, [trace], layout, CONFIG);
}
