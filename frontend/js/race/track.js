// The race as the page knows it: each racer's path and costs, appended frame by frame (no DOM, no socket).

export class RaceTrack {
  constructor() {
    this.clear();
  }

  clear() {
    this.racers = {}; // name -> {x: [], y: [], cost: [], info: {...}}
    this.t = 0;
    this.steps = 0;
    this.playing = false;
    this.finished = false;
    this.start = null;
  }

  /**
   * Append one `race` frame. A racer whose `from` is 0 starts over; any other gap means a lost frame.
   * @returns {boolean} false when the frame does not continue the paths held (the caller asks for a reset)
   */
  apply(header, arrays) {
    const names = Object.keys(header.racers);
    for (const name of Object.keys(this.racers)) if (!names.includes(name)) delete this.racers[name];
    let continuous = true;
    for (const name of names) {
      const info = header.racers[name];
      if (info.from === 0 || !this.racers[name]) this.racers[name] = { x: [], y: [], cost: [], info };
      const r = this.racers[name];
      if (info.from !== r.x.length) {
        continuous = false;
        continue;
      }
      const path = arrays[`${name}.path`].data;
      const cost = arrays[`${name}.cost`].data;
      for (let i = 0; i < cost.length; i++) {
        r.x.push(path[2 * i]);
        r.y.push(path[2 * i + 1]);
        r.cost.push(cost[i]);
      }
      r.info = info;
    }
    Object.assign(this, { t: header.t, steps: header.steps, playing: header.playing, finished: header.finished, start: header.start });
    return continuous;
  }
}
