// The race config <-> the page URL (readable keys, only values that differ from the defaults). Parsing checks
// every value against the schema's specs (and the hello's domains), reports what does not fit and keeps the
// default for it; the server validates again anyway.
import { DATA_FIELDS, RACER_KEYS, checkNumber } from "./spec.js";

const TOP = { steps: "steps", noise: "noise", seed: "seed", decay_rate: "decay_rate", decay_interval: "decay_interval" };
const RACER = { learning_rate: "lr", beta: "beta", beta1: "beta1", beta2: "beta2", epsilon: "eps" };
const DATA = { dataset: "data", n_samples: "data_n", noise: "data_noise", data_seed: "data_seed", l2: "l2" };

/** config + view {speed, mode} -> "?surface=...&..." (defaults left out). */
export function encodeRace(cfg, view, defaults) {
  const q = new URLSearchParams();
  const put = (key, value, dflt) => {
    if (value !== null && value !== undefined && value !== dflt) q.set(key, String(value));
  };
  put("surface", cfg.surface, defaults.surface);
  if (cfg.start) q.set("start", cfg.start.map((v) => +v.toPrecision(6)).join(","));
  put("alpha", cfg.learning_rate, null);
  for (const [field, key] of Object.entries(TOP)) put(key, cfg[field], defaults[field]);
  put("decay", cfg.lr_decay, defaults.lr_decay);
  const racers = RACER_KEYS.filter((k) => cfg.optimizers[k]);
  if (racers.length !== RACER_KEYS.length) q.set("racers", racers.join(","));
  for (const name of racers) {
    for (const [field, key] of Object.entries(RACER)) {
      put(`${name}.${key}`, cfg.optimizers[name][field], defaults.optimizers[name][field]);
    }
  }
  if (cfg.surface === "dataset_logistic") {
    for (const [field, key] of Object.entries(DATA)) put(key, cfg.data[field], defaults.data[field]);
  }
  put("speed", view.speed, view.defaultSpeed);
  if (view.mode === "3d") q.set("view", "3d");
  const s = q.toString();
  return s ? `?${s}` : "";
}

const VIEW_KEYS = ["surface", "start", "alpha", "decay", "racers", "speed", "view", "lesson", "lang"]; // lang: i18n.js

function bounds(spec) {
  const lo = spec.min === undefined ? "" : `${spec.exclusiveMin ? ">" : "≥"} ${spec.min}`;
  const hi = spec.max === undefined ? "" : `${spec.exclusiveMax ? "<" : "≤"} ${spec.max}`;
  const range = [lo, hi].filter(Boolean).join(" and ");
  return `${spec.kind === "integer" ? "an integer" : "a number"}${range ? ` ${range}` : ""}`;
}

/** Every key a race URL may carry. */
function knownKeys() {
  const keys = new Set([...VIEW_KEYS, ...Object.values(TOP), ...Object.values(DATA)]);
  for (const name of RACER_KEYS) for (const key of Object.values(RACER)) keys.add(`${name}.${key}`);
  return keys;
}

/** The start point of a URL: two finite numbers inside the surface's domain [x0, x1, y0, y1], else an error. */
function parseStart(text, surface, domain) {
  const xy = text.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
  if (xy.length !== 2 || !xy.every(Number.isFinite)) return { error: `expected two numbers "x,y" (got "${text}")` };
  if (!domain) return { value: xy };
  const [x0, x1, y0, y1] = domain;
  if (xy[0] < x0 || xy[0] > x1 || xy[1] < y0 || xy[1] > y1) {
    return { error: `(${xy.join(", ")}) lies outside the ${surface} domain x in [${x0}, ${x1}], y in [${y0}, ${y1}]` };
  }
  return { value: xy };
}

/**
 * "?..." -> {config, view, errors}: starts from `defaults` and takes every parameter that passes its spec.
 * Decoding never throws: each bad parameter is reported as {field, message} and its default kept.
 * @param {{defaultSpeed: number, domains: object, speedRange: number[]}} ctx  domains: surface name ->
 *   [x0, x1, y0, y1] and speedRange: [min, max] steps per second, both from the hello
 */
export function decodeRace(search, specs, defaults, { defaultSpeed, domains = {}, speedRange = [1, Infinity] }) {
  const q = new URLSearchParams(search);
  const cfg = structuredClone(defaults);
  const errors = [];
  const bad = (field, message) => errors.push({ field, message });
  const num = (key, spec, set) => {
    if (!q.has(key)) return;
    const v = checkNumber(q.get(key), spec);
    if (v !== undefined) set(v);
    else bad(key, `expected ${bounds(spec)} (got "${q.get(key)}")`);
  };
  const choice = (key, spec, set) => {
    if (!q.has(key)) return;
    if (spec.choices.includes(q.get(key))) set(q.get(key));
    else bad(key, `"${q.get(key)}" is not one of ${spec.choices.join(", ")}`);
  };
  for (const key of new Set(q.keys())) if (!knownKeys().has(key)) bad(key, "not a race setting");
  choice("surface", specs.top.surface, (v) => (cfg.surface = v));
  if (q.has("start")) {
    const { value, error } = parseStart(q.get("start"), cfg.surface, domains[cfg.surface]);
    if (error) bad("start", error);
    else cfg.start = value;
  }
  num("alpha", specs.top.learning_rate, (v) => (cfg.learning_rate = v));
  for (const [field, key] of Object.entries(TOP)) num(key, specs.top[field], (v) => (cfg[field] = v));
  choice("decay", specs.top.lr_decay, (v) => (cfg.lr_decay = v));
  if (q.has("racers")) {
    const on = q.get("racers").split(",").filter(Boolean);
    const unknown = on.filter((k) => !RACER_KEYS.includes(k));
    if (unknown.length) bad("racers", `${unknown.join(", ")}: not a racer (${RACER_KEYS.join(", ")})`);
    if (on.some((k) => RACER_KEYS.includes(k))) {
      for (const k of RACER_KEYS) if (!on.includes(k)) delete cfg.optimizers[k];
    } else if (!unknown.length) bad("racers", "no racer given");
  }
  for (const name of Object.keys(cfg.optimizers)) {
    for (const [field, key] of Object.entries(RACER)) {
      num(`${name}.${key}`, specs.racer[field], (v) => (cfg.optimizers[name][field] = v));
    }
  }
  for (const field of DATA_FIELDS) {
    const spec = specs.data[field];
    if (!spec) continue;
    if (spec.kind === "enum") choice(DATA[field], spec, (v) => (cfg.data[field] = v));
    else num(DATA[field], spec, (v) => (cfg.data[field] = v));
  }
  return { config: cfg, view: decodeView(q, defaultSpeed, speedRange, bad), errors };
}

function decodeView(q, defaultSpeed, [lo, hi], bad) {
  const speed = Number(q.get("speed"));
  const speedOk = !q.has("speed") || (q.get("speed") !== "" && speed >= lo && speed <= hi);
  if (!speedOk) bad("speed", `expected steps per second from ${lo} to ${hi} (got "${q.get("speed")}")`);
  const mode = q.get("view");
  if (q.has("view") && mode !== "3d" && mode !== "contour") bad("view", `"${mode}" is not one of 3d, contour`);
  return { speed: q.has("speed") && speedOk ? speed : defaultSpeed, mode: mode === "3d" ? "3d" : "contour" };
}
