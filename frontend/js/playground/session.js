// The playground's conversation with /ws/train (shared/PROTOCOL.md): typed commands out, hello / config /
// event / gradcheck / error messages and binary frames in. Talks to the socket only; never to the DOM.
import { connect } from "../socket.js";

const KEEPALIVE_MS = 240_000; // the server closes idle sockets (hello.limits.idle_timeout, 900 s by default)

/**
 * @param {{onHello, onConfig, onEvent, onGradcheck, onError, onFrame, onStatus, onJoined, onRoom, onLeft}} on
 *   callbacks (joined / room / left: a class room, shared/protocol/class.md)
 * @returns {{sendConfig: (partial: object, replace?: boolean) => number, play, pause, step: (n: number) => void,
 *            reset, gradcheck, view: (opts: object) => void, join: (room: string, name: string,
 *            token: string|null) => number, leave: () => number, close}}
 */
export function createSession(on) {
  let nextId = 1;
  let keepalive = null;
  let hello = null;
  const sock = connect("ws/train", {
    onStatus: (s) => on.onStatus?.(s),
    onMessage(msg) {
      if (msg.type === "hello") {
        hello = msg;
        on.onHello?.(msg);
      } else if (msg.type === "config") on.onConfig?.(msg);
      else if (msg.type === "event") on.onEvent?.(msg);
      else if (msg.type === "gradcheck") on.onGradcheck?.(msg);
      else if (msg.type === "error") on.onError?.(msg);
      else if (msg.type === "joined") on.onJoined?.(msg);
      else if (msg.type === "room") on.onRoom?.(msg);
      else if (msg.type === "left") on.onLeft?.(msg);
      // pong: nothing to do
    },
    onFrame: (frame) => on.onFrame?.(frame),
    onOpen() {
      clearInterval(keepalive);
      const ms = hello?.limits?.idle_timeout ? Math.min(KEEPALIVE_MS, (hello.limits.idle_timeout * 1000) / 3) : KEEPALIVE_MS;
      keepalive = setInterval(() => send({ type: "ping" }), ms);
      on.onOpen?.();
    },
  });

  function send(msg) {
    const id = nextId++;
    sock.send({ ...msg, id });
    return id;
  }

  return {
    sendConfig: (config, replace = false) => send({ type: "config", config, replace }),
    play: () => send({ type: "play" }),
    pause: () => send({ type: "pause" }),
    step: (n) => send({ type: "step", n }),
    reset: () => send({ type: "reset" }),
    gradcheck: (opts = {}) => send({ type: "gradcheck", ...opts }),
    view: (opts) => send({ type: "view", ...opts }),
    join: (room, name, token = null) => send({ type: "join", room, name, token }),
    leave: () => send({ type: "leave" }),
    close: () => {
      clearInterval(keepalive);
      sock.close();
    },
  };
}
