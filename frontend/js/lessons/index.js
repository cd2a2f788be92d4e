// The lessons index: fetches /lessons.json and lists every lesson with the page it opens.
import { renderNav } from "../nav.js";

const PAGE_LABELS = { playground: "Playground", race: "Optimizer race", ewa: "EWA lab" };

function card(lesson, n) {
  const li = document.createElement("li");
  li.className = "lesson-card";
  const a = document.createElement("a");
  a.href = `lessons/${lesson.slug}`;
  a.textContent = lesson.title;
  const num = document.createElement("span");
  num.className = "lesson-num";
  num.textContent = String(n);
  const meta = document.createElement("div");
  meta.className = "muted";
  meta.textContent = `${lesson.topic} · ${PAGE_LABELS[lesson.page] || lesson.page}`;
  li.append(num, a, meta);
  return li;
}

async function main() {
  renderNav("lessons");
  const list = document.getElementById("lesson-list");
  try {
    const res = await fetch("lessons.json");
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const lessons = await res.json();
    lessons.forEach((lesson, i) => list.append(card(lesson, i + 1)));
  } catch (err) {
    const box = document.getElementById("lesson-error");
    box.textContent = `Could not load the lessons: ${err.message}`;
    box.hidden = false;
  }
}

main();
