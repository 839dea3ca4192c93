"""Clean and segment: one Document (a page) → its Articles, and Rejections for what is not one.

    clean_document(document) -> list[Article | Rejection]

Stages, in order: detect the page language (a non-English page is kept whole and marked,
never cut by English-only rules) → segment into article drafts (``segment.py``) → read each
draft's metadata (title, outlet, wire, dateline, published time with precision) → refuse
drafts that are not articles (paywall stubs, cookie walls, listings, truncated bodies).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from ..models import Article, DateValue, Document, Rejection
from ..store.identity import article_identity, content_version
from .parts import outlet_in_text, read_dateline, title_and_site, wire_in_text
from .rules import CleaningRules, load_rules
from .segment import Draft, norm_key, segment
from .stamps import parse_absolute, parse_relative

__all__ = ["clean_document", "detect_language", "load_rules", "CleaningRules"]

MIN_BODY_WORDS = 12  # below this a "page" is a stub or a teaser; short monitor notes (two sentences) still pass
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence, from py3langid's bundled model (offline)."""
    import py3langid

    sample = text[:4000]
    if len(sample.split()) < 5:
        return "und", 0.0
    lang, score = py3langid.classify(sample)
    return lang, float(score)


def _word_count(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _reject_reason(draft: Draft, rules: CleaningRules) -> str | None:
    body_words = _word_count(draft.paragraphs)
    everything = " ".join(draft.paragraphs + draft.furniture + draft.kickers)
    if rules.paywall.search(everything) and body_words < 250:
        return "paywall stub: the page withholds the article behind a subscription or login"
    if rules.cookie.search(everything) and body_words < 120:
        return "cookie wall: the page shows a consent prompt, not an article"
    if body_words < MIN_BODY_WORDS:
        short_lines = len(draft.kickers) + len(draft.summary) + draft.dropped_related + len(draft.headings)
        if short_lines >= 6:
            return "listing page: headlines and links, no article body"
        return f"no article text: body has {body_words} words"
    last = draft.paragraphs[-1] if draft.paragraphs else ""
    if draft.ended_with_marker and not _TERMINAL.search(last):
        return "truncated body: the text stops mid-sentence before a 'continue reading' marker"
    if len(draft.paragraphs) <= 2 and (draft.kickers and len(draft.kickers) >= 8):
        return "listing page: headlines and links, no article body"
    return None


def _published(draft: Draft, document: Document, single: bool) -> tuple[DateValue | None, DateValue | None]:
    """(published, updated): the page's own stamps first, then page metadata, then the caller's hint."""
    published = next((s for s in draft.stamps if s.kind == "published"), None)
    updated = next((s for s in draft.stamps if s.kind == "updated"), None)
    if published is None and single:
        for key in ("date", "published", "datepublished", "article:published_time", "pubdate"):
            value = document.meta.get(key)
            if value and (parsed := parse_absolute(str(value), document.retrieved)) is not None:
                parsed.kind, parsed.text = "published", str(value)
                published = parsed
                break
    if published is None and document.published_hint:
        hint = document.published_hint
        parsed = parse_absolute(hint, document.retrieved) or parse_relative(hint, document.retrieved)
        if parsed is not None:
            parsed.kind, parsed.text = "published", hint
            published = parsed
    if published is None and updated is not None:
        return updated, updated  # the only stamp the page gives is when it was updated
    return published, updated


def _outlet_and_wire(draft: Draft, document: Document, site: str | None, dateline_wire: str | None,
                     rules: CleaningRules) -> tuple[str | None, str | None]:
    meta_site = document.meta.get("sitename") or document.meta.get("site_name") or document.meta.get("outlet")
    outlet = None
    for candidate in (meta_site, site):
        if candidate:
            known = rules.outlet_by_name(candidate)
            outlet = known.name if known else candidate
            break
    if outlet is None and (by_host := rules.outlet_by_host(document.url)) is not None:
        outlet = by_host.name
    texts = draft.paragraphs + draft.furniture
    if outlet is None:
        outlet = outlet_in_text(draft.paragraphs, rules)
    wire = dateline_wire or wire_in_text(texts, rules, outlet)
    if outlet is None and wire is not None:
        outlet = wire  # agency copy read at the source: the agency is the outlet
    if wire is not None and wire == outlet and dateline_wire is None and (by_host := rules.outlet_by_host(document.url)):
        wire = None if by_host.name == wire else wire
    return outlet, wire


def _summary(draft: Draft, document: Document, single: bool, body: str) -> list[str]:
    if draft.summary or not single:
        return list(draft.summary)
    for key in ("description", "excerpt", "summary", "subtitle"):
        text = (document.meta.get(key) or "").strip()
        if text and norm_key(text) not in norm_key(body[: len(text) + 200]):
            return [text]
    return []


def _non_english(document: Document, language: str) -> Article:
    """A page in another language: kept whole and marked, no English rules applied."""
    texts = [b.text.strip() for b in document.blocks if b.text.strip()]
    title = document.title_hint or document.meta.get("title") or (texts[0] if texts else "")
    body = "\n\n".join(texts)
    article = Article(id="", version_id="", input_id=document.input_id, title=title, body=body, url=document.url,
                      language=language, retrieved=_iso(document.retrieved))
    article.published, _ = _published(Draft(title=title, title_source="meta"), document, True)
    return _identify(article, 1)


def _iso(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _identify(article: Article, page_article_count: int) -> Article:
    article.id = article_identity(article.title, article.outlet, article.url, page_article_count)
    article.version_id = content_version(article)
    return article


def clean_document(document: Document, rules: CleaningRules | None = None) -> list[Article | Rejection]:
    """Every article on the page, cleaned, and a Rejection for each part that is not an article."""
    rules = rules or load_rules()
    page_text = " ".join(b.text for b in document.blocks if b.kind in ("text", "list_item", "quote"))
    language, confidence = detect_language(page_text)
    if language not in ("en", "und") and confidence > 0.9:
        return [_non_english(document, language)]
    meta_title = document.title_hint or document.meta.get("title")
    site = None
    if meta_title:
        meta_title, site = title_and_site(meta_title, rules)
    drafts = segment(document.blocks, rules, document.retrieved, meta_title)
    if not drafts:
        return [Rejection(document.input_id, "no article text: the page is empty after cleaning")]
    results: list[Article | Rejection] = []
    kept = [(d, _reject_reason(d, rules)) for d in drafts]
    n_articles = sum(1 for _, reason in kept if reason is None)
    for draft, reason in kept:
        if reason is not None:
            excerpt = (draft.title or " ".join(draft.paragraphs))[:120]
            results.append(Rejection(document.input_id, reason, excerpt or None))
            continue
        results.append(_finish(draft, document, rules, site, n_articles))
    return results


def _finish(draft: Draft, document: Document, rules: CleaningRules, site: str | None, n_articles: int) -> Article:
    paragraphs = list(draft.paragraphs)
    paragraphs[0] = rules.blog_leadin.sub("", paragraphs[0], count=1)
    dateline, dateline_wire, cut = read_dateline(paragraphs[0], rules)
    if cut:
        paragraphs[0] = paragraphs[0][cut:].lstrip()
        paragraphs[0] = paragraphs[0][:1].upper() + paragraphs[0][1:]
    body = "\n\n".join(p for p in paragraphs if p)
    title = rules.title_prefix.sub("", draft.title or "").strip() or (paragraphs[0][:120] if paragraphs else "")
    single = n_articles == 1
    published, updated = _published(draft, document, single)
    outlet, wire = _outlet_and_wire(draft, document, site, dateline_wire, rules)
    language, _ = detect_language(body)
    article = Article(
        id="", version_id="", input_id=document.input_id, title=title, body=body, url=document.url,
        outlet=outlet, wire=wire, dateline=dateline, published=published,
        summary=_summary(draft, document, single, body), headings=list(draft.headings),
        captions=list(draft.captions), factboxes=list(draft.factboxes),
        language=language if language != "und" else "en", retrieved=_iso(document.retrieved),
    )
    if updated is not None and updated is not published:
        article.updated = updated
    return _identify(article, n_articles)
