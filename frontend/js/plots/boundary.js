// The decision-boundary view: a canvas with the heatmap scaled over the plot domain, the data points on top
// (train = filled dots, dev = rings, test = squares), axis ticks, and optionally one neuron's heatmap instead
// of the output. Redraws at most once per animation frame; counts frames drawn (for benchmarks).
import { CLASS_COLORS } from "./colors.js";

export const stats = { framesDrawn: 0 };
globalThis.__tpStats = stats;

/** @param {HTMLCanvasElement} canvas */
export function createBoundaryView(canvas) {
  const ctx = canvas.getContext("2d");
  const state = { bounds: [-6, 6, -6, 6], image: null, smooth: true, data: null, show: { dev: true, test: true }, pending: false };

  function size() {
    const rect = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(rect.width * dpr));
    const h = Math.max(1, Math.round(rect.height * dpr));
    if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
    return { w, h, dpr };
  }

  /** data coordinates -> canvas pixels (device pixels) */
  function toPixel(x1, x2, w, h) {
    const [a, b, c, d] = state.bounds;
    return [((x1 - a) / (b - a)) * w, (1 - (x2 - c) / (d - c)) * h];
  }

  function drawPoints(split, shape, w, h, dpr) {
    if (!split) return;
    const { X, y } = split;
    const r = (shape === "dot" ? 3.6 : 4.2) * dpr * (document.body.classList.contains("presenter") ? 1.3 : 1);
    ctx.lineWidth = (shape === "dot" ? 1 : 2) * dpr;
    for (let i = 0; i < y.length; i++) {
      const [px, py] = toPixel(X[2 * i], X[2 * i + 1], w, h);
      const color = CLASS_COLORS[y[i] % CLASS_COLORS.length];
      ctx.beginPath();
      if (shape === "square") ctx.rect(px - r, py - r, 2 * r, 2 * r);
      else ctx.arc(px, py, r, 0, 2 * Math.PI);
      if (shape === "dot") {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = "#ffffff";
      } else {
        ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fill();
        ctx.strokeStyle = color;
      }
      ctx.stroke();
    }
  }

  function drawTicks(w, h, dpr) {
    const [a, b, c, d] = state.bounds;
    const step = niceStep((b - a) / 6);
    ctx.fillStyle = "rgba(0,0,0,0.7)";
    // the axis numbers grow with presenter mode like the rest of the text
    ctx.font = `${(document.body.classList.contains("presenter") ? 13 : 10) * dpr}px system-ui, sans-serif`;
    ctx.textBaseline = "bottom";
    for (let v = Math.ceil(a / step) * step; v <= b; v += step) {
      const [px] = toPixel(v, c, w, h);
      ctx.fillRect(px, h - 4 * dpr, dpr, 4 * dpr);
      if (px > 12 * dpr && px < w - 12 * dpr) ctx.fillText(fmtTick(v), px + 2 * dpr, h - 4 * dpr);
    }
    ctx.textBaseline = "middle";
    for (let v = Math.ceil(c / step) * step; v <= d; v += step) {
      const [, py] = toPixel(a, v, w, h);
      ctx.fillRect(0, py, 4 * dpr, dpr);
      if (py > 12 * dpr && py < h - 12 * dpr) ctx.fillText(fmtTick(v), 6 * dpr, py);
    }
  }

  function drawCursor(w, h, dpr) {
    const [px, py] = toPixel(state.cursor[0], state.cursor[1], w, h);
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(px - 9 * dpr, py);
    ctx.lineTo(px + 9 * dpr, py);
    ctx.moveTo(px, py - 9 * dpr);
    ctx.lineTo(px, py + 9 * dpr);
    ctx.stroke();
  }

  function draw() {
    state.pending = false;
    const { w, h, dpr } = size();
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = "#e8eaeb";
    ctx.fillRect(0, 0, w, h);
    if (state.image) {
      ctx.imageSmoothingEnabled = state.smooth;
      ctx.drawImage(state.image, 0, 0, w, h);
    }
    const d = state.data;
    if (d) {
      if (state.show.test) drawPoints(d.test, "square", w, h, dpr);
      if (state.show.dev) drawPoints(d.dev, "ring", w, h, dpr);
      drawPoints(d.train, "dot", w, h, dpr);
    }
    drawTicks(w, h, dpr);
    if (state.cursor) drawCursor(w, h, dpr);
    stats.framesDrawn += 1;
  }

  function schedule() {
    if (!state.pending) {
      state.pending = true;
      requestAnimationFrame(draw);
    }
  }

  new ResizeObserver(schedule).observe(canvas);

  return {
    /** @param {HTMLCanvasElement} image  one pixel per grid cell @param {boolean} smooth */
    setImage(image, smooth = true) {
      state.image = image;
      state.smooth = smooth;
      schedule();
    },
    setBounds(b) {
      state.bounds = b.slice();
      schedule();
    },
    /** @param {{train, dev, test}} data  each {X: flat (2m), y: (m)} */
    setData(data) {
      state.data = data;
      schedule();
    },
    /** keyboard drawing cursor in data coordinates, or null to hide it */
    setCursor(x1, x2) {
      state.cursor = x1 === null ? null : [x1, x2];
      schedule();
    },
    setShow(show) {
      Object.assign(state.show, show);
      schedule();
    },
    /** client (CSS pixel) position -> data coordinates */
    toData(clientX, clientY) {
      const rect = canvas.getBoundingClientRect();
      const [a, b, c, d] = state.bounds;
      return [a + ((clientX - rect.left) / rect.width) * (b - a), d - ((clientY - rect.top) / rect.height) * (d - c)];
    },
    /** data units per CSS pixel (for hit radii) */
    unitsPerPixel() {
      return (state.bounds[1] - state.bounds[0]) / Math.max(1, canvas.getBoundingClientRect().width);
    },
    redraw: schedule,
  };
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

function fmtTick(v) {
  return String(Math.round(v * 1000) / 1000);
}
