// The search form: one row per hyperparameter (field, scale, min, max or values), trials, method, seed.
import { t } from "../i18n.js";
import { paramName } from "./scales.js";
import { SCALES, parseRange } from "./sweep-url.js";

function option(value, label = value, selected = false) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  o.selected = selected;
  return o;
}

function input(cls, value, label) {
  const el = document.createElement("input");
  el.type = "text";
  el.className = cls;
  el.value = value;
  el.setAttribute("aria-label", label);
  return el;
}

export class SearchForm {
  /**
   * @param {HTMLElement} root  holds #param-rows, #add-param, #trials, #method, #seed
   * @param {Object<string, {integer: boolean, min: number, max: number, description: string}>} fields
   */
  constructor(root, fields) {
    this.root = root;
    this.fields = fields;
    this.rows = root.querySelector("#param-rows");
    root.querySelector("#add-param").addEventListener("click", () => this.addRow(this.unusedField(), null));
  }

  unusedField() {
    const used = new Set([...this.rows.querySelectorAll("select.name")].map((s) => s.value));
    return Object.keys(this.fields).find((n) => !used.has(n)) || Object.keys(this.fields)[0];
  }

  addRow(name, range) {
    const row = document.createElement("div");
    row.className = "param-row";
    const select = document.createElement("select");
    select.className = "name";
    select.setAttribute("aria-label", t("tune.hyperparameter"));
    for (const n of Object.keys(this.fields).sort()) select.append(option(n, paramName(n), n === name));
    const scale = document.createElement("select");
    scale.className = "scale";
    scale.setAttribute("aria-label", t("tune.scale"));
    const kind = range?.values ? "values" : range?.scale || "linear";
    for (const s of [...SCALES, "values"]) scale.append(option(s, t(`tune.scale.${s}`), s === kind));
    const min = input("min", range && !range.values ? range.min : this.fields[name]?.min ?? 0, t("tune.min"));
    const max = input("max", range && !range.values ? range.max : this.fields[name]?.max ?? 1, t("tune.max"));
    const values = input("values", range?.values ? range.values.join(",") : "", t("tune.values"));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "icon";
    remove.textContent = "×";
    remove.title = t("tune.remove");
    remove.addEventListener("click", () => row.remove());
    const sync = () => {
      const isValues = scale.value === "values";
      min.hidden = max.hidden = isValues;
      values.hidden = !isValues;
      row.title = this.fields[select.value]?.description || "";
    };
    scale.addEventListener("change", sync);
    select.addEventListener("change", sync);
    row.append(select, scale, min, max, values, remove);
    sync();
    this.rows.append(row);
  }

  /** Show a search (rows replaced). */
  show(search) {
    this.rows.textContent = "";
    for (const [name, range] of Object.entries(search.params)) this.addRow(name, range);
    this.root.querySelector("#trials").value = search.trials;
    this.root.querySelector("#method").value = search.method;
    this.root.querySelector("#seed").value = search.seed;
  }

  /** The search the form describes; throws Error naming the row on text that is not a number. */
  read() {
    const params = {};
    for (const row of this.rows.querySelectorAll(".param-row")) {
      const name = row.querySelector("select.name").value;
      const scale = row.querySelector("select.scale").value;
      const spec = scale === "values"
        ? `values:${row.querySelector("input.values").value.replace(/\s+/g, "")}`
        : `${scale}:${row.querySelector("input.min").value.trim()}:${row.querySelector("input.max").value.trim()}`;
      try {
        params[name] = parseRange(spec);
      } catch (e) {
        throw new Error(`${name}: ${e.message}`);
      }
    }
    const whole = (id) => {
      const v = Number(this.root.querySelector(id).value);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${id.slice(1)}: expected a whole number`);
      return v;
    };
    return { trials: whole("#trials"), method: this.root.querySelector("#method").value, seed: whole("#seed"), params };
  }
}
