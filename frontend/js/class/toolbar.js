// The teacher's controls on /class: pause / resume / reset all, push (a playground link or a lesson), the
// lock checklist (ticked fields stay editable), hide names, exports and end class. Turns clicks into
// callbacks; reflects the room state (which fields are editable, paused). DOM only.
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

function lessonOptions(select, lessons) {
  select.replaceChildren(
    ...lessons.map((l) => Object.assign(document.createElement("option"), { value: l.slug, textContent: l.title })),
  );
}

function lockChecklist(box, fields) {
  const checks = {};
  for (const f of fields) {
    const label = document.createElement("label");
    label.className = "check";
    const input = Object.assign(document.createElement("input"), { type: "checkbox", value: f.name, checked: true });
    label.append(input, document.createTextNode(` ${f.label}`));
    label.title = f.name;
    box.append(label);
    checks[f.name] = input;
  }
  return checks;
}

/**
 * @param {Array<{name, label}>} fields  from fields.js
 * @param {Array<{slug, title}>} lessons
 * @param {{action: (name: string, body?: object) => void, pushLink: (link: string) => void,
 *   pushLesson: (slug: string) => void, anonymize: (on: boolean) => void, exportCsv: () => void,
 *   exportJson: () => void}} on
 */
export function createToolbar(fields, lessons, on) {
  const checks = lockChecklist($("lock-fields"), fields);
  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  lessonOptions($("push-lesson"), lessons);
  const closeMenus = () => document.querySelectorAll("details.menu[open]").forEach((d) => (d.open = false));

  $("pause-all").addEventListener("click", () => on.action("pause"));
  $("resume-all").addEventListener("click", () => on.action("resume"));
  $("reset-all").addEventListener("click", () => on.action("reset"));
  $("end-class").addEventListener("click", () => {
    if (confirm(t("class.end_confirm"))) on.action("end");
  });
  $("lock-apply").addEventListener("click", () => {
    const editable = Object.values(checks).filter((c) => c.checked).map((c) => c.value);
    on.action("lock", { editable: editable.length === fields.length ? null : editable });
    closeMenus();
  });
  $("lock-none").addEventListener("click", () => {
    on.action("lock", { editable: null });
    closeMenus();
  });
  $("push-link-form").addEventListener("submit", (e) => {
    e.preventDefault();
    on.pushLink($("push-link").value.trim());
    closeMenus();
  });
  $("push-lesson-form").addEventListener("submit", (e) => {
    e.preventDefault();
    on.pushLesson($("push-lesson").value);
    closeMenus();
  });
  $("anonymize").addEventListener("change", (e) => on.anonymize(e.target.checked));
  $("export-csv").addEventListener("click", () => on.exportCsv());
  $("export-json").addEventListener("click", () => on.exportJson());
  // one menu at a time; a click outside closes it
  for (const d of document.querySelectorAll("details.menu")) {
    d.addEventListener("toggle", () => d.open && document.querySelectorAll("details.menu[open]").forEach((o) => o !== d && (o.open = false)));
  }
  document.addEventListener("click", (e) => !e.target.closest("details.menu") && closeMenus());

  let lastEditable;
  return {
    /** @param {object} state  room state */
    show(state) {
      const ended = state.state === "ended";
      for (const b of document.querySelectorAll(".toolbar button, .toolbar summary")) {
        if (!["export-csv", "export-json"].includes(b.id)) b.toggleAttribute("disabled", ended);
      }
      $("pause-all").setAttribute("aria-pressed", String(!!state.paused));
      const key = JSON.stringify(state.editable);
      if (key === lastEditable) return;
      lastEditable = key;
      const editable = state.editable === null ? null : new Set(state.editable);
      for (const [name, c] of Object.entries(checks)) c.checked = editable === null || editable.has(name);
      $("lock-state").textContent =
        editable === null ? t("class.lock.state_none") : t("class.lock.state", { fields: state.editable.map((n) => labels[n] || n).join(", ") || "–" });
    },
    setAnonymize(on) {
      $("anonymize").checked = on;
    },
  };
}
