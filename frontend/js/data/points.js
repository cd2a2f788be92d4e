// Drawn points as the config holds them: [x1, x2, label] snapped to the URL's 0.01 grid. Pure functions.
import { COORD_LIMIT, snap } from "../url/points-codec.js";

/** A new point at (x1, x2), snapped to the grid and clamped to what the URL can carry. */
export function makePoint(x1, x2, label) {
  const c = (v) => Math.max(-COORD_LIMIT, Math.min(COORD_LIMIT, snap(v)));
  return [c(x1), c(x2), label];
}

/**
 * The drawn point nearest to (x1, x2) over the named lists, within `radius` (data units).
 * @param {Object<string, Array<[number, number, number]>>} lists  e.g. {points, dev_points, test_points}
 * @returns {{list: string, index: number} | null}
 */
export function nearestPoint(lists, x1, x2, radius) {
  let best = null;
  let bestD = radius * radius;
  for (const [name, pts] of Object.entries(lists)) {
    pts.forEach((p, i) => {
      const d = (p[0] - x1) ** 2 + (p[1] - x2) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = { list: name, index: i };
      }
    });
  }
  return best;
}

/** Generated splits (flat X arrays + labels from a frame) as drawn-point lists, snapped. */
export function splitToPoints(X, y) {
  const out = [];
  for (let i = 0; i < y.length; i++) out.push(makePoint(X[2 * i], X[2 * i + 1], y[i]));
  return out;
}
