"""Ingest stage: every input format, the bad inputs, and what a Document carries."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sitrep.ingest import read_bytes, read_inputs
from sitrep.models import Document, InputFailure
from sitrep.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
SRC = Path(__file__).resolve().parents[1] / "src"


def read(*paths: Path | str, settings: Settings | None = None) -> list[Document | InputFailure]:
    return list(read_inputs([str(p) for p in paths], settings or Settings()))


def one_doc(*paths: Path | str, settings: Settings | None = None) -> Document:
    items = read(*paths, settings=settings)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def one_failure(*paths: Path | str, settings: Settings | None = None) -> InputFailure:
    items = read(*paths, settings=settings)
    assert len(items) == 1, items
    assert isinstance(items[0], InputFailure), items[0]
    return items[0]


def kinds(doc: Document) -> list[str]:
    return [b.kind for b in doc.blocks]


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


# ---------------------------------------------------------------- plain text

def test_text_page_one_block_per_line_with_gaps_counted() -> None:
    doc = one_doc(FIXTURES / "scraped-page.txt")
    assert doc.format == "text" and doc.encoding == "utf-8"
    assert doc.input_id == str(FIXTURES / "scraped-page.txt")
    assert len(doc.blocks) == 13
    first, caption = doc.blocks[0], doc.blocks[1]
    assert first.text == "Militia convoy ambushed on desert highway, officials say" and first.blank_before == 0
    assert caption.text.endswith("(Courier/File)") and caption.blank_before == 1 and caption.kind == "text"
    wide_gap = next(b for b in doc.blocks if b.text.startswith("A wounded fighter"))
    assert wide_gap.blank_before == 3


def test_text_bullets_become_list_items_with_depth() -> None:
    doc = one_doc(FIXTURES / "scraped-page.txt")
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == [
        "At least seven fighters were killed when gunmen opened fire on the convoy",
        "Provincial authorities blamed a rival armed group, which denied involvement",
        "The governor declared three days of mourning.",
    ]
    assert [b.level for b in items] == [1, 1, 0]  # "  • " is indented two columns
    assert items[0].blank_before == 1 and items[1].blank_before == 0


def test_text_words_are_not_changed() -> None:
    page = "WADI SAMRA: Gunmen  ambushed a convoy — “killing” 7.\n*Not a bullet*\n"
    doc = next(read_bytes(page.encode(), "page.txt", Settings()))
    assert texts(doc) == ["WADI SAMRA: Gunmen  ambushed a convoy — “killing” 7.", "*Not a bullet*"]
    assert kinds(doc) == ["text", "text"]


def test_text_newlines_and_invisible_junk_normalised_rtl_kept() -> None:
    arabic = "قال مسؤول محلي\u200c إن \u200fالقصف\u200f استهدف السوق"
    page = f"First\u200b line\r\n\r\nSecond line\rThird\u00ad line\n{arabic}\n".encode()
    doc = next(read_bytes(page, "page.txt", Settings()))
    assert texts(doc) == ["First line", "Second line", "Third line", arabic]
    assert [b.blank_before for b in doc.blocks] == [0, 1, 0, 0]


def test_text_is_nfc_normalised() -> None:
    decomposed = "Ame\u0301lie and Sa\u0303o Tome\u0301"
    doc = next(read_bytes(decomposed.encode(), "page.txt", Settings()))
    assert doc.blocks[0].text == "Amélie and São Tomé"


# ---------------------------------------------------------------- Markdown

def test_markdown_front_matter_goes_to_meta_and_url() -> None:
    doc = one_doc(FIXTURES / "crawler-page.md")
    assert doc.format == "markdown"
    assert doc.meta["title"] == "Aid convoy reaches besieged hill town | World News | The Frontline Courier"
    assert doc.meta["date"] == "2024-06-02"
    assert doc.meta["categories"] == "World, Humanitarian"
    assert "tags" not in doc.meta  # empty list: nothing to say
    assert doc.url == "https://courier.example.org/world/2024/6/2/aid-convoy-reaches-besieged-hill-town"
    assert doc.raw.url == doc.url
    assert not any("title:" in t for t in texts(doc))


def test_markdown_structure_becomes_block_kinds() -> None:
    doc = one_doc(FIXTURES / "crawler-page.md")
    assert [(b.kind, b.level) for b in doc.blocks if b.kind == "heading"] == [("heading", 1), ("heading", 2)]
    assert texts(doc, "heading") == ["Aid convoy reaches besieged hill town", "Shelling paused for the convoy"]
    assert kinds(doc).count("rule") == 1
    assert texts(doc, "caption") == ["Trucks carrying flour wait at a checkpoint outside the town [File: Courier]"]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [(b.text, b.level) for b in items] == [
        ("Flour and medicine for about 9,000 people", 0),
        ("A mobile clinic staffed by two doctors", 0),
        ("one surgeon from the provincial hospital", 1),
        ("First stop: the central mosque", 0),
    ]
    assert texts(doc, "quote") == ['"The children had not seen bread for weeks," said a local teacher.']


def test_markdown_inline_syntax_removed_words_kept() -> None:
    doc = one_doc(FIXTURES / "crawler-page.md")
    body = texts(doc, "text")
    assert "Published :2024-06-02 09:41:10" in body
    lead = next(t for t in body if t.startswith("KEFR HADDAD"))
    assert "14 United Nations trucks" in lead and "in four months, UN officials said." in lead
    assert "](" not in lead and "*" not in lead
    assert "Residents said shelling stopped briefly while the trucks unloaded." in body
    assert "Read more: Ceasefire talks stall again *updated*" in body  # escaped stars stay literal
    assert not any("courier.example.org" in t for t in texts(doc))  # empty link gone, URLs gone


def test_markdown_empty_image_alt_skipped_and_counted_as_gap() -> None:
    page = "Intro line\n![](https://img.example.org/pixel.gif)\nNext line\n"
    doc = next(read_bytes(page.encode(), "page.md", Settings()))
    assert texts(doc) == ["Intro line", "Next line"]
    assert doc.blocks[1].blank_before == 1


def test_txt_with_front_matter_is_read_as_markdown() -> None:
    page = (
        "---\ntitle: \"Two soldiers killed | Courier\"\nurl: https://courier.example.org/a/9\ndate: 2024-02-01\n---\n\n"
        "# Two soldiers killed\n\nTwo soldiers were killed by a roadside bomb, the army said [Courier](https://x.example).\n"
    )
    doc = next(read_bytes(page.encode(), "saved.txt", Settings()))
    assert doc.format == "markdown"
    assert doc.meta["title"] == "Two soldiers killed | Courier" and doc.url == "https://courier.example.org/a/9"
    assert texts(doc) == ["Two soldiers killed", "Two soldiers were killed by a roadside bomb, the army said Courier."]


def test_plain_txt_without_markdown_tells_stays_text() -> None:
    doc = next(read_bytes(b"Fighting [reported] near the airport.\n  * a bullet\n", "p.txt", Settings()))
    assert doc.format == "text"
    assert texts(doc) == ["Fighting [reported] near the airport.", "a bullet"]


# ---------------------------------------------------------------- HTML

def test_html_article_blocks_and_meta() -> None:
    doc = one_doc(FIXTURES / "article.html")
    assert doc.format == "html"
    assert doc.blocks[0].kind == "title" and doc.blocks[0].text == "Drone strike hits fuel depot near river port"
    assert ("heading", 2, "Who was behind the strike?") in [(b.kind, b.level, b.text) for b in doc.blocks]
    assert texts(doc, "list_item") == [
        "The depot held about two million litres of diesel",
        "It supplied the power station and two hospitals",
    ]
    assert texts(doc, "quote") == ["We are back to running the generators for four hours a day."]
    body = texts(doc, "text")
    assert body[0].startswith("RIVER PORT, Sept 21 — A drone struck a fuel depot")
    assert "Long queues formed at petrol stations by midday." in body  # <br> splits lines
    assert not any(t in ("Home", "Opinion", "About us") for t in texts(doc))
    assert doc.meta["date"] == "2024-09-21T06:15:00Z"  # the markup's own timestamp, time of day kept
    assert doc.meta["site_name"] == "The Frontline Courier"
    assert doc.meta["author"] == "Samir Okonjo"
    assert doc.meta["description"] == "A fire burned through the night after the strike, residents said."
    assert doc.url == "https://courier.example.org/africa/2024/09/21/drone-strike-fuel-depot"


def test_html_figcaption_recovered_with_credit_beside_its_image() -> None:
    doc = one_doc(FIXTURES / "article.html")
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text == "Flames rise from the fuel depot on the east bank of the river early on Saturday."
    assert captions[0].attrs == {"credit": "Courier photographer"}
    position = doc.blocks.index(captions[0])
    assert doc.blocks[position + 1].text.startswith("RIVER PORT")


def test_html_figures_one_caption_each_sidebar_left_out() -> None:
    doc = one_doc(FIXTURES / "figures.html")
    captions = [(b.text, b.attrs.get("credit")) for b in doc.blocks if b.kind == "caption"]
    assert captions == [
        ("Displaced families queue for bread in the yard of a primary school.", "Photo: Courier/AP"),
        ("A checkpoint on the road north of the city on Wednesday.", "Reuters"),
        ("A man walks past shuttered shops in the old market", None),  # img alt, no figcaption
    ]
    assert not any("Ministers meet" in t for t in texts(doc))  # the related-stories teaser
    assert not any(t in ("Photo: Courier/AP", "Reuters") for t in texts(doc, "text"))
    order = [b.text[:20] for b in doc.blocks if b.kind in ("text", "caption")]
    assert order == ["Thousands of familie", "Displaced families q", "The schools have no ",
                     "A checkpoint on the ", "Local officials said", "A man walks past shu",
                     "Most shops in the ol"]


def test_html_navigation_only_is_a_failure() -> None:
    failure = one_failure(FIXTURES / "navigation-only.html")
    assert failure.problem == "no article text found in HTML"
    assert failure.raw is not None and failure.raw.content == (FIXTURES / "navigation-only.html").read_bytes()


def test_txt_that_is_html_goes_to_html_reader() -> None:
    doc = one_doc(FIXTURES / "html-saved-as.txt")
    assert doc.format == "html"
    assert doc.blocks[0].kind == "title" and doc.blocks[0].text == "Talks resume in lakeside city"
    assert not any("<p>" in t for t in texts(doc))


def test_xml_that_is_not_a_feed_is_read_as_markup() -> None:
    doc = one_doc(FIXTURES / "xhtml-page.xml")
    assert doc.format == "html"
    assert any(t.startswith("Floodwaters forced more than 30,000 people") for t in texts(doc))


def test_html_charset_declared_in_meta_is_honoured() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>قصف على السوق</title></head><body><article>"
        "<p>قال مسؤولون محليون إن ثلاثة مدنيين قتلوا في قصف استهدف سوقا شعبيا في المدينة صباح الاثنين.</p>"
        "</article></body></html>"
    )
    doc = next(read_bytes(page.encode("cp1256"), "page.html", Settings()))
    assert doc.encoding == "cp1256"
    assert "قال مسؤولون محليون إن ثلاثة مدنيين قتلوا" in " ".join(texts(doc))


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_reads_good_lines_and_fails_the_broken_one() -> None:
    items = read(FIXTURES / "records.jsonl")
    assert [type(i).__name__ for i in items] == ["Document", "Document", "InputFailure", "Document"]
    first, second, broken, last = items
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(last, Document)
    assert isinstance(broken, InputFailure)
    assert broken.problem.startswith("line 3: invalid JSON: ")
    assert broken.input_id == f"{FIXTURES / 'records.jsonl'}#3"
    assert broken.raw is not None and broken.raw.content.startswith(b'{"id": "courier-0414"')
    # ids become input ids; a record without one is path#line
    assert first.input_id == "courier-0412" and first.raw.record == "courier-0412"
    assert second.input_id == f"{FIXTURES / 'records.jsonl'}#2"
    assert last.input_id == "415"  # line 4 is blank and skipped; this is line 5


def test_jsonl_record_fields() -> None:
    first, second = [i for i in read(FIXTURES / "records.jsonl") if isinstance(i, Document)][:2]
    assert first.url == "https://courier.example.org/a/0412"
    assert first.title_hint == "Checkpoint attack kills two police officers"
    assert first.published_hint == "2024-04-12"
    assert first.retrieved == datetime(2024, 4, 12, 18, 30, tzinfo=timezone.utc)
    assert first.meta == {"outlet": "The Frontline Courier"}
    assert first.format == "text" and texts(first)[1].startswith("Two police officers were killed")
    assert json.loads(first.raw.content)["id"] == "courier-0412"  # raw is that line, whole
    assert second.format == "html" and second.blocks[0].kind == "title"


def test_jsonl_record_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('[1, 2]\n{"id": "a", "title": "no body"}\n{"id": "b", "text": "   "}\n', encoding="utf-8")
    problems = [i.problem for i in read(path) if isinstance(i, InputFailure)]
    assert problems == ["line 1: not a JSON object", "line 2: no text or html field", "line 3: empty text"]


def test_jsonl_size_limit_applies_per_record(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    short = {"text": "Shelling resumed overnight."}
    long = {"text": "Residents fled the eastern districts. " * 40}
    path.write_text("\n".join(json.dumps(r) for r in (short, long, short)) + "\n", encoding="utf-8")
    items = read(path, settings=Settings(max_page_bytes=500))
    assert [type(i).__name__ for i in items] == ["Document", "InputFailure", "Document"]
    failure = items[1]
    assert isinstance(failure, InputFailure)
    assert failure.problem == "line 2: record is 1.5 KB, above the 500 bytes limit (raise --max-page-bytes)"
    assert failure.raw is not None and json.loads(failure.raw.content) == long


# ---------------------------------------------------------------- WARC

def _warc(path: Path, pages: list[tuple[str, str]], compress: bool, extras: bool = True) -> list[int]:
    """Write a WARC of HTML responses (plus records that are not pages); return the page offsets."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for n, (url, html) in enumerate(pages):
            if extras and n == 1:
                request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
                writer.write_record(request)
                image = writer.create_warc_record(
                    url + ".png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"),
                    http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"),
                )
                writer.write_record(image)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
                warc_headers_dict={"WARC-Date": f"2024-10-0{n + 1}T12:00:00Z"},
            )
            offsets.append(fh.tell())
            writer.write_record(record)
    return offsets


