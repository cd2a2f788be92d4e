// Every input on the page: the schema-driven fields, the network editor, the drawing tools and canvas
// gestures, the run bar buttons, the view toggles and the keyboard. Turns them into controller calls.
import { captions, unusedFields } from "../controls/captions.js";
import { createDrawTools } from "../controls/draw-tools.js";
import { createFieldGroup } from "../controls/field-group.js";
import { DATA_FIELDS, GROUPS } from "../controls/field-hints.js";
import { createNetworkEditor } from "../controls/network-editor.js";
import { createSpeedControl, formatSpeed, parseSpeed } from "../controls/speed.js";
import { csvToPoints, pointsToCsv } from "../data/csv.js";
import { attachDrawing } from "../plots/draw-input.js";
import { t } from "../i18n.js";
import { reasonText } from "../error-text.js";

const $ = (id) => document.getElementById(id);
const MULTICLASS = ["blobs", "spiral", "custom"];

function panel(id, title) {
  const d = document.createElement("details");
  d.className = "panel";
  d.open = true;
  d.id = `${id}-panel`;
  const s = document.createElement("summary");
  const h = document.createElement("h2");
  h.textContent = title;
  s.append(h);
  const body = document.createElement("div");
  d.append(s, body);
  return [d, body];
}

/** Keep dev_ratio + test_ratio <= 0.9 by adjusting the other ratio (the schema's cross-field rule). */
function coupleRatios(partial, c) {
  const cap = 0.9;
  const fix = (keep, other) => {
    if (partial[keep] === undefined || partial[keep] + c[other] <= cap) return;
    let v = Math.floor((cap - partial[keep]) * 100 + 1e-9) / 100;
    while (partial[keep] + v > cap) v = Math.round(v * 100 - 1) / 100;
    partial[other] = Math.max(0, v);
  };
  fix("dev_ratio", "test_ratio");
  fix("test_ratio", "dev_ratio");
}

/**
 * @param {object} schema  @param {object} ctl  the controller  @param {object} out  the output view
 * @param {{show: (kind: string, text: string, key?: string) => void}} messages
 * @param {object} viewDefaults  the server's view options (hello.view): which ones it understands
 */
