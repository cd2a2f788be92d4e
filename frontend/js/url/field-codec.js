// One config field <-> its URL text, checked against the schema's FieldSpec (see schema.js).
// backend/playground/urlcodec.py mirrors every rule here; tests/browser/test_playground_url.py proves they agree.
import { packPoints, unpackPoints } from "./points-codec.js";

const INT = /^-?\d{1,16}$/;
const NUM = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Why `v` breaks the spec's bounds, or null. */
export function boundsError(spec, v) {
  if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min)) {
    return `must be ${spec.exclusiveMin ? "greater than" : "at least"} ${spec.min}`;
  }
  if (spec.max !== undefined && (spec.exclusiveMax ? v >= spec.max : v > spec.max)) {
    return `must be ${spec.exclusiveMax ? "less than" : "at most"} ${spec.max}`;
  }
  return null;
}

function parseScalar(spec, text) {
  if (spec.kind === "integer") {
    if (!INT.test(text)) throw new Error("must be a whole number");
    const v = Number(text);
    const err = boundsError(spec, v);
    if (err) throw new Error(err);
    return v;
  }
  if (spec.kind === "number") {
    const v = Number(text);
    if (!NUM.test(text) || !Number.isFinite(v)) throw new Error("must be a finite number");
    const err = boundsError(spec, v);
    if (err) throw new Error(err);
    return v;
  }
  if (spec.kind === "boolean") {
    if (text === "true") return true;
    if (text === "false") return false;
    throw new Error("must be true or false");
  }
  if (spec.kind === "enum") {
    if (!spec.choices.includes(text)) throw new Error(`must be one of ${spec.choices.join(", ")}`);
    return text;
  }
  throw new Error(`unsupported field kind ${spec.kind}`);
}

function parseList(spec, text) {
  const parts = text === "" ? [] : text.split(",");
  if (parts.length < spec.minItems) throw new Error(`needs at least ${spec.minItems} item(s)`);
  if (parts.length > spec.maxItems) throw new Error(`allows at most ${spec.maxItems} items`);
  return parts.map((p, i) => {
    try {
      return parseScalar(spec.item, p);
    } catch (e) {
      throw new Error(`item ${i + 1}: ${e.message}`);
    }
  });
}

function parsePoints(spec, text) {
  let pts;
  try {
    pts = unpackPoints(text);
  } catch (e) {
    throw new Error(`not a packed point list (${e.message})`);
  }
  pts.forEach((p, i) => {
    const err = boundsError(spec.label, p[2]);
    if (err) throw new Error(`point ${i + 1}: label ${err}`);
  });
  return pts;
}

/**
 * Parse one field's URL text.
 * @returns {any} the value
 * @throws {Error} with a message saying what is allowed (the caller prefixes the field name)
 */
export function parseField(spec, text) {
  if (spec.kind === "list") return parseList(spec, text);
  if (spec.kind === "points") return parsePoints(spec, text);
  if (spec.kind === "activation") {
    if (text === "" || text.includes(",")) return parseList({ kind: "list", item: { kind: "enum", choices: spec.choices }, minItems: 0, maxItems: Infinity }, text);
    return parseScalar({ kind: "enum", choices: spec.choices }, text);
  }
  return parseScalar(spec, text);
}

/** One field's value -> URL text (numbers in JavaScript's shortest round-trip form). */
export function formatField(spec, value) {
  if (spec.kind === "points") return packPoints(value, spec.name);
  if (Array.isArray(value)) return value.map(String).join(",");
  return String(value);
}

/** Deep equality for config values (numbers, strings, booleans, nested arrays). */
export function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return a === b;
}
