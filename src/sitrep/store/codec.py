"""Article ⇄ rows of ``article_versions`` and ``article_parts``. No queries here."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sitrep.models import Article, Caption, Dateline, DateValue, FactBox, Span

Row = Mapping[str, Any]
_DATE_FIELDS = ("value", "precision", "text", "kind", "start", "end")
_SPAN_FIELDS = ("section", "idx", "start", "end", "text")


def date_columns(prefix: str, date: DateValue | None) -> dict[str, Any]:
    return {f"{prefix}_{f}": getattr(date, f) if date else None for f in _DATE_FIELDS}


def date_from(row: Row, prefix: str) -> DateValue | None:
    if row[f"{prefix}_value"] is None and row[f"{prefix}_precision"] is None:
        return None
    return DateValue(**{f: row[f"{prefix}_{f}"] for f in _DATE_FIELDS})


def span_columns(span: Span | None, prefix: str = "") -> dict[str, Any]:
    values = (span.section, span.index, span.start, span.end, span.text) if span else (None,) * 5
    return {f"{prefix}{name}": value for name, value in zip(_SPAN_FIELDS, values)}


def span_from(row: Row, prefix: str = "") -> Span | None:
    if row[f"{prefix}section"] is None:
        return None
    return Span(
        section=row[f"{prefix}section"],
        start=row[f"{prefix}start"],
        end=row[f"{prefix}end"],
        text=row[f"{prefix}text"],
        index=row[f"{prefix}idx"],
    )


def dumps(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


def loads(text: str | None, default: Any) -> Any:
    return json.loads(text) if text else default


def version_row(
    article: Article,
    *,
    article_id: str,
    version_id: str,
    seq: int,
    raw_id: int | None,
    extractor: str,
    created_at: str,
) -> dict[str, Any]:
    dateline = article.dateline
    return {
        "version_id": version_id,
        "article_id": article_id,
        "seq": seq,
        "raw_id": raw_id,
        "input_id": article.input_id,
        "title": article.title,
        "body": article.body,
        "url": article.url,
        "outlet": article.outlet,
        "wire": article.wire,
        "dateline_place": dateline.place if dateline else None,
        "dateline_country": dateline.country if dateline else None,
        "dateline_text": dateline.text if dateline else None,
        **date_columns("published", article.published),
        "language": article.language,
        "retrieved": article.retrieved,
        "warnings": dumps(article.warnings),
        "extractor": extractor,
        "created_at": created_at,
    }


def part_rows(article: Article, version_id: str) -> list[dict[str, Any]]:
    """Summary bullets, headings, captions and fact-box items, one row each.

    Fact-box items are numbered across boxes, as ``Article.section_text("factbox", i)``
    counts them, so stored offsets keep pointing at the right item.
    """
    rows: list[dict[str, Any]] = []

    def add(section: str, idx: int | None, text: str | None, **extra: Any) -> None:
        row = {"version_id": version_id, "section": section, "idx": idx, "text": text, "credit": None,
               "box": None, "factbox_title": None, **date_columns("date", None)}
        row.update(extra)
        rows.append(row)

    for i, text in enumerate(article.summary):
        add("summary", i, text)
    for i, text in enumerate(article.headings):
        add("heading", i, text)
    for i, caption in enumerate(article.captions):
        add("caption", i, caption.text, credit=caption.credit, **date_columns("date", caption.date))
    item = 0
    for box_no, box in enumerate(article.factboxes):
        if not box.items:  # keep the empty box so the article reads back the same
            add("factbox", None, None, box=box_no, factbox_title=box.title)
        for text in box.items:
            add("factbox", item, text, box=box_no, factbox_title=box.title)
            item += 1
    return rows


def article_from(version: Row, parts: Iterable[Row]) -> Article:
    """Rebuild an Article (without annotations) from its version row and its part rows."""
    article = Article(
        id=version["article_id"],
        version_id=version["version_id"],
        input_id=version["input_id"],
        title=version["title"],
        body=version["body"],
        url=version["url"],
        outlet=version["outlet"],
        wire=version["wire"],
        dateline=(
            Dateline(version["dateline_place"], version["dateline_country"], version["dateline_text"])
            if version["dateline_place"] is not None
            else None
        ),
        published=date_from(version, "published"),
        language=version["language"],
        retrieved=version["retrieved"],
        warnings=loads(version["warnings"], []),
    )
    boxes: dict[int, FactBox] = {}
    for part in sorted(parts, key=lambda p: (p["section"], p["box"] or 0, p["idx"] if p["idx"] is not None else -1)):
        section = part["section"]
        if section == "summary":
            article.summary.append(part["text"])
        elif section == "heading":
            article.headings.append(part["text"])
        elif section == "caption":
            article.captions.append(Caption(part["text"], part["credit"], date_from(part, "date")))
        elif section == "factbox":
            box = boxes.setdefault(part["box"], FactBox(part["factbox_title"], []))
            if part["text"] is not None:
                box.items.append(part["text"])
    article.factboxes = [boxes[k] for k in sorted(boxes)]
    return article
