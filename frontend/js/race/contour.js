// The race on its surface: contour lines (log-spaced where that reads better) or a 3D surface, the minima,
// the start, and each racer's trail and head. Clicking the contour picks a new start point.
import { t } from "../i18n.js";
import { RACERS, racerLabel } from "./spec.js";

const LEVELS = 30;
const VIRIDIS = [[0, "#440154"], [0.25, "#3b528b"], [0.5, "#21918c"], [0.75, "#5ec962"], [1, "#fde725"]];

/** Levels on a log scale: log10(J - J_min + delta), delta a millionth of the range so J_min stays finite. */
export function levelTransform(info, z) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of z) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!info.log_levels) return { f: (v) => v, label: "J", lo, hi };
  const floor = Math.min(lo, info.min_value ?? lo);
  const delta = Math.max(1e-12, 1e-6 * (hi - floor));
  return { f: (v) => Math.log10(v - floor + delta), label: "log₁₀ J", lo, hi };
}

function gridRows(arrays, f) {
  const [r, c] = arrays.z.shape;
  const out = [];
  for (let i = 0; i < r; i++) out.push(Array.from(arrays.z.data.subarray(i * c, (i + 1) * c), f));
  return out;
}

export class ContourPlot {
  constructor(el, onPick) {
    this.el = el;
    this.info = null;
    this.mode = "contour";
    this.listening = false;
    this.onPick = onPick;
  }

  setSurface(info, arrays) {
    this.info = info;
    this.xs = Array.from(arrays.xs.data);
    this.ys = Array.from(arrays.ys.data);
    this.tf = levelTransform(info, arrays.z.data);
    this.zt = gridRows(arrays, this.tf.f);
  }

  surfaceTrace() {
    const [lo, hi] = [this.tf.f(this.tf.lo), this.tf.f(this.tf.hi)];
    const common = { x: this.xs, y: this.ys, z: this.zt, showscale: false, autocolorscale: false, colorscale: VIRIDIS };
    if (this.mode === "3d") return { ...common, type: "surface", opacity: 0.85, hoverinfo: "skip" };
    // hoverinfo "none" (not "skip") keeps the click events that pick the start point
    const contours = { coloring: "lines", start: lo, end: hi, size: (hi - lo) / LEVELS };
    return { ...common, type: "contour", hoverinfo: "none", autocontour: false, contours, line: { width: 1.2 } };
  }

  markers(points, symbol, name, color) {
    if (!points.length) return [];
    const base = { name, mode: "markers", hovertemplate: `${name} (%{x:.4g}, %{y:.4g})<extra></extra>` };
    const marker = { symbol, size: this.mode === "3d" ? 5 : 13, color, line: { color: "#fff", width: 1 } };
    if (this.mode !== "3d") return [{ ...base, type: "scatter", x: points.map((p) => p[0]), y: points.map((p) => p[1]), marker }];
    const z = points.map((p) => this.zAt(p[0], p[1]));
    return [{ ...base, type: "scatter3d", x: points.map((p) => p[0]), y: points.map((p) => p[1]), z, marker: { ...marker, symbol: "diamond" } }];
  }

  /** Transformed cost at a point, from the nearest grid node (for 3D markers). */
  zAt(x, y) {
    const j = Math.round(((x - this.xs[0]) / (this.xs.at(-1) - this.xs[0])) * (this.xs.length - 1));
    const i = Math.round(((y - this.ys[0]) / (this.ys.at(-1) - this.ys[0])) * (this.ys.length - 1));
    const clamp = (k, n) => Math.min(n - 1, Math.max(0, k));
    return this.zt[clamp(i, this.ys.length)][clamp(j, this.xs.length)];
  }

  racerTraces(track) {
    const traces = [];
    for (const { key, color } of RACERS) {
      const label = racerLabel(key);
      const r = track.racers[key];
      if (!r) continue;
      const n = r.x.length;
      if (this.mode === "3d") {
        const z = r.cost.map(this.tf.f);
        traces.push({ type: "scatter3d", mode: "lines", name: label, x: r.x, y: r.y, z, line: { color, width: 5 }, hoverinfo: "skip" });
        traces.push({ type: "scatter3d", mode: "markers", name: label, x: [r.x[n - 1]], y: [r.y[n - 1]], z: [z[n - 1]], marker: { color, size: 6 }, showlegend: false });
        continue;
      }
      traces.push({ type: "scatter", mode: "lines+markers", name: label, x: r.x, y: r.y, line: { color, width: 2 },
        marker: { color, size: 3 }, hovertemplate: `${t("race.hover_point", { racer: label })}<extra></extra>`, cliponaxis: true });
      const stopped = r.info.status === "diverged" || r.info.status === "escaped";
      traces.push({ type: "scatter", mode: "markers", name: t("race.now", { racer: label }), x: [r.x[n - 1]], y: [r.y[n - 1]], showlegend: false,
        marker: { color, size: 13, symbol: stopped ? "x" : "circle", line: { color: "#fff", width: 2 } }, hoverinfo: "skip" });
    }
    return traces;
  }

  draw(track, start) {
    if (!this.info) return;
    const [x0, x1, y0, y1] = this.info.domain;
    const traces = [
      this.surfaceTrace(),
      ...this.markers(this.info.minima, "star", t("race.minimum"), "#111"),
      ...this.markers(this.info.saddles, "x-thin-open", t("race.saddle"), "#111"),
      ...this.markers(start ? [start] : [], "circle-open", t("race.start_marker"), "#111"),
      ...this.racerTraces(track),
    ];
    const margin = { l: 44, r: 10, t: 10, b: 36 };
    const legend = { orientation: "h", y: -0.08, font: { size: 11 } };
    const layout = this.mode === "3d"
      ? { margin, legend, uirevision: this.info.name, scene: { xaxis: { title: { text: "x" }, range: [x0, x1] }, yaxis: { title: { text: "y" }, range: [y0, y1] }, zaxis: { title: { text: this.tf.label } } } }
      : { margin, legend, uirevision: this.info.name, hovermode: "closest", plot_bgcolor: "#fff",
          xaxis: { range: [x0, x1], title: { text: "x", standoff: 2 }, zeroline: false, constrain: "domain" },
          yaxis: { range: [y0, y1], title: { text: "y", standoff: 2 }, zeroline: false, scaleanchor: "x", scaleratio: 1, constrain: "domain" } };
    if (this.mode !== "3d") {
      // true aspect ratio (the elongation is the point), height from the width, within reason
      const width = this.el.clientWidth || 600;
      const inner = (width - margin.l - margin.r) * ((y1 - y0) / (x1 - x0));
      layout.height = Math.round(Math.min(620, Math.max(300, inner + margin.t + margin.b + 60)));
    } else layout.height = 560;
    Plotly.react(this.el, traces, layout, { displaylogo: false, responsive: true });
    if (!this.listening) {
      this.listening = true;
      this.el.on("plotly_click", (ev) => {
        const p = ev.points?.[0];
        if (this.mode !== "3d" && p && Number.isFinite(p.x) && Number.isFinite(p.y)) this.onPick([p.x, p.y]);
      });
    }
  }
}
