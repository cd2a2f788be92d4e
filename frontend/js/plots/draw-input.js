// Turns pointer input on the boundary canvas into drawing intents: click adds a point of the selected class,
// shift-click adds the other class, right-click / ctrl-click (or the erase tool, for touch) removes the nearest.
// Emits intents only; the page decides what they change.

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{toData: (cx: number, cy: number) => [number, number]}} view
 * @param {{onAdd: (x1: number, x2: number, other: boolean) => void, onRemove: (x1: number, x2: number) => void,
 *          isErasing: () => boolean, isEnabled: () => boolean, onCursor?: (x1: number, x2: number) => void}} handlers
 */
export function attachDrawing(canvas, view, handlers) {
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());
  canvas.addEventListener("blur", () => handlers.onCursor?.(null, null));
  canvas.addEventListener("pointerdown", (e) => {
    if (!handlers.isEnabled()) return;
    if (e.button !== 0 && e.button !== 2) return;
    e.preventDefault();
    const [x1, x2] = view.toData(e.clientX, e.clientY);
    if (e.button === 2 || e.ctrlKey || e.metaKey || handlers.isErasing()) handlers.onRemove(x1, x2);
    else handlers.onAdd(x1, x2, e.shiftKey);
  });
  // keyboard drawing: focus the canvas, move a cursor with the arrows, Enter adds, Delete removes
  const cursor = { x: 0.5, y: 0.5 };
  canvas.addEventListener("keydown", (e) => {
    const rect = canvas.getBoundingClientRect();
    const stepPx = e.shiftKey ? 0.1 : 0.02;
    const at = () => view.toData(rect.left + cursor.x * rect.width, rect.top + cursor.y * rect.height);
    const moves = { ArrowLeft: [-stepPx, 0], ArrowRight: [stepPx, 0], ArrowUp: [0, -stepPx], ArrowDown: [0, stepPx] };
    if (moves[e.key]) {
      cursor.x = Math.min(1, Math.max(0, cursor.x + moves[e.key][0]));
      cursor.y = Math.min(1, Math.max(0, cursor.y + moves[e.key][1]));
      handlers.onCursor?.(...at());
      e.preventDefault();
      e.stopPropagation(); // the key belongs to the canvas: a lesson panel's → must not also advance a step
      return;
    }
    if (e.key === "Enter" && handlers.isEnabled()) handlers.onAdd(...at(), e.shiftKey);
    else if ((e.key === "Delete" || e.key === "Backspace") && handlers.isEnabled()) handlers.onRemove(...at());
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
}
