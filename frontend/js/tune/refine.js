// Coarse to fine: the ranges of the next round, from the trials a box selection kept.
import { axisType } from "./scales.js";

function distinct(values) {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** One range narrowed to the selected trials' values of that hyperparameter (never wider than before). */
export function refineRange(range, values) {
  if (range.values) return { values: distinct(values) };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    // a single value: keep a neighbourhood, a factor sqrt(10) on log axes, a tenth of the range otherwise
    if (axisType(range) === "log" && range.scale === "log") [lo, hi] = [lo / Math.sqrt(10), hi * Math.sqrt(10)];
    else if (range.scale === "one_minus_log") [lo, hi] = [1 - (1 - lo) * Math.sqrt(10), 1 - (1 - hi) / Math.sqrt(10)];
    else [lo, hi] = [lo - (range.max - range.min) / 20, hi + (range.max - range.min) / 20];
  }
  lo = Math.max(lo, range.min);
  hi = Math.min(hi, range.max);
  if (!(lo < hi)) return structuredClone(range);
  return { min: lo, max: hi, scale: range.scale };
}

/**
 * @param {Object<string, object>} params  the round's ranges
 * @param {Array<{params: Object<string, number>}>} trials  the selected trials (at least one)
 * @returns {Object<string, object>} the next round's ranges, same names and scales
 */
export function refineParams(params, trials) {
  const out = {};
  for (const [name, range] of Object.entries(params)) {
    out[name] = refineRange(range, trials.map((t) => t.params[name]));
  }
  return out;
}
