// The shared header of every page: brand, links to the pages, the two view toggles (presenter = large
// text for projectors, high contrast) and the language switch. Toggles and language persist in localStorage.
import { LANGS, applyI18n, lang, setLang, t } from "./i18n.js";

export const PAGES = [
  { key: "playground", href: "./" },
  { key: "race", href: "race" },
  { key: "ewa", href: "ewa" },
  { key: "tune", href: "tune" },
  { key: "lessons", href: "lessons" },
  { key: "class", href: "class" },
];

const TOGGLES = [
  { cls: "presenter", key: "presenter" },
  { cls: "high-contrast", key: "contrast" },
];

// each language named in itself (marked with its own lang, so a reader of the other one finds it)
const LANG_NAMES = { en: "English", "zh-CN": "简体中文" };

function isActive(page, active) {
  const a = String(active || "").toLowerCase();
  return a === page.key || a === t(`nav.${page.key}`).toLowerCase() || a === page.href;
}

function readPref(cls) {
  try {
    return localStorage.getItem(`tp-${cls}`) === "1";
  } catch {
    return false; // storage may be blocked (private mode, file://)
  }
}

function writePref(cls, on) {
  try {
    localStorage.setItem(`tp-${cls}`, on ? "1" : "0");
  } catch {
    /* preference simply does not persist */
  }
}

function toggleButton({ cls, key }) {
  const btn = document.createElement("button");
  btn.type = "button";
  btn.className = "nav-toggle";
  btn.textContent = t(`nav.${key}`);
  btn.title = t(`nav.${key}.title`);
  const sync = () => btn.setAttribute("aria-pressed", String(document.body.classList.contains(cls)));
  const set = (on) => {
    document.body.classList.toggle(cls, on);
    document.documentElement.classList.toggle(cls, on); // rem sizes follow the root element
  };
  set(readPref(cls));
  sync();
  btn.addEventListener("click", () => {
    const on = !document.body.classList.contains(cls);
    set(on);
    writePref(cls, on);
    sync();
    window.dispatchEvent(new Event("resize")); // plots re-measure after a font-size change
  });
  return btn;
}

/** The language menu: switching reloads the page in the other language, every other URL key kept. */
function langSwitch() {
  const select = document.createElement("select");
  select.className = "nav-lang";
  select.id = "nav-lang";
  select.setAttribute("aria-label", t("nav.language"));
  select.title = t("nav.language");
  for (const code of LANGS) {
    const o = document.createElement("option");
    o.value = code;
    o.lang = code;
    o.textContent = LANG_NAMES[code];
    select.append(o);
  }
  select.value = lang;
  select.addEventListener("change", () => setLang(select.value));
  return select;
}

/**
 * Fill <header id="topbar"> with the site navigation, and the page's static texts (data-i18n) in its language.
 * @param {string} active  a page key ("playground", "race", "ewa", "tune", "lessons") or its label
 */
export function renderNav(active) {
  let header = document.getElementById("topbar");
  if (!header) {
    header = document.createElement("header");
    header.id = "topbar";
    document.body.prepend(header);
  }
  applyI18n(document);
  header.textContent = "";
  const brand = document.createElement("a");
  brand.className = "brand";
  brand.href = "./";
  brand.textContent = t("nav.brand");
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", t("nav.pages"));
  for (const page of PAGES) {
    const a = document.createElement("a");
    a.href = page.href;
    a.textContent = t(`nav.${page.key}`);
    if (isActive(page, active)) a.setAttribute("aria-current", "page");
    nav.append(a);
  }
  const tools = document.createElement("div");
  tools.className = "nav-tools";
  for (const toggle of TOGGLES) tools.append(toggleButton(toggle));
  tools.append(langSwitch());
  header.append(brand, nav, tools);
  return header;
}
