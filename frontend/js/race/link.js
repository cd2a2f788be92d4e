// The /ws/race client: typed messages out, hello / surface / race / error events in (no DOM).
import { connect } from "../socket.js";

/**
 * @param {{onHello, onSurface, onRace, onError, onStatus}} h  callbacks; frames arrive as (header, arrays)
 */
export function raceLink(h) {
  let seq = 0;
  const sock = connect("ws/race", {
    onStatus: (s) => h.onStatus?.(s),
    onMessage: (msg) => {
      if (msg.type === "hello") h.onHello?.(msg);
      else if (msg.type === "error") h.onError?.(msg);
    },
    onFrame: ({ header, arrays }) => {
      if (header.type === "surface") h.onSurface?.(header, arrays);
      else if (header.type === "race") h.onRace?.(header, arrays);
    },
  });
  return {
    config(config) {
      seq += 1;
      sock.send({ type: "config", seq, config });
      return seq;
    },
    play: (speed) => sock.send({ type: "play", speed }),
    pause: () => sock.send({ type: "pause" }),
    step: (n = 1) => sock.send({ type: "step", n }),
    reset: () => sock.send({ type: "reset" }),
  };
}
