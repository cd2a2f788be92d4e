// The dashboard's grid of student cards: label, connected dot, epoch, train/dev error, the fields changed
// from the pushed experiment, a live boundary thumbnail and a Spotlight button. Cards are kept per student
// and updated in place (no flicker at one refresh a second). Names are text, never HTML. DOM only.
import { t } from "../i18n.js";
import { formatValue } from "./fields.js";
import { paintThumbnail } from "./thumbnail.js";

const pct = (acc) => (acc === null || acc === undefined ? "–" : `${((1 - acc) * 100).toFixed(1)}%`);

/** The name to show: "Student 7" when the teacher hides names on the projector. */
export function displayName(row, anonymize) {
  return anonymize ? t("class.student_n", { n: row.number }) : row.name;
}

const SORTS = {
  name: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }),
  // no dev error yet sorts last
  dev_error: (a, b) => (b.dev_accuracy ?? -1) - (a.dev_accuracy ?? -1) || SORTS.name(a, b),
  epoch: (a, b) => (b.epoch ?? 0) - (a.epoch ?? 0) || SORTS.name(a, b),
};

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function stat(key) {
  const d = el("div", "stat");
  d.append(el("dt", "", t(key)), el("dd"));
  return d;
}

function buildCard(onSpotlight) {
  const card = el("article", "student-card");
  const head = el("header");
  const dot = el("span", "dot");
  head.append(dot, el("strong", "who"));
  const canvas = el("canvas", "thumb");
  canvas.setAttribute("aria-hidden", "true");
  const stats = el("dl", "stats");
  stats.append(stat("class.card.epoch"), stat("class.card.train_error"), stat("class.card.dev_error"));
  const changed = el("ul", "changed");
  const spot = el("button", "small spot", t("class.card.spotlight"));
  spot.type = "button";
  spot.addEventListener("click", () => onSpotlight(card.dataset.name));
  const body = el("div", "card-body");
  body.append(stats);
  card.append(head, canvas, body, changed, spot);
  return card;
}

function fillCard(card, row, { anonymize, fieldLabel, spotlight }) {
  card.dataset.name = row.name;
  card.dataset.connected = row.connected;
  card.classList.toggle("spotlit", spotlight === row.name);
  const dot = card.querySelector(".dot");
  dot.className = `dot ${row.connected}`;
  dot.title = t(`class.connected.${row.connected}`);
  card.querySelector(".who").textContent = displayName(row, anonymize);
  const [epoch, train, dev] = card.querySelectorAll(".stats dd");
  epoch.textContent = row.epoch === null || row.epoch === undefined ? "–" : String(row.epoch);
  train.textContent = pct(row.train_accuracy);
  dev.textContent = pct(row.dev_accuracy);
  dev.dataset.value = row.dev_accuracy === null || row.dev_accuracy === undefined ? "" : String(1 - row.dev_accuracy);
  const list = card.querySelector(".changed");
  const items = Object.entries(row.changed || {});
  list.replaceChildren(
    ...(items.length ? items.map(([k, v]) => el("li", "", `${fieldLabel(k)} = ${formatValue(v)}`)) : [el("li", "muted", t("class.card.unchanged"))]),
  );
  const key = row.thumbnail ? `${row.thumbnail.size}:${row.thumbnail.data}` : "";
  if (card.dataset.thumb !== key) {
    card.dataset.thumb = key;
    paintThumbnail(card.querySelector(".thumb"), row.thumbnail);
  }
  card.querySelector(".spot").setAttribute("aria-label", t("class.card.spotlight_who", { name: displayName(row, anonymize) }));
}

/**
 * @param {HTMLElement} grid
 * @param {{onSpotlight: (name: string) => void, fieldLabel: (name: string) => string}} opts
 */
export function createCards(grid, { onSpotlight, fieldLabel }) {
  const cards = new Map();
  let sort = "name";
  let last = [];
  let view = { anonymize: false, spotlight: null };

  function render() {
    const rows = [...last].sort(SORTS[sort]);
    const seen = new Set();
    for (const row of rows) {
      let card = cards.get(row.name);
      if (!card) cards.set(row.name, (card = buildCard(onSpotlight)));
      fillCard(card, row, { ...view, fieldLabel });
      grid.append(card); // append moves an existing card: the grid follows the sort order
      seen.add(row.name);
    }
    for (const [name, card] of cards) if (!seen.has(name)) (card.remove(), cards.delete(name));
    grid.dataset.count = String(rows.length);
  }

  return {
    /** @param {object[]} rows  GET /results */
    update(rows, opts = {}) {
      last = rows;
      view = { ...view, ...opts };
      render();
    },
    /** @param {"name"|"dev_error"|"epoch"} key */
    setSort(key) {
      sort = SORTS[key] ? key : "name";
      render();
    },
  };
}
