// How a hyperparameter is drawn on an axis: log scales on log axes, and beta = 1 - 10^r as 1 - beta on a log
// axis (so the equal spread that the sampling gives is what the eye sees).

/** The number plotted for `value` of a range with this scale. */
export function axisValue(range, value) {
  return range.scale === "one_minus_log" && !range.values ? 1 - value : value;
}

/** Inverse of axisValue. */
export function fromAxis(range, x) {
  return range.scale === "one_minus_log" && !range.values ? 1 - x : x;
}

export function axisType(range) {
  return !range.values && (range.scale === "log" || range.scale === "one_minus_log") ? "log" : "linear";
}

export function axisTitle(name, range) {
  if (range.values) return name;
  if (range.scale === "one_minus_log") return `1 − ${name} (log)`;
  return range.scale === "log" ? `${name} (log)` : name;
}

/** Short display of a number: 4 significant digits, exponent form for the very small or large. */
export function fmt(x) {
  if (x === null || x === undefined) return "–";
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