def _story(n: int) -> tuple[str, str]:
    body = (
        f"<p>Report {n}: artillery fire hit the eastern districts of the city overnight, residents said, "
        "and several houses were destroyed near the old bridge.</p>"
        "<p>Local officials said emergency crews were still searching the rubble on Friday morning.</p>"
    )
    return (f"https://courier.example.org/report-{n}",
            f"<html><head><title>Report {n}</title></head><body><article>{body}</article></body></html>")


@pytest.mark.parametrize("name,compress", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_html_responses_are_pages(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    offsets = _warc(path, [_story(n) for n in range(3)], compress)
    items = read(path)
    assert all(isinstance(i, Document) for i in items) and len(items) == 3
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.raw.record for d in docs] == [str(o) for o in offsets]
    assert [d.url for d in docs] == [f"https://courier.example.org/report-{n}" for n in range(3)]
    assert [d.retrieved.day for d in docs] == [1, 2, 3]
    assert docs[1].input_id == f"{path}#{offsets[1]}"
    assert docs[1].raw.content.startswith(b"<html><head><title>Report 1")  # the HTTP payload
    assert docs[1].blocks[0].kind == "title" and docs[1].blocks[0].text == "Report 1"


def test_truncated_warc_gz_mid_payload(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    offsets = _warc(path, [_story(n) for n in range(3)], compress=True, extras=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 30])  # the last record loses the end of its payload
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "Document", "InputFailure"]
    failure = items[-1]
    assert isinstance(failure, InputFailure)
    assert failure.problem == f"truncated WARC: record at byte {offsets[2]} is cut short"
    assert failure.raw is not None and failure.raw.content.startswith(b"<html><head><title>Report 2")


