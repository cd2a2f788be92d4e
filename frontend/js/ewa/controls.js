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

/** "Seattle daily mean temperature, 2012 (NOAA)" -> "2012 – Seattle daily mean temperature (NOAA)": the
 *  part that tells the shipped series apart comes first, where a narrow select still shows it. */
export function seriesLabel(description) {
  const m = /^(.*?),\s*(\d{4}(?:[-–]\d{4})?)\s*(.*)$/.exec(description);
  return m ? `${m[2]} – ${m[1]}${m[3] ? ` ${m[3]}` : ""}` : description;
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
  for (const s of series) {
    const option = new Option(seriesLabel(s.description), s.name);
    option.title = s.description;
    select.append(option);
  }
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
      // a pasted series has no unit: the switch is kept (for the shipped series) but does nothing to it
      const pasted = !!state.values;
      for (const btn of units) {
        btn.setAttribute("aria-pressed", String(!pasted && btn.dataset.unit === state.unit));
        btn.disabled = pasted;
      }
      show($("unit-note"), pasted ? "Your series is plotted as given: no unit, no conversion (°C/°F is for the shipped temperatures)." : "");
    },
    /** Facts of the latest answer: the live beta's window and 1/e point, the series title. */
    describe(header) {
      const live = header.betas.length - 1;
      const e = header.e_folding[live];
      $("beta-window").textContent =
        `β = ${header.betas[live]} averages about 1/(1−β) = ${daysLabel(header.windows[live]).slice(2)}; ` +
        (e === null ? "with β = 0 it is just today's value." : `its weights fall to 1/e after ${e.toFixed(1)} days.`);
      $("series-title").textContent = header.description;
      $("curves-caption").textContent = header.bias_correction
        ? "The purple curve is the live β without bias correction: it starts at (1−β)·θ₁, far too low, " +
          "and catches up after about 1/(1−β) days."
        : "Bias correction is off: every curve is the plain vₜ, which starts at (1−β)·θ₁, far too low, and " +
          "catches up after about 1/(1−β) days. Turn it on to divide by 1 − βᵗ (the purple curve then shows the " +
          "uncorrected live β).";
    },
    showUrlErrors: (errors) => show($("url-errors"), errors.length ? `Ignored in the URL: ${errors.join("; ")}` : ""),
    showServerError: (text) => show($("server-error"), text),
    setStatus: (status) => ($("ewa-status").textContent = status),
  };
}
