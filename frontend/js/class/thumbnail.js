// A student's live boundary thumbnail: size*size bytes (base64) painted onto a canvas with the playground's
// colours. Bytes are row-major, row 0 = lowest x2 (shared/protocol/class.md): two classes, a byte is
// round(255 * P(class 1)); more classes, the predicted class index. Canvas only.
import { binaryColor, multiColor } from "../plots/colors.js";

/** @param {string} b64 @returns {Uint8Array} */
export function decodeBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * @param {HTMLCanvasElement} canvas  drawn at one pixel per cell (CSS scales it up, pixelated)
 * @param {{size: number, classes: number, data: string} | null} thumb
 */
export function paintThumbnail(canvas, thumb) {
  const ctx = canvas.getContext("2d");
  if (!thumb) {
    canvas.width = canvas.height = 1;
    ctx.fillStyle = "#e8eaeb";
    ctx.fillRect(0, 0, 1, 1);
    return;
  }
  const { size: r, classes: K } = thumb;
  const bytes = decodeBytes(thumb.data);
  if (bytes.length !== r * r) throw new Error(`thumbnail: ${bytes.length} bytes for a ${r}x${r} grid`);
  if (canvas.width !== r || canvas.height !== r) Object.assign(canvas, { width: r, height: r });
  const img = ctx.createImageData(r, r);
  for (let iy = 0; iy < r; iy++) {
    const row = (r - 1 - iy) * r; // grid row 0 is the lowest x2, canvas row 0 the top
    for (let ix = 0; ix < r; ix++) {
      const b = bytes[iy * r + ix];
      const [R, G, B] = K <= 2 ? binaryColor(b / 255, false) : multiColor(b, 1, K, false);
      const o = (row + ix) * 4;
      img.data.set([R, G, B, 255], o);
    }
  }
  ctx.putImageData(img, 0, 0);
}
