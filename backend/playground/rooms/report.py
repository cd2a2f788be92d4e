"""A room member's report (about once a second): epoch, metrics, config and a 24 x 24 boundary thumbnail.

`make_report` reads the Trainer, so it runs on the training thread (scheduler.run), where a stacked cohort
member is first brought up to date, exactly as before a frame. It reads and never changes the run.
"""

from __future__ import annotations

import base64
import math
import time

import numpy as np

from playground.server.train_frames import fresh_boundary

THUMB_SIZE = 24


def thumbnail(trainer, size: int = THUMB_SIZE) -> dict | None:
    """{"size", "classes", "data"}: base64 of size*size uint8, row-major [iy, ix] (row 0 = lowest x2):
    round(255 * P(class 1)) for two classes, else the predicted class. None if the grid is not finite."""
    arrays = fresh_boundary(trainer, size)
    k = int(trainer.dataset.n_classes)
    if "boundary_class" in arrays:
        grid = arrays["boundary_class"]
    else:
        p = arrays["boundary"]
        if not np.isfinite(p).all():
            return None
        grid = np.rint(np.clip(p, 0.0, 1.0) * 255.0).astype(np.uint8)
    data = base64.b64encode(np.ascontiguousarray(grid, np.uint8).tobytes()).decode("ascii")
    return {"size": size, "classes": k, "data": data}


def _num(x) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


def make_report(session) -> dict:
    """The session's report (training thread). Before its first job the session has no Trainer yet."""
    tr = session.trainer
    report = {"config": session.cfg.model_dump(mode="json"), "epoch": 0, "thumbnail": None}
    # the room event the config reflects (applied by the same job): a rejoin knows whether a push is newer
    report["room_event"] = session.room_event
    report.update(dict.fromkeys(("train_cost", "dev_cost", "train_accuracy", "dev_accuracy")))
    if tr is not None and not session.closed:
        if session.cohorts is not None:
            session.cohorts.sync(session)
        with np.errstate(all="ignore"):
            report["thumbnail"] = thumbnail(tr)
        report["epoch"] = int(tr.epoch)
        report.update({k: _num(v) for k, v in tr.latest_metrics().items()})
    report["updated"] = time.time()
    return report
