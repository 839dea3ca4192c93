"""Stable article ids and content version ids. Pure functions: no database, no state.

The cleaner uses them to stamp ``Article.id`` / ``Article.version_id``; the store uses the
same functions to recognise an article it has already seen.

Rules (see docs/store.md):

* An article alone on its page is identified by its canonical URL: the same story fetched
  over http/https, with or without ``www.``, with tracking parameters or a fragment, is one
  article.
* Otherwise (several articles on one page, or no URL) by its normalised outlet + title, so
  "UPDATE 2-Shelling hits Kherson" and "Shelling hits Kherson" are one article.
* A version id hashes the article's text parts (never its retrieval time), so re-reading
  the same page gives the same version and an edited page gives a new one.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

from sitrep.models import sha256_hex

if TYPE_CHECKING:
    from sitrep.models import Article

ID_PREFIX = "a_"
VERSION_PREFIX = "v_"
_HASH_LEN = 16  # 64 bits: ample to keep the articles of one archive apart, short enough to read

# Query parameters that say how the reader arrived, not which article it is.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "ref", "ref_src", "ref_url", "referrer", "src", "cmpid", "ocid", "ito", "smid",
        "sr_share", "share", "taid", "outputtype", "amp", "xtor", "__twitter_impression",
        "_ga", "_gl", "spm",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "hsa_", "mkt_", "oly_", "__hs")
_HOST_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.")
_DEFAULT_PORTS = {"http": 80, "https": 443}

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2033": '"', "\u2039": "'", "\u203a": "'",
    }
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
# Newsroom labels that come and go on the same story: "UPDATE 2-", "Updated:", "BREAKING -".
_LABEL_PREFIX = re.compile(
    r"^(?:(?:updated?s?|breaking(?:\s+news)?|developing(?:\s+story)?|corrected|correction|refiled)"
    r"(?:\s*\d+)?\s*[:\-|]+\s*)+",
    re.IGNORECASE,
)
_TITLE_SUFFIX_SEP = re.compile(r"\s+[-|:]\s+")


def canonical_url(url: str | None) -> str | None:
    """``https://www.Example.com/world/story/?utm_source=x#top`` → ``example.com/world/story``.

    Scheme, ``www.``, default port, trailing slash, fragment and tracking parameters are
    dropped; other query parameters are kept (some sites address articles by ``?id=``),
    sorted. Returns None when the string has no host.
    """
    if not url or not url.strip():
        return None
    text = url.strip()
    if "://" not in text and not text.startswith("//"):
        text = "//" + text  # "example.com/a" as typed on a command line
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if not re.fullmatch(r"[\w.:-]+", host) or not ("." in host or ":" in host or host == "localhost"):
        return None  # "not a url", "file.txt#3": no host name to speak of
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix):]:
            host = host[len(prefix):]
            break
    if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "")
    path = re.sub(r"/(?:amp|index\.html?)$", "", path.rstrip("/"), flags=re.IGNORECASE).rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return host + path + (f"?{urlencode(sorted(query))}" if query else "")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _INVISIBLE.sub("", _DASHES.sub("-", text))
    return _SPACE.sub(" ", text).strip().casefold()


def normalise_outlet(outlet: str | None) -> str:
    """"The Associated Press" → ``associatedpress``; "aljazeera.com" and "Al-Jazeera" → ``aljazeera``."""
    if not outlet:
        return ""
    text = _fold(outlet)
    if " " not in text and re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", text):
        labels = [lab for lab in text.split(".") if lab not in ("www", "m")][:-1]  # drop the TLD
        if len(labels) > 1 and labels[-1] in ("co", "com", "org", "net", "gov", "ac"):
            labels = labels[:-1]  # bbc.co.uk → bbc
        text = " ".join(labels)
    text = re.sub(r"^the\s+", "", text.replace("&", " and "))
    return re.sub(r"[\W_]+", "", text)


def normalise_title(title: str | None, outlet: str | None = None) -> str:
    """Casefold, unify quotes and dashes, collapse whitespace, drop "UPDATE 2-"-style labels
    and a trailing " - Outlet" / " | Outlet" when it names ``outlet``."""
    text = _fold(title or "")
    text = _LABEL_PREFIX.sub("", text).strip()
    wanted = normalise_outlet(outlet)
    if wanted:
        pieces = _TITLE_SUFFIX_SEP.split(text)
        if len(pieces) > 1 and normalise_outlet(pieces[-1]) == wanted:
            text = text[: text.rfind(pieces[-1])].rstrip(" -|:")
    return text.strip()


def title_key(title: str | None, outlet: str | None, body: str | None = None) -> str | None:
    """The outlet+title identity key; falls back to the start of the body for untitled
    articles. None when there is nothing to identify the article by."""
    norm = normalise_title(title, outlet)
    if not norm and body:
        norm = "body:" + _fold(body)[:500]
    if not norm:
        return None
    return f"{normalise_outlet(outlet)}\n{norm}"


def _short_id(prefix: str, key: str) -> str:
    return prefix + sha256_hex(key, _HASH_LEN)


def url_identity(url: str | None) -> str | None:
    """The id an article gets when it is the only article at ``url`` (None without a host)."""
    key = canonical_url(url)
    return _short_id(ID_PREFIX, "url\n" + key) if key else None


def article_identity(
    title: str | None,
    outlet: str | None,
    url: str | None,
    page_article_count: int,
    body: str | None = None,
) -> str:
    """The stable article id, e.g. ``a_3f9c2b1d7e4a5b6c``.

    From the canonical URL when the page holds exactly one article, else from the
    normalised outlet + title (``body`` is only used when there is no title at all).
    """
    if page_article_count == 1:
        by_url = url_identity(url)
        if by_url:
            return by_url
    key = title_key(title, outlet, body) or ""
    return _short_id(ID_PREFIX, "title\n" + key)


def _norm_text(text: str | None) -> str:
    """Whitespace-only differences (CRLF, trailing spaces, NBSP) are not edits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_version(article: Article, article_id: str | None = None) -> str:
    """Version id: a hash of the article's id and its text parts (title, body, summary,
    headings, captions with credits, fact boxes), never of when it was fetched.

    The id is part of the hash so that two articles with identical text (the same wire
    copy under two URLs) never share a version id. ``article_id`` overrides ``article.id``
    (the store passes the id it resolved the article to); call it after the id is set.
    """
    payload = [
        article_id if article_id is not None else article.id,
        _norm_text(article.title),
        _norm_text(article.body),
        [_norm_text(s) for s in article.summary],
        [_norm_text(h) for h in article.headings],
        [[_norm_text(c.text), c.credit or ""] for c in article.captions],
        [[box.title or "", [_norm_text(i) for i in box.items]] for box in article.factboxes],
    ]
    blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _short_id(VERSION_PREFIX, blob)
