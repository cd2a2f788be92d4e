// Geometry of the network diagram: where each column and node goes in a W x H box. Pure.

/**
 * @param {number[]} counts  nodes per column (inputs, hidden..., output)
 * @param {number} width  @param {number} height  of the node area (below the column headers)
 * @param {number} [labelSpace]  room kept left of the first column for its labels
 * @returns {{columns: Array<{x: number, size: number, nodes: Array<{x: number, y: number}>}>}}
 *   each column's node size fits its own count (a tall input column does not shrink the hidden neurons)
 */
export function layoutNetwork(counts, width, height, labelSpace = 0) {
  const n = counts.length;
  const cap = Math.min(40, (width / Math.max(n, 2)) * 0.45);
  const sizes = counts.map((count) => Math.max(6, Math.min(cap, (height - 8) / (Math.max(count, 1) * 1.3))));
  const margin = Math.max(...sizes) / 2 + 6;
  const left = margin + labelSpace;
  const columns = counts.map((count, c) => {
    const size = sizes[c];
    const x = n === 1 ? width / 2 : left + (c * (width - left - margin)) / (n - 1);
    const gap = Math.min(size * 1.45, (height - size) / Math.max(count - 1, 1));
    const top = (height - (count - 1) * gap) / 2;
    return { x, size, nodes: Array.from({ length: count }, (_, i) => ({ x, y: top + i * gap })) };
  });
  return { columns };
}

/** Points along the link curve from a to b (a cubic with horizontal tangents), for drawing and hit tests. */
export function linkCurve(a, b) {
  const mx = (a.x + b.x) / 2;
  return { x0: a.x, y0: a.y, c1x: mx, c1y: a.y, c2x: mx, c2y: b.y, x1: b.x, y1: b.y };
}

/** Squared distance from (px, py) to the curve, sampled at `k` points. */
export function curveDistance2(c, px, py, k = 12) {
  let best = Infinity;
  for (let i = 0; i <= k; i++) {
    const t = i / k;
    const u = 1 - t;
    const x = u * u * u * c.x0 + 3 * u * u * t * c.c1x + 3 * u * t * t * c.c2x + t * t * t * c.x1;
    const y = u * u * u * c.y0 + 3 * u * u * t * c.c1y + 3 * u * t * t * c.c2y + t * t * t * c.y1;
    best = Math.min(best, (x - px) ** 2 + (y - py) ** 2);
  }
  return best;
}
