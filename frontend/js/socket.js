// The only module that touches WebSocket. One live connection per page: JSON messages out, JSON events and
// binary frames in, automatic reconnect with backoff. Pages never see the socket itself.
import { decodeFrame } from "./frames.js";

/**
 * @param {string} path  relative to the app (e.g. "ws/train"), so the app works under a sub-path too
 * @param {{onMessage?: (msg: object) => void, onFrame?: (frame: {header: object, arrays: object}) => void,
 *          onStatus?: (status: "connecting"|"open"|"closed") => void, onOpen?: () => void}} handlers
 * @returns {{send: (msg: object) => boolean, close: () => void, isOpen: () => boolean}}
 */
export function connect(path, handlers = {}) {
  let ws = null;
  let closedByUs = false;
  let backoff = 250;
  const pending = [];

  function url() {
    // relative to the page: every page sits at the app's root, which may be a sub-path behind a proxy
    const u = new URL(path, document.baseURI);
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    return u.href;
  }

  function open() {
    handlers.onStatus?.("connecting");
    ws = new WebSocket(url());
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      backoff = 250;
      handlers.onStatus?.("open");
      handlers.onOpen?.();
      while (pending.length && ws.readyState === WebSocket.OPEN) ws.send(pending.shift());
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === "string") handlers.onMessage?.(JSON.parse(ev.data));
      else handlers.onFrame?.(decodeFrame(ev.data));
    };
    ws.onclose = () => {
      handlers.onStatus?.("closed");
      if (!closedByUs) {
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    };
  }

  open();
  return {
    send(msg) {
      const text = JSON.stringify(msg);
      if (ws && ws.readyState === WebSocket.OPEN) {
        ws.send(text);
        return true;
      }
      pending.push(text);
      return false;
    },
    close() {
      closedByUs = true;
      ws?.close();
    },
    isOpen: () => !!ws && ws.readyState === WebSocket.OPEN,
  };
}
