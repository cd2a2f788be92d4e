// The tuning lab's side of /ws/tune (protocol: shared/protocol/tune.md). No DOM here: messages in, callbacks out.
import { connect } from "../socket.js";

/**
 * @param {{onHello?: Function, onRound?: Function, onTrial?: Function, onDone?: Function, onError?: Function,
 *          onStatus?: Function}} handlers
 * @returns {{start: (sweep: object) => void, stop: () => void, close: () => void}}
 */
export function tuneClient(handlers) {
  const route = { hello: "onHello", round: "onRound", trial: "onTrial", done: "onDone", error: "onError" };
  const socket = connect("ws/tune", {
    onMessage: (msg) => handlers[route[msg.type]]?.(msg),
    onStatus: (status) => handlers.onStatus?.(status),
  });
  return {
    start: (sweep) => socket.send({ type: "start", sweep }),
    stop: () => socket.send({ type: "stop" }),
    close: () => socket.close(),
  };
}
