// The run bar's speed control: how many epochs per second the server may train (0 = as fast as it can).
// Not part of the experiment (results are the same at any speed), shared in the address as `speed=`. DOM only.

import { t } from "../i18n.js";

export const SPEEDS = [5, 20, 100, 500, 0]; // epochs per second; 0 = max
export const DEFAULT_SPEED = 100; // a class can watch a 500-epoch run unfold over five seconds

const text = (v) => (v === 0 ? t("speed.max") : String(v));

/** The speed named by an address value: {value} or {error} (then the default). */
export function parseSpeed(raw) {
  if (raw === null || raw === undefined) return { value: DEFAULT_SPEED };
  const v = raw === "max" ? 0 : Number(raw);
  if (SPEEDS.includes(v)) return { value: v };
  return { value: DEFAULT_SPEED, error: `expected one of ${SPEEDS.map((s) => (s === 0 ? "max" : s)).join(", ")}` };
}

/** The address value for a speed, or null for the default (the link stays short). */
export function formatSpeed(v) {
  return v === DEFAULT_SPEED ? null : v === 0 ? "max" : String(v);
}

/**
 * @param {HTMLElement} host  empty container in the run bar
 * @param {(epochsPerSecond: number) => void} onChange
 * @returns {{set: (v: number) => void, get: () => number}}
 */
export function createSpeedControl(host, onChange) {
  const label = Object.assign(document.createElement("label"), { htmlFor: "speed", textContent: t("speed.label") });
  const sel = Object.assign(document.createElement("select"), { id: "speed" });
  sel.title = t("speed.title");
  for (const v of SPEEDS) sel.append(new Option(text(v), String(v)));
  sel.value = String(DEFAULT_SPEED);
  sel.addEventListener("change", () => onChange(Number(sel.value)));
  host.append(label, sel);
  return {
    set: (v) => (sel.value = String(v)),
    get: () => Number(sel.value),
  };
}
