// Cost-curve smoothing with the engine's exponentially weighted average (backend/playground/engine/ewa.py):
// v_t = beta * v_(t-1) + (1 - beta) * x_t, v_0 = 0, shown bias-corrected as v_t / (1 - beta^t).
// Computed here in the page, with exactly that formula (a test compares it with ewa_series).

/**
 * @param {ArrayLike<number|null>} values  one per epoch; null (no dev set) passes through as null
 * @param {number} beta  0 <= beta < 1 (0 = no smoothing)
 * @returns {Array<number|null>}
 */
export function ewaSmooth(values, beta) {
  const out = new Array(values.length);
  let v = 0;
  let t = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === null || x === undefined || !Number.isFinite(x)) {
      out[i] = null;
      continue;
    }
    t += 1;
    v = beta * v + x * (1 - beta); // the engine's operation order: tmp = x(1-beta); v *= beta; v += tmp
    out[i] = v / (1 - Math.pow(beta, t));
  }
  return out;
}
