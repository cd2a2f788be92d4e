// The student's join page: class code (prefilled from ?code=) and a display name. The join itself happens
// on the playground's /ws/train socket: this page stores {code, name} for the tab (class/storage.js) and
// opens `/?room=CODE`; a refused join comes back here as ?error=<code>. DOM only.
import { applyI18n, t } from "../i18n.js";
import { renderNav } from "../nav.js";
import * as store from "../class/storage.js";

const $ = (id) => document.getElementById(id);
const CODE_RE = /^[A-HJ-NP-Z2-9]{8}$/; // shared/protocol/class.md: no 0/O/1/I

function showError(text, field) {
  const box = $("join-error");
  box.textContent = text;
  box.hidden = !text;
  for (const id of ["code", "name"]) $(id).setAttribute("aria-invalid", String(id === field));
  if (field) $(field).focus();
}

function main() {
  renderNav("join");
  applyI18n();
  const params = new URLSearchParams(location.search);
  const stored = store.studentJoin();
  $("code").value = store.normalizeCode(params.get("code") || stored?.code || "");
  $("name").value = params.get("name") || stored?.name || "";
  const error = params.get("error");
  if (error) showError(t(`class.error.${error}`) === `class.error.${error}` ? t("class.error.join_failed") : t(`class.error.${error}`), error === "name_taken" || error === "invalid_name" ? "name" : error === "unknown_room" ? "code" : null);
  else $(params.get("code") ? "name" : "code").focus();

  $("code").addEventListener("input", () => {
    const at = $("code").selectionStart;
    $("code").value = $("code").value.toUpperCase();
    $("code").setSelectionRange(at, at);
  });
  $("join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const code = store.normalizeCode($("code").value);
    const name = $("name").value.trim();
    if (!CODE_RE.test(code)) return showError(t("class.join.bad_code"), "code");
    if (name.length < 1 || name.length > 24) return showError(t("class.error.invalid_name"), "name");
    // a new name or room starts a new membership; the same one keeps the token (a rejoin)
    const same = stored && stored.code === code && stored.name === name;
    store.saveStudentJoin(code, name, same ? stored.token : null);
    location.assign(`/?room=${encodeURIComponent(code)}`);
  });
  document.body.dataset.ready = "true";
}

main();
