// The side panel: surface, data (for dataset_logistic), racers with their own alpha and betas, same-alpha
// switch, noise, decay, steps. It edits the config object in place and reports each edit (no socket).
import { t } from "../i18n.js";
import { choiceText } from "../controls/field-hints.js";
import { RACERS, checkNumber, racerLabel } from "./spec.js";

const $ = (sel) => document.querySelector(sel);
const surfaceName = (s) => t(`surface.${s}`);
const LOG_ALPHA = { min: -5, max: 2 }; // the alpha slider's decades; the number box takes any schema-valid alpha

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") e.style.cssText = v;
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** A number box bound to `spec`; invalid entries are marked and not applied. */
function numberBox(spec, label, get, set, changed) {
  const input = el("input", { type: "number", step: "any", "aria-label": label, title: spec.description });
  if (spec.min !== undefined && !spec.exclusiveMin) input.min = spec.min;
  if (spec.max !== undefined && !spec.exclusiveMax) input.max = spec.max;
  input.addEventListener("change", () => {
    const v = checkNumber(input.value, spec);
    input.setCustomValidity(v === undefined ? t("race.allowed", { min: spec.min ?? "-∞", max: spec.max ?? "∞" }) : "");
    if (v === undefined) return input.reportValidity();
    set(v);
    changed(true);
  });
  input.sync = () => (input.value = get() ?? "");
  return input;
}

export class RaceControls {
  /** @param {object} specs raceSpecs(); surfaces: hello.surfaces; changed(commit: boolean) */
  constructor(specs, surfaces, changed) {
    Object.assign(this, { specs, surfaces, changed, cfg: null, syncs: [] });
    this.buildSurface();
    this.buildRacers();
    this.buildGeneral();
  }

  info() {
    return this.surfaces[this.cfg.surface] || this.surfaceInfo;
  }

  buildSurface() {
    const select = $("#surface");
    for (const name of this.specs.top.surface.choices) select.append(el("option", { value: name }, surfaceName(name)));
    select.addEventListener("change", () => {
      Object.assign(this.cfg, { surface: select.value, start: null, steps: null });
      for (const r of Object.values(this.cfg.optimizers)) r.learning_rate = null; // each surface has its own
      this.changed(true);
    });
    $("#start-default").addEventListener("click", () => {
      this.cfg.start = null;
      this.changed(true);
    });
    const box = $("#data-fields");
    const d = this.specs.data;
    const dataset = el("select", { id: "data-dataset", "aria-label": t("field.dataset") });
    for (const c of d.dataset.choices.filter((c) => c !== "custom")) dataset.append(el("option", { value: c }, choiceText(c)));
    dataset.addEventListener("change", () => {
      this.cfg.data.dataset = dataset.value;
      this.changed(true);
    });
    const row = (label, input) => el("div", { class: "field" }, el("label", {}, label), input);
    box.append(row(t("field.dataset"), dataset));
    for (const [k, label] of [["n_samples", t("race.data_points")], ["noise", t("race.data_noise")], ["data_seed", t("field.data_seed")], ["l2", t("field.l2")]]) {
      const input = numberBox(d[k], label, () => this.cfg.data[k], (v) => (this.cfg.data[k] = v), this.changed);
      this.syncs.push(input.sync);
      box.append(row(label, input));
    }
    this.syncs.push(() => (dataset.value = this.cfg.data.dataset));
    this.syncs.push(() => {
      select.value = this.cfg.surface;
      box.hidden = this.cfg.surface !== "dataset_logistic";
      const info = this.info();
      $("#formula").textContent = info ? `J = ${info.formula}` : "";
      const s = this.cfg.start || info?.start;
      $("#start-text").textContent = s ? `(${s.map((v) => (+v).toPrecision(3)).join(", ")})` : "";
    });
  }

  buildRacers() {
    const same = $("#same-alpha");
    const sameValue = $("#same-alpha-value");
    same.addEventListener("change", () => {
      this.cfg.learning_rate = same.checked ? checkNumber(sameValue.value, this.specs.top.learning_rate) ?? this.defaultAlpha("gd") : null;
      this.changed(true);
    });
    sameValue.addEventListener("change", () => {
      const v = checkNumber(sameValue.value, this.specs.top.learning_rate);
      if (v !== undefined && same.checked) {
        this.cfg.learning_rate = v;
        this.changed(true);
      }
    });
    this.syncs.push(() => {
      same.checked = this.cfg.learning_rate !== null;
      sameValue.disabled = !same.checked;
      sameValue.value = this.cfg.learning_rate ?? this.defaultAlpha("gd");
    });
    const host = $("#racers");
    for (const racer of RACERS) host.append(this.racerBox(racer));
  }

