// Points as CSV text: a header `x1,x2,label` (optionally `split` with train/dev/test) and one point per line.
// Parsing names the first bad line; it never evaluates anything.

const SPLITS = { train: "points", dev: "dev_points", test: "test_points" };

/** @param {{points: Array, dev_points: Array, test_points: Array}} c @returns {string} */
export function pointsToCsv(c) {
  const lines = ["x1,x2,label,split"];
  for (const [split, key] of Object.entries(SPLITS)) {
    for (const [a, b, l] of c[key] || []) lines.push(`${a},${b},${l},${split}`);
  }
  return lines.join("\n") + "\n";
}

const NUM = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * @param {string} text  CSV with columns x1,x2,label[,split]; a header line is optional
 * @param {number} classes  labels must lie in 0..classes-1
 * @returns {{points: Array, dev_points: Array, test_points: Array}}
 * @throws {Error} "line N: ..." for the first bad line
 */
export function csvToPoints(text, classes) {
  const out = { points: [], dev_points: [], test_points: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const cells = line.split(/[,;\t]/).map((s) => s.trim());
    if (i === 0 && /^[a-z_]/i.test(cells[0])) return; // header
    if (cells.length < 3 || cells.length > 4) throw new Error(`line ${i + 1}: expected x1,x2,label[,split], got ${cells.length} columns`);
    const [a, b, l, split = "train"] = cells;
    if (!NUM.test(a) || !NUM.test(b)) throw new Error(`line ${i + 1}: x1 and x2 must be numbers`);
    if (!/^\d+$/.test(l) || Number(l) >= classes) throw new Error(`line ${i + 1}: label must be a whole number 0..${classes - 1}`);
    const key = SPLITS[split.toLowerCase()];
    if (!key) throw new Error(`line ${i + 1}: split must be train, dev or test`);
    out[key].push([Number(a), Number(b), Number(l)]);
  });
  return out;
}
