// Drawn points in the URL: each point snapped to a 0.01 grid and packed as 5 little-endian bytes
// (int16 round(100 x1), int16 round(100 x2), uint8 label), the whole list as unpadded base64url.
// Decoding gives k / 100, the correctly rounded double that Python's k / 100 also gives: bit-identical.

export const GRID = 100; // cells per unit
export const RECORD = 5; // bytes per point
export const COORD_LIMIT = 32767 / GRID; // the largest |coordinate| an int16 cell can hold

/** Nearest grid value (ties away from -inf, identical to Python's floor(x * 100 + 0.5) / 100). */
export function snap(x) {
  return Math.floor(x * GRID + 0.5) / GRID;
}

function cell(x, where) {
  const k = Math.floor(x * GRID + 0.5);
  if (k / GRID !== x) throw new Error(`${where}: ${x} is not on the 0.01 grid (snap it first)`);
  if (Math.abs(k) > 32767) throw new Error(`${where}: ${x} is outside +-${COORD_LIMIT}`);
  return k;
}

/** @param {Array<[number, number, number]>} points @returns {string} base64url */
export function packPoints(points, name = "points") {
  const bytes = new Uint8Array(points.length * RECORD);
  const view = new DataView(bytes.buffer);
  points.forEach(([x1, x2, label], i) => {
    view.setInt16(i * RECORD, cell(x1, `${name}[${i}]`), true);
    view.setInt16(i * RECORD + 2, cell(x2, `${name}[${i}]`), true);
    view.setUint8(i * RECORD + 4, label);
  });
  let bin = "";
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * @param {string} text  base64url without padding
 * @returns {Array<[number, number, number]>}
 * @throws {Error} when the text is not whole 5-byte records of base64url
 */
export function unpackPoints(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bin = atob(b64);
  if (bin.length % RECORD !== 0) throw new Error(`not whole ${RECORD}-byte point records`);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const out = [];
  for (let i = 0; i < bytes.length; i += RECORD) {
    out.push([view.getInt16(i, true) / GRID, view.getInt16(i + 2, true) / GRID, view.getUint8(i + 4)]);
  }
  return out;
}