  defaultAlpha(key) {
    return this.info()?.learning_rates?.[key] ?? 0.01;
  }

  racerBox({ key, color, params }) {
    const label = racerLabel(key);
    const spec = this.specs.racer;
    const hp = () => this.cfg.optimizers[key];
    const on = el("input", { type: "checkbox", id: `racer-${key}`, "data-racer": key });
    const box = el("div", { class: "racer", style: `--racer:${color}` }, el("label", { class: "head" }, on, label));
    on.addEventListener("change", () => {
      if (on.checked) this.cfg.optimizers[key] = this.stash?.[key] || Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, s.default]));
      else {
        this.stash = { ...this.stash, [key]: hp() };
        delete this.cfg.optimizers[key];
      }
      this.changed(true);
    });
    const alphaOf = () => this.cfg.learning_rate ?? hp()?.learning_rate ?? this.defaultAlpha(key);
    const slider = el("input", { type: "range", min: LOG_ALPHA.min, max: LOG_ALPHA.max, step: 0.01, "aria-label": t("race.log_alpha", { racer: label }) });
    const number = numberBox(spec.learning_rate, t("race.alpha_of", { racer: label }), alphaOf, (v) => (hp().learning_rate = v), this.changed);
    slider.addEventListener("input", () => {
      hp().learning_rate = +Math.pow(10, +slider.value).toPrecision(3);
      number.value = hp().learning_rate;
      this.changed(false);
    });
    slider.addEventListener("change", () => this.changed(true));
    const grid = el("div", { class: "params" }, el("div", { class: "alpha" }, slider, number));
    grid.prepend(el("label", { style: "grid-column: 1 / -1" }, t("race.alpha")));
    const boxes = [number];
    for (const p of params) {
      const input = numberBox(spec[p], `${label} ${p}`, () => hp()?.[p], (v) => (hp()[p] = v), this.changed);
      boxes.push(input);
      grid.append(el("label", {}, p === "epsilon" ? "ε" : p.replace("beta", "β")), input);
    }
    box.append(grid);
    this.syncs.push(() => {
      const enabled = !!hp();
      on.checked = enabled;
      box.classList.toggle("off", !enabled);
      const fixed = this.cfg.learning_rate !== null;
      for (const b of boxes) b.disabled = !enabled;
      slider.disabled = number.disabled = !enabled || fixed;
      for (const b of boxes) b.sync();
      number.value = alphaOf();
      slider.value = Math.log10(alphaOf());
    });
    return box;
  }

  buildGeneral() {
    const top = this.specs.top;
    const host = $("#general");
    const row = (label, input) => host.append(el("div", { class: "field" }, el("label", {}, label), input));
    const noise = el("input", { type: "range", min: top.noise.min, max: top.noise.max, step: 0.01, id: "noise", "aria-label": t("race.noise_aria") });
    const noiseOut = el("output", {});
    noise.addEventListener("input", () => {
      this.cfg.noise = +noise.value;
      noiseOut.textContent = noise.value;
      this.changed(false);
    });
    noise.addEventListener("change", () => this.changed(true));
    row(t("race.noise"), noiseOut);
    host.append(noise);
    const decay = el("select", { id: "lr-decay", "aria-label": t("field.lr_decay") });
    for (const c of top.lr_decay.choices) decay.append(el("option", { value: c }, t(`race.decay.${c}`)));
    decay.addEventListener("change", () => {
      this.cfg.lr_decay = decay.value;
      this.changed(true);
    });
    const boxes = {};
    for (const [k, label] of [["seed", t("race.noise_seed")], ["decay_rate", t("race.decay_rate")], ["decay_interval", t("race.decay_interval")], ["steps", t("race.steps")]]) {
      boxes[k] = numberBox(top[k], label, () => this.cfg[k] ?? (k === "steps" ? this.info()?.steps : undefined), (v) => (this.cfg[k] = v), this.changed);
      if (k === "decay_rate") row(t("race.lr_decay"), decay);
      row(label, boxes[k]);
    }
    this.syncs.push(() => {
      noise.value = this.cfg.noise;
      noiseOut.textContent = this.cfg.noise;
      decay.value = this.cfg.lr_decay;
      for (const b of Object.values(boxes)) b.sync();
      boxes.decay_rate.disabled = boxes.decay_interval.disabled = this.cfg.lr_decay === "none";
    });
  }

  /** Show `cfg` (edited in place from now on); surfaceInfo: the latest surface frame's header. */
  show(cfg, surfaceInfo) {
    this.cfg = cfg;
    if (surfaceInfo) this.surfaceInfo = surfaceInfo;
    for (const sync of this.syncs) sync();
  }
}
