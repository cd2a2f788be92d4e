// The history of rounds as a list: each round's ranges, progress and best trial; click to show a round.
import { Rounds } from "./rounds.js";
import { t } from "../i18n.js";
import { axisType, fmt, metricName, paramName } from "./scales.js";

function describe(range) {
  if (range.values) return `{${range.values.map(fmt).join(", ")}}`;
  const tag = range.scale === "linear" ? "" : axisType(range) === "log" ? (range.scale === "log" ? ` ${t("tune.scale.log")}` : " 1−10^r") : "";
  return `[${fmt(range.min)}, ${fmt(range.max)}]${tag}`;
}

/**
 * @param {HTMLOListElement} list
 * @param {Rounds} rounds
 * @param {number|null} shown  the round on display
 * @param {string} metric
 * @param {(n: number) => void} onShow
 */
export function renderRounds(list, rounds, shown, metric, onShow) {
  list.textContent = "";
  for (const r of rounds.list) {
    const li = document.createElement("li");
    li.className = "round" + (r.number === shown ? " shown" : "");
    li.dataset.round = r.number;
    const btn = document.createElement("button");
    btn.type = "button";
    btn.className = "round-title";
    const from = r.parent ? t("tune.zoom_of", { n: r.parent }) : "";
    btn.textContent = t("tune.round_title", { n: r.number, from, method: t(`tune.${r.search.method}`) });
    btn.addEventListener("click", () => onShow(r.number));
    const ranges = document.createElement("div");
    ranges.className = "mono small";
    ranges.textContent = Object.entries(r.search.params).map(([n, g]) => `${paramName(n)} ∈ ${describe(g)}`).join(t("ewa.sep"));
    const status = document.createElement("div");
    status.className = "small muted";
    const best = Rounds.best(r, metric);
    const time = r.seconds !== null ? t("tune.round_time", { s: r.seconds.toFixed(1) }) : "";
    status.textContent = t("tune.round_status", { done: r.trials.length, expected: r.expected, state: t(`tune.state.${r.state}`), time }) +
      (best ? t("tune.round_best", { metric: metricName(metric), value: fmt(best[metric]), index: best.index }) : "");
    // how many distinct values each hyperparameter got: random search tries one per trial, a grid its side
    const tried = document.createElement("div");
    tried.className = "small muted tried";
    tried.textContent = r.trials.length
      ? t("tune.values_tried", { list: Object.keys(r.search.params)
        .map((n) => `${paramName(n)} ${new Set(r.trials.map((x) => x.params[n])).size}`).join(t("tune.list_sep")) })
      : "";
    li.append(btn, ranges, status, tried);
    list.append(li);
  }
}
