// The EWA lab's settings panel (DOM only): series, live beta slider, fixed betas, bias correction, unit,
// and the message areas. It reports user changes through `onChange(partial, {live})`; `live` is true while
// the slider is being dragged (the URL is then replaced, not pushed).
import { has, t } from "../i18n.js";
import { reasonText } from "../error-text.js";
import { daysCount, daysLabel } from "./plots.js";
import { parseBetas } from "./state.js";

const OWN = "__own"; // the select's value for a series of one's own

const $ = (id) => document.getElementById(id);

function show(el, text) {
  el.textContent = text || "";
  el.hidden = !text;
}

/** "Seattle daily mean temperature, 2012 (NOAA)" -> "2012 – Seattle daily mean temperature (NOAA)": the
 *  part that tells the shipped series apart comes first, where a narrow select still shows it. */
export function seriesLabel(description, name) {
  if (name && has(`ewa.series.${name}`)) return t(`ewa.series.${name}`);
  const m = /^(.*?),\s*(\d{4}(?:[-–]\d{4})?)\s*(.*)$/.exec(description);
  return m ? `${m[2]} – ${m[1]}${m[3] ? ` ${m[3]}` : ""}` : description;
}

/** A series' title: the catalogue's for shipped and pasted series, else the server's description. */
function seriesTitle(name, description) {
  if (name === "values") return t("ewa.own_title");
  return has(`ewa.series.${name}.title`) ? t(`ewa.series.${name}.title`) : description;
}

/** "betas: each beta must be ..." (state.js) in the page's language; the key stays as written in the URL. */
function urlError(text) {
  const m = /^(\w+): (.+)$/s.exec(text);
  return m ? t("error.field_reason", { field: m[1], reason: reasonText(m[2]) }) : reasonText(text);
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
    const option = new Option(seriesLabel(s.description, s.name), s.name);
    option.title = seriesTitle(s.name, s.description);
    select.append(option);
  }
  const own = new Option(t("ewa.own_option"), OWN);
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
      show($("betas-error"), t("ewa.betas_error", { reason: reasonText(e.message) }));
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
      show($("unit-note"), pasted ? t("ewa.unit_note") : "");
    },
    /** Facts of the latest answer: the live beta's window and 1/e point, the series title. */
    describe(header) {
      const live = header.betas.length - 1;
      const e = header.e_folding[live];
      $("beta-window").textContent =
        t("ewa.window", { beta: header.betas[live], days: daysCount(header.windows[live]) }) +
        (e === null ? t("ewa.window_zero") : t("ewa.window_e", { days: e.toFixed(1) }));
      $("series-title").textContent = seriesTitle(header.series, header.description);
      $("curves-caption").textContent = t(header.bias_correction ? "ewa.caption_on" : "ewa.caption_off");
    },
    showUrlErrors: (errors) => show($("url-errors"), errors.length ? t("ewa.url_errors", { errors: errors.map(urlError).join(t("ewa.sep")) }) : ""),
    showServerError: (text) => show($("server-error"), text),
    setStatus: (status) => ($("ewa-status").textContent = t(`race.connection.${status}`)),
  };
}
