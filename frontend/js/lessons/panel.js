// The lesson side panel any page can mount: the lesson's text, its steps (→ advances and applies each step's
// change), the "now try this" change, and "reproduce in Python". DOM only; the page owns state and socket,
// and hands the panel callbacks. The words are the page's language (the preset's `i18n`), the config is one.
import { lang, t } from "../i18n.js";

const COMMANDS = { playground: "run", race: "race", ewa: "ewa", tune: "sweep" };
const API_CALLS = {
  playground: "from playground.api import run\n\nresult = run(config, history=True)\nprint(json.dumps(result))",
  race: "from playground.commands.race import race_result\n\nprint(json.dumps(race_result(config)))",
  ewa: "from playground.commands.ewa import ewa_result\n\nprint(json.dumps(ewa_result(config)))",
  tune: "from playground.config import SweepConfig\nfrom playground.tuning.runner import run_sweep\n\n" +
    "print(json.dumps(run_sweep(SweepConfig.model_validate(config))))",
};

/** The slug in ?lesson=..., or null. */
export function lessonSlug(search = location.search) {
  const slug = new URLSearchParams(search).get("lesson");
  return slug && /^[a-z0-9][a-z0-9-]{0,63}$/.test(slug) ? slug : null;
}

/** Fetch the preset named in the URL; resolves to null when there is none, throws with a clear message. */
export async function loadLesson(search = location.search) {
  const slug = lessonSlug(search);
  if (!slug) return null;
  const res = await fetch(`shared/presets/${slug}.json`);
  if (!res.ok) throw new Error(t("lesson.not_found", { slug }));
  return { slug, ...(await res.json()) };
}

/** The lesson's words in the page's language: {title, topic, text, steps: string[], try_this} (English if none). */
export function lessonWords(lesson) {
  const w = lesson.i18n?.[lang];
  const steps = (lesson.steps || []).map((s, i) => w?.steps?.[i] ?? s.text);
  if (w) return { title: w.title, topic: w.topic, text: w.text, steps, try_this: w.try_this };
  return { title: lesson.title, topic: lesson.topic, text: lesson.text, steps, try_this: lesson.try_this.text };
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function reproduceBox(lesson, getConfig) {
  const details = el("details", { className: "lesson-reproduce" });
  const pre = el("pre", { className: "mono", tabIndex: 0 });
  const refresh = () => {
    const config = JSON.stringify(getConfig(), null, 1);
    const cmd = `playground ${COMMANDS[lesson.page]} ${lesson.slug}.json`;
    // JSON is not Python (true/false/null): the script parses the JSON text rather than pasting it as code.
    // A raw string needs no escaping: JSON text never holds three quotes in a row or ends in a backslash.
    pre.textContent =
      `# ${t("lesson.code_save", { file: `${lesson.slug}.json` })}\n${cmd}\n\n# ${t("lesson.code_python")}\nimport json\n\n` +
      `config = json.loads(r"""${config}""")\n${API_CALLS[lesson.page]}`;
  };
  const save = el("button", { type: "button", textContent: t("lesson.download_config") });
  save.addEventListener("click", () => download(`${lesson.slug}.json`, JSON.stringify(getConfig(), null, 2)));
  details.addEventListener("toggle", refresh);
  details.append(el("summary", { textContent: t("lesson.reproduce") }), save, pre);
  return details;
}

/**
 * Mount the panel for `lesson` into the page.
 * @param {object} lesson  the preset ({slug, title, topic, page, text, steps, try_this})
 * @param {{applyChange: (partial: object) => void, getConfig: () => object, exportRun?: () => object,
 *          action?: (name: "gradcheck"|"gradcheck_broken") => void}} page
 */
export function mountLessonPanel(lesson, page) {
  document.body.classList.add("with-lesson");
  const steps = [...(lesson.steps || [])];
  const words = lessonWords(lesson);
  let current = -1;
  const list = el("ol", { className: "lesson-steps" });
  words.steps.forEach((text) => list.append(el("li", { textContent: text })));
  const next = el("button", { type: "button", className: "primary", textContent: t("lesson.next") });
  const tryBtn = el("button", { type: "button", textContent: t("lesson.apply") });
  const status = el("p", { className: "muted lesson-status", role: "status" });

  function goTo(i) {
    if (i < 0 || i >= steps.length) return;
    current = i;
    [...list.children].forEach((li, j) => li.classList.toggle("current", j === current));
    if (Object.keys(steps[i].change || {}).length) page.applyChange(steps[i].change);
    if (steps[i].action) page.action?.(steps[i].action);
    status.textContent = t("lesson.step_of", { n: i + 1, total: steps.length });
    next.disabled = current >= steps.length - 1;
  }
  next.addEventListener("click", () => goTo(current + 1));
  next.hidden = steps.length === 0;
  tryBtn.addEventListener("click", () => {
    if (Object.keys(lesson.try_this.change || {}).length) page.applyChange(lesson.try_this.change);
    if (lesson.try_this.action) page.action?.(lesson.try_this.action);
    status.textContent = t("lesson.applied");
  });

  const exportBtn = el("button", { type: "button", textContent: t("lesson.export") });
  exportBtn.hidden = !page.exportRun;
  exportBtn.addEventListener("click", () =>
    download(`${lesson.slug}-run.json`, JSON.stringify({ config: page.getConfig(), run: page.exportRun() }, null, 1)),
  );

  // The panel folds to a slim tab so the page can use the whole projector when the lesson text is not needed.
  const fold = el("button", { type: "button", className: "lesson-fold", textContent: t("lesson.hide") });
  fold.setAttribute("aria-expanded", "true");
  fold.addEventListener("click", () => {
    const folded = document.body.classList.toggle("lesson-folded");
    fold.textContent = t(folded ? "lesson.show" : "lesson.hide");
    fold.setAttribute("aria-expanded", String(!folded));
    window.dispatchEvent(new Event("resize")); // plots re-measure
  });

  const aside = el(
    "aside",
    { id: "lesson-panel", className: "panel lesson-panel", ariaLabel: t("lesson.show") },
    fold,
    el("p", { className: "muted lesson-topic", textContent: words.topic }),
    el("h2", { className: "lesson-title", textContent: words.title }),
    el("p", { className: "lesson-text", textContent: words.text }),
    list,
    el("div", { className: "row" }, next, status),
    el("section", { className: "lesson-try" },
      el("h3", { textContent: t("lesson.try") }),
      el("p", { textContent: words.try_this }),
      tryBtn),
    el("div", { className: "row" }, exportBtn),
    reproduceBox(lesson, page.getConfig),
    el("p", { className: "muted small", textContent: t("lesson.keys") }),
  );
  document.body.append(aside);
  requestAnimationFrame(() => window.dispatchEvent(new Event("resize"))); // the page's plots re-measure
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (ev.key === "ArrowRight" && !typing) {
      ev.preventDefault();
      goTo(current + 1);
    }
  });
  return { goTo, element: aside };
}
