// Decodes the server's binary frames (see shared/PROTOCOL.md): a 4-byte little-endian header length N,
// N bytes of UTF-8 JSON header, then 8-byte-aligned little-endian arrays viewed without copying.

const TYPED = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
};

/** @param {ArrayBuffer} buffer @returns {{header: object, arrays: Object<string, {data: ArrayLike<number>, shape: number[]}>}} */
export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)));
  const base = 4 + n;
  const arrays = {};
  for (const [name, meta] of Object.entries(header.arrays || {})) {
    const Typed = TYPED[meta.dtype];
    const count = meta.shape.reduce((a, b) => a * b, 1);
    arrays[name] = { data: new Typed(buffer, base + meta.offset, count), shape: meta.shape };
  }
  delete header.arrays;
  return { header, arrays };
}

/** Row `i` of a 2-D array as a plain JS array (for plotly). */
export function row(arr, i) {
  const w = arr.shape[1];
  return Array.from(arr.data.subarray(i * w, (i + 1) * w));
}

/** A 2-D array as an array of rows (plotly heatmap z). */
export function rows(arr) {
  const out = [];
  for (let i = 0; i < arr.shape[0]; i++) out.push(row(arr, i));
  return out;
}