def test_truncated_warc_gz_mid_header(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    offsets = _warc(path, [_story(n) for n in range(3)], compress=True, extras=False)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[2] + 40])  # the third record is cut inside its WARC headers
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "Document", "InputFailure"]
    failure = items[-1]
    assert isinstance(failure, InputFailure)
    assert failure.problem == f"truncated WARC: no complete record after byte {offsets[2]}"
    assert failure.raw is not None and failure.raw.content == data[offsets[2]: offsets[2] + 40]


def test_gzip_that_is_not_a_warc_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(gzip.compress(b"just some compressed notes"))
    assert one_failure(path).problem == "binary file (gzip), not a text page"


# ---------------------------------------------------------------- feeds

def test_rss_entries_are_pages() -> None:
    items = read(FIXTURES / "feed.rss")
    assert len(items) == 2 and all(isinstance(i, Document) for i in items)
    first, second = items
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.input_id == f"{FIXTURES / 'feed.rss'}#1" and second.raw.record == "2"
    assert first.title_hint == "Curfew imposed in port city after two days of clashes"
    assert first.url == "https://courier.example.org/africa/curfew-port-city"
    assert first.published_hint == "2024-10-08T21:40:00+03:00"  # the feed's own offset kept
    assert first.meta["site_name"] == "The Frontline Courier – Africa"
    assert texts(first, "caption") == ["Soldiers patrol the harbour road on Tuesday."]
    assert texts(first, "text")[0].startswith("Authorities imposed a night-time curfew in the port city")
    assert first.raw.content.startswith(b"<item") and first.raw.content.endswith(b"</item>") and b"curfew-port-city" in first.raw.content
    assert texts(second) == [
        "Mediators said on Wednesday that both delegations had agreed on a timetable for withdrawing "
        "heavy weapons from the disputed border strip."
    ]


