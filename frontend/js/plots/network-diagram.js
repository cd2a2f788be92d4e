// The network diagram: input features, hidden neurons and the output as thumbnails; links whose width and
// colour follow each weight (drawn on one canvas; hover shows the number). Clicking an input toggles the
// feature; clicking a neuron asks for its heatmap large over the data.
import { t } from "../i18n.js";
import { weightStyle } from "./colors.js";
import { FEATURE_FNS, FEATURE_TEXT, paintBoundary, paintClassRegion, paintFeature, paintNeuron } from "./heatmap.js";
import { curveDistance2, layoutNetwork, linkCurve } from "./network-layout.js";

const THUMB = 24; // feature thumbnails: 24 x 24 cells

/**
 * @param {HTMLElement} body  positioned container for the node area
 * @param {{features: string[], onToggleFeature: (f: string) => void, onSelect: (sel: {layer: number, unit: number} | null) => void,
 *          onLayout: (columnsX: number[]) => void}} opts
 */
export function createNetworkDiagram(body, opts) {
  const links = document.createElement("canvas");
  links.className = "net-links";
  const nodes = document.createElement("div");
  nodes.className = "net-nodes";
  const tip = document.createElement("div");
  tip.className = "net-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  body.append(links, nodes, tip);
  const st = { config: null, layout: null, buttons: [], frame: null, selected: null, curves: [], bounds: [-6, 6, -6, 6] };

  function counts(c) {
    return [opts.features.length, ...c.hidden, st.frame?.header.layers.at(-1) ?? 1];
  }

  function nodeButton(cls, label, x, y, size) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `net-node ${cls}`;
    b.setAttribute("aria-label", label);
    b.title = label;
    Object.assign(b.style, { left: `${x - size / 2}px`, top: `${y - size / 2}px`, width: `${size}px`, height: `${size}px` });
    const cv = document.createElement("canvas");
    b.append(cv);
    nodes.append(b);
    return b;
  }

  function build() {
    const c = st.config;
    if (!c) return;
    const rect = body.getBoundingClientRect();
    st.layout = layoutNetwork(counts(c), rect.width, rect.height, 34); // 34 px: the feature names
    nodes.textContent = "";
    const { columns } = st.layout;
    st.buttons = columns.map(() => []);
    opts.features.forEach((f, i) => {
      const on = c.features.includes(f);
      const { x, y } = columns[0].nodes[i];
      const b = nodeButton(`input${on ? " on" : ""}`, t("net.input", { feature: FEATURE_TEXT[f] || f }), x, y, columns[0].size);
      b.setAttribute("aria-pressed", String(on));
      b.dataset.feature = f;
      const text = document.createElement("span");
      text.className = "net-label";
      text.textContent = FEATURE_TEXT[f] || f;
      b.append(text);
      paintFeature(FEATURE_FNS[f], st.bounds, THUMB, b.firstChild);
      b.addEventListener("click", () => opts.onToggleFeature(f));
      st.buttons[0].push(b);
    });
    c.hidden.forEach((units, l) => {
      for (let u = 0; u < units; u++) {
        const { x, y } = columns[l + 1].nodes[u];
        const b = nodeButton("hidden", t("net.neuron_of", { unit: u + 1, layer: l + 1 }), x, y, columns[l + 1].size);
        b.addEventListener("click", () => select({ layer: l, unit: u }));
        st.buttons[l + 1].push(b);
      }
    });
    const out = columns.at(-1);
    out.nodes.forEach(({ x, y }, k) => {
      const b = nodeButton("output", out.nodes.length > 1 ? t("net.output_k", { k: k + 1 }) : t("net.output"), x, y, out.size);
      b.addEventListener("click", () => select(null));
      st.buttons.at(-1).push(b);
    });
    markSelected();
    opts.onLayout(columns.map((col) => col.x));
    paintFrame();
  }

  function select(sel) {
    const same = sel && st.selected && sel.layer === st.selected.layer && sel.unit === st.selected.unit;
    st.selected = same ? null : sel;
    markSelected();
    opts.onSelect(st.selected);
  }

  function markSelected() {
    st.buttons.slice(1, -1).forEach((col, l) =>
      col.forEach((b, u) => b.setAttribute("aria-pressed", String(!!st.selected && st.selected.layer === l && st.selected.unit === u))),
    );
  }

  /** Link canvas and neuron thumbnails from the latest frame. */
  function paintFrame() {
    const f = st.frame;
    if (!f || !st.layout) return;
    const { header, arrays } = f;
    const sizes = header.layers;
    if (sizes.length !== st.layout.columns.length || sizes.slice(1, -1).some((n, i) => n !== st.config.hidden[i])) return;
    const neurons = arrays.neurons;
    if (neurons) {
      const s = neurons.shape[1];
      let offset = 0;
      st.buttons.slice(1, -1).forEach((col) =>
        col.forEach((b) => {
          paintNeuron(neurons.data, offset, s, b.firstChild);
          offset += s * s;
        }),
      );
    }
    paintOutputs(header, arrays);
    drawLinks();
  }

  /** The output column: the boundary (two classes) or each class's winning region (K > 2). */
  function paintOutputs(header, arrays) {
    if (!arrays.boundary) return;
    const grid = { boundary: arrays.boundary.data, boundaryClass: arrays.boundary_class?.data, r: arrays.boundary.shape[0], K: header.n_classes };
    const outs = st.buttons.at(-1) || [];
    if (outs.length === 1 || !grid.boundaryClass) outs.forEach((b) => paintBoundary(grid, false, b.firstChild));
    else outs.forEach((b, k) => paintClassRegion(grid, k, b.firstChild));
  }

  function drawLinks() {
    const rect = body.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    Object.assign(links, { width: Math.round(rect.width * dpr), height: Math.round(rect.height * dpr) });
    const ctx = links.getContext("2d");
    ctx.scale(dpr, dpr);
    st.curves = [];
    const { arrays } = st.frame;
    const cols = st.layout.columns;
    const active = st.config.features.map((f) => opts.features.indexOf(f));
    let maxAbs = 0;
    for (let l = 0; arrays[`W${l}`]; l++) for (const w of arrays[`W${l}`].data) maxAbs = Math.max(maxAbs, Math.abs(w));
    for (let l = 0; arrays[`W${l}`]; l++) {
      const W = arrays[`W${l}`];
      const [nIn, nOut] = W.shape;
      for (let i = 0; i < nIn; i++) {
        const from = l === 0 ? cols[0].nodes[active[i]] : cols[l].nodes[i];
        for (let j = 0; j < nOut; j++) {
          const to = cols[l + 1].nodes[j];
          if (!from || !to) continue;
          const w = W.data[i * nOut + j];
          const c = linkCurve({ x: from.x + cols[l].size / 2, y: from.y }, { x: to.x - cols[l + 1].size / 2, y: to.y });
          const sty = weightStyle(w, maxAbs);
          ctx.strokeStyle = sty.color;
          ctx.globalAlpha = sty.opacity;
          ctx.lineWidth = sty.width;
          ctx.beginPath();
          ctx.moveTo(c.x0, c.y0);
          ctx.bezierCurveTo(c.c1x, c.c1y, c.c2x, c.c2y, c.x1, c.y1);
          ctx.stroke();
          st.curves.push({ c, w, text: t("net.weight", { link: linkName(l, i, j), w: w.toPrecision(4) }) });
        }
      }
    }
    ctx.globalAlpha = 1;
  }

  function linkName(l, i, j) {
    const src = l === 0 ? FEATURE_TEXT[st.config.features[i]] || st.config.features[i] : t("net.link_neuron", { unit: i + 1, layer: l });
    const many = st.layout.columns.at(-1).nodes.length > 1;
    const dst = l === st.config.hidden.length ? (many ? t("net.link_output_k", { k: j + 1 }) : t("net.link_output")) : t("net.link_neuron", { unit: j + 1, layer: l + 1 });
    return `${src} → ${dst}`;
  }

  body.addEventListener("mousemove", (e) => {
    if (!st.curves.length || st.curves.length > 6000) return;
    const rect = body.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    let best = null;
    let bestD = 36;
    for (const link of st.curves) {
      const d = curveDistance2(link.c, px, py);
      if (d < bestD) [best, bestD] = [link, d];
    }
    tip.hidden = !best || e.target.closest(".net-node") !== null;
    if (best) {
      tip.textContent = best.text;
      Object.assign(tip.style, { left: `${Math.min(px + 12, rect.width - 180)}px`, top: `${py + 12}px` });
    }
  });
  body.addEventListener("mouseleave", () => (tip.hidden = true));
  new ResizeObserver(() => build()).observe(body);

  return {
    /** New structure (features, layers, units): rebuild nodes. */
    setConfig(config) {
      const key = JSON.stringify([config.features, config.hidden]);
      const changed = key !== st.key;
      st.config = config;
      st.key = key;
      if (changed) {
        if (st.selected && (st.selected.layer >= config.hidden.length || st.selected.unit >= config.hidden[st.selected.layer])) select(null);
        build();
      }
    },
    setBounds(b) {
      if (JSON.stringify(b) === JSON.stringify(st.bounds)) return;
      st.bounds = b.slice();
      build();
    },
    /** @param {{header, arrays}} frame */
    setFrame(frame) {
      const outCount = frame.header.layers.at(-1);
      const rebuild = st.frame?.header.layers.at(-1) !== outCount;
      st.frame = frame;
      if (rebuild) build();
      else paintFrame();
    },
    clearSelection: () => select(null),
  };
}
