"""The command line as a user runs it: exit statuses, stderr lines, idempotent ingest, bad inputs."""
from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
WIRE_PAGE = FIXTURES / "01-reuters-wire-khartoum.txt"
RETRIEVED = ["--retrieved", "2025-03-04T09:00:00Z"]


def sitrep(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], input=stdin, capture_output=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    arabic = "بغداد: قالت الشرطة إن انفجارا وقع في سوق شعبي وسط المدينة صباح الثلاثاء وأسفر عن مقتل ثلاثة أشخاص. " * 6
    (folder / "arabic-cp1256.txt").write_bytes(("مقتل ثلاثة في انفجار ببغداد\n\n" + arabic).encode("cp1256"))
    latin = ("Explosion au marché de Gao\n\nGAO (AFP) - Une explosion a fait trois morts mardi au marché central de Gao, "
             "selon des sources sécuritaires. Les blessés ont été évacués vers l'hôpital régional. " * 3)
    (folder / "french-latin1.txt").write_bytes(latin.encode("latin-1"))
    (folder / "nav-only.html").write_text("<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a> "
                                          "<a href='/c'>Sport</a></nav></body></html>", encoding="utf-8")
    good = json.dumps({"id": "r1", "text": WIRE_PAGE.read_text(encoding="utf-8")})
    (folder / "batch.jsonl").write_text(good + "\n{not json at all\n", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"Gunmen attacked a convoy. " * 200_000)  # ~5 MB, above the limit set below
    with gzip.open(folder / "cut.warc.gz", "wb") as fh:
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n")
    return folder


def test_extract_prints_contract_json():
    run = sitrep("extract", str(WIRE_PAGE), *RETRIEVED)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["schema"] == "sitrep/1" and out["rejected"] == []
    (article,) = out["articles"]
    assert article["wire"] == "Reuters" and article["dateline"]["place"] == "Khartoum"
    assert article["published"] == {"value": "2025-03-03", "precision": "day", "text": "March 3", "kind": "published"}
    assert "(Reporting by" not in article["body"]


def test_extract_jsonl_one_line_per_record_and_stdin():
    page = WIRE_PAGE.read_bytes()
    run = sitrep("extract", "-", "--format", "jsonl", *RETRIEVED, stdin=page)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == 1 and lines[0]["input_id"] == "-" and len(lines[0]["articles"]) == 1


def test_every_bad_input_gets_one_line_and_the_batch_goes_on(bad_inputs):
    run = sitrep("extract", str(bad_inputs), str(WIRE_PAGE), *RETRIEVED, "--max-page-bytes", "1000000")
    assert run.returncode == 3  # some read, some failed
    errors = [line for line in run.stderr.decode().splitlines() if line.startswith("sitrep: ")]
    by_file = {name: [e for e in errors if name in e] for name in
               ("empty.txt", "scan.pdf", "photo.png", "nav-only.html", "batch.jsonl", "huge.txt", "cut.warc.gz")}
    assert all(by_file.values()), by_file
    assert "empty" in by_file["empty.txt"][0] and "PDF" in by_file["scan.pdf"][0]
    assert "line 2" in by_file["batch.jsonl"][0] and "MB" in by_file["huge.txt"][0]
    out = json.loads(run.stdout)
    titles = [a["title"] for a in out["articles"]]
    assert titles.count("Drone strike on Khartoum North fuel depot kills seven, Sudan army says") == 2  # file + JSONL record
    languages = {a["language"] for a in out["articles"]}
    assert {"ar", "fr"} <= languages  # decoded from cp1256 and latin-1, kept and marked


def test_nothing_readable_exits_1(bad_inputs):
    run = sitrep("extract", str(bad_inputs / "empty.txt"), str(bad_inputs / "photo.png"))
    assert run.returncode == 1
    assert json.loads(run.stdout)["articles"] == []


def test_ingest_is_idempotent_and_keeps_failures_raw(tmp_path, bad_inputs):
    db = tmp_path / "s.db"
    first = sitrep("ingest", str(WIRE_PAGE), str(bad_inputs / "scan.pdf"), "--db", str(db), *RETRIEVED)
    assert first.returncode == 3, first.stderr
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table' and name not like '%fts%'")]
        before = {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
        pdf = conn.execute("select content from raw_inputs where source like '%scan.pdf'").fetchone()
    assert before["articles"] == 1 and before["input_failures"] == 1
    assert pdf is not None and bytes(pdf[0]).startswith(b"%PDF")
    again = sitrep("ingest", str(WIRE_PAGE), str(bad_inputs / "scan.pdf"), "--db", str(db), *RETRIEVED)
    assert again.returncode == 3
    with sqlite3.connect(db) as conn:
        after = {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    assert after == before


def test_env_db_and_search(tmp_path):
    db = tmp_path / "env.db"
    run = subprocess.run([sys.executable, "-m", "sitrep.cli", "ingest", str(WIRE_PAGE), *RETRIEVED],
                         capture_output=True, env={**__import__("os").environ, "SITREP_DB": str(db)}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert db.exists()
    hits = sitrep("search", "fuel depot", "--db", str(db))
    assert hits.returncode == 0 and "Khartoum" in hits.stdout.decode()


def test_user_knowledge_base_file(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text("- id: shambat_residents_committee\n  name: Shambat Resistance Committee\n  type: militia\n"
                  "  country: SD\n  aliases: [Shambat Committee]\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("Clashes near Omdurman\n\nOMDURMAN, Sudan (Reuters) - Fighters of the Shambat Committee clashed with "
                    "soldiers near a market on Monday, residents said. The Shambat Committee said two of its members died.\n",
                    encoding="utf-8")
    run = sitrep("extract", str(page), "--kb", str(kb), *RETRIEVED)
    assert run.returncode == 0, run.stderr
    entities = json.loads(run.stdout)["articles"][0]["entities"]
    mine = [e for e in entities if e["kb_id"] == "sitrep:shambat_residents_committee"]
    assert mine and mine[0]["name"] == "Shambat Resistance Committee"