def test_atom_entry() -> None:
    doc = one_doc(FIXTURES / "feed.atom")
    assert doc.title_hint == "Landmine blast wounds three farmers"
    assert doc.url == "https://courier.example.org/wire/landmine-farmers"
    assert doc.published_hint == "2024-11-02T16:20:00+02:00"
    assert doc.meta["author"] == "Courier staff" and doc.meta["date_updated"] == "2024-11-03T09:00:00+02:00"
    assert texts(doc)[0].startswith("Three farmers were wounded when a landmine exploded")


def test_feed_entry_with_bare_text_summary() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        b"<item><title>Road reopened</title><link>https://wire.example.org/1</link>"
        b"<description>The army said the coastal road had reopened after a week of fighting.</description>"
        b"</item></channel></rss>"
    )
    (doc,) = read_bytes(feed, "wire.xml", Settings())
    assert isinstance(doc, Document)
    assert texts(doc) == ["The army said the coastal road had reopened after a week of fighting."]


def test_rss_file_that_is_not_xml() -> None:
    (failure,) = read_bytes(b"not a feed at all", "news.rss", Settings())
    assert isinstance(failure, InputFailure) and failure.problem.startswith("feed does not parse: ")


def test_broken_feed_is_a_failure_with_raw_kept() -> None:
    failure = one_failure(FIXTURES / "broken-feed.rss")
    assert failure.problem.startswith("feed does not parse: ")
    assert failure.raw is not None and failure.raw.content == (FIXTURES / "broken-feed.rss").read_bytes()


