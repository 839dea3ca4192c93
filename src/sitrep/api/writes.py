"""Write routes: ingest a page, correct / reject / confirm an event, undo a correction, merge
or split actors. Every one needs the server's token (``guards.require_writer``) and names who
made the change; the review functions in ``sitrep.review`` do the work and keep the history."""
from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from sitrep.api.guards import require_writer
from sitrep.api.problems import Problem
from sitrep.api.reads import StoreDep, parse_instant
from sitrep.errors import SitrepError, StoreError
from sitrep.ingest.reader import read_bytes
from sitrep.pipeline import ingest_into, process_items
from sitrep.review import (
    FIELDS,
    ReviewError,
    confirm_event,
    correct_event_fields,
    merge_actors,
    reject_event,
    split_actor,
    undo,
)
from sitrep.store import Store, browse

router = APIRouter(prefix="/api", dependencies=[Depends(require_writer)])
UPLOAD_PATHS = ("/api/ingest",)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class Who(BaseModel):
    who: str = Field(min_length=1, max_length=200, description="Who makes the change (kept with it).")
    note: str | None = Field(default=None, max_length=2000)


class EventCorrection(Who):
    changes: dict[str, Any] = Field(description=f"Field → new value. Fields: {', '.join(FIELDS)} "
                                                "(and location.name, fatalities.best, ...).")


class ActorMerge(Who):
    source: str = Field(min_length=1, description="Actor key whose names join the other actor.")
    into: str = Field(min_length=1, description="Actor key they join.")


class ActorSplit(Who):
    name: str = Field(min_length=1, description="The name to take out of the actor it is grouped under.")


def _event(store: Store, event_id: str) -> dict[str, Any]:
    with store.reading() as conn:
        doc = browse.get_event(conn, event_id)
    if doc is None or doc.get("deleted_at"):
        raise Problem(404, f"no event {event_id}")
    return doc


def _review(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except ReviewError as exc:
        raise Problem(422, str(exc), kind="invalid-correction") from None
    except StoreError as exc:
        raise Problem(409, str(exc)) from None


@router.post("/events/{event_id}/corrections", tags=["review"], summary="Correct fields of an event")
def correct(store: StoreDep, event_id: str, body: EventCorrection) -> dict[str, Any]:
    doc = _event(store, event_id)
    made = _review(correct_event_fields, store, doc["article_id"], event_id, body.changes, body.who, body.note)
    return {"event": _event(store, event_id), "corrections": [asdict(c) for c in made]}


@router.post("/events/{event_id}/reject", tags=["review"], summary="Reject an event (kept, left out of exports)")
def reject(store: StoreDep, event_id: str, body: Who) -> dict[str, Any]:
    doc = _event(store, event_id)
    made = _review(reject_event, store, doc["article_id"], event_id, body.who, body.note)
    return {"event": _event(store, event_id), "corrections": [asdict(made)]}


@router.post("/events/{event_id}/confirm", tags=["review"], summary="Confirm an event as checked")
def confirm(store: StoreDep, event_id: str, body: Who) -> dict[str, Any]:
    doc = _event(store, event_id)
    made = _review(confirm_event, store, doc["article_id"], event_id, body.who, body.note)
    return {"event": _event(store, event_id), "corrections": [asdict(made)]}


@router.post("/corrections/{correction_id}/undo", tags=["review"], summary="Undo a correction, merge or split")
def undo_correction(store: StoreDep, correction_id: int) -> dict[str, Any]:
    return {"correction": asdict(_review(undo, store, correction_id))}


@router.post("/actors/merge", tags=["review"], summary="Merge two actors")
def merge(store: StoreDep, body: ActorMerge) -> dict[str, Any]:
    correction_id = _review(merge_actors, store, body.source, body.into, body.who, body.note)
    return {"correction_id": correction_id, "actor": body.into}


@router.post("/actors/split", tags=["review"], summary="Take one name out of the actor it is grouped under")
def split(store: StoreDep, body: ActorSplit) -> dict[str, Any]:
    correction_id, key = _review(split_actor, store, body.name, body.who, body.note)
    return {"correction_id": correction_id, "actor": key}


@router.post("/ingest", tags=["ingest"], summary="Run the pipeline on one page (the request body) and store it",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}},
                 "text/markdown": {"schema": {"type": "string"}},
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def ingest(
    request: Request,
    filename: Annotated[str, Query(max_length=200, description="Names the upload; its extension picks the format.")] = "page.txt",
    format: Annotated[str | None, Query(description="text, markdown, html, jsonl, warc, feed (default: from filename)")] = None,
    url: str | None = None,
    retrieved: Annotated[str | None, Query(description="When the page was fetched (ISO 8601); default now.")] = None,
) -> dict[str, Any]:
    content = await request.body()
    if not content.strip():
        raise Problem(422, "the request body is empty: send the page itself")
    # The pipeline is CPU-bound: run it off the event loop so reads go on meanwhile.
    return await run_in_threadpool(_ingest, request, content, filename, format, url, retrieved)


def _ingest(request: Request, content: bytes, filename: str, format: str | None, url: str | None,
            retrieved: str | None) -> dict[str, Any]:
    source = "upload:" + (_SAFE_NAME.sub("_", PurePosixPath(filename.replace("\\", "/")).name) or "page.txt")
    when = parse_instant(retrieved, "retrieved") if retrieved else datetime.now(timezone.utc)
    settings = replace(request.app.state.config.settings, url=url or request.app.state.config.settings.url)
    try:
        items = list(read_bytes(content, source, settings, format, when))
    except ValueError as exc:
        raise Problem(422, f"{source}: {exc}") from None
    annotators = request.app.state.annotators()
    results = list(process_items(items, annotators))
    store: Store = request.app.state.store
    try:
        report = ingest_into(store, results)
    except SitrepError as exc:
        raise Problem(409, f"{source}: {exc}") from None
    failures = [r.failure.problem for r in results if r.failure is not None]
    if failures and not report.saved:
        raise Problem(422, f"{source}: {failures[0]}", kind="unreadable-input", stored_raw=True)
    return {
        "source": source, "pages": report.pages, "articles_new": report.articles_new,
        "versions_new": report.versions_new, "unchanged": report.unchanged, "rejected": report.rejected,
        "failures": failures,
        "articles": [{"id": s.article_id, "version_id": s.version_id, "status": s.status} for s in report.saved],
        "not_articles": [r.to_dict() for res in results for r in res.rejected],
    }
