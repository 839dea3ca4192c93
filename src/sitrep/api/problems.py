"""Errors as RFC 9457 problem details (``application/problem+json``), one shape for every error.

    {"type": "https://sitrep.invalid/problems/not-found", "title": "Not found", "status": 404,
     "detail": "no event ev_1234", "instance": "/api/events/ev_1234"}

``type`` names the kind of problem (a stable identifier, not a page to fetch: sitrep runs
offline); validation problems add ``errors`` (which parameter, what is wrong).
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
_BASE = "https://sitrep.invalid/problems/"
_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Token required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("too-large", "Request too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-request", "Invalid request"),
    500: ("internal", "Internal error"),
    503: ("unavailable", "Service unavailable"),
}


class Problem(Exception):
    """Raise in a route to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None, title: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind, self.title = status, detail, kind, title
        self.headers, self.extra = headers or {}, extra


def problem_body(status: int, detail: str, instance: str, *, kind: str | None = None, title: str | None = None,
                 **extra: Any) -> dict[str, Any]:
    """The problem document (also written by the ASGI guards, which answer before routing)."""
    default_kind, default_title = _TITLES.get(status, ("error", "Error"))
    return {"type": _BASE + (kind or default_kind), "title": title or default_title, "status": status,
            "detail": detail, "instance": instance, **extra}


def problem_response(request: Request, status: int, detail: str, *, kind: str | None = None,
                     title: str | None = None, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = problem_body(status, detail, request.url.path, kind=kind, title=title, **extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    """Route every error (ours, the framework's, validation, unexpected) through problem_response."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(request, exc.status, exc.detail, kind=exc.kind, title=exc.title,
                                headers=exc.headers, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}"
        return problem_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                  for e in exc.errors()]
        detail = "; ".join(f"{e['where']}: {e['problem']}" for e in errors) or "invalid request"
        return problem_response(request, 422, detail, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(request, 500, f"{type(exc).__name__}: {exc}")