export function createControlsView(schema, ctl, out, messages, viewDefaults = {}) {
  const info = { trainSize: null };
  const cfg = () => ctl.state.config;

  function change(partial, opts = { commit: true }) {
    const c = cfg();
    coupleRatios(partial, c);
    if (partial.classes !== undefined && c.dataset === "custom") {
      const keep = (pts) => pts.filter((p) => p[2] < partial.classes);
      const before = c.points.length + c.dev_points.length + c.test_points.length;
      Object.assign(partial, { points: keep(c.points), dev_points: keep(c.dev_points), test_points: keep(c.test_points) });
      const dropped = before - partial.points.length - partial.dev_points.length - partial.test_points.length;
      if (dropped) messages.show("info", t("draw.removed", { n: dropped, classes: partial.classes }), "classes");
    }
    ctl.change(partial, opts);
  }

  const groups = [createFieldGroup($("data-fields"), DATA_FIELDS, schema, change), createFieldGroup($("input-fields"), ["normalize_inputs"], schema, change)];
  const shown = new Set([...DATA_FIELDS, "normalize_inputs", "features", "hidden", "activation", "points", "dev_points", "test_points"]);
  for (const g of GROUPS) {
    const [el, body] = panel(g.id, t(`panel.${g.id}`));
    $("hyper-groups").append(el);
    groups.push(createFieldGroup(body, g.fields, schema, change));
    g.fields.forEach((f) => shown.add(f));
  }
  const rest = schema.order.filter((f) => !shown.has(f)); // fields added to the schema later still get a control
  if (rest.length) {
    const [el, body] = panel("other", t("panel.other"));
    $("hyper-groups").append(el);
    groups.push(createFieldGroup(body, rest, schema, change));
  }

  const editor = createNetworkEditor($("net-bar"), $("net-heads"), schema, (p) => change(p));
  out.onColumns((xs) => editor.setColumns(xs));

  const tools = createDrawTools($("draw-tools"), {
    onClear: () => ctl.clearPoints(),
    onDownload() {
      const blob = new Blob([pointsToCsv(ctl.drawnLists())], { type: "text/csv" });
      const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "points.csv" });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    },
    onUpload(text) {
      try {
        const classes = schema.fields.classes.max;
        const lists = csvToPoints(text, classes);
        const top = Math.max(1, ...Object.values(lists).flat().map((p) => p[2])) + 1;
        if (top > cfg().classes) ctl.change({ classes: top }, { commit: false });
        ctl.setPoints(lists);
        messages.show("info", t("draw.loaded", { train: lists.points.length, dev: lists.dev_points.length, test: lists.test_points.length }), "csv");
      } catch (e) {
        messages.show("error", t("draw.csv_error", { reason: reasonText(e.message) }), "csv");
      }
    },
  });

  attachDrawing($("boundary"), out.boundary, {
    isEnabled: () => true,
    isErasing: () => tools.st.erase,
    onAdd: (x1, x2, other) => ctl.addPoint(x1, x2, tools.labelFor(other), tools.st.split),
    onRemove(x1, x2) {
      if (!ctl.removeNearest(x1, x2, 12 * out.boundary.unitsPerPixel())) messages.show("info", t("draw.none_near"), "draw");
    },
    onCursor: (x1, x2) => out.boundary.setCursor(x1, x2),
  });

  wireRunbar(ctl, messages, info);
  wireViewToggles(out);
  wireSaveBoundary();
  const view = wireViewOptions(ctl, messages, viewDefaults);

  return {
    info,
    /** Refresh every control from the config (after any change, URL load or back/forward). */
    setConfig(c) {
      view.sync();
      const caps = captions(c, info);
      const unused = unusedFields(c);
      for (const g of groups) g.update(c, caps, unused);
      editor.setConfig(c);
      tools.setClasses(MULTICLASS.includes(c.dataset) ? c.classes : 2);
    },
    /** Disable the controls of these fields by name, `why` as their tooltip (a class teacher's lock). */
    lockFields(names, why) {
      const set = names && names.length ? new Set(names) : null;
      for (const g of groups) g.lock(set, why);
      document.body.dataset.locked = set ? [...set].join(",") : "";
      // the network editor rebuilds its buttons on every config: it is held by a class (class-bar.css), and
      // the controller refuses its changes like any locked field's
      const net = !!set && (set.has("hidden") || set.has("activation"));
      document.body.classList.toggle("lock-network", net);
      for (const id of ["net-bar", "net-heads"]) {
        if (net) $(id).title = why;
        else $(id).removeAttribute("title");
      }
    },
  };
}

function stepsPerEpoch(c, m) {
  if (!m) return 1;
  const b = c.mini_batch_size === 0 ? m : Math.min(c.mini_batch_size, m);
  return Math.max(1, Math.ceil(m / b));
}

/** Speed (epochs per second) and the human-level error: view options, sent again after a reconnection. */
function wireViewOptions(ctl, messages, defaults) {
  const has = (k) => Object.hasOwn(defaults, k); // an older server would refuse an option it does not know
  const send = (opts) => {
    const known = Object.fromEntries(Object.entries(opts).filter(([k]) => has(k)));
    if (Object.keys(known).length) ctl.view(known);
  };
  let lastRaw;
  const speed = createSpeedControl($("speed-box"), (v) => {
    ctl.setExtra("speed", formatSpeed(v));
    send({ max_epochs_per_second: v });
  });
  $("speed-box").hidden = !has("max_epochs_per_second");
  const baseline = $("baseline-error");
  $("baseline-box").hidden = !has("baseline_error");
  baseline.addEventListener("change", () => {
    const pct = Number(baseline.value);
    const bad = baseline.value.trim() === "" || !(pct >= 0 && pct <= 100);
    baseline.setAttribute("aria-invalid", String(bad));
    if (bad) return messages.show("error", t("diag.baseline.invalid"), "baseline_error");
    send({ baseline_error: pct / 100 });
  });
  const all = () => ({ max_epochs_per_second: speed.get(), baseline_error: Number(baseline.value) / 100 || 0 });
  const resync = ctl.resync;
  ctl.resync = () => (resync(), send(all()));
  send(all());
  return {
    /** Follow the address's speed= (first load, back/forward). */
    sync() {
      const raw = ctl.state.extras.speed ?? null;
      if (raw === lastRaw) return;
      lastRaw = raw;
      const { value, error } = parseSpeed(raw);
      if (error) messages.show("error", t("speed.link_error", { reason: reasonText(error), value }), "speed");
      if (value !== speed.get()) {
        speed.set(value);
        send({ max_epochs_per_second: value });
      }
    },
  };
}