# ---------------------------------------------------------------- decoding and bad bytes

@pytest.mark.parametrize("content,kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
])
def test_binary_files_are_refused_and_kept(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "download.txt"
    path.write_bytes(content)
    failure = one_failure(path)
    assert failure.problem == f"binary file ({kind}), not a text page"
    assert failure.raw is not None and failure.raw.content == content


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.html"
    path.write_bytes(b"abc\x00\x01\x02def")
    assert one_failure(path).problem == "binary file, not a text page"


def test_windows_1256_arabic_is_decoded(tmp_path: Path) -> None:
    sentences = (
        "قال مسؤولون محليون إن ثلاثة مدنيين قتلوا في قصف استهدف سوقا شعبيا في المدينة صباح الاثنين.\n"
        "وأضافوا أن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض.\n"
    )
    path = tmp_path / "arabic.txt"
    path.write_bytes(sentences.encode("cp1256"))
    doc = one_doc(path)
    assert doc.encoding == "cp1256" and doc.raw.encoding == "cp1256"
    assert texts(doc) == sentences.strip().split("\n")


@pytest.mark.parametrize("sentence", [
    "Le président a déclaré mercredi à Paris que l'armée resterait présente au Sahel, « sans céder ».",
    "El ejército informó que la operación en la región montañosa dejó tres muertos, según fuentes en Bogotá.",
    "Réunion à l'Élysée, été très chaud.",
])
def test_latin_1_is_decoded(tmp_path: Path, sentence: str) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(sentence.encode("latin-1"))
    doc = one_doc(path)
    assert texts(doc) == [sentence]
    assert doc.encoding == "cp1252"  # the superset browsers use for latin-1


def test_cp1252_quotes_are_decoded(tmp_path: Path) -> None:
    sentence = "The minister said “we will not negotiate” — and the talks collapsed… again."
    path = tmp_path / "quotes.txt"
    path.write_bytes(sentence.encode("cp1252"))
    assert texts(one_doc(path)) == [sentence]


def test_byte_order_marks(tmp_path: Path) -> None:
    sentence = "Talks resumed on Monday."
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + sentence.encode())
    (tmp_path / "b.txt").write_bytes(sentence.encode("utf-16"))  # BOM + NUL-rich bytes
    a, b = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert texts(a) == texts(b) == [sentence]
    assert a.encoding == "utf-8-sig" and b.encoding.startswith("utf-16")


