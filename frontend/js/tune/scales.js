// How a hyperparameter is drawn on an axis: log scales on log axes, and beta = 1 - 10^r as 1 - beta on a log
// axis (so the equal spread that the sampling gives is what the eye sees).
import { has, t } from "../i18n.js";

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

/** A hyperparameter's name as shown: the field name in English, the course's term in Chinese. */
export function paramName(name) {
  return has(`tune.param.${name}`) ? t(`tune.param.${name}`) : name;
}

/** A metric's name as shown ("dev accuracy"). */
export const metricName = (metric) => t(`metric.${metric}`);

export function axisTitle(name, range) {
  const shown = paramName(name);
  if (range.values) return shown;
  if (range.scale === "one_minus_log") return t("tune.axis_one_minus_log", { name: shown });
  return range.scale === "log" ? t("tune.axis_log", { name: shown }) : shown;
}

/** Short display of a number: 4 significant digits, exponent form for the very small or large. */
export function fmt(x) {
  if (x === null || x === undefined) return "–";
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
