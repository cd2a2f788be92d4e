"""Helpers shared by the playground page tests (tests/browser/test_playground_*.py)."""

from __future__ import annotations

import hashlib


def open_playground(page, base: str, query: str = "") -> None:
    """Load `/` (+ query) and wait until the page booted and drew the server's first frame."""
    page.goto(f"{base}/{query}")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    page.wait_for_function("document.getElementById('epoch').dataset.run !== undefined", timeout=15_000)


def epoch(page) -> int:
    return int(page.locator("#epoch").get_attribute("data-value") or 0)


def run_id(page) -> str:
    return page.locator("#epoch").get_attribute("data-run")


def value(page, element_id: str) -> float | None:
    """Full-precision number behind a read-out (data-value), None when empty."""
    raw = page.locator(f"#{element_id}").get_attribute("data-value")
    return None if raw in (None, "") else float(raw)


def step_epochs(page, n: int) -> None:
    """Press Step n times; each press trains exactly one epoch of mini-batch steps."""
    for _ in range(n):
        before = epoch(page)
        page.get_by_role("button", name="Step", exact=True).click()
        page.wait_for_function(f"Number(document.getElementById('epoch').dataset.value) === {before + 1}")


def wait_epoch(page, at_least: int, timeout: int = 20_000) -> None:
    js = f"Number(document.getElementById('epoch').dataset.value) >= {at_least}"
    page.wait_for_function(js, timeout=timeout)


def canvas_digest(page, selector: str = "#boundary") -> str:
    """A hash of the canvas pixels: changes when the picture changes."""
    data = page.evaluate(f"document.querySelector('{selector}').toDataURL()")
    return hashlib.sha256(data.encode()).hexdigest()


def next_paint(page) -> None:
    """Return after two animation frames: what the page scheduled with requestAnimationFrame before this call
    (the boundary canvas repaints on the next one, plots/boundary.js) has been drawn."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def class_colours_on_canvas(page) -> list[int]:
    """How many sampled boundary pixels are nearest to each class colour (multi-class check)."""
    return page.evaluate(
        """async () => {
          const { CLASS_COLORS, hexToRgb } = await import('/static/js/plots/colors.js');
          const c = document.getElementById('boundary');
          const ctx = c.getContext('2d');
          const rgb = CLASS_COLORS.map(hexToRgb);
          const counts = new Array(rgb.length).fill(0);
          const grey = [232, 234, 235];
          for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) {
            const x = ((i + 0.5) / 40) * c.width, y = ((j + 0.5) / 40) * c.height;
            const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
            if (Math.abs(r - grey[0]) + Math.abs(g - grey[1]) + Math.abs(b - grey[2]) < 30) continue;
            // hue direction from the neutral grey decides the class (pale tints keep the hue)
            let best = 0, bestD = Infinity;
            rgb.forEach((k, n) => {
              const v = [k[0] - grey[0], k[1] - grey[1], k[2] - grey[2]];
              const w = [r - grey[0], g - grey[1], b - grey[2]];
              const dot = v[0] * w[0] + v[1] * w[1] + v[2] * w[2];
              const cos = dot / (Math.hypot(...v) * Math.hypot(...w) + 1e-9);
              if (1 - cos < bestD) { bestD = 1 - cos; best = n; }
            });
            counts[best] += 1;
          }
          return counts;
        }"""
    )


def play_lesson(page, lesson, play: str = "Play", search: str = "Start search") -> None:
    """Press play (or the page's equivalent, named as the page's language shows it) and wait until the run
    visibly moved: a playground lesson's epochs, the race's steps, the EWA lab's frames, the tuning
    lab's trials."""
    if lesson.page == "playground":
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
        page.get_by_role("button", name=play, exact=True).click()
        wait_epoch(page, 2)  # short lessons complete (and pause themselves) at once; the others keep going
    elif lesson.page == "race":  # the race starts by itself
        page.wait_for_function("Number(document.body.dataset.raceStep || 0) > 5", timeout=15_000)
    elif lesson.page == "ewa":
        page.wait_for_function("window.ewaLab && window.ewaLab.frames > 0", timeout=15_000)
    else:
        page.get_by_role("button", name=search).click()
        rows = "document.querySelectorAll('#trials-table tbody tr').length > 0"
        page.wait_for_function(rows, timeout=30_000)
