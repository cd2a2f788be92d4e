// The network editor: add/remove hidden layers, +/- neurons and an activation per layer, placed above each
// column of the diagram. Emits config changes {hidden, activation}; bounds come from the schema.
import { t } from "../i18n.js";
import { choiceText } from "./field-hints.js";

/**
 * @param {HTMLElement} bar  the row above the diagram (layer count + buttons)
 * @param {HTMLElement} heads  positioned row that holds one header per hidden layer
 * @param {object} schema  from schema.js
 * @param {(partial: object) => void} onChange
 */
export function createNetworkEditor(bar, heads, schema, onChange) {
  const hiddenSpec = schema.fields.hidden;
  const maxLayers = hiddenSpec.maxItems;
  const { min: minUnits, max: maxUnits } = hiddenSpec.item;
  const acts = schema.fields.activation.choices;
  let config = null;
  let columnsX = [];

  const count = document.createElement("span");
  count.className = "net-count";
  const add = button("+", t("net.add_layer"), () => edit((h, a) => (h.push(h.at(-1) ?? 4), a.push(a.at(-1) ?? acts[0]))));
  const remove = button("−", t("net.remove_layer"), () => edit((h, a) => (h.pop(), a.pop())));
  bar.append(remove, add, count);

  function button(text, label, fn) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "icon";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", fn);
    return b;
  }

  function activations(c) {
    return Array.isArray(c.activation) ? c.activation.slice() : c.hidden.map(() => c.activation);
  }

  /** One activation name when all layers agree (the URL stays short), else one per layer. */
  function compact(list) {
    return list.length > 0 && list.every((a) => a === list[0]) ? list[0] : list;
  }

  function edit(fn) {
    const h = config.hidden.slice();
    const a = activations(config);
    fn(h, a);
    onChange({ hidden: h, activation: compact(a) });
  }

  /** Room between neighbouring layer columns (px): many layers make the heads compact. */
  function spacing() {
    const xs = columnsX.slice(0, config.hidden.length + 2);
    let gap = Infinity;
    for (let i = 1; i < xs.length; i++) gap = Math.min(gap, xs[i] - xs[i - 1]);
    return gap;
  }

  function head(l, units, act, room) {
    const div = document.createElement("div");
    div.className = "net-head";
    const compactHead = room < 96; // "9 neurons" would run into the next layer's label
    div.classList.toggle("compact", compactHead);
    div.title = t("net.layer_title", { layer: l + 1, units: t("net.neurons", { n: units }), activation: choiceText(act) });
    if (Number.isFinite(room)) div.style.maxWidth = `${Math.max(34, room - 4)}px`;
    const row = document.createElement("div");
    row.className = "row";
    const minus = button("−", t("net.remove_neuron", { layer: l + 1 }), () => edit((h) => (h[l] -= 1)));
    const plus = button("+", t("net.add_neuron", { layer: l + 1 }), () => edit((h) => (h[l] += 1)));
    minus.disabled = units <= minUnits;
    plus.disabled = units >= maxUnits;
    row.append(minus, plus);
    const n = document.createElement("div");
    n.className = "net-units";
    n.textContent = compactHead ? String(units) : t(units > 1 ? "net.neurons" : "net.neuron", { n: units });
    const sel = document.createElement("select");
    sel.setAttribute("aria-label", t("net.activation", { layer: l + 1 }));
    for (const name of acts) sel.append(new Option(choiceText(name), name));
    sel.value = act;
    sel.addEventListener("change", () => edit((h, a) => (a[l] = sel.value)));
    div.append(row, n, sel);
    return div;
  }

  function render() {
    if (!config) return;
    const h = config.hidden;
    count.textContent = t(h.length === 1 ? "net.layer_count_one" : "net.layer_count", { n: h.length });
    add.disabled = h.length >= maxLayers;
    remove.disabled = h.length === 0;
    heads.textContent = "";
    const a = activations(config);
    const room = spacing();
    h.forEach((units, l) => {
      const el = head(l, units, a[l], room);
      if (columnsX[l + 1] !== undefined) el.style.left = `${columnsX[l + 1]}px`;
      heads.append(el);
    });
  }

  return {
    setConfig(c) {
      const key = JSON.stringify([c.hidden, c.activation]);
      config = c;
      if (key !== this.key) render();
      this.key = key;
    },
    setColumns(xs) {
      columnsX = xs;
      render();
    },
  };
}
