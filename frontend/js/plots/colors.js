// Class colours and the heatmap colour maps (TensorFlow Playground's orange/blue for two classes). Pure.

export const CLASS_COLORS = ["#f59322", "#0877bd", "#2ca25f", "#8e44ad", "#d7301f", "#7f6a00"];
const NEUTRAL = [232, 234, 235];

export function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const CLASS_RGB = CLASS_COLORS.map(hexToRgb);

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Colour of P(class 1) = p for two classes: orange (0) -> light grey (0.5) -> blue (1). */
export function binaryColor(p, discretize) {
  if (discretize) return mix(NEUTRAL, CLASS_RGB[p >= 0.5 ? 1 : 0], 0.45);
  const t = Math.abs(2 * p - 1);
  return mix(NEUTRAL, CLASS_RGB[p >= 0.5 ? 1 : 0], 0.62 * t);
}

/** Colour of the winning class k with probability pmax among K classes (paler when unsure). */
export function multiColor(k, pmax, K, discretize) {
  if (discretize) return mix(NEUTRAL, CLASS_RGB[k % CLASS_RGB.length], 0.45);
  const conf = Math.max(0, (pmax - 1 / K) / (1 - 1 / K));
  return mix(NEUTRAL, CLASS_RGB[k % CLASS_RGB.length], 0.15 + 0.47 * conf);
}

/** Colour of a neuron's activation a, scaled by the largest |a| of its grid: orange (<0), blue (>0). */
export function signedColor(a, scale) {
  const t = scale > 0 ? Math.max(-1, Math.min(1, a / scale)) : 0;
  return mix(NEUTRAL, CLASS_RGB[t >= 0 ? 1 : 0], Math.abs(t));
}

/** A weight's link colour and width (TensorFlow Playground style). */
export function weightStyle(w, maxAbs) {
  const t = maxAbs > 0 ? Math.min(1, Math.abs(w) / maxAbs) : 0;
  return { color: w >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0], width: 0.5 + 5.5 * t, opacity: 0.25 + 0.75 * t };
}
