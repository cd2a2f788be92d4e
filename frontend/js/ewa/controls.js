// The EWA lab's settings panel (DOM only): series, live beta slider, fixed betas, bias correction, unit,
// and the message areas. It reports user changes through `onChange(partial, {live})`; `live` is true while
// the slider is being dragged (the URL is then replaced, not pushed).
import { daysLabel } from "./plots.js";
import { parseBetas } from "./state.js";

const OWN = "__own"; // the select's value for a series of one's own

const $ = (id) => document.getElementById(id);

function show(el, text) {
  el.textContent = text || "";
  el.hidden = !text;
}

function betaLabel(b) {
  return `${b.toFixed(3)} (${daysLabel(1 / (1 - b))})`;
}

/**
 * @param {{limits: object, series: {name: string, description: string}[],
 *          onChange: (partial: object, opts: {live: boolean}) => void}} opts
 */
export function createControls({ limits, series, onChange }) {
  const select = $("series-select");
  const slider = $("beta-slider");
  const betasInput = $("betas-input");
  const bias = $("bias-correction");
  const units = [$("unit-C"), $("unit-F")];

  select.textContent = "";
  for (const s of series) select.append(new Option(s.description, s.name));
  const own = new Option("Your own series (pasted)", OWN);
  select.append(own);
  slider.min = String(limits.betaMin);
  slider.max = String(Math.round((limits.betaBelow - 0.001) * 1000) / 1000);

  select.addEventListener("change", () => {
    if (select.value === OWN) {
      $("paste-box").open = true;
      $("paste-text").focus();
      return; // the series changes once a paste is accepted
    }
    onChange({ series: select.value, values: null }, { live: false });
  });
  slider.addEventListener("input", () => {
    $("beta-value").textContent = betaLabel(Number(slider.value));
    onChange({ beta: Number(slider.value) }, { live: true });
  });
  slider.addEventListener("change", () => onChange({ beta: Number(slider.value) }, { live: false }));
  betasInput.addEventListener("change", () => {
    try {
      const betas = parseBetas(betasInput.value, limits);
      show($("betas-error"), "");
      onChange({ betas }, { live: false });
    } catch (e) {
      show($("betas-error"), `Fixed betas: ${e.message}`);
    }
  });
  bias.addEventListener("change", () => onChange({ bias_correction: bias.checked }, { live: false }));
  for (const btn of units) btn.addEventListener("click", () => onChange({ unit: btn.dataset.unit }, { live: false }));

  return {
    /** Show `state` in the controls (after a URL load, back/forward, a lesson step). */
    render(state) {
      own.disabled = false;
      select.value = state.values ? OWN : state.series;
      if (select.value !== (state.values ? OWN : state.series)) {
        select.append(new Option(state.series, state.series)); // a name the server will refuse, shown as is
        select.value = state.series;
      }
      slider.value = String(state.beta);
      $("beta-value").textContent = betaLabel(state.beta);
      if (document.activeElement !== betasInput) betasInput.value = state.betas.join(", ");
      bias.checked = state.bias_correction;
      for (const btn of units) btn.setAttribute("aria-pressed", String(btn.dataset.unit === state.unit));
    },
    /** Facts of the latest answer: the live beta's window and 1/e point, the series title. */
    describe(header) {
      const live = header.betas.length - 1;
      const e = header.e_folding[live];
      $("beta-window").textContent =
        `β = ${header.betas[live]} averages about 1/(1−β) = ${daysLabel(header.windows[live]).slice(2)}; ` +
        (e === null ? "with β = 0 it is just today's value." : `its weights fall to 1/e after ${e.toFixed(1)} days.`);
      $("series-title").textContent = header.description;
    },
    showUrlErrors: (errors) => show($("url-errors"), errors.length ? `Ignored in the URL: ${errors.join("; ")}` : ""),
    showServerError: (text) => show($("server-error"), text),
    setStatus: (status) => ($("ewa-status").textContent = status),
  };
}
