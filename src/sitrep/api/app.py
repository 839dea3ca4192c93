"""The FastAPI application behind ``sitrep serve``: the REST API under ``/api``, its OpenAPI
documentation at ``/docs`` (assets served from the package: no CDN), and the web UI at ``/``.

    from sitrep.api import ServeConfig, create_app
    app = create_app(ServeConfig.from_environment("sitrep.db"))   # then: uvicorn.run(app)
"""
from __future__ import annotations

import html
import threading
from collections.abc import Callable
from importlib import resources
from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from sitrep import __version__
from sitrep.api import problems, reads, writes
from sitrep.api.cache import AggregateCache
from sitrep.api.config import ServeConfig
from sitrep.api.guards import Guards
from sitrep.export import Countries
from sitrep.store import open_store

T = TypeVar("T")


class Lazy(Generic[T]):
    """Build an expensive object (spaCy, the knowledge base) on first use, once, thread-safely."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build, self._value, self._lock = build, None, threading.Lock()

    def __call__(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value  # type: ignore[return-value]


def _knowledge_base(config: ServeConfig) -> Any:
    from sitrep.nlp import load_knowledge_base

    return load_knowledge_base(config.settings.user_kb_files)


def _annotators(config: ServeConfig) -> Any:
    from sitrep.pipeline import default_annotators

    return default_annotators(config.settings)


def _static_dir() -> str:
    return str(resources.files("sitrep.web").joinpath("static"))


def _index_page(config: ServeConfig) -> str:
    page = resources.files("sitrep.web").joinpath("static").joinpath("index.html").read_text(encoding="utf-8")
    token = config.token_for_page or ""
    meta = (f'<meta name="sitrep-token" content="{html.escape(token, quote=True)}">'
            f'<meta name="sitrep-writable" content="{"yes" if config.writable else "no"}">')
    return page.replace("<!--sitrep:meta-->", meta)


def create_app(config: ServeConfig) -> FastAPIOffline:
    """An app over ``config.db`` (opened, and migrated, now). Close with ``app.state.store.close()``."""
    app = FastAPIOffline(
        title="sitrep",
        version=__version__,
        description=("Events, articles, actors, quotes and claims that sitrep extracted from conflict-news pages, "
                     "each pointing back to the words it came from. Errors are RFC 9457 problem details. "
                     "Writes need `Authorization: Bearer <token>`."),
        redoc_url=None,
    )
    app.state.config = config
    app.state.store = open_store(config.db)
    app.state.store.optimize()  # statistics the filters' query plans depend on (no-op when fresh)
    app.state.aggregates = AggregateCache(app.state.store)
    app.state.knowledge_base = Lazy(lambda: _knowledge_base(config))
    app.state.annotators = Lazy(lambda: _annotators(config))
    app.state.countries = Lazy(Countries.bundled)
    problems.install(app)
    app.include_router(reads.router)
    app.include_router(writes.router)

    @app.get("/api/geo/countries", tags=["meta"], summary="Country outlines for the map (bundled, public domain)")
    def countries() -> JSONResponse:
        from sitrep.web.outlines import country_outlines

        return JSONResponse(country_outlines(), headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return HTMLResponse(_index_page(config), headers={"Cache-Control": "no-store"})

    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    app.add_middleware(Guards, config=config, upload_paths=writes.UPLOAD_PATHS)
    return app
