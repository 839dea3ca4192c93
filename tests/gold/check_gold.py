#!/usr/bin/env python3
"""Validate the gold corpus in tests/gold/ (standard library only).

    python tests/gold/check_gold.py            # all checks; exit status 1 on any problem
    python tests/gold/check_gold.py --table    # also print the counts table used in docs/annotation.md

Checks: every JSON file loads; every event_type/sub_event_type pair is in ACLED's taxonomy; dates are
well-formed intervals that do not end after publication; every record has exactly one required event;
texts have the agreed length; place and actor alternatives are anchored in the text; page gold strings
(body_contains, body_excludes, quotes) occur in their page; the corpus meets its minimum counts.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_TAXONOMY = HERE.parents[1] / ".." / "shared" / "contract" / "acled-taxonomy.json"
# Fallback when /work/shared is not mounted; must equal the contract's acled-taxonomy.json.
TAXONOMY = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
CERTAINTY = {"confirmed", "reported", "alleged", "claimed", "denied", "uncertain"}
GENERIC_ACTORS = ("Civilians (", "Protesters (", "Rioters (", "Unidentified Armed Group (", "Prisoners (")
MIN_RECORDS, MIN_COUNTRIES, MIN_PER_TYPE, MIN_PER_SUBTYPE, MIN_PAGES = 70, 20, 8, 2, 6
WORDS_RECORD = (40, 160)
SENTENCES_RECORD = (2, 6)
WORDS_ARTICLE = (400, 900)
# Page files carry navigation, bylines and footers; allow that much on top of the article words.
PAGE_FURNITURE_WORDS = 120
PAGE_ARTICLE_KEYS = ("title", "outlet", "wire", "dateline", "published", "summary_count", "captions_count",
                     "factbox_items", "headings", "body_contains", "body_excludes", "alias_groups", "distinct",
                     "quotes", "not_quotes", "events", "relations", "claims")


def norm(s: str) -> str:
    """Same normalisation idea as score.py: accents, curly quotes, dashes, case and spaces."""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"[\u2010-\u2015]", "-", s).lower()
    return re.sub(r"\s+", " ", s).strip()


def load_taxonomy() -> dict[str, list[str]]:
    if SHARED_TAXONOMY.exists():
        shared = json.loads(SHARED_TAXONOMY.read_text(encoding="utf-8"))
        if shared != TAXONOMY:
            raise SystemExit("check_gold.py: embedded taxonomy differs from the contract; update TAXONOMY")
        return shared
    return TAXONOMY


def parse_day(value: str) -> date:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if "T" in value else date.fromisoformat(value)


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def check_event(rep: Report, where: str, e: dict, taxonomy: dict, published: date | None, text: str | None) -> None:
    for key in ("label", "required", "event_type", "date"):
        if key not in e:
            rep.error(where, f"event lacks '{key}'")
    types = e.get("event_type") or []
    if not isinstance(types, list) or not types:
        rep.error(where, "event_type must be a non-empty list")
        types = []
    for t in types:
        if t not in taxonomy:
            rep.error(where, f"unknown event_type {t!r}")
    for s in e.get("sub_event_type") or []:
        if not any(s in taxonomy.get(t, []) for t in types):
            rep.error(where, f"sub_event_type {s!r} belongs to none of {types}")
    d = e.get("date")
    if d:
        try:
            a, b = parse_day(d["from"]), parse_day(d["to"])
            if a > b:
                rep.error(where, f"date interval reversed: {d}")
            if published and b > published:
                rep.error(where, f"date interval ends after publication ({d['to']} > {published})")
        except (KeyError, ValueError) as exc:
            rep.error(where, f"bad date {d!r}: {exc}")
    f = e.get("fatalities")
    if f is not None and (not isinstance(f, int) or f < 0):
        rep.error(where, f"fatalities must be a non-negative integer, not {f!r}")
    for c in e.get("certainty") or []:
        if c not in CERTAINTY:
            rep.error(where, f"unknown certainty {c!r}")
    for key in ("country", "place", "actor1", "actor2"):
        if key in e and (not isinstance(e[key], list) or not e[key]):
            rep.error(where, f"{key} must be a non-empty list")
    if text is not None:
        t = norm(text)
        for key in ("place", "actor1", "actor2"):
            alts = [x for x in e.get(key) or [] if x]
            # ACLED's standard category names ("Civilians (Mali)") need not appear in the text.
            generic = key != "place" and any(x.startswith(GENERIC_ACTORS) for x in alts)
            if alts and not generic and not any(norm(x) in t for x in alts):
                rep.error(where, f"no {key} alternative occurs in the text: {alts[:4]}")


def words(text: str) -> int:
    return len(text.split())


def sentences(text: str) -> int:
    # A sentence ends with . ! ? (optionally followed by a closing quote) before a capital or the end.
    return len(re.findall(r"[.!?][\"'”’)]*(?=\s+[A-Z\"“]|\s*$)", text.strip()))


def check_records(rep: Report, path: Path, taxonomy: dict) -> list[dict]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    records = gold.get("records")
    if not isinstance(records, list):
        rep.error(path.name, "no 'records' list")
        return []
    seen: set[str] = set()
    for r in records:
        where = f"{path.name}:{r.get('id')}"
        for key in ("id", "text", "published", "events"):
            if key not in r:
                rep.error(where, f"record lacks '{key}'")
        if r.get("id") in seen:
            rep.error(where, "duplicate id")
        seen.add(r.get("id"))
        text = r.get("text", "")
        n = words(text)
        if not WORDS_RECORD[0] <= n <= WORDS_RECORD[1]:
            rep.error(where, f"{n} words, outside {WORDS_RECORD}")
        k = sentences(text)
        if not SENTENCES_RECORD[0] <= k <= SENTENCES_RECORD[1]:
            rep.error(where, f"{k} sentences, outside {SENTENCES_RECORD}")
        try:
            published = parse_day(r["published"])
        except (KeyError, ValueError) as exc:
            rep.error(where, f"bad published: {exc}")
            published = None
        events = r.get("events") or []
        required = [e for e in events if e.get("required", True)]
        if len(events) != 1 or len(required) != 1:
            # score_records credits every listed event, required or not (and divides by the number of
            # predictions), so optional events belong in 'also_mentioned', never in 'events'.
            rep.error(where, f"expected exactly one required event in 'events', found {len(events)}")
        for e in events:
            check_event(rep, where, e, taxonomy, published, text)
        for e in r.get("also_mentioned") or []:
            if e.get("required", True):
                rep.error(where, "also_mentioned events must have required: false")
            check_event(rep, where + " (also)", e, taxonomy, published, None)
    return records


def check_negatives(rep: Report, path: Path) -> list[dict]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    recs = gold.get("records") or []
    for r in recs:
        where = f"{path.name}:{r.get('id')}"
        if r.get("expect_no_violent_event") is not True:
            rep.error(where, "expect_no_violent_event must be true")
        for key in ("id", "text", "published", "why"):
            if not r.get(key):
                rep.error(where, f"lacks '{key}'")
        n = words(r.get("text", ""))
        if not WORDS_RECORD[0] <= n <= WORDS_RECORD[1]:
            rep.error(where, f"{n} words, outside {WORDS_RECORD}")
        if "events" in r:
            rep.error(where, "negatives carry no 'events'")
    return recs


def check_page(rep: Report, path: Path, taxonomy: dict) -> dict:
    gold = json.loads(path.read_text(encoding="utf-8"))
    where = path.name
    page_path = HERE / gold.get("input", "")
    if not gold.get("input") or not page_path.is_file():
        rep.error(where, f"input {gold.get('input')!r} not found under tests/gold/")
        return gold
    page = norm(page_path.read_text(encoding="utf-8"))
    retrieved = parse_day(gold["retrieved"])
    arts = gold.get("articles") or []
    n = words(page_path.read_text(encoding="utf-8"))
    if not (WORDS_ARTICLE[0] * len(arts) <= n <= WORDS_ARTICLE[1] * len(arts) + PAGE_FURNITURE_WORDS):
        rep.error(where, f"{n} words for {len(arts)} article(s)")
    for a in arts:
        aw = f"{where}:{a.get('title', '?')[:30]}"
        for key in PAGE_ARTICLE_KEYS:
            if key not in a:
                rep.error(aw, f"article lacks '{key}'")
        if norm(a.get("title", "")) not in page:
            rep.error(aw, "title not in page")
        for s in a.get("body_contains", []) + a.get("body_excludes", []):
            if norm(s) not in page:
                rep.error(aw, f"string not in page: {s[:50]!r}")
        for q in a.get("quotes", []):
            if norm(q["contains"]) not in page:
                rep.error(aw, f"quote not in page: {q['contains'][:50]!r}")
        for h in a.get("headings", []):
            if norm(h) not in page:
                rep.error(aw, f"heading not in page: {h!r}")
        for group in a.get("alias_groups", []) + a.get("distinct", []):
            for name in group:
                if norm(name) not in page:
                    rep.error(aw, f"alias/distinct name not in page: {name!r}")
        pub = a.get("published")
        published = parse_day(pub["to"]) if pub else retrieved
        for e in a.get("events", []):
            check_event(rep, f"{aw}:{e.get('label', '?')[:30]}", e, taxonomy, published, None)
        for rel in a.get("relations", []):
            if not rel.get("predicate") or not rel.get("subject") or not rel.get("object"):
                rep.error(aw, f"incomplete relation {rel}")
        for c in a.get("claims", []):
            if not isinstance(c.get("value"), (int, float)) or not c.get("subject"):
                rep.error(aw, f"bad claim {c}")
    return gold


def counts_table(records: list[dict]) -> str:
    by_type: Counter = Counter()
    by_sub: Counter = Counter()
    by_country: Counter = Counter()
    for r in records:
        e = r["events"][0]
        by_type[e["event_type"][0]] += 1
        by_sub[(e["event_type"][0], e["sub_event_type"][0])] += 1
        by_country[e["country"][0]] += 1
    lines = ["| event type | sub-event type | records |", "|---|---|---|"]
    for t, subs in TAXONOMY.items():
        for s in subs:
            lines.append(f"| {t} | {s} | {by_sub[(t, s)]} |")
        lines.append(f"| **{t}** | *all* | **{by_type[t]}** |")
    lines += ["", "| country | records |", "|---|---|"]
    lines += [f"| {c} | {n} |" for c, n in sorted(by_country.items(), key=lambda x: (-x[1], x[0]))]
    return "\n".join(lines)


def check_minimums(rep: Report, records: list[dict], pages: list[dict], taxonomy: dict) -> None:
    if len(records) < MIN_RECORDS:
        rep.error("corpus", f"{len(records)} records < {MIN_RECORDS}")
    firsts = [r["events"][0] for r in records if r.get("events")]
    countries = {e["country"][0] for e in firsts}
    if len(countries) < MIN_COUNTRIES:
        rep.error("corpus", f"{len(countries)} countries < {MIN_COUNTRIES}")
    types = Counter(e["event_type"][0] for e in firsts)
    subs = Counter((e["event_type"][0], e["sub_event_type"][0]) for e in firsts)
    for t, ss in taxonomy.items():
        if types[t] < MIN_PER_TYPE:
            rep.error("corpus", f"{t}: {types[t]} records < {MIN_PER_TYPE}")
        for s in ss:
            if subs[(t, s)] < MIN_PER_SUBTYPE:
                rep.error("corpus", f"{t} / {s}: {subs[(t, s)]} records < {MIN_PER_SUBTYPE}")
    if len(pages) < MIN_PAGES:
        rep.error("corpus", f"{len(pages)} pages < {MIN_PAGES}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--table", action="store_true", help="print the counts table (Markdown)")
    args = ap.parse_args(argv)
    rep = Report()
    taxonomy = load_taxonomy()
    records = check_records(rep, HERE / "event-reports.gold.json", taxonomy)
    negatives = check_negatives(rep, HERE / "negatives.json")
    pages = [check_page(rep, p, taxonomy) for p in sorted((HERE / "pages").glob("*.gold.json"))]
    check_minimums(rep, records, pages, taxonomy)
    if args.table:
        print(counts_table(records))
    n_page_events = sum(len(a.get("events", [])) for g in pages for a in g.get("articles", []))
    print(f"records: {len(records)}, negatives: {len(negatives)}, pages: {len(pages)} "
          f"({sum(len(g.get('articles', [])) for g in pages)} articles, {n_page_events} page events)")
    for e in rep.errors:
        print("ERROR", e)
    print("ok" if not rep.errors else f"{len(rep.errors)} problem(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