/** Step on a finished run starts it over: the first press says so, a second press within a few seconds does it. */
function guardedStep(ctl, messages, info) {
  let armedRun = null;
  let armedAt = 0;
  return () => {
    const h = ctl.state.lastFrame?.header;
    const n = stepsPerEpoch(ctl.state.config, info.trainSize);
    if (!h?.stopped || (armedRun === h.run && performance.now() - armedAt < 8000)) {
      armedRun = null;
      messages.clear("step");
      return ctl.step(n);
    }
    armedRun = h.run;
    armedAt = performance.now();
    messages.show("warn", t("run.step_guard", { state: t(`status.${h.stopped}`), epoch: h.epoch }), "step");
  };
}

function wireRunbar(ctl, messages, info) {
  $("play").addEventListener("click", () => {
    const h = ctl.state.lastFrame?.header;
    if (h?.stopped && !ctl.state.playing) messages.show("info", t("run.restart", { epoch: h.epoch }), "step");
    ctl.play();
  });
  $("step").addEventListener("click", guardedStep(ctl, messages, info));
  $("reset").addEventListener("click", () => ctl.reset());
  $("gradcheck").addEventListener("click", () => ctl.gradcheck());
  $("regenerate").addEventListener("click", () => {
    const c = ctl.state.config;
    if (c.dataset === "custom") return messages.show("info", t("data.regenerate.drawn"), "regen");
    ctl.change({ data_seed: c.data_seed >= 2147483647 ? 0 : c.data_seed + 1 });
  });
  $("copy-link").addEventListener("click", async () => {
    const btn = $("copy-link");
    try {
      await navigator.clipboard.writeText(location.href);
      btn.dataset.copied = "true";
      btn.textContent = t("run.copied");
      setTimeout(() => {
        btn.dataset.copied = "false";
        btn.textContent = t("run.copy");
      }, 1500);
    } catch {
      messages.show("info", t("run.copy_this", { url: location.href }), "copy");
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== " " || e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.target.closest("input, select, textarea, button, a, summary, canvas, [contenteditable]")) return;
    e.preventDefault();
    ctl.play();
  });
}

/** The boundary canvas as a PNG download (the curves use plotly's own camera button). */
function wireSaveBoundary() {
  $("save-boundary").addEventListener("click", () => {
    const a = document.createElement("a");
    a.href = $("boundary").toDataURL("image/png");
    a.download = "decision-boundary.png";
    document.body.append(a);
    a.click();
    a.remove();
  });
}

function wireViewToggles(out) {
  $("discretize").addEventListener("change", (e) => out.setDiscretize(e.target.checked));
  const show = () => out.setShow({ dev: $("show-dev").checked, test: $("show-test").checked });
  $("show-dev").addEventListener("change", show);
  $("show-test").addEventListener("change", show);
  $("log-scale").addEventListener("change", (e) => out.setCurveOptions({ log: e.target.checked }));
  $("smoothing").addEventListener("input", (e) => {
    const beta = Number(e.target.value);
    $("smoothing-value").textContent = String(beta);
    out.setCurveOptions({ smoothing: beta });
  });
  document.addEventListener("keydown", (e) => e.key === "Escape" && out.clearSelection());
  window.addEventListener("resize", () => out.relayout());
}
