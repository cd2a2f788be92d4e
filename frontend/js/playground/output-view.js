// Everything the run draws: the boundary (or one neuron's heatmap), the network diagram, the curves and the
// read-outs. Receives frames and data from the controller; pacing keeps each task short.
import { createBoundaryView } from "../plots/boundary.js";
import { createCurves } from "../plots/curves.js";
import { paintBoundary, paintNeuron } from "../plots/heatmap.js";
import { createNetworkDiagram } from "../plots/network-diagram.js";
import * as status from "./status-view.js";
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);
const DIAGRAM_PERIOD = 90; // ms between diagram repaints (links + thumbnails)

function rowsToSplit(rows) {
  const X = new Float64Array(rows.length * 2);
  const y = new Uint8Array(rows.length);
  rows.forEach((p, i) => {
    X[2 * i] = p[0];
    X[2 * i + 1] = p[1];
    y[i] = p[2];
  });
  return { X, y };
}

/**
 * @param {{features: string[], onToggleFeature: (f: string) => void}} opts
 */
export function createOutputView(opts) {
  const boundary = createBoundaryView($("boundary"));
  const curves = createCurves({ cost: $("cost-plot"), accuracy: $("acc-plot"), grads: $("grad-plot") });
  const boundaryImage = document.createElement("canvas");
  const neuronImage = document.createElement("canvas");
  const st = { selected: null, frame: null, discretize: false, diagramAt: 0, diagramTimer: null, curveOpts: { log: false, smoothing: 0 }, series: null };
  let onLayout = () => {};

  const diagram = createNetworkDiagram($("net-body"), {
    features: opts.features,
    onToggleFeature: opts.onToggleFeature,
    onSelect(sel) {
      st.selected = sel;
      $("output-title").textContent = sel ? t("output.neuron", { unit: sel.unit + 1, layer: sel.layer + 1 }) : t("output.title");
      paintMain();
    },
    onLayout: (xs) => onLayout(xs),
  });

  /** The big canvas: the boundary, or the selected neuron's grid. */
  function paintMain() {
    const f = st.frame;
    if (!f) return;
    const { header, arrays } = f;
    const sel = st.selected;
    if (sel && arrays.neurons) {
      const s = arrays.neurons.shape[1];
      const before = header.layers.slice(1, 1 + sel.layer).reduce((a, b) => a + b, 0);
      paintNeuron(arrays.neurons.data, (before + sel.unit) * s * s, s, neuronImage);
      boundary.setImage(neuronImage, true);
      return;
    }
    if (!arrays.boundary) return; // omitted (not finite): keep the last picture
    const r = arrays.boundary.shape[0];
    paintBoundary({ boundary: arrays.boundary.data, boundaryClass: arrays.boundary_class?.data, r, K: header.n_classes }, st.discretize, boundaryImage);
    boundary.setImage(boundaryImage, !st.discretize);
  }

  function paintDiagram() {
    st.diagramTimer = null;
    st.diagramAt = performance.now();
    if (st.frame) diagram.setFrame(st.frame);
  }

  return {
    boundary,
    /** Let the network editor follow the diagram's columns. */
    onColumns(fn) {
      onLayout = fn;
    },
    setConfig(config) {
      diagram.setConfig(config);
    },
    /** Points to draw: {train, dev, test} rows [[x1, x2, label]]. */
    setPoints(lists) {
      boundary.setData({ train: rowsToSplit(lists.train), dev: rowsToSplit(lists.dev), test: rowsToSplit(lists.test) });
    },
    frame(f, series) {
      st.frame = f;
      st.series = series;
      const h = f.header;
      status.showCounters(h);
      status.showDiagnosis(h.diagnosis);
      status.showTestError(h);
      boundary.setBounds(h.bounds);
      diagram.setBounds(h.bounds);
      paintMain();
      const wait = DIAGRAM_PERIOD - (performance.now() - st.diagramAt);
      if (wait <= 0) paintDiagram();
      else if (!st.diagramTimer) st.diagramTimer = setTimeout(paintDiagram, wait);
      curves.update(series, st.curveOpts, !h.playing);
    },
    setDiscretize(on) {
      st.discretize = on;
      paintMain();
    },
    setShow(show) {
      boundary.setShow(show);
    },
    setCurveOptions(o) {
      Object.assign(st.curveOpts, o);
      if (st.series) curves.update(st.series, st.curveOpts, true);
    },
    relayout() {
      curves.redrawAll();
      boundary.redraw();
    },
    clearSelection: () => diagram.clearSelection(),
  };
}
