// The race's field table, read from the RaceConfig JSON Schema the server sends in `hello`: every default,
// bound and choice the page shows or accepts from the URL comes from here, never from a copy in the page.
import { t } from "../i18n.js";

export const RACERS = [
  { key: "gd", color: "#d62728", params: [] },
  { key: "momentum", color: "#1f77b4", params: ["beta"] },
  { key: "rmsprop", color: "#2ca02c", params: ["beta2", "epsilon"] },
  { key: "adam", color: "#9467bd", params: ["beta1", "beta2", "epsilon"] },
];

/** A racer's name and its short name (legend) in the page's language. */
export const racerLabel = (key) => t(`racer.${key}`);
export const racerShort = (key) => t(`racer.${key}.short`);
export const RACER_KEYS = RACERS.map((r) => r.key);
export const DATA_FIELDS = ["dataset", "n_samples", "noise", "data_seed", "l2"]; // ExperimentConfig's

/** One schema property -> {kind, min, max, exclusiveMin, exclusiveMax, choices, default, nullable}. */
export function fieldSpec(p) {
  const nullable = Array.isArray(p.anyOf) && p.anyOf.some((a) => a.type === "null");
  const base = nullable ? p.anyOf.find((a) => a.type !== "null") : p;
  const spec = { default: p.default, nullable, description: p.description || "" };
  if (base.enum) return { ...spec, kind: "enum", choices: base.enum.slice() };
  if (base.type === "integer" || base.type === "number") {
    spec.kind = base.type;
    if (base.minimum !== undefined) spec.min = base.minimum;
    if (base.exclusiveMinimum !== undefined) Object.assign(spec, { min: base.exclusiveMinimum, exclusiveMin: true });
    if (base.maximum !== undefined) spec.max = base.maximum;
    if (base.exclusiveMaximum !== undefined) Object.assign(spec, { max: base.exclusiveMaximum, exclusiveMax: true });
    return spec;
  }
  return { ...spec, kind: base.type || "other" };
}

/** The RaceConfig schema -> {top, racer, data} maps of field specs. */
export function raceSpecs(schema) {
  const specs = (props) => Object.fromEntries(Object.entries(props).map(([k, p]) => [k, fieldSpec(p)]));
  const defs = schema.$defs || {};
  const exp = defs.ExperimentConfig?.properties || {};
  return {
    top: specs(schema.properties),
    racer: specs(defs.RacerConfig.properties),
    data: specs(Object.fromEntries(DATA_FIELDS.filter((k) => exp[k]).map((k) => [k, exp[k]]))),
  };
}

/** A number accepted by `spec` (finite, in bounds, integral when needed), else undefined. */
export function checkNumber(value, spec) {
  const x = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(x) || value === "" || value === null) return undefined;
  if (spec.kind === "integer" && !Number.isInteger(x)) return undefined;
  if (spec.min !== undefined && (spec.exclusiveMin ? x <= spec.min : x < spec.min)) return undefined;
  if (spec.max !== undefined && (spec.exclusiveMax ? x >= spec.max : x > spec.max)) return undefined;
  return x;
}

/** The page's starting config: schema defaults, all four racers with the surface's default alpha. */
export function defaultConfig(specs) {
  const d = (k) => specs.top[k].default;
  const racer = () => Object.fromEntries(Object.entries(specs.racer).map(([k, s]) => [k, s.default]));
  return {
    surface: d("surface"), start: null, steps: null, learning_rate: null, noise: d("noise"), seed: d("seed"),
    lr_decay: d("lr_decay"), decay_rate: d("decay_rate"), decay_interval: d("decay_interval"),
    optimizers: Object.fromEntries(RACER_KEYS.map((k) => [k, racer()])),
    data: Object.fromEntries(Object.entries(specs.data).map(([k, s]) => [k, s.default])),
  };
}

/** What goes on the wire: the data block only for dataset_logistic (the other surfaces ignore it). */
export function wireConfig(cfg) {
  return { ...cfg, data: cfg.surface === "dataset_logistic" ? { ...cfg.data } : null };
}
