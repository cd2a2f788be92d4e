// The experiment's fields as the class pages need them: the lock checklist (every field, with the page's
// label) and the class scatter's x choices (numeric fields, log axis where the playground's control is a log
// sequence: α, λ, ε, decay rate, init scale). Read from the JSON Schema and field-hints.js
// (labels from the catalogue, like the playground's own controls).
import { HINTS, fieldText } from "../controls/field-hints.js";
import { fieldSpec } from "../schema.js";

/**
 * @param {object} json  shared/schema/experiment.json
 * @returns {Array<{name: string, label: string, kind: string, numeric: boolean, log: boolean}>} in schema order
 */
export function classFields(json) {
  const out = [];
  for (const [name, p] of Object.entries(json.properties)) {
    const spec = fieldSpec(name, p);
    if (!spec) continue;
    const hint = HINTS[name] || {};
    const numeric = spec.kind === "number" || spec.kind === "integer";
    out.push({ name, label: fieldText(spec).label, kind: spec.kind, numeric, log: hint.widget === "log" });
  }
  return out;
}

/**
 * The numeric fields whose values differ between students (the class's search space), in field order.
 * @param {Array<{config: object}>} rows  results
 */
export function variedFields(fields, rows) {
  return fields.filter((f) => f.numeric && new Set(rows.map((r) => r.config?.[f.name])).size > 1);
}

/** A config value as short text (lists joined with commas). */
export function formatValue(v) {
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? "·" : String(x))).join(",");
  if (typeof v === "number") return String(+v.toPrecision(6));
  return String(v);
}
