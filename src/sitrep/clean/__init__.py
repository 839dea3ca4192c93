"""Clean and segment: one Document (a page) → its Articles, and Rejections for what is not one.

    clean_document(document) -> list[Article | Rejection]

Stages, in order: detect the page language (dates and stamps are read in it; English-only
annotation stages later skip other languages) → segment into article drafts
(``segment.py``) → read each draft's metadata: title, outlet, wire, dateline, published
time with precision (``parts.py``, ``stamps.py``) → refuse drafts that are not articles
(paywall stubs, cookie walls, listings, truncated bodies).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urlsplit

from ..models import Article, DateValue, Document, Rejection
from ..store.identity import article_identity, content_version
from .parts import dateline_date, outlet_in_text, page_outlet, read_dateline, title_and_site, wire_in_text
from .rules import CleaningRules, load_rules
from .segment import Draft, norm_key, segment
from .stamps import parse_absolute, parse_relative

__all__ = ["clean_document", "detect_language", "load_rules", "CleaningRules"]

MIN_BODY_WORDS = 12  # below this a "page" is a stub or a teaser; short monitor notes (two sentences) still pass
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_COOKIE_WORDS = re.compile(r"\b(?:cookies?|privacy|consent|partners|personalis|personaliz|advertising|preferences)\w*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _language_identifier():
    """py3langid's bundled model, with probabilities normalised to 0..1 (loaded once, read-only)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_ENGLISH_WORDS = frozenset("the and of to in a is was were said that for on with by at from as has have had it its".split())


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability, from py3langid's bundled model (offline). Plain English
    prose (a fifth of its words English function words) is answered without the model."""
    sample = text[:800]  # a paragraph decides the language; more only costs time
    words = sample.lower().split()
    if len(words) < 5:
        return "und", 0.0
    if sum(w in _ENGLISH_WORDS for w in words) * 5 >= len(words):
        return "en", 0.99
    lang, score = _language_identifier().classify(sample)
    return lang, float(score)


def _word_count(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _reject_reason(draft: Draft, rules: CleaningRules) -> str | None:
    body_words = _word_count(draft.paragraphs)
    everything = " ".join(draft.paragraphs + draft.furniture + draft.kickers)
    last = draft.paragraphs[-1] if draft.paragraphs else ""
    if draft.ended_with_marker and body_words >= MIN_BODY_WORDS and not _TERMINAL.search(last):
        return "truncated body: the text stops mid-sentence before a 'continue reading' marker"
    if rules.paywall.search(everything) and (body_words < 250 or draft.ended_with_marker):
        return "paywall stub: the page withholds the article behind a subscription or login"
    if rules.cookie.search(everything):
        consent_words = _word_count([p for p in draft.paragraphs if len(_COOKIE_WORDS.findall(p)) >= 2])
        if body_words < 120 or consent_words * 2 >= body_words:
            return "cookie wall: the page shows a consent prompt, not an article"
    if body_words < MIN_BODY_WORDS:
        if len(draft.kickers) + draft.dropped_related >= 5:
            return f"listing page: {len(draft.kickers)} headlines and links, no article body"
        return f"no article text: body has {body_words} words"
    return None


def _hint_date(document: Document) -> DateValue | None:
    hint = document.published_hint
    if not hint:
        return None
    parsed = parse_absolute(hint, document.retrieved) or parse_relative(hint, document.retrieved)
    if parsed is not None:
        parsed.kind, parsed.text = "published", hint
    return parsed


def _meta_date(document: Document, languages: tuple[str, ...]) -> DateValue | None:
    for key in ("date", "published", "datepublished", "article:published_time", "pubdate"):
        value = document.meta.get(key)
        if value and (parsed := parse_absolute(str(value), document.retrieved, languages)) is not None:
            parsed.kind, parsed.text = "published", str(value)
            return parsed
    return None


def _dateline_day(text: str | None, retrieved: datetime) -> DateValue | None:
    """'March 3' in a wire dateline: the latest such day not after the retrieval time."""
    if not text:
        return None
    parsed = parse_absolute(f"{text} {retrieved.year}", retrieved)
    if parsed is None:
        return None
    if parsed.value > retrieved.date().isoformat():
        parsed = parse_absolute(f"{text} {retrieved.year - 1}", retrieved)
    if parsed is not None:
        parsed.kind, parsed.text = "published", text
    return parsed


def _published(draft: Draft, document: Document, single: bool, languages: tuple[str, ...],
               dateline_day: DateValue | None) -> tuple[DateValue | None, DateValue | None]:
    """(published, updated). A stamp printed with the article comes first; then a date the caller
    gave explicitly (--published, a record's field); then page markup (front matter, htmldate);
    then a wire dateline's day. The retrieval time is never used as the publication date."""
    published = next((s for s in draft.stamps if s.kind == "published"), None)
    updated = next((s for s in draft.stamps if s.kind == "updated"), None)
    if published is None:
        published = _hint_date(document)
    if published is None and single:
        published = _meta_date(document, languages)
    if published is None:
        published = dateline_day
    if published is None and updated is not None:
        return updated, updated  # the only stamp the page gives is when it was updated
    return published, updated


def _host_name(url: str | None) -> str | None:
    host = (urlsplit(url if url and "//" in url else f"//{url or ''}").hostname or "") if url else ""
    host = re.sub(r"^(?:www\d?|m|amp)\.", "", host)
    return host or None


def _outlet_and_wire(draft: Draft, document: Document, site: str | None, from_page: str | None,
                     dateline_wire: str | None, rules: CleaningRules) -> tuple[str | None, str | None]:
    """The outlet: page metadata, the URL's known host, the page's masthead/copyright, the page
    naming itself ("told CNN"), then the bare host. The wire: an agency the copy is credited to."""
    meta_site = document.meta.get("sitename") or document.meta.get("site_name") or document.meta.get("outlet")
    outlet = None
    for candidate in (meta_site, site):
        if candidate:
            known = rules.outlet_by_name(candidate)
            outlet = known.name if known else candidate
            break
    if outlet is None and (by_host := rules.outlet_by_host(document.url)) is not None:
        outlet = by_host.name
    if outlet is None:
        outlet = from_page or outlet_in_text(draft.paragraphs, rules)
    wire = dateline_wire or wire_in_text(draft.paragraphs + draft.furniture + draft.kickers, rules, outlet)
    if outlet is None and wire is not None:
        outlet = wire  # agency copy read at the source: the agency is the outlet
    if outlet is None:
        outlet = _host_name(document.url)
    return outlet, wire


def _summary_and_body(draft: Draft, document: Document, single: bool) -> tuple[list[str], list[str]]:
    """Summary bullets; else the page's description — taken out of the body when the page
    also prints it as the standfirst above the text."""
    paragraphs = list(draft.paragraphs)
    if draft.summary or not single:
        return list(draft.summary), paragraphs
    for key in ("description", "excerpt", "summary", "subtitle"):
        text = (document.meta.get(key) or "").strip()
        if not text:
            continue
        if paragraphs and norm_key(paragraphs[0]) == norm_key(text):
            return [paragraphs[0]], paragraphs[1:]
        if norm_key(text) not in norm_key(" ".join(paragraphs[:2])):
            return [text], paragraphs
    return [], paragraphs


def _iso(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def clean_document(document: Document, rules: CleaningRules | None = None) -> list[Article | Rejection]:
    """Every article on the page, cleaned, and a Rejection for each part that is not an article."""
    rules = rules or load_rules()
    page_text = " ".join(b.text for b in document.blocks if b.kind in ("text", "list_item", "quote"))
    language, confidence = detect_language(page_text)
    if language == "und" or confidence < 0.5:
        language = "en"
    languages = (language,) if language == "en" else (language, "en")
    meta_title = document.title_hint or document.meta.get("title")
    site = None
    if meta_title:
        meta_title, site = title_and_site(meta_title, rules)
    drafts = segment(document.blocks, rules, document.retrieved, meta_title, languages)
    if not drafts:
        return [Rejection(document.input_id, "no article text: the page is empty after cleaning")]
    kept = [(d, _reject_reason(d, rules)) for d in drafts]
    empty = sum(1 for d, reason in kept if reason and reason.startswith("no article text"))
    if empty >= 5 and empty * 2 >= len(kept):
        # many titles with no text under them: a section front or a search result page
        return [Rejection(document.input_id, f"listing page: {empty} headlines with no article body")]
    n_articles = sum(1 for _, reason in kept if reason is None)
    from_page = page_outlet([b.text for b in document.blocks], rules)
    results: list[Article | Rejection] = []
    for draft, reason in kept:
        if reason is not None:
            if n_articles and reason.startswith("no article text") and not draft.title:
                continue  # page furniture between articles, not a missing article
            excerpt = (draft.title or " ".join(draft.paragraphs))[:120]
            results.append(Rejection(document.input_id, reason, excerpt or None))
            continue
        results.append(_finish(draft, document, rules, site, from_page, n_articles, language, languages))
    return results


def _finish(draft: Draft, document: Document, rules: CleaningRules, site: str | None, from_page: str | None,
            n_articles: int, language: str, languages: tuple[str, ...]) -> Article:
    single = n_articles == 1
    summary, paragraphs = _summary_and_body(draft, document, single)
    if paragraphs:
        paragraphs[0] = rules.blog_leadin.sub("", paragraphs[0], count=1)
        dateline, dateline_wire, cut = read_dateline(paragraphs[0], rules)
    else:
        dateline, dateline_wire, cut = None, None, 0
    if cut:
        paragraphs[0] = paragraphs[0][cut:].lstrip()
        paragraphs[0] = paragraphs[0][:1].upper() + paragraphs[0][1:]
    body = "\n\n".join(p for p in paragraphs if p)
    title = rules.title_prefix.sub("", draft.title or "").strip() or (paragraphs[0][:120] if paragraphs else "")
    published, updated = _published(draft, document, single, languages,
                                     _dateline_day(dateline_date(dateline), document.retrieved))
    outlet, wire = _outlet_and_wire(draft, document, site, from_page, dateline_wire, rules)
    article = Article(
        id="", version_id="", input_id=document.input_id, title=title, body=body, url=document.url,
        outlet=outlet, wire=wire, dateline=dateline, published=published, updated=updated if updated is not published else None,
        summary=summary, headings=list(draft.headings), captions=list(draft.captions),
        factboxes=list(draft.factboxes), language=language, retrieved=_iso(document.retrieved),
    )
    article.id = article_identity(article.title, article.outlet, article.url, n_articles, body=article.body)
    article.version_id = content_version(article)
    return article