# ---------------------------------------------------------------- empty, missing, oversized

def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"  \n\n\t\n")
    empty, blank = read(tmp_path / "empty.txt", tmp_path / "blank.md")
    assert isinstance(empty, InputFailure) and empty.problem == "empty file"
    assert isinstance(blank, InputFailure) and blank.problem == "empty file"
    assert blank.raw is not None and blank.raw.content == b"  \n\n\t\n"


def test_missing_path(tmp_path: Path) -> None:
    failure = one_failure(tmp_path / "nope.txt")
    assert failure.problem == "no such file" and failure.raw is None
    assert failure.input_id == str(tmp_path / "nope.txt")


def test_oversized_page_refused_raw_kept(tmp_path: Path) -> None:
    content = ("Fighting continued in the north for a third day. " * 100).encode()
    path = tmp_path / "big.txt"
    path.write_bytes(content)
    failure = one_failure(path, settings=Settings(max_page_bytes=1024))
    assert failure.problem == "page is 4.8 KB, above the 1.0 KB limit (raise --max-page-bytes)"
    assert failure.raw is not None and failure.raw.content == content and failure.raw.size == len(content)


def test_oversized_message_in_megabytes() -> None:
    content = b"x" * (3 * 1024 * 1024 + 200_000)
    failure = next(read_bytes(content, "huge.html", Settings(max_page_bytes=2 * 1024 * 1024)))
    assert isinstance(failure, InputFailure)
    assert failure.problem == "page is 3.2 MB, above the 2.0 MB limit (raise --max-page-bytes)"


# ---------------------------------------------------------------- paths, directories, stdin, order

