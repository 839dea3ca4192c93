"""The contract's JSON (``sitrep/1``): rendering of pipeline results, nothing more."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import SCHEMA, to_dict
from .pipeline import PageResult


def article_json(article) -> dict[str, Any]:
    data = to_dict(article)
    for caption in data.get("captions") or []:
        if caption.get("date"):
            caption["date"] = {k: v for k, v in caption["date"].items() if v is not None}
    if data.get("dateline"):
        data["dateline"] = {k: v for k, v in data["dateline"].items() if v is not None or k == "country"}
    for key in ("published", "updated"):
        if data.get(key):
            data[key] = {k: v for k, v in data[key].items() if v is not None or k in ("value", "precision")}
    return data


def rejected_json(result: PageResult) -> list[dict[str, Any]]:
    items = [r.to_dict() for r in result.rejected]
    if result.failure is not None:
        items.append(result.failure.to_dict())
    return items


def document_json(results: Iterable[PageResult]) -> dict[str, Any]:
    """``{"schema": "sitrep/1", "articles": [...], "rejected": [...]}`` over every input."""
    articles: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for result in results:
        articles.extend(article_json(a) for a in result.articles)
        rejected.extend(rejected_json(result))
    return {"schema": SCHEMA, "articles": articles, "rejected": rejected}


def record_json(result: PageResult) -> dict[str, Any]:
    """One JSONL line: ``{"input_id": ..., "articles": [...]}`` (plus ``rejected`` when any)."""
    line: dict[str, Any] = {"input_id": result.input_id, "articles": [article_json(a) for a in result.articles]}
    rejected = rejected_json(result)
    if rejected:
        line["rejected"] = rejected
    return line


def write_document_json(results: Iterable[PageResult], out) -> None:
    """Stream the one-object JSON form article by article, so a large batch never sits in memory."""
    import json

    out.write('{"schema": "%s", "articles": [' % SCHEMA)
    rejected: list[dict[str, Any]] = []
    first = True
    for result in results:
        for article in result.articles:
            out.write(("\n" if first else ",\n") + json.dumps(article_json(article), ensure_ascii=False))
            first = False
        rejected.extend(rejected_json(result))
    out.write('\n], "rejected": ' + json.dumps(rejected, ensure_ascii=False) + "}\n")
