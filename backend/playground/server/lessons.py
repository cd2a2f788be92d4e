"""Lesson routes: the index page, the list as JSON, and /lessons/<slug> opening its page already set up."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse

from playground.lessons import all_lessons, lesson_index
from playground.resources import FRONTEND

router = APIRouter()


@router.get("/lessons", include_in_schema=False)
def lessons_page() -> FileResponse:
    return FileResponse(FRONTEND / "lessons.html", media_type="text/html")


@router.get("/lessons.json")
def lessons_list() -> list[dict]:
    """Every lesson: slug, title, topic, page and the URL that opens it."""
    return lesson_index()


@router.get("/lessons/{slug}", include_in_schema=False)
def open_lesson(slug: str, request: Request) -> RedirectResponse:
    # `lang` goes along: /lessons/dropout?lang=zh-CN opens the lesson in Chinese
    lang = request.query_params.get("lang")
    extra = f"&{urlencode({'lang': lang})}" if lang else ""
    for lesson in all_lessons():
        if lesson.slug == slug:
            # relative ("../race?lesson=..."): from /lessons/<slug> it reaches the app's root page, also when
            # the app is served under a sub-path behind a proxy (README, "Running a school server")
            return RedirectResponse(".." + lesson.url + extra, status_code=307)
    raise HTTPException(status_code=404, detail=f"no lesson named {slug!r}; see /lessons")
