// The lessons index: fetches /lessons.json and lists every lesson with the page it opens.
import { lang, langParam, t } from "../i18n.js";
import { renderNav } from "../nav.js";

function card(lesson, n) {
  const li = document.createElement("li");
  li.className = "lesson-card";
  const a = document.createElement("a");
  a.href = `lessons/${lesson.slug}${langParam() ? `?lang=${encodeURIComponent(langParam())}` : ""}`;
  const words = lesson.i18n?.[lang] || lesson;
  a.textContent = words.title;
  const num = document.createElement("span");
  num.className = "lesson-num";
  num.textContent = String(n);
  const meta = document.createElement("div");
  meta.className = "muted";
  meta.textContent = `${words.topic} · ${t(`nav.${lesson.page}`)}`;
  li.append(num, a, meta);
  return li;
}

async function main() {
  renderNav("lessons");
  const list = document.getElementById("lesson-list");
  try {
    const res = await fetch("lessons.json");
    if (!res.ok) throw new Error(t("lesson.http", { status: res.status }));
    const lessons = await res.json();
    lessons.forEach((lesson, i) => list.append(card(lesson, i + 1)));
  } catch (err) {
    const box = document.getElementById("lesson-error");
    box.textContent = t("lesson.load_failed", { reason: err.message });
    box.hidden = false;
  }
}

main();
