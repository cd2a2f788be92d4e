// The race config <-> the page URL (readable keys, only values that differ from the defaults). Parsing checks
// every value against the schema's specs and drops what does not fit; the server validates again anyway.
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

/** "?..." -> {config, view}: starts from `defaults` and takes every parameter that passes its spec. */
export function decodeRace(search, specs, defaults, defaultSpeed) {
  const q = new URLSearchParams(search);
  const cfg = structuredClone(defaults);
  const num = (key, spec, set) => {
    if (!q.has(key)) return;
    const v = checkNumber(q.get(key), spec);
    if (v !== undefined) set(v);
  };
  const choice = (key, spec, set) => {
    if (q.has(key) && spec.choices.includes(q.get(key))) set(q.get(key));
  };
  choice("surface", specs.top.surface, (v) => (cfg.surface = v));
  const start = (q.get("start") || "").split(",").map(Number);
  if (start.length === 2 && start.every(Number.isFinite)) cfg.start = start;
  num("alpha", specs.top.learning_rate, (v) => (cfg.learning_rate = v));
  for (const [field, key] of Object.entries(TOP)) num(key, specs.top[field], (v) => (cfg[field] = v));
  choice("decay", specs.top.lr_decay, (v) => (cfg.lr_decay = v));
  if (q.has("racers")) {
    const on = q.get("racers").split(",");
    for (const k of RACER_KEYS) if (!on.includes(k)) delete cfg.optimizers[k];
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
  const speed = Number(q.get("speed"));
  const view = { speed: Number.isFinite(speed) && speed >= 1 ? speed : defaultSpeed, mode: q.get("view") === "3d" ? "3d" : "contour" };
  return { config: cfg, view };
}