def test_directory_walk_sorted_recursive_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second page.\n")
    (tmp_path / "a.txt").write_text("First page.\n")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "inner.md").write_text("# Third page\n")
    (tmp_path / ".hidden.txt").write_text("Never read.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "empty").mkdir()
    items = read(tmp_path)
    assert [i.input_id for i in items] == [str(tmp_path / n) for n in ("a.txt", "b.txt", "c/inner.md")]
    assert [texts(i)[0] for i in items if isinstance(i, Document)] == ["First page.", "Second page.", "Third page"]


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    assert one_failure(tmp_path).problem == "no files in directory"


def test_mixed_inputs_keep_order_and_go_on_after_failures(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    items = read(FIXTURES / "scraped-page.txt", tmp_path / "missing.txt", tmp_path / "empty.txt",
                 FIXTURES / "feed.rss", FIXTURES / "navigation-only.html", FIXTURES / "feed.atom")
    assert [type(i).__name__ for i in items] == [
        "Document", "InputFailure", "InputFailure", "Document", "Document", "InputFailure", "Document"]
    assert [i.problem for i in items if isinstance(i, InputFailure)] == [
        "no such file", "empty file", "no article text found in HTML"]


def test_inputs_are_read_lazily(tmp_path: Path) -> None:
    def paths():
        yield str(FIXTURES / "scraped-page.txt")
        raise AssertionError("the second path was asked for before the first page was used")

    items = read_inputs(paths(), Settings())
    first = next(items)
    assert isinstance(first, Document) and first.format == "text"


def test_stdin_text_and_jsonl() -> None:
    page = "Two soldiers were killed near the border, the army said.\n".encode()
    (doc,) = read_inputs(["-"], Settings(), stdin=io.BytesIO(page))
    assert isinstance(doc, Document) and doc.input_id == "-" and texts(doc) == [page.decode().strip()]
    lines = b'{"id": "s1", "text": "First report."}\n{"id": "s2", "text": "Second report."}\n'
    docs = list(read_inputs(["-"], Settings(), stdin=io.BytesIO(lines)))
    assert [d.input_id for d in docs] == ["s1", "s2"]


def test_stdin_non_seekable_html_and_warc(tmp_path: Path) -> None:
    class Pipe(io.RawIOBase):  # a pipe: no seek, short reads
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            chunk = self._data.read(min(len(buffer), 700))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    html = (FIXTURES / "article.html").read_bytes()
    (doc,) = read_inputs(["-"], Settings(), stdin=io.BufferedReader(Pipe(html)))
    assert isinstance(doc, Document) and doc.format == "html" and doc.raw.content == html
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [_story(n) for n in range(2)], compress=True)
    docs = list(read_inputs(["-"], Settings(), stdin=io.BufferedReader(Pipe(path.read_bytes()))))
    assert [d.url for d in docs] == [f"https://courier.example.org/report-{n}" for n in range(2)]


def test_stdin_empty() -> None:
    (failure,) = read_inputs(["-"], Settings(), stdin=io.BytesIO(b""))
    assert isinstance(failure, InputFailure) and failure.problem == "empty input"


def test_read_bytes_explicit_format_and_unknown_format() -> None:
    doc = next(read_bytes(b"# Not a heading here\n", "upload", Settings(), fmt="text"))
    assert isinstance(doc, Document) and doc.format == "text" and texts(doc) == ["# Not a heading here"]
    doc = next(read_bytes(b"# A heading\n", "upload", Settings(), fmt="md"))
    assert isinstance(doc, Document) and doc.blocks[0].kind == "heading"
    with pytest.raises(ValueError):
        read_bytes(b"x", "upload", Settings(), fmt="docx")


# ---------------------------------------------------------------- retrieval time, url, published

def test_retrieved_falls_back_to_mtime_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Clashes in the north.\n")
    stamp = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    doc = one_doc(path)
    assert doc.retrieved == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert doc.raw.retrieved == doc.retrieved


def test_settings_win_over_record_fields() -> None:
    settings = Settings(retrieved=datetime(2025, 1, 2, 3, 4), url="https://cli.example.org/page",
                        published="2025-01-01")
    docs = [i for i in read(FIXTURES / "records.jsonl", settings=settings) if isinstance(i, Document)]
    assert {d.retrieved for d in docs} == {datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)}  # naive → UTC
    assert {d.url for d in docs} == {"https://cli.example.org/page"}
    assert {d.published_hint for d in docs} == {"2025-01-01"}
    assert docs[0].title_hint == "Checkpoint attack kills two police officers"  # no flag for that


def test_url_flag_wins_over_front_matter() -> None:
    doc = one_doc(FIXTURES / "crawler-page.md", settings=Settings(url="https://cli.example.org/x"))
    assert doc.url == "https://cli.example.org/x"
    assert doc.meta["source"].startswith("https://courier.example.org/")  # still there for the cleaner


# ---------------------------------------------------------------- lightness and the shared samples

def test_text_path_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from sitrep.ingest import read_bytes\n"
        "from sitrep.settings import Settings\n"
        "docs = list(read_bytes(b'# Title\\n\\nA short page.\\n', 'p.txt', Settings()))\n"
        "docs += list(read_bytes(b'A plain page.\\n', 'q.txt', Settings()))\n"
        "assert len(docs) == 2, docs\n"
        "heavy = ['trafilatura', 'warcio', 'feedparser', 'charset_normalizer', 'lxml', 'yaml']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(not (SHARED / "samples").is_dir(), reason="shared samples not present")
def test_shared_samples_each_read_as_one_page() -> None:
    paths = sorted((SHARED / "samples").rglob("*.txt"))
    assert paths
    for path in paths:
        doc = one_doc(path)
        assert doc.blocks and doc.encoding == "utf-8"
        assert all(b.text or b.kind == "rule" for b in doc.blocks)
        if path.read_text(encoding="utf-8").startswith("---\n"):
            assert doc.format == "markdown" and doc.meta.get("title")
            assert not any(b.text.startswith("title:") for b in doc.blocks)
