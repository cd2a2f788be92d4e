// The drawing toolbar under the data controls: class picker, draw/erase tool, which split new points go to,
// clear, and CSV upload/download. Emits intents; the page applies them.
import { CLASS_COLORS } from "../plots/colors.js";
import { t } from "../i18n.js";

/**
 * @param {HTMLElement} el
 * @param {{onClear: () => void, onUpload: (text: string) => void, onDownload: () => void}} on
 */
export function createDrawTools(el, on) {
  const st = { label: 0, classes: 2, erase: false, split: "train" };
  const picker = document.createElement("div");
  picker.className = "class-picker";
  picker.setAttribute("role", "radiogroup");
  picker.setAttribute("aria-label", t("draw.class_picker"));

  const erase = document.createElement("button");
  erase.type = "button";
  erase.textContent = t("draw.erase");
  erase.title = t("draw.erase.title");
  erase.setAttribute("aria-pressed", "false");
  erase.addEventListener("click", () => {
    st.erase = !st.erase;
    erase.setAttribute("aria-pressed", String(st.erase));
  });

  const split = document.createElement("select");
  split.setAttribute("aria-label", t("draw.split"));
  for (const v of ["train", "dev", "test"]) split.append(new Option(t(`draw.into.${v}`), v));
  split.addEventListener("change", () => (st.split = split.value));

  const clear = btn(t("draw.clear"), on.onClear);
  const file = Object.assign(document.createElement("input"), { type: "file", accept: ".csv,text/csv,text/plain", hidden: true });
  file.addEventListener("change", async () => {
    const f = file.files[0];
    file.value = "";
    if (f) on.onUpload(await f.text());
  });
  const upload = btn(t("draw.upload"), () => file.click());
  const download = btn(t("draw.download"), on.onDownload);

  const row1 = document.createElement("div");
  row1.className = "row";
  row1.append(picker, erase, split);
  const row2 = document.createElement("div");
  row2.className = "row";
  row2.append(clear, upload, download, file);
  const help = document.createElement("p");
  help.className = "help muted";
  help.textContent = t("draw.help");
  el.append(row1, row2, help);

  function btn(text, fn) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", fn);
    return b;
  }

  function renderPicker() {
    picker.textContent = "";
    for (let k = 0; k < st.classes; k++) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "swatch";
      b.style.setProperty("--swatch", CLASS_COLORS[k]);
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(k === st.label));
      b.setAttribute("aria-label", t("draw.class", { k }));
      b.textContent = String(k);
      b.addEventListener("click", () => {
        st.label = k;
        renderPicker();
      });
      picker.append(b);
    }
  }
  renderPicker();

  return {
    st,
    /** Number of classes the picker offers. */
    setClasses(k) {
      if (k === st.classes) return;
      st.classes = k;
      st.label = Math.min(st.label, k - 1);
      renderPicker();
    },
    /** The class for a click; `other` (shift) picks the next class. */
    labelFor(other) {
      return other ? (st.label + 1) % st.classes : st.label;
    },
  };
}
