// The "Start a class" form: which experiment (the default, a pasted playground link, or a lesson), the
// instructions line, the class size and hidden names; and "return to your open class" when this browser
// runs one. Reads the form into callbacks. DOM only.
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

/**
 * @param {Array<{slug, title}>} lessons
 * @param {{start: (choice: {source: "default"|"link"|"lesson", link: string, lesson: string,
 *   instructions: string, max_students: number, anonymize: boolean}) => void, resume: () => void}} on
 */
export function createStartForm(lessons, on) {
  const select = $("start-lesson");
  select.replaceChildren(
    ...lessons.map((l) => Object.assign(document.createElement("option"), { value: l.slug, textContent: l.title })),
  );
  const source = (v) => document.querySelector(`input[name=source][value=${v}]`);
  // typing a link or picking a lesson chooses that source
  $("start-link").addEventListener("input", () => (source("link").checked = true));
  select.addEventListener("change", () => (source("lesson").checked = true));
  $("start-form").addEventListener("submit", (e) => {
    e.preventDefault();
    on.start({
      source: document.querySelector("input[name=source]:checked").value,
      link: $("start-link").value.trim(),
      lesson: select.value,
      instructions: $("start-instructions").value.trim(),
      max_students: Number($("start-max").value) || 200,
      anonymize: $("start-anonymize").checked,
    });
  });
  $("resume-room").addEventListener("click", () => on.resume());

  return {
    show(visible) {
      $("start").hidden = !visible;
    },
    /** @param {string|null} code  this browser's open class, or null */
    offerResume(code) {
      $("resume-box").hidden = !code;
      if (code) $("resume-text").textContent = t("class.start.resume_text", { code });
    },
    busy(on) {
      $("start-button").disabled = on;
    },
  };
}
