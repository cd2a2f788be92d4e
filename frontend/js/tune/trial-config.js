// A trial's full experiment: the base config with the trial's values (the JS twin of
// backend/playground/tuning/space.py apply_params), so each trial opens in the playground by its URL.
import { encodeConfig } from "../url-state.js";

export function applyParams(base, params) {
  const config = structuredClone(base);
  const width = params.hidden_units;
  const depth = params.layers;
  if (width !== undefined || depth !== undefined) {
    const d = depth === undefined ? base.hidden.length : depth;
    const w = width === undefined ? (base.hidden.length ? base.hidden[0] : 4) : width;
    config.hidden = Array(d).fill(w);
    if (d !== base.hidden.length && Array.isArray(base.activation)) config.activation = base.activation[0] || "tanh";
  }
  for (const [name, value] of Object.entries(params)) {
    if (name !== "hidden_units" && name !== "layers") config[name] = value;
  }
  return config;
}

/** The playground URL (path + query) that reproduces one trial. */
export function trialUrl(base, params, schema) {
  return `./?${encodeConfig(applyParams(base, params), schema)}`;
}
