// The lessons a class can be given: the playground's lessons of /lessons.json, and a lesson's experiment
// (its preset's partial config, merged on the defaults by the server). Fetch only, no DOM.
import { lang, t } from "../i18n.js";

/** @returns {Promise<Array<{slug: string, title: string, topic: string}>>} */
export async function playgroundLessons() {
  const res = await fetch("lessons.json");
  if (!res.ok) throw new Error(t("lesson.http", { status: res.status }));
  const lessons = (await res.json()).filter((l) => l.page === "playground");
  return lessons.map((l) => ({ ...l, title: l.i18n?.[lang]?.title || l.title })); // in the page's language
}

/** @returns {Promise<object>} the lesson's config fields (partial ExperimentConfig) */
export async function lessonExperiment(slug) {
  const res = await fetch(`shared/presets/${encodeURIComponent(slug)}.json`);
  if (!res.ok) throw new Error(t("lesson.not_found", { slug }));
  return (await res.json()).config;
}

