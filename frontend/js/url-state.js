// The whole experiment in the URL: `v=1` then only the fields that differ from the schema's defaults, in schema
// order, with readable keys (the field names). Decoding never throws: each bad field is reported and falls back
// to its default, the good fields are kept. backend/playground/urlcodec.py is the Python twin of this module.
import { formatField, parseField, sameValue } from "./url/field-codec.js";

export const VERSION = "1";
// keys a URL may carry beside the experiment: `lesson` names the lesson whose panel the page shows; `speed`
// caps the playground's epochs per second (it changes how fast a run plays, never its numbers); `lang` is the
// page's language (i18n.js): a shared link opens in the sender's language, the run is the same in any; `room`
// (and `name`) are a class room a student joins on /ws/train (shared/protocol/class.md), never part of the run
export const NON_FIELDS = new Set(["lesson", "speed", "lang", "room", "name"]);
const DRAWN = ["points", "dev_points", "test_points"];

function escape(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",");
}

/**
 * @param {object} config  a full ExperimentConfig-shaped object
 * @param {{fields: object, order: string[], defaults: object}} schema  from schema.js
 * @returns {string} the query string without "?"
 */
export function encodeConfig(config, schema) {
  const parts = [`v=${VERSION}`];
  for (const name of schema.order) {
    const value = config[name];
    if (value === undefined || sameValue(value, schema.defaults[name])) continue;
    parts.push(`${name}=${escape(formatField(schema.fields[name], value))}`);
  }
  return parts.join("&");
}

function splitQuery(query) {
  const out = [];
  for (const piece of query.replace(/^\?/, "").split("&")) {
    if (!piece) continue;
    const eq = piece.indexOf("=");
    const rawKey = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? "" : piece.slice(eq + 1);
    let key = rawKey;
    let value = null;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      value = null; // malformed percent-escape: reported as a bad value below
    }
    out.push([key, value]);
  }
  return out;
}

/** Rules that span fields (the model validator's checks); each drops the later field back to its default. */
function crossCheck(config, schema, errors) {
  const reset = (name, message) => {
    errors.push({ field: name, message });
    config[name] = structuredClone(schema.defaults[name]);
  };
  if (new Set(config.features).size !== config.features.length) reset("features", "features must not repeat");
  if (Array.isArray(config.activation) && config.activation.length !== config.hidden.length) {
    reset("activation", `a list needs one entry per hidden layer (${config.hidden.length})`);
  }
  if (config.dev_ratio + config.test_ratio > 0.9) reset("test_ratio", "dev_ratio + test_ratio must be at most 0.9");
  if (config.dev_ratio + config.test_ratio > 0.9) reset("dev_ratio", "dev_ratio + test_ratio must be at most 0.9");
  for (const name of DRAWN) {
    const bad = config[name].findIndex((p) => p[2] >= config.classes);
    if (bad >= 0) reset(name, `point ${bad + 1}: label ${config[name][bad][2]} needs classes > ${config[name][bad][2]}`);
  }
  // The drawn-point cap is the schema's n_samples maximum (MAX_POINTS in backend/playground/config.py).
  const cap = schema.fields.n_samples.max;
  for (const name of [...DRAWN].reverse()) {
    const total = DRAWN.reduce((s, n) => s + config[n].length, 0);
    if (total > cap) reset(name, `at most ${cap} drawn points in all`);
  }
}

/**
 * @param {string} query  location.search (with or without "?")
 * @returns {{config: object, errors: Array<{field: string, message: string}>}}
 */
export function decodeQuery(query, schema) {
  const config = structuredClone(schema.defaults);
  const errors = [];
  const seen = new Set();
  for (const [key, value] of splitQuery(query)) {
    if (NON_FIELDS.has(key)) continue;
    if (key === "v") {
      if (value !== VERSION) errors.push({ field: "v", message: `unsupported version ${JSON.stringify(value)}; read as v=${VERSION}` });
      continue;
    }
    const spec = schema.fields[key];
    if (!spec) {
      errors.push({ field: key, message: "unknown key (ignored)" });
      continue;
    }
    if (seen.has(key)) {
      errors.push({ field: key, message: "given more than once (using the default)" });
      config[key] = structuredClone(schema.defaults[key]);
      continue;
    }
    seen.add(key);
    try {
      if (value === null) throw new Error("malformed percent-escape");
      config[key] = parseField(spec, value);
    } catch (e) {
      errors.push({ field: key, message: e.message });
    }
  }
  crossCheck(config, schema, errors);
  return { config, errors };
}
