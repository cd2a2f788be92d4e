// The experiment's defaults and schema for the teacher page, which has no training session of its own: the
// JSON Schema leaves out the defaults of list fields built by a factory, so they come from one `hello` of
// /ws/train (through socket.js, then closed). Used to read a pasted playground link. No DOM.
import { connect } from "../socket.js";
import { readSchema } from "../schema.js";

function hello(timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sock.close(), reject(new Error("the training server did not answer"))), timeoutMs);
    const sock = connect("ws/train", {
      onMessage(msg) {
        if (msg.type !== "hello") return;
        clearTimeout(timer);
        sock.close();
        resolve(msg);
      },
    });
  });
}

let cached = null;

/** @returns {Promise<{fields, order, defaults}>} the schema table of schema.js with every default */
export function loadFullSchema() {
  cached ??= Promise.all([fetch("shared/schema/experiment.json").then((r) => r.json()), hello()]).then(([json, h]) =>
    readSchema(json, h.config),
  );
  cached.catch(() => (cached = null)); // a later try may succeed
  return cached;
}
