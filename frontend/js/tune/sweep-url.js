// The search in the page URL's hash, so a sweep is shareable: the experiment itself stays in the query string
// (the playground's own format, url-state.js), the search in `#trials=25&method=random&seed=0&p=NAME:SPEC`...
// with SPEC = `log:MIN:MAX`, `linear:MIN:MAX`, `one_minus_log:MIN:MAX` or `values:V1,V2,...`.
// Decoding never throws: each bad part is reported and skipped.

export const SCALES = ["linear", "log", "one_minus_log"];
export const METHODS = ["random", "grid"];

export const DEFAULT_SEARCH = {
  trials: 25,
  method: "random",
  seed: 0,
  params: {
    learning_rate: { min: 0.0001, max: 1, scale: "log" },
    beta1: { min: 0.8, max: 0.999, scale: "one_minus_log" },
  },
};

/** @param {{min?: number, max?: number, scale?: string, values?: number[]}} range */
export function formatRange(range) {
  if (range.values) return `values:${range.values.join(",")}`;
  return `${range.scale || "linear"}:${range.min}:${range.max}`;
}

function parseNumber(text) {
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`${JSON.stringify(text)} is not a number`);
  return Number(text);
}

/** "log:0.0001:1" -> {min, max, scale}; "values:16,32" -> {values}. Throws on bad text. */
export function parseRange(text) {
  const [kind, ...rest] = text.split(":");
  if (kind === "values") {
    const values = rest.join(":").split(",").filter((v) => v !== "").map(parseNumber);
    if (!values.length) throw new Error("values: give at least one number");
    return { values };
  }
  if (!SCALES.includes(kind)) throw new Error(`unknown scale ${JSON.stringify(kind)} (use ${SCALES.join(", ")} or values)`);
  if (rest.length !== 2) throw new Error(`${kind}: expected ${kind}:MIN:MAX`);
  return { min: parseNumber(rest[0]), max: parseNumber(rest[1]), scale: kind };
}

/** @returns {string} the hash without "#" */
export function encodeSearch(search) {
  const parts = [`trials=${search.trials}`, `method=${search.method}`, `seed=${search.seed}`];
  for (const [name, range] of Object.entries(search.params)) {
    parts.push(`p=${encodeURIComponent(name)}:${encodeURIComponent(formatRange(range)).replace(/%2C/g, ",").replace(/%3A/g, ":")}`);
  }
  return parts.join("&");
}

/** @returns {{search: object, errors: Array<{field: string, message: string}>}} */
export function decodeSearch(hash) {
  const text = hash.replace(/^#/, "");
  if (!text) return { search: structuredClone(DEFAULT_SEARCH), errors: [] };
  const search = { trials: DEFAULT_SEARCH.trials, method: DEFAULT_SEARCH.method, seed: DEFAULT_SEARCH.seed, params: {} };
  const errors = [];
  for (const piece of text.split("&")) {
    if (!piece) continue;
    const eq = piece.indexOf("=");
    const key = eq < 0 ? piece : piece.slice(0, eq);
    let value;
    try {
      value = decodeURIComponent(eq < 0 ? "" : piece.slice(eq + 1));
    } catch {
      errors.push({ field: key, message: "malformed percent-escape" });
      continue;
    }
    try {
      if (key === "trials" || key === "seed") {
        const n = parseNumber(value);
        if (!Number.isInteger(n) || n < 0) throw new Error("expected a whole number");
        search[key] = n;
      } else if (key === "method") {
        if (!METHODS.includes(value)) throw new Error(`use ${METHODS.join(" or ")}`);
        search.method = value;
      } else if (key === "p") {
        const colon = value.indexOf(":");
        if (colon < 1) throw new Error("expected p=NAME:SCALE:MIN:MAX or p=NAME:values:V1,V2");
        search.params[value.slice(0, colon)] = parseRange(value.slice(colon + 1));
      } else {
        throw new Error("unknown key (ignored)");
      }
    } catch (e) {
      errors.push({ field: key === "p" ? `p ${value.split(":")[0]}` : key, message: e.message });
    }
  }
  if (!Object.keys(search.params).length) search.params = structuredClone(DEFAULT_SEARCH.params);
  return { search, errors };
}
