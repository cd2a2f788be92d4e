// Cost, accuracy and gradient-norm curves with plotly.js (global Plotly from /vendor/plotly.min.js).
// Long runs are thinned for plotting only; cost smoothing is the engine's EWA formula (ewa-smooth.js).
import { t as tr } from "../i18n.js";
import { ewaSmooth } from "../ewa-smooth.js";
import { plotIndices } from "../playground/series.js";

const MAX_PLOTTED = 800;
// light-background colours, and their high-contrast twins (each at least 7:1 against black)
const LIGHT = { train: "#1d4e89", dev: "#d1495b" };
const DARK = { train: "#6cc4ff", dev: "#ff8fa3" };
const LIGHT_LAYERS = ["#1d4e89", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#8d6e63", "#00798c", "#c44536", "#52796f"];
const DARK_LAYERS = ["#6cc4ff", "#ff8fa3", "#5cf0c8", "#ffd166", "#d0a8ff", "#ffb38a", "#7ee8fa", "#ff9e80", "#b9f18c"];
// filled in place with the mode's colours before each draw (see usePalette)
const LAYER_COLORS = LIGHT_LAYERS.slice();
let TRAIN = LIGHT.train;
let DEV = LIGHT.dev;

/** Pick the curve colours for the page's current mode (high contrast draws on black). */
function usePalette() {
  const dark = document.body.classList.contains("high-contrast");
  const p = dark ? DARK : LIGHT;
  TRAIN = p.train;
  DEV = p.dev;
  LAYER_COLORS.splice(0, LAYER_COLORS.length, ...(dark ? DARK_LAYERS : LIGHT_LAYERS));
}

/** Font sizes that follow presenter mode (large text for projectors). */
function fontSizes() {
  const big = document.documentElement.classList.contains("presenter") || document.body.classList.contains("presenter");
  return big ? { title: 17, base: 14, legend: 14, note: 15 } : { title: 12, base: 11, legend: 10, note: 12 };
}

/** The legend as coloured words in the title: plotly's legend box sat over the curves in small plots. */
function titleWithKey(title, traces) {
  const seen = new Set();
  const keys = traces
    .filter((t) => t.showlegend !== false && !seen.has(t.name) && seen.add(t.name))
    .map((t) => `<span style="color:${t.line.color}">━ ${t.name}</span>`);
  return keys.length ? `${title}   ${keys.join("  ")}` : title;
}
// plotly's own PNG export is the only modebar button: lessons and reports take the curves as images
const CONFIG = { displaylogo: false, responsive: true, modeBarButtons: [["toImage"]] };

function baseLayout(title, yTitle, extra = {}) {
  const dark = document.body.classList.contains("high-contrast");
  const fs = fontSizes();
  const ink = dark ? "#ffffff" : "#1d2430";
  const grid = dark ? "#555" : "#e3e7ee";
  return {
    title: { text: title, font: { size: fs.title, color: ink }, x: 0.02, y: 0.98, yanchor: "top" },
    margin: { l: 46, r: 8, t: fs.title + 14, b: 30 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { size: fs.base, color: ink },
    showlegend: true,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1.12, font: { size: fs.legend } },
    // nticks: a short plot (presenter mode) keeps a few readable ticks instead of a pile of labels
    xaxis: { title: { text: tr("plot.epoch"), standoff: 4 }, gridcolor: grid, zeroline: false, automargin: true, nticks: 6, color: ink },
    yaxis: { title: { text: yTitle, standoff: 4 }, gridcolor: grid, zeroline: false, automargin: true, nticks: 5, color: ink },
    uirevision: yTitle, // stable while the title's key changes: a zoom survives new epochs
    ...extra,
  };
}

/** An empty plot says so instead of showing meaningless axes. */
function placeholder(layout, traces, text) {
  if (traces.length && traces.some((t) => t.x.length)) return layout;
  const color = document.body.classList.contains("high-contrast") ? "#e6e6e6" : "#6b7482";
  layout.annotations = [{ text, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, font: { size: fontSizes().note, color } }];
  layout.xaxis.visible = false;
  layout.yaxis.visible = false;
  layout.showlegend = false;
  return layout;
}

function pick(arr, idx) {
  return idx ? idx.map((i) => arr[i]) : arr.slice();
}

function costTraces(s, idx, beta) {
  const x = pick(s.epochs, idx);
  const mode = x.length < 30 ? "lines+markers" : "lines"; // a few epochs: show the points themselves
  const traces = [];
  for (const [key, name, color] of [["train_cost", tr("split.train"), TRAIN], ["dev_cost", tr("split.dev"), DEV]]) {
    if (!s[key].some((v) => v !== null)) continue;
    if (beta > 0) {
      traces.push({ x, y: pick(s[key], idx), name: `${name} (raw)`, mode: "lines", line: { color, width: 1 }, opacity: 0.3, showlegend: false, hoverinfo: "skip" });
      traces.push({ x, y: pick(ewaSmooth(s[key], beta), idx), name, mode, line: { color, width: 2 } });
    } else {
      traces.push({ x, y: pick(s[key], idx), name, mode, line: { color, width: 2 } });
    }
  }
  return traces;
}

function drawCost(el, s, opts) {
  const idx = plotIndices(s.epochs.length, MAX_PLOTTED);
  const traces = costTraces(s, idx, opts.smoothing);
  const layout = baseLayout(titleWithKey(tr("plot.cost"), traces), tr("plot.cost_axis"), { showlegend: false });
  layout.yaxis.type = opts.log ? "log" : "linear";
  Plotly.react(el, traces, placeholder(layout, traces, tr("plot.cost_empty")), CONFIG);
}

function drawAccuracy(el, s) {
  const idx = plotIndices(s.epochs.length, MAX_PLOTTED);
  const acc = [["train_accuracy", tr("split.train"), TRAIN], ["dev_accuracy", tr("split.dev"), DEV]]
    .filter(([k]) => s[k].some((v) => v !== null))
    .map(([k, name, color]) => ({ x: pick(s.epochs, idx), y: pick(s[k], idx), name, mode: s.epochs.length < 30 ? "lines+markers" : "lines", line: { color, width: 2 } }));
  const layout = baseLayout(titleWithKey(tr("plot.accuracy"), acc), tr("plot.accuracy_axis"), { showlegend: false });
  layout.yaxis.range = [0, 1.02];
  Plotly.react(el, acc, placeholder(layout, acc, tr("plot.accuracy_empty")), CONFIG);
}

function drawGrads(el, s) {
  const layers = s.gradNorms.length ? s.gradNorms[s.gradNorms.length - 1].length : 0;
  const idx = plotIndices(s.gradX.length, MAX_PLOTTED);
  const x = pick(s.gradX, idx);
  const rows = pick(s.gradNorms, idx);
  const traces = [];
  for (let l = 0; l < layers; l++) {
    traces.push({
      x,
      y: rows.map((v) => (v[l] > 0 ? v[l] : null)),
      name: l === layers - 1 ? tr("plot.output_layer") : tr("plot.layer", { n: l + 1 }),
      // a few epochs (a short run, or the vanishing-gradients lesson's first steps): show them as points
      mode: x.length < 30 ? "lines+markers" : "lines",
      line: { color: LAYER_COLORS[l % LAYER_COLORS.length], width: 1.5 },
    });
  }
  const layout = baseLayout(tr("plot.grads"), "‖dW‖");
  layout.xaxis.title.text = tr("plot.epoch"); // one row per epoch: ||dW|| at the epoch's last mini-batch step
  layout.yaxis.type = "log";
  layout.yaxis.tickformat = ".0e";
  // within two decades plotly labels every digit (1e-2, 9e-3, 8e-3, ...), which overlap: label 1, 2, 5 only
  const ys = traces.flatMap((t) => t.y).filter((v) => v > 0);
  if (ys.length && Math.max(...ys) / Math.min(...ys) < 100) layout.yaxis.dtick = "D2";
  Plotly.react(el, traces, placeholder(layout, traces, tr("plot.grads_empty")), CONFIG);
}

/**
 * Curves redraw one plot per tick (each at most every PERIOD ms) so no single task grows long.
 * @param {{cost: HTMLElement, accuracy: HTMLElement, grads: HTMLElement}} els
 */
export function createCurves(els) {
  const PERIOD = 500; // ms between redraws of one plot: Plotly.react costs ~20-40 ms on this machine
  const plots = [
    { el: els.cost, draw: drawCost, dirty: false, at: 0 },
    { el: els.accuracy, draw: drawAccuracy, dirty: false, at: 0 },
    { el: els.grads, draw: drawGrads, dirty: false, at: 0 },
  ];
  let series = null;
  let opts = { log: false, smoothing: 0 };
  let timer = null;
  // plotly re-measures on window resizes only; the page also reflows without one (a notice, a lesson panel,
  // a wrapped run bar), and a plot left at its old height spills over its neighbours
  const resized = new Set();
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) resized.add(e.target);
    requestAnimationFrame(() => {
      for (const el of resized) if (el._fullLayout) Plotly.Plots.resize(el);
      resized.clear();
    });
  });
  for (const p of plots) observer.observe(p.el);

  function tick() {
    timer = null;
    const now = performance.now();
    const due = plots.filter((p) => p.dirty && now - p.at >= PERIOD).sort((a, b) => a.at - b.at)[0];
    if (due) {
      due.dirty = false;
      due.at = now;
      usePalette();
      due.draw(due.el, series, opts);
    }
    if (plots.some((p) => p.dirty)) timer = setTimeout(tick, due ? 16 : 50);
  }

  function kick() {
    if (!timer) timer = setTimeout(tick, 0);
  }

  return {
    /** Mark every plot for redraw with the latest series and options. */
    update(s, o = opts, urgent = false) {
      series = s;
      opts = o;
      for (const p of plots) {
        p.dirty = true;
        if (urgent) p.at = 0; // paused or stepping: show the result now, not after the pacing period
      }
      kick();
    },
    /** Redraw now (after a layout change or a display option). */
    redrawAll() {
      if (!series) return;
      usePalette();
      for (const p of plots) {
        p.draw(p.el, series, opts);
        p.at = performance.now();
        p.dirty = false;
        Plotly.Plots.resize(p.el);
      }
    },
  };
}
