// The "your own series" box (DOM only): pasted text or an uploaded file goes to `onText`; the server's
// parser answers, and `showError` displays its message, which names the bad line.
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

/**
 * @param {{maxBytes: number, onText: (text: string) => void}} opts
 */
export function createPasteBox({ maxBytes, onText }) {
  const text = $("paste-text");
  const error = $("paste-error");

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
    if (message) $("paste-box").open = true; // an upload may come while the box is closed
  }

  function submit(value) {
    const bytes = new TextEncoder().encode(value).length;
    if (bytes > maxBytes - 1024) {
      showError(t("ewa.too_big", { kb: Math.ceil(bytes / 1024), limit: Math.floor(maxBytes / 1024) - 1 }));
      return;
    }
    showError("");
    onText(value);
  }

  $("paste-apply").addEventListener("click", () => submit(text.value));
  $("paste-file").addEventListener("change", async (ev) => {
    const file = ev.target.files?.[0];
    if (!file) return;
    if (file.size > maxBytes) {
      showError(t("ewa.file_too_big", { name: file.name, kb: Math.ceil(file.size / 1024), limit: Math.floor(maxBytes / 1024) - 1 }));
      return;
    }
    text.value = await file.text();
    ev.target.value = ""; // choosing the same file again fires change again
    submit(text.value);
  });

  return {
    showError,
    /** A paste was accepted: close the box. */
    accepted() {
      showError("");
      $("paste-box").open = false;
    },
  };
}
