// The trials of a round as a sortable table; each row opens its trial in the playground (panda mode).
import { t as tl } from "../i18n.js";
import { fmt, paramName } from "./scales.js";

const METRICS = ["dev_accuracy", "dev_cost", "train_accuracy", "train_cost"];

function columns(names) {
  return [
    { key: "index", label: "#", get: (t) => t.index },
    ...names.map((n) => ({ key: `p:${n}`, label: paramName(n), get: (t) => t.params[n] })),
    ...METRICS.map((key) => ({ key, label: tl(`tune.col.${key}`), get: (t) => t[key] })),
    { key: "status", label: tl("tune.col.status"), get: (t) => t.status, show: (v) => tl(`tune.status.${v}`) },
    { key: "epochs", label: tl("tune.col.epochs"), get: (t) => t.epochs },
  ];
}

function compare(a, b) {
  // missing values (diverged) sort last whatever the direction
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return typeof a === "string" ? a.localeCompare(b) : a - b;
}

export class TrialTable {
  /** @param {HTMLTableElement} table  @param {(trial: object) => string} urlOf */
  constructor(table, urlOf) {
    this.table = table;
    this.urlOf = urlOf;
    this.sort = { key: "dev_accuracy", dir: -1 };
  }

  render(round) {
    const cols = columns(Object.keys(round.search.params));
    const col = cols.find((c) => c.key === this.sort.key) || cols[0];
    const rows = [...round.trials].sort((a, b) => {
      const va = col.get(a);
      const vb = col.get(b);
      if (va === null || va === undefined || vb === null || vb === undefined) return compare(va, vb);
      return this.sort.dir * compare(va, vb);
    });
    this.table.textContent = "";
    const head = this.table.createTHead().insertRow();
    for (const c of cols) {
      const th = document.createElement("th");
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "sort";
      btn.dataset.key = c.key;
      const arrow = c.key === this.sort.key ? (this.sort.dir > 0 ? " ▲" : " ▼") : "";
      btn.textContent = c.label + arrow;
      btn.addEventListener("click", () => {
        this.sort = { key: c.key, dir: c.key === this.sort.key ? -this.sort.dir : c.key.startsWith("p:") ? 1 : -1 };
        this.render(round);
      });
      th.append(btn);
      th.setAttribute("aria-sort", c.key === this.sort.key ? (this.sort.dir > 0 ? "ascending" : "descending") : "none");
      head.append(th);
    }
    head.append(document.createElement("th"));
    const body = this.table.createTBody();
    for (const t of rows) {
      const tr = body.insertRow();
      tr.dataset.index = t.index;
      if (t.status === "diverged" || t.status === "invalid") tr.className = "bad";
      for (const c of cols) {
        const td = tr.insertCell();
        const v = c.get(t);
        td.textContent = typeof v === "number" ? fmt(v) : v === null || v === undefined ? "–" : c.show ? c.show(v) : v;
        if (t.error && c.key === "status") td.title = t.error;
      }
      const open = tr.insertCell();
      if (t.status !== "invalid") {
        const a = document.createElement("a");
        a.href = this.urlOf(t);
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = tl("tune.open");
        a.title = tl("tune.open.title");
        open.append(a);
      }
    }
  }
}
