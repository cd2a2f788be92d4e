"""The data points of a run as JSON for the page (added for the playground page, which draws them).

Sent inside the `config` reply (field `data`) whenever the run's Dataset object changed since the last one
sent: a rebuild with new data, or the session's first `config` reply. A reset reuses the Dataset: not resent.
"""

from __future__ import annotations


def split_rows(split) -> list[list]:
    """Split (X (m, 2), y (m,)) -> [[x1, x2, label], ...] (finite floats, int labels)."""
    # tolist() yields Python floats and ints already; the data are finite (generators and schema see to it)
    return [[a, b, c] for (a, b), c in zip(split.X.tolist(), split.y.tolist(), strict=True)]


def dataset_json(ds) -> dict:
    """{"train", "dev", "test": rows, "n_classes", "bounds"} of an engine Dataset."""
    return {
        "train": split_rows(ds.train),
        "dev": split_rows(ds.dev),
        "test": split_rows(ds.test),
        "n_classes": int(ds.n_classes),
        "bounds": [float(v) for v in ds.bounds],
    }
