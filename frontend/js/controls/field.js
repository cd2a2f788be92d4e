// One labelled control for one config field, built from its schema FieldSpec and its presentation hint.
// The control's accessible name is its visible label; values are checked against the schema bounds.
import { boundsError } from "../url/field-codec.js";
import { t } from "../i18n.js";
import { reasonText } from "../error-text.js";
import { choiceText, fieldText } from "./field-hints.js";

let uid = 0;

/** The 1-3 (or 1-2-5) values inside the spec's bounds, as exact decimals (built from strings). */
export function logChoices(spec, hint) {
  const out = hint.zero && !boundsError(spec, 0) ? [0] : [];
  const lo = Math.floor(Math.log10(hint.from));
  const hi = Math.ceil(Math.log10(spec.max));
  for (let e = lo; e <= hi; e++) {
    for (const m of hint.mantissas) {
      const v = Number(`${m}e${e}`);
      if (v >= hint.from && !boundsError(spec, v)) out.push(v);
    }
  }
  return out;
}

function decimals(step) {
  const s = String(step);
  return s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
}

function option(value, text) {
  const o = document.createElement("option");
  o.value = String(value);
  o.textContent = text ?? String(value);
  return o;
}

function buildInput(spec, hint, id) {
  const w = hint.widget;
  if (w === "check") {
    const el = Object.assign(document.createElement("input"), { type: "checkbox", id });
    return { el, read: () => el.checked, write: (v) => (el.checked = !!v) };
  }
  if (w === "select" || w === "log") {
    const el = Object.assign(document.createElement("select"), { id });
    const values = spec.kind === "integer" ? range(spec.min, spec.max) : w === "log" ? logChoices(spec, hint) : spec.choices;
    for (const v of values) el.append(option(v, spec.kind === "enum" ? choiceText(v) : undefined));
    const parse = spec.kind === "enum" ? (t) => t : Number;
    const write = (v) => {
      if (![...el.options].some((o) => o.value === String(v))) insertSorted(el, v);
      el.value = String(v);
    };
    return { el, read: () => parse(el.value), write };
  }
  if (w === "range") {
    const el = Object.assign(document.createElement("input"), { type: "range", id, min: spec.min, max: spec.max, step: hint.step });
    const d = decimals(hint.step);
    // an exclusive bound is not selectable: keep the slider one step inside it
    if (spec.exclusiveMax) el.max = String(Number((spec.max - hint.step).toFixed(d)));
    if (spec.exclusiveMin) el.min = String(Number((spec.min + hint.step).toFixed(d)));
    return { el, read: () => Number(Number(el.value).toFixed(d)), write: (v) => (el.value = String(v)) };
  }
  const el = Object.assign(document.createElement("input"), { type: "number", id, min: spec.min, max: spec.max, step: 1 });
  el.inputMode = "numeric";
  return { el, read: () => (el.value.trim() === "" ? NaN : Number(el.value)), write: (v) => (el.value = String(v)) };
}

function range(a, b) {
  const out = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

function insertSorted(select, v) {
  const o = option(v);
  const after = [...select.options].find((x) => Number(x.value) > v);
  select.insertBefore(o, after || null);
}

/** Why `v` is not acceptable for `spec`, or null. */
function valueError(spec, v) {
  if (spec.kind === "integer" && !Number.isInteger(v)) return "must be a whole number";
  if ((spec.kind === "number" || spec.kind === "integer") && !Number.isFinite(v)) return "must be a number";
  return spec.kind === "number" || spec.kind === "integer" ? boundsError(spec, v) : null;
}

/**
 * @param {object} spec  FieldSpec from schema.js
 * @param {object} hint  from field-hints.js
 * @param {(value: any, opts: {commit: boolean}) => void} onChange  called with valid values only
 * @returns {{el: HTMLElement, set: (v: any) => void, caption: (text: string) => void, enable: (on: boolean) => void,
 *   lock: (why: string|null) => void}}
 */
export function createField(spec, hint, onChange) {
  const id = `f-${spec.name}-${++uid}`;
  const wrap = document.createElement("div");
  wrap.className = `field field-${hint.widget}`;
  wrap.dataset.field = spec.name;
  const text = fieldText(spec);
  const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: text.label });
  label.title = text.description;
  const input = buildInput(spec, hint, id);
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "value";
  const cap = document.createElement("small");
  cap.className = "caption";
  cap.id = `${id}-cap`;
  input.el.setAttribute("aria-describedby", cap.id);
  const show = (v) => (out.textContent = hint.widget === "range" ? String(v) : "");
  const emit = (commit) => {
    const v = input.read();
    const err = valueError(spec, v);
    input.el.setAttribute("aria-invalid", String(!!err));
    wrap.classList.toggle("invalid", !!err);
    if (err) {
      cap.textContent = t("field.invalid", { field: text.label, reason: reasonText(err) });
      return;
    }
    show(v);
    onChange(v, { commit });
  };
  input.el.addEventListener("input", () => hint.widget === "range" && emit(false));
  input.el.addEventListener("change", () => emit(true));
  if (hint.widget === "check") wrap.append(input.el, label, cap);
  else if (hint.widget === "range") wrap.append(label, out, input.el, cap);
  else wrap.append(label, input.el, cap);
  return {
    el: wrap,
    set(v) {
      input.write(v);
      show(v);
      wrap.classList.remove("invalid");
      input.el.setAttribute("aria-invalid", "false");
    },
    caption(text) {
      if (!wrap.classList.contains("invalid")) cap.textContent = text;
    },
    enable(on) {
      wrap.classList.toggle("unused", !on);
    },
    /** Disable the control with the reason as its tooltip (a class teacher locked it); null unlocks. */
    lock(why) {
      input.el.disabled = !!why;
      wrap.classList.toggle("locked", !!why);
      for (const node of [wrap, input.el]) {
        if (why) node.title = why;
        else node.removeAttribute("title");
      }
    },
  };
}
