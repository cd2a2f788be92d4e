// "Push to class" on the playground for the teacher of an open class (its token is in this browser's
// storage, class/storage.js): sends the page's current experiment (and lesson) to every student. The
// button exists only in that browser; students never see it. DOM + the rooms REST API, no socket.
import * as api from "../class/api.js";
import * as store from "../class/storage.js";
import { t } from "../i18n.js";

/**
 * @param {{config: () => object, lesson: () => string|null, notice: (kind: string, text: string, key: string) => void}} page
 * @returns {HTMLButtonElement|null} the button (null when this browser runs no class)
 */
export function mountTeacherPush(page) {
  const room = store.teacherRoom();
  if (!room) return null;
  const btn = document.createElement("button");
  btn.type = "button";
  btn.id = "push-to-class";
  btn.className = "primary";
  btn.textContent = t("class.push.to_class", { code: room.code });
  btn.title = t("class.push.to_class_title");
  document.getElementById("copy-link").after(btn);
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const state = await api.act(room.code, room.token, "push", { experiment: page.config(), lesson: page.lesson(), instructions: null });
      page.notice("ok", t("class.push.pushed", { n: state.students }), "class-push");
    } catch (e) {
      if (e.code === "unknown_room" || e.code === "room_ended" || e.code === "forbidden") {
        store.forgetTeacherRoom();
        btn.remove();
      }
      page.notice("error", t("class.push.failed", { reason: e.message }), "class-push");
    } finally {
      btn.disabled = false;
    }
  });
  return btn;
}
