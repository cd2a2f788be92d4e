// The run's history as the page accumulates it from frames: per-epoch cost/accuracy points and per-epoch
// gradient norms (one row of ||dW|| per layer for every epoch, from the frame's `epoch_grad_norms`).
// Pure data; cleared when the frame's `run` changes (a rebuild or reset).

export const SERIES = ["train_cost", "dev_cost", "train_accuracy", "dev_accuracy"];
const MAX_GRAD_SAMPLES = 20000; // epochs of gradient rows kept; beyond, every other old row is dropped

export function createSeries() {
  const s = { run: null, epochs: [], gradX: [], gradNorms: [] };
  for (const k of SERIES) s[k] = [];
  return s;
}

function clear(s, run) {
  s.run = run;
  s.epochs.length = 0;
  s.gradX.length = 0;
  s.gradNorms.length = 0;
  for (const k of SERIES) s[k].length = 0;
}

/**
 * Fold one frame into the series.
 * @param {object} s  from createSeries
 * @param {object} header  frame header (run, step, epoch, ...)
 * @param {Object<string, {data: ArrayLike<number>}>} arrays  frame arrays
 * @returns {boolean} true when the run changed (curves were cleared)
 */
export function appendFrame(s, header, arrays) {
  const restarted = s.run !== header.run;
  if (restarted) clear(s, header.run);
  const ep = arrays.epochs?.data;
  const g = arrays.epoch_grad_norms; // (n, L): row i belongs to epochs[i]
  if (ep && ep.length) {
    // a skipped frame's epochs come again in the next one: keep epochs increasing
    const last = s.epochs.length ? s.epochs[s.epochs.length - 1] : 0;
    for (let i = 0; i < ep.length; i++) {
      if (ep[i] <= last) continue;
      s.epochs.push(ep[i]);
      for (const k of SERIES) s[k].push(arrays[k] ? arrays[k].data[i] : null);
      if (g && g.shape[0] === ep.length) {
        const L = g.shape[1];
        s.gradX.push(ep[i]);
        s.gradNorms.push(Array.from(g.data.subarray(i * L, (i + 1) * L)));
      }
    }
    if (s.gradX.length > MAX_GRAD_SAMPLES) thinInPlace(s);
  }
  return restarted;
}

/** Keep every other gradient sample (the newest kept): bounded memory over long runs. */
function thinInPlace(s) {
  const keep = (_, i, a) => (a.length - 1 - i) % 2 === 0;
  s.gradX = s.gradX.filter(keep);
  s.gradNorms = s.gradNorms.filter(keep);
}

/** At most `max` evenly spaced indices of 0..n-1, the last one included (for plotting long runs). */
export function plotIndices(n, max) {
  if (n <= max) return null; // plot everything
  const out = [];
  const stride = (n - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(Math.round(i * stride));
  return out;
}
