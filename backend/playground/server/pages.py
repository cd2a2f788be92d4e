"""The HTML pages: `/`, `/race`, `/ewa`, `/tune`, `/class` (teacher) and `/join` (student) serve
frontend/<page>.html (404 while missing)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from playground.resources import FRONTEND

PAGES = {
    "/": "index.html",
    "/race": "race.html",
    "/ewa": "ewa.html",
    "/tune": "tune.html",
    "/class": "class.html",
    "/join": "join.html",
}

router = APIRouter()


def _page_route(filename: str):
    def page() -> FileResponse:
        path = FRONTEND / filename
        if not path.is_file():
            raise HTTPException(404, f"{filename} is not built yet")
        # Pages change with every deploy; their assets are revalidated through ETags.
        return FileResponse(path, media_type="text/html", headers={"Cache-Control": "no-cache"})

    return page


for _url, _file in PAGES.items():
    router.add_api_route(_url, _page_route(_file), methods=["GET", "HEAD"], include_in_schema=False)
