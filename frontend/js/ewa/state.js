// The EWA lab's page state and its URL. Pure functions: no DOM, no socket.
//
// State = the EwaConfig fields (series, values, betas, bias_correction, unit; defaults and bounds from the
// server's hello, i.e. the schema) plus `beta`, the slider's live beta, which the page appends to `betas`
// when it asks the server. The URL holds only fields that differ from the defaults; decoding never throws:
// a bad field is reported and falls back to its default.

export const LIVE_BETA_DEFAULT = 0.95; // page-only: the slider starts between the course's 0.9 and 0.98
const KEYS = ["series", "values", "betas", "beta", "bias_correction", "unit"];
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Limits from the hello's JSON Schema of EwaConfig. */
export function limitsOf(schema) {
  const p = schema.properties;
  const item = p.betas.items;
  const values = p.values.anyOf.find((a) => a.type === "array");
  const series = p.series.anyOf.find((a) => a.type === "string");
  return {
    betaMin: item.minimum ?? 0,
    betaBelow: item.exclusiveMaximum ?? 1, // beta must stay below this
    maxBetas: (p.betas.maxItems ?? 8) - 1, // one slot is the slider's
    maxValues: values?.maxItems ?? 20000,
    units: p.unit.enum,
    seriesPattern: new RegExp(series?.pattern ?? "^[a-z0-9_]{1,64}$"),
  };
}

/** The state with every field at its default. */
export function defaultState(defaults) {
  return {
    series: defaults.series,
    values: null,
    betas: [...defaults.betas],
    beta: LIVE_BETA_DEFAULT,
    bias_correction: defaults.bias_correction,
    unit: defaults.unit,
  };
}

/** The unit a state's series is plotted in: a series of one's own has none (plotted as given). */
export function effectiveUnit(state) {
  return state.values ? null : state.unit;
}

/** The EwaConfig the server gets: the chosen betas plus the live one last. A series of one's own goes as
 *  unit "C", the server's no-conversion unit: its numbers are not temperatures the page knows the unit of. */
export function toConfig(state) {
  const source = state.values ? { series: null, values: state.values } : { series: state.series, values: null };
  const unit = effectiveUnit(state) ?? "C";
  return { ...source, betas: [...state.betas, state.beta], bias_correction: state.bias_correction, unit };
}

function parseNumbers(text) {
  const parts = text.split(",").map((s) => s.trim());
  if (!parts.every((s) => NUMBER.test(s))) throw new Error("expected numbers separated by commas");
  return parts.map(Number);
}

function checkBeta(x, lim) {
  if (!(Number.isFinite(x) && x >= lim.betaMin && x < lim.betaBelow)) {
    throw new Error(`each beta must be at least ${lim.betaMin} and below ${lim.betaBelow} (got ${x})`);
  }
  return x;
}

/** Parse the betas text "0.5, 0.9, 0.98" (also used by the betas input); throws a readable Error. */
export function parseBetas(text, lim) {
  const betas = parseNumbers(text).map((b) => checkBeta(b, lim));
  if (betas.length > lim.maxBetas) throw new Error(`at most ${lim.maxBetas} betas (the slider takes one more)`);
  return betas;
}

const DECODERS = {
  series(text, lim) {
    if (!lim.seriesPattern.test(text)) throw new Error("not a series name");
    return text;
  },
  values(text, lim) {
    const v = parseNumbers(text);
    if (!v.every(Number.isFinite)) throw new Error("numbers must be finite");
    if (v.length > lim.maxValues) throw new Error(`at most ${lim.maxValues} values`);
    return v;
  },
  betas: (text, lim) => parseBetas(text, lim),
  beta: (text, lim) => checkBeta(parseNumbers(text).length === 1 ? Number(text) : NaN, lim),
  bias_correction(text) {
    if (text !== "true" && text !== "false") throw new Error("expected true or false");
    return text === "true";
  },
  unit(text, lim) {
    if (!lim.units.includes(text)) throw new Error(`expected one of ${lim.units.join(", ")}`);
    return text;
  },
};

/**
 * @param {string} search  location.search
 * @returns {{state: object, errors: string[]}}  errors like "betas: each beta must be ..."
 */
export function decodeState(search, defaults, lim) {
  const state = defaultState(defaults);
  const errors = [];
  const params = new URLSearchParams(search);
  for (const key of KEYS) {
    const text = params.get(key);
    if (text === null) continue;
    try {
      state[key] = DECODERS[key](text, lim);
    } catch (e) {
      errors.push(`${key}: ${e.message}`);
    }
  }
  if (state.values) state.series = null;
  return { state, errors };
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The query string (without "?") of a state: only the fields that differ from the defaults. */
export function encodeState(state, defaults, extra = {}) {
  const base = defaultState(defaults);
  const params = new URLSearchParams(extra);
  for (const key of KEYS) {
    const value = state[key];
    if (value === null || value === undefined || same(value, base[key])) continue;
    params.set(key, Array.isArray(value) ? value.map(String).join(",") : String(value));
  }
  return params.toString().replace(/%2C/g, ",");
}
