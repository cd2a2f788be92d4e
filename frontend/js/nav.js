// The shared header of every page: brand, links to the five pages, and the two view toggles
// (presenter = large text for projectors, high contrast). Toggles persist in localStorage.

export const PAGES = [
  { key: "playground", label: "Playground", href: "./" },
  { key: "race", label: "Optimizer race", href: "race" },
  { key: "ewa", label: "EWA lab", href: "ewa" },
  { key: "tune", label: "Tuning", href: "tune" },
  { key: "lessons", label: "Lessons", href: "lessons" },
];

const TOGGLES = [
  { cls: "presenter", label: "Large text", title: "Presenter mode: large text for projectors" },
  { cls: "high-contrast", label: "High contrast", title: "High-contrast colours" },
];

function isActive(page, active) {
  const a = String(active || "").toLowerCase();
  return a === page.key || a === page.label.toLowerCase() || a === page.href;
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

function toggleButton({ cls, label, title }) {
  const btn = document.createElement("button");
  btn.type = "button";
  btn.className = "nav-toggle";
  btn.textContent = label;
  btn.title = title;
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

/**
 * Fill <header id="topbar"> with the site navigation.
 * @param {string} active  a page key ("playground", "race", "ewa", "tune", "lessons") or its label
 */
export function renderNav(active) {
  let header = document.getElementById("topbar");
  if (!header) {
    header = document.createElement("header");
    header.id = "topbar";
    document.body.prepend(header);
  }
  header.textContent = "";
  const brand = document.createElement("a");
  brand.className = "brand";
  brand.href = "/";
  brand.textContent = "Training Playground";
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", "Pages");
  for (const page of PAGES) {
    const a = document.createElement("a");
    a.href = page.href;
    a.textContent = page.label;
    if (isActive(page, active)) a.setAttribute("aria-current", "page");
    nav.append(a);
  }
  const tools = document.createElement("div");
  tools.className = "nav-tools";
  for (const t of TOGGLES) tools.append(toggleButton(t));
  header.append(brand, nav, tools);
  return header;
}
