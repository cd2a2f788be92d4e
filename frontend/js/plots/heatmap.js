// Paints grids into offscreen canvases (one pixel per grid cell; the caller scales them up). DOM: canvas only.
import { binaryColor, multiColor, signedColor } from "./colors.js";

function paint(r, c, colorAt) {
  const canvas = c || document.createElement("canvas");
  if (canvas.width !== r || canvas.height !== r) Object.assign(canvas, { width: r, height: r });
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(r, r);
  // grid row iy is x2 ascending; canvas row 0 is the top, so flip vertically
  for (let iy = 0; iy < r; iy++) {
    const row = (r - 1 - iy) * r;
    for (let ix = 0; ix < r; ix++) {
      const [R, G, B] = colorAt(iy * r + ix);
      const o = (row + ix) * 4;
      img.data[o] = R;
      img.data[o + 1] = G;
      img.data[o + 2] = B;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/**
 * The decision boundary. boundary: (r*r) P(class 1) for 2 classes, or max probability with boundaryClass
 * (r*r) argmax for K > 2; both in [iy, ix] order.
 */
export function paintBoundary({ boundary, boundaryClass, r, K }, discretize, canvas) {
  if (K <= 2 || !boundaryClass) return paint(r, canvas, (i) => binaryColor(boundary[i], discretize));
  return paint(r, canvas, (i) => multiColor(boundaryClass[i], boundary[i], K, discretize));
}

/** Output unit k of K > 2 classes: where class k wins, in its colour (paler when less sure). */
export function paintClassRegion({ boundary, boundaryClass, r, K }, k, canvas) {
  const grey = [232, 234, 235];
  return paint(r, canvas, (i) => (boundaryClass[i] === k ? multiColor(k, boundary[i], K, false) : grey));
}

/** One neuron's activations (r*r values starting at `offset` of `data`), coloured by sign. */
export function paintNeuron(data, offset, r, canvas) {
  let scale = 0;
  for (let i = 0; i < r * r; i++) scale = Math.max(scale, Math.abs(data[offset + i]));
  return paint(r, canvas, (i) => signedColor(data[offset + i], scale));
}

/** An input feature over the plot domain (computed here: the page knows the feature formulas). */
export function paintFeature(fn, bounds, r, canvas) {
  const [x0, x1, y0, y1] = bounds;
  const vals = new Float64Array(r * r);
  for (let iy = 0; iy < r; iy++) {
    for (let ix = 0; ix < r; ix++) {
      vals[iy * r + ix] = fn(x0 + ((ix + 0.5) / r) * (x1 - x0), y0 + ((iy + 0.5) / r) * (y1 - y0));
    }
  }
  return paintNeuron(vals, 0, r, canvas);
}

export const FEATURE_FNS = {
  x1: (a) => a,
  x2: (a, b) => b,
  "x1^2": (a) => a * a,
  "x2^2": (a, b) => b * b,
  x1x2: (a, b) => a * b,
  sin_x1: (a) => Math.sin(a),
  sin_x2: (a, b) => Math.sin(b),
};

export const FEATURE_TEXT = { x1: "x₁", x2: "x₂", "x1^2": "x₁²", "x2^2": "x₂²", x1x2: "x₁x₂", sin_x1: "sin x₁", sin_x2: "sin x₂" };
