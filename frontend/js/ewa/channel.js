// The EWA lab's conversation with /ws/ewa (protocol: shared/protocol/ewa.md). No DOM: the page hands in
// callbacks. Every request carries a growing `seq`, echoed by the server, so answers can be matched.
import { connect } from "../socket.js";

/**
 * @param {{onHello: (hello: object) => void, onAverages: (frame: {header: object, arrays: object}) => void,
 *          onSeries: (msg: object) => void, onError: (err: object) => void,
 *          onStatus: (status: string) => void}} handlers
 * @returns {{sendConfig: (config: object) => number, parse: (text: string) => number}}
 */
export function openEwaChannel(handlers) {
  let seq = 0;
  let lastConfig = null;
  const socket = connect("ws/ewa", {
    onStatus: handlers.onStatus,
    onMessage(msg) {
      if (msg.type === "hello") {
        handlers.onHello(msg);
        if (lastConfig) socket.send(lastConfig); // after a reconnect, ask again
      } else if (msg.type === "series") handlers.onSeries(msg);
      else if (msg.type === "error") handlers.onError(msg);
    },
    onFrame(frame) {
      if (frame.header.type === "ewa") handlers.onAverages(frame);
    },
  });
  return {
    sendConfig(config) {
      seq += 1;
      lastConfig = { type: "config", seq, config };
      socket.send(lastConfig);
      return seq;
    },
    parse(text) {
      seq += 1;
      socket.send({ type: "parse", seq, text });
      return seq;
    },
  };
}
