// The history of rounds (coarse to fine): each round's search, its parent round and its trials. No DOM.

export class Rounds {
  constructor() {
    this.list = [];
    this.pending = null; // the search sent and not acknowledged yet
  }

  /** Remember what was asked, so the server's `round` message can be tied to it (and to its parent). */
  ask(search, parent) {
    this.pending = { search: structuredClone(search), parent };
  }

  /** The server accepted a round: a new entry, the current one. */
  open(msg) {
    const asked = this.pending || { search: msg.sweep, parent: null };
    this.pending = null;
    const round = {
      number: msg.round,
      search: { ...asked.search, params: msg.sweep.params, method: msg.sweep.method, seed: msg.sweep.seed },
      parent: asked.parent,
      expected: msg.trials,
      trials: [],
      state: "running",
      seconds: null,
    };
    this.list.push(round);
    return round;
  }

  find(number) {
    return this.list.find((r) => r.number === number) || null;
  }

  addTrial(msg) {
    const round = this.find(msg.round);
    if (round) round.trials.push(msg);
    return round;
  }

  close(msg) {
    const round = this.find(msg.round);
    if (round) {
      round.state = msg.stopped ? "stopped" : "done";
      round.seconds = msg.seconds;
    }
    return round;
  }

  /** The trial with the best `metric` (largest accuracy, smallest cost) among those that have it. */
  static best(round, metric) {
    const ok = round.trials.filter((t) => t[metric] !== null && t[metric] !== undefined);
    if (!ok.length) return null;
    const sign = metric.endsWith("accuracy") ? -1 : 1;
    return ok.reduce((a, b) => (sign * (b[metric] - a[metric]) < 0 ? b : a));
  }
}
