"""plotly.js from the installed `plotly` package: gzip-compressed once per process, served with an ETag.

Never from a CDN (classrooms are sometimes offline) and never copied into the repo.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from functools import cache
from pathlib import Path

import plotly
from fastapi import APIRouter, Request, Response

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CACHE_CONTROL = "public, max-age=604800"  # a week; the ETag changes with the plotly version

router = APIRouter()
_lock = threading.Lock()


@cache
def _bundle() -> tuple[bytes, bytes, str]:
    """(raw, gzipped, etag) of plotly.min.js, computed on first use."""
    raw = PLOTLY_JS.read_bytes()
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    return raw, packed, '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


def plotly_bundle() -> tuple[bytes, bytes, str]:
    with _lock:  # two first requests at once must not compress twice
        return _bundle()


def accepts_gzip(header: str) -> bool:
    """True when Accept-Encoding lists gzip (or *) with a nonzero q."""
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


@router.api_route("/vendor/plotly.min.js", methods=["GET", "HEAD"], include_in_schema=False)
def plotly_js(request: Request) -> Response:
    raw, packed, etag = plotly_bundle()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="text/javascript", headers=headers)
    return Response(raw, media_type="text/javascript", headers=headers)
