"""Bytes → clean Unicode text.

    1. refuse binaries (known magic numbers, NUL bytes) with the kind named;
    2. honour a byte-order mark;
    3. UTF-8, strictly;
    4. the encoding the container declared (HTTP header, ``<meta charset>``, XML declaration);
    5. charset-normalizer's guess, with Western/Central European ties settled by spelling;
    6. newlines → ``\\n``, NFC, invisible junk removed (ZWNJ/ZWJ and bidi marks are kept: they
       carry meaning in Arabic, Persian and mixed-direction text).
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import DecodeError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"\x7fELF", "ELF"),
    (b"RIFF", "RIFF"),
    (b"OggS", "Ogg"),
    (b"ID3", "MP3"),
    (b"wOFF", "font"),
    (b"wOF2", "font"),
)

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# DOS, Mac and HP code pages: rare on the web, yet their letters often "fit" Latin-1 bytes.
_LEGACY = {"cp437", "cp775", "cp850", "cp852", "cp858", "mac_latin2", "mac_roman", "mac_iceland",
           "mac_turkish", "hp_roman8"}

# Labels browsers treat as windows-1252 (WHATWG): pages that say latin-1 are nearly always cp1252.
_AS_CP1252 = {"ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1252"}

# Single-byte Latin code pages charset-normalizer often cannot tell apart on short texts.
_LATIN_FAMILY = {
    "cp1250", "cp1252", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_latin2", "mac_roman",
    "mac_iceland", "mac_turkish", "cp437", "cp775", "cp850", "cp852", "cp858", "hp_roman8", "cp1254",
}

# A regex, not str.translate: translate with a dict is ~15x slower on a 5 KB page.
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# C0/C1 controls (tab and newline excepted), soft hyphen, zero-width space, word joiner and
# invisible operators, stray BOMs. Not U+200C/U+200D (ZWNJ/ZWJ) nor bidi marks.
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_PUNCT = "’‘‐‑·"  # may sit inside a word: "don’t", "l·l"
_DECLARED = (
    re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I),
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I),
)


def binary_kind(data: bytes, allow_gzip: bool = False) -> str | None:
    """The kind of binary file ``data`` is ("PDF", "PNG", ... or "" when only NUL bytes tell), else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic) and not (allow_gzip and name == "gzip"):
            return name
    if data[4:8] == b"ftyp":
        return "MP4"
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    return None


def declared_encoding(head: bytes) -> str | None:
    """The charset a page names for itself in ``<meta>`` or its XML declaration, if any."""
    for pattern in _DECLARED:
        match = pattern.search(head, 0, 4096)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None


def charset_from_content_type(value: str | None) -> str | None:
    """``text/html; charset=windows-1256`` → ``windows-1256``."""
    if not value:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", value, re.I)
    return match.group(1) if match else None


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and normalise it; returns ``(text, encoding)``.

    ``declared``: the charset the container named (HTTP header); without it the page's own
    ``<meta charset>``/XML declaration is used. Either only counts when UTF-8 fails. Raises DecodeError for binaries and for bytes no encoding fits.
    """
    kind = binary_kind(data)
    if kind is not None:
        raise DecodeError(source, f"binary file ({kind}), not a text page" if kind else "binary file, not a text page")
    text, encoding = _decode_raw(data, source, declared)
    return normalise(text), encoding


def normalise(text: str) -> str:
    """Newlines to ``\\n``, NFC, invisible junk out. Words are left alone."""
    text = _NEWLINES.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _JUNK.sub("", text)


def _decode_raw(data: bytes, source: str, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise DecodeError(source, f"undecodable text: byte-order mark says {codec} but the bytes are not") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _lookup(declared or declared_encoding(data))
    if codec and codec != "utf-8":
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass  # the declaration lies; guess instead
    guessed = _guess(data)
    if guessed is None:
        raise DecodeError(source, "undecodable text: not UTF-8 and no other encoding fits")
    return guessed


def _lookup(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # slow import; only non-UTF-8 input pays for it

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    if best.encoding not in _LATIN_FAMILY:
        return str(best), best.encoding
    # On short Latin-script text charset-normalizer often ties cp1250/cp1252/iso8859-x (even DOS
    # code pages) and picks the wrong one. Among the near-ties (web code pages before legacy ones,
    # most coherent first, cp1252 on equal coherence) take the first whose decoding has no symbol
    # stuck inside a word ("R¹d") and no box drawing.
    tied = [m for m in matches if m.encoding in _LATIN_FAMILY and m.chaos <= best.chaos + 0.01]
    tied.sort(key=lambda m: (m.encoding in _LEGACY, -round(m.coherence, 3), m.encoding != "cp1252"))
    for match in tied:
        text = str(match)
        if _has_odd_symbol(text):
            continue
        if match.encoding != "cp1252" and _same_as_cp1252(data, text):
            return text, "cp1252"  # identical text: name the commoner code page
        return text, match.encoding
    return str(best), best.encoding


def _has_odd_symbol(text: str) -> bool:
    for found in _NON_ASCII.finditer(text):
        char = found.group()
        if "\u2500" <= char <= "\u259f":  # box drawing: a DOS code page read as text
            return True
        if char.isalpha() or char in _WORD_PUNCT or unicodedata.category(char)[0] == "M":
            continue
        i = found.start()
        if 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            return True
    return False


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False
