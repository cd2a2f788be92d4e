// Reads the generated JSON Schema (shared/schema/experiment.json) into one table of field specs: the single
// source of every default, bound and choice the page shows, validates or encodes into the URL.

/**
 * @typedef {{name: string, kind: "number"|"integer"|"boolean"|"enum"|"list"|"points"|"activation",
 *   title: string, description: string, default: any, min?: number, max?: number, exclusiveMin?: boolean,
 *   exclusiveMax?: boolean, choices?: string[], item?: FieldSpec, minItems?: number, maxItems?: number,
 *   label?: {min: number, max: number}}} FieldSpec
 */

function bounds(p) {
  const out = {};
  if (p.minimum !== undefined) out.min = p.minimum;
  if (p.exclusiveMinimum !== undefined) Object.assign(out, { min: p.exclusiveMinimum, exclusiveMin: true });
  if (p.maximum !== undefined) out.max = p.maximum;
  if (p.exclusiveMaximum !== undefined) Object.assign(out, { max: p.exclusiveMaximum, exclusiveMax: true });
  return out;
}

function scalarSpec(p) {
  if (p.enum) return { kind: "enum", choices: p.enum.slice() };
  if (p.type === "boolean") return { kind: "boolean" };
  if (p.type === "integer") return { kind: "integer", ...bounds(p) };
  if (p.type === "number") return { kind: "number", ...bounds(p) };
  return null;
}

/** One property of the JSON Schema -> FieldSpec (null for shapes the page does not know). */
export function fieldSpec(name, p) {
  const base = { name, title: p.title || name, description: p.description || "", default: p.default };
  if (p.anyOf) {
    // activation: one name for every layer, or a list with one per layer
    const str = p.anyOf.find((a) => a.type === "string");
    return { ...base, kind: "activation", choices: str.enum.slice() };
  }
  if (p.type === "array" && p.items?.prefixItems) {
    const [x, , lab] = p.items.prefixItems;
    return { ...base, kind: "points", coord: bounds(x), label: bounds(lab) };
  }
  if (p.type === "array") {
    return { ...base, kind: "list", item: scalarSpec(p.items), minItems: p.minItems ?? 0, maxItems: p.maxItems ?? Infinity };
  }
  const s = scalarSpec(p);
  return s ? { ...base, ...s } : null;
}

/**
 * @param {object} json  the JSON Schema of ExperimentConfig
 * @param {object} [fallback]  defaults for fields whose schema entry has none (pydantic leaves out the
 *   defaults of list fields built by a factory; the server's hello carries the whole default config)
 * @returns {{fields: Object<string, FieldSpec>, order: string[], defaults: object}}
 */
export function readSchema(json, fallback = {}) {
  const fields = {};
  const order = [];
  const defaults = {};
  const missing = [];
  for (const [name, p] of Object.entries(json.properties)) {
    const spec = fieldSpec(name, p);
    if (!spec) continue;
    if (spec.default === undefined) spec.default = fallback[name];
    if (spec.default === undefined) missing.push(name);
    fields[name] = spec;
    order.push(name);
    defaults[name] = structuredClone(spec.default);
  }
  if (missing.length) throw new Error(`schema: no default for ${missing.join(", ")} (regenerate shared/schema)`);
  return { fields, order, defaults };
}

/** Fetch and read the schema the server publishes. */
export async function loadSchema(url = "shared/schema/experiment.json", fallback = {}) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the schema (${res.status} ${url})`);
  return readSchema(await res.json(), fallback);
}
