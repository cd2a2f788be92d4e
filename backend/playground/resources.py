"""Where the web pages (`frontend/`) and the shared files (`shared/`: presets, schema, data) are on disk.

In a checkout (and an editable install) they stand beside `backend/` at the repo's top level, where the
frontend and the server both read them. A wheel carries them as package data under `playground/_data/`
(pyproject.toml maps those two folders into the package), so an installed package serves every page from
any directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parents[1] / name  # backend/playground -> the repo's top level


FRONTEND = _locate("frontend")
SHARED = _locate("shared")
