// The teacher's dashboard: the student cards and the class scatter with its x / y choices and "best so far",
// redrawn from each GET /results. Names or "Student N" (hide names). DOM only.
import { t } from "../i18n.js";
import { createCards, displayName } from "./cards.js";
import { variedFields } from "./fields.js";
import { renderScatter } from "./scatter.js";

const $ = (id) => document.getElementById(id);

/**
 * @param {Array<{name, label, numeric, log}>} fields  from fields.js
 * @param {{onSpotlight: (row: object, who: string) => void}} on
 */
export function createDashboard(fields, on) {
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  const fieldLabel = (name) => byName[name]?.label || name;
  let rows = [];
  let anonymize = false;
  let spotlight = null;
  const who = (row) => displayName(row, anonymize);
  const cards = createCards($("cards"), {
    fieldLabel,
    onSpotlight(name) {
      const row = rows.find((r) => r.name === name);
      if (row) on.onSpotlight(row, who(row));
    },
  });
  $("sort").addEventListener("change", (e) => cards.setSort(e.target.value));
  $("scatter-x").addEventListener("change", drawScatter);
  $("scatter-y").addEventListener("change", drawScatter);

  /** x: the numeric fields the class varies (all numeric fields, α first, while nobody varies any). */
  function xChoices() {
    const select = $("scatter-x");
    const varied = variedFields(fields, rows);
    const options = varied.length ? varied : fields.filter((f) => f.numeric);
    const names = options.map((f) => f.name);
    if ([...select.options].map((o) => o.value).join() === names.join()) return;
    const keep = select.value;
    select.replaceChildren(...options.map((f) => Object.assign(document.createElement("option"), { value: f.name, textContent: f.label })));
    select.value = names.includes(keep) ? keep : !varied.length && names.includes("learning_rate") ? "learning_rate" : names[0];
  }

  function drawScatter() {
    xChoices();
    const x = byName[$("scatter-x").value];
    const { best } = renderScatter($("scatter"), rows, { x, y: $("scatter-y").value, who, fieldLabel });
    const error = best ? `${((1 - best.dev_accuracy) * 100).toFixed(1)}%` : "";
    $("best").textContent = best ? t("class.best", { name: who(best), error }) : "";
  }

  function render() {
    cards.update(rows, { anonymize, spotlight });
    $("no-students").hidden = rows.length > 0;
    drawScatter();
  }

  return {
    /** @param {object[]} list  GET /results @param {object|null} state  the room state */
    update(list, state) {
      rows = list;
      spotlight = state?.spotlight ?? null;
      render();
    },
    setAnonymize(value) {
      anonymize = value;
      render();
    },
  };
}
