// The page's language and its catalogue (shared/i18n/<lang>.json). Every string a user sees comes from here:
// t(key, vars) in code, data-i18n attributes in HTML (applyI18n fills them). The language is the URL's `lang`
// (a shared link opens in the sender's language), else the one chosen earlier on any page, else the browser's
// preferred one, else English. `lang` is not an experiment field: it never changes a run.

export const LANGS = ["en", "zh-CN"];
const STORE_KEY = "tp-lang";

function urlLang() {
  const v = new URLSearchParams(location.search).get("lang");
  return LANGS.includes(v) ? v : null;
}

function storedLang() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return LANGS.includes(v) ? v : null;
  } catch {
    return null; // storage may be blocked (private mode, file://)
  }
}

function rememberLang(value) {
  try {
    localStorage.setItem(STORE_KEY, value);
  } catch {
    /* the choice simply does not persist */
  }
}

function browserLang() {
  for (const tag of navigator.languages || [navigator.language || ""]) {
    if (/^zh\b/i.test(tag)) return "zh-CN";
    if (/^en\b/i.test(tag)) return "en";
  }
  return null;
}

export const lang = urlLang() || storedLang() || browserLang() || "en";
if (urlLang()) rememberLang(lang); // a link's language carries on to the next page opened from the header

async function load(code) {
  const response = await fetch(`shared/i18n/${code}.json`);
  if (!response.ok) throw new Error(`catalogue ${code}: HTTP ${response.status}`);
  return response.json();
}

const catalogue = await load(lang);
const fallback = lang === "en" ? catalogue : await load("en");

/**
 * The text for `key` in the page's language, with `{name}` placeholders filled from `vars`.
 * A key missing from the catalogue shows as the key itself (tests keep the catalogues complete).
 */
export function t(key, vars = {}) {
  const text = catalogue[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Whether the catalogue has `key` (for optional texts such as per-field hints). */
export function has(key) {
  return key in catalogue || key in fallback;
}

const ATTRIBUTES = {
  "data-i18n-title": "title",
  "data-i18n-aria-label": "aria-label",
  "data-i18n-placeholder": "placeholder",
};

/** Fill every [data-i18n] element's text and every data-i18n-<attribute> below `root`. */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const [data, attr] of Object.entries(ATTRIBUTES)) {
    for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attr, t(el.getAttribute(data)));
  }
}

/**
 * The `lang` a page's addresses carry (null: none): the URL's own, else the page's language unless it is the
 * default English, so a link copied from a page opens in the sender's language.
 */
export function langParam() {
  return urlLang() || (lang === "en" ? null : lang);
}

/** Switch language: remember it and reload this page in it (the URL keeps every other parameter). */
export function setLang(code) {
  if (!LANGS.includes(code) || code === lang) return;
  rememberLang(code);
  const url = new URL(location.href);
  url.searchParams.set("lang", code);
  location.assign(url);
}

document.documentElement.lang = lang;
