"""Browser tests of the web UI: a real ``sitrep serve`` subprocess, driven with Debian Chromium
through Playwright. The database holds the bundled demo (two articles) and one fixture page of
our own whose text contains ``<script>``.

Skipped when /usr/bin/chromium (or playwright) is missing, unless SITREP_REQUIRE_BROWSER=1.
Screenshots go to test-artifacts/ (git-ignored).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE = os.environ.get("SITREP_REQUIRE_BROWSER") == "1"
ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PAGE = ROOT / "tests" / "fixtures" / "web" / "defacement-kassala.txt"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REVIEWER = "Test Analyst"
SPLIT_BUTTON = re.compile(r"^Split the name ")
DEMO_RETRIEVED = "2025-11-20T09:00:00+00:00"

try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    if REQUIRE:
        raise
    pytest.skip("playwright is not installed", allow_module_level=True)

if not CHROMIUM.exists():
    if REQUIRE:
        pytest.fail(f"SITREP_REQUIRE_BROWSER=1 but {CHROMIUM} is missing", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing", allow_module_level=True)


# ---------------------------------------------------------------- servers and the browser


def _cli() -> list[str]:
    """How a user runs sitrep with this interpreter: ``python -m sitrep.cli``, else the script."""
    probe = subprocess.run([sys.executable, "-m", "sitrep.cli", "--version"], capture_output=True, text=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "sitrep.cli"]
    return [str(Path(sys.executable).with_name("sitrep"))]


def _environment() -> dict[str, str]:
    # No token or database from the caller's shell: each server makes its own token.
    return {k: v for k, v in os.environ.items() if k not in ("SITREP_TOKEN", "SITREP_DB")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def _post(url: str, body: dict[str, Any], token: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


class Server:
    """A ``sitrep serve`` subprocess on a free port, reached at 127.0.0.1. Call wait_until_up()."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = db.with_name(f"serve-{self.port}.log")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen([*_cli(), "serve", "--db", str(db), "--port", str(self.port), *extra],
                                            stdout=log, stderr=subprocess.STDOUT, env=_environment())

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sitrep serve exited: {self.log.read_text(errors='replace')}")
            try:
                if _get_json(self.base + "/api/health")["status"] == "ok":
                    return
            except (OSError, ValueError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"sitrep serve did not answer on {self.base}: {self.log.read_text(errors='replace')}")

    def api(self, path: str) -> Any:
        return _get_json(self.base + path)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo page (as ``sitrep demo`` stores it: retrieved 2025-11-20 09:00 UTC) and our
    fixture page, ingested in one run (one model load)."""
    db = tmp_path_factory.mktemp("web-ui") / "ui.db"
    with resources.as_file(resources.files("sitrep").joinpath("data", "demo", "demo-page.txt")) as demo_page:
        done = subprocess.run([*_cli(), "ingest", str(demo_page), str(FIXTURE_PAGE), "--db", str(db),
                               "--retrieved", DEMO_RETRIEVED], capture_output=True, text=True, env=_environment(),
                              cwd=db.parent)
    assert done.returncode == 0, done.stderr + done.stdout
    return db


REMOTE_TOKEN = "web-ui-test-token"


@pytest.fixture(scope="module")
def servers(database: Path) -> Iterator[dict[str, Server]]:
    """Three servers over the same database, started together: the local one (its page carries
    the token), a --read-only one, and one bound to all interfaces with a token (as a remote
    server is: writable, but its page carries no token)."""
    started = {
        "local": Server(database),
        "readonly": Server(database, "--read-only"),
        "remote": Server(database, "--host", "0.0.0.0", "--token", REMOTE_TOKEN),
    }
    try:
        for running in started.values():
            running.wait_until_up()
        yield started
    finally:
        for running in started.values():
            running.stop()


@pytest.fixture(scope="module")
def server(servers: dict[str, Server]) -> Server:
    return servers["local"]


@pytest.fixture(scope="module")
def readonly_server(servers: dict[str, Server]) -> Server:
    return servers["readonly"]


@pytest.fixture(scope="module")
def remote_server(servers: dict[str, Server]) -> Server:
    return servers["remote"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of the test's page (the page fixture fills it)."""
    return []


@pytest.fixture
def page(browser: Browser, console_errors: list[str]) -> Iterator[Page]:
    """A fresh page (own storage); fails the test when the page logged a console error."""
    context = browser.new_context(viewport={"width": 1360, "height": 960})
    context.set_default_timeout(20_000)
    opened = context.new_page()
    errors = console_errors

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield opened
    context.close()
    assert errors == [], "the page logged errors:\n" + "\n".join(errors)


def remember_reviewer(page: Page) -> None:
    """Store the reviewer's name the way the UI does once asked, so no prompt appears."""
    page.add_init_script(f"localStorage.setItem('sitrep.who', {json.dumps(REVIEWER)})")


def shot(page: Page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def find_event(server: Server, **filters: str) -> dict[str, Any]:
    query = "&".join(f"{k}={quote(v)}" for k, v in filters.items())
    items = server.api(f"/api/events?include_rejected=true&{query}")["items"]
    assert items, f"no demo event with {filters}"
    return items[0]


def open_events(page: Page, server: Server, hash_: str = "#/events") -> None:
    page.goto(server.base + "/" + hash_)
    expect(page.locator(".events-table tbody tr[data-event]").first).to_be_visible()


def open_card(page: Page, event_id: str) -> None:
    page.locator(f'tr[data-event="{event_id}"] button.event-open').click()
    expect(page.locator("dialog.dialog--panel .details").first).to_be_visible()


def body_text(article: dict[str, Any], section: str, index: int | None) -> str:
    if section == "title":
        return article["title"]
    if section == "body":
        return article["body"]
    if section == "summary":
        return article["summary"][index or 0]
    if section == "caption":
        return article["captions"][index or 0]["text"]
    if section == "heading":
        return article["headings"][index or 0]
    return [item for box in article["factboxes"] for item in box["items"]][index or 0]


def squeeze(text: str) -> str:
    """Text without whitespace: a span cut at paragraph breaks loses only the blank lines."""
    return "".join(text.split())


# ---------------------------------------------------------------- tests


def test_events_page_shows_table_map_and_timeline(page: Page, server: Server) -> None:
    total = server.api("/api/events")["total"]
    open_events(page, server)
    expect(page.locator(".events-table tbody tr[data-event]")).to_have_count(total)
    expect(page.locator(".pager__status").first).to_contain_text(f"1–{total} of {total}")
    expect(page.locator(".sitrep-map__markers .sitrep-map__marker").first).to_be_visible()
    placed = server.api("/api/events/clusters?zoom=0")["total"]
    expect(page.locator(".map-status")).to_contain_text(f"{placed} events in this view")
    counted = 0
    for label in page.locator(".sitrep-map__markers .sitrep-map__marker").evaluate_all("nodes => nodes.map(n => n.getAttribute('aria-label'))"):
        cluster = re.match(r"([\d,]+) events near", label)
        counted += int(cluster.group(1).replace(",", "")) if cluster else 1
    assert counted == placed  # every placed event is on the map, alone or in a cluster
    expect(page.locator(".timeline .chart__bar[role=button]").first).to_be_attached()
    expect(page.locator("meta[name=sitrep-writable]")).to_have_attribute("content", "yes")
    # index.html asks for every module at once (modulepreload): none is missing from its list.
    preloaded = set(page.locator("link[rel=modulepreload]").evaluate_all("links => links.map((l) => new URL(l.href).pathname)"))
    loaded = set(page.evaluate("() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('.js'))"))
    assert loaded - {"/static/app.js"} == preloaded
    shot(page, "events-page")


def test_table_actor_links_use_the_events_actor_keys(page: Page, server: Server) -> None:
    events = server.api("/api/events")["items"]
    open_events(page, server)
    for event in events:
        row = page.locator(f'tr[data-event="{event["event_id"]}"]')
        expected = [f"#/actor/{event['actor_keys'][role]}" for role in ("actor1", "actor2") if event.get(role)]
        assert expected, f"demo event {event['event_id']} has no actor"
        hashes = row.locator("a.actor-link").evaluate_all("links => links.map((a) => decodeURIComponent(a.hash))")
        assert hashes == expected
    event = next(e for e in events if e.get("actor2"))
    key = event["actor_keys"]["actor2"]
    page.locator(f'tr[data-event="{event["event_id"]}"] a.actor-link', has_text=event["actor2"]).click()
    expect(page.locator(".actor__header .mono")).to_have_text(key)
    expect(page.locator("dialog[open]")).to_have_count(0)  # the link, not the row's card


def test_filters_live_in_the_hash_and_survive_a_reload(page: Page, server: Server) -> None:
    battles = server.api("/api/events?type=Battles")["total"]
    open_events(page, server)
    page.select_option("select[name=type]", "Battles")
    expect(page).to_have_url(re.compile(r"type=Battles"))
    expect(page.locator(".events-table tbody tr[data-event]")).to_have_count(battles)
    page.reload()
    expect(page.locator("select[name=type]")).to_have_value("Battles")
    expect(page.locator(".events-table tbody tr[data-event]")).to_have_count(battles)
    expect(page.locator(".pager__status").first).to_contain_text(f"of {battles}")


def test_timeline_bar_sets_the_date_filter_to_its_month(page: Page, server: Server) -> None:
    open_events(page, server)
    bar = page.locator('.timeline .chart__bar[data-start="2025-11"]')
    bar.click()
    expect(page).to_have_url(re.compile(r"date_from=2025-11-01"))
    expect(page).to_have_url(re.compile(r"date_to=2025-11-30"))
    in_month = server.api("/api/events?date_from=2025-11-01&date_to=2025-11-30")["total"]
    expect(page.locator(".events-table tbody tr[data-event]")).to_have_count(in_month)
    expect(page.locator("input[name=date_from]")).to_have_value("2025-11-01")


def test_correct_fatalities_reload_then_undo(page: Page, server: Server) -> None:
    event = find_event(server, sub_type="Air/drone strike")
    original = event["fatalities"]["best"]
    wanted = original + 2
    open_events(page, server)
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    card.locator("button.review-edit").click()
    card.locator("input[name=fatalities]").fill(str(wanted))
    card.locator("button[type=submit]", has_text="Save changes").click()
    # First write: the UI asks who is reviewing, once.
    prompt = page.locator("dialog.dialog--small")
    expect(prompt.locator("h2")).to_have_text("Who is reviewing?")
    prompt.locator("input[name=answer]").fill(REVIEWER)
    prompt.locator("button[type=submit]").click()
    expect(card.locator(".history__item")).to_have_count(1)
    expect(card.locator(".fatalities")).to_contain_text(str(wanted))
    shot(page, "event-card", full_page=False)  # the card is a fixed side panel over the page

    page.reload()
    expect(page.locator(".events-table tbody tr[data-event]").first).to_be_visible()
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    expect(card.locator(".fatalities")).to_contain_text(str(wanted))
    item = card.locator(".history__item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("fatalities")
    expect(item.locator(".history__before")).to_have_text(str(original))
    expect(item.locator(".history__after")).to_have_text(str(wanted))
    expect(item).to_contain_text(f"by {REVIEWER}")
    expect(card.locator(".badge")).to_contain_text("Corrected")

    item.get_by_role("button", name="Undo").click()
    expect(card.locator(".history__item.is-undone")).to_have_count(1)
    expect(card.locator(".fatalities")).to_contain_text(str(original))
    assert server.api(f"/api/events/{event['event_id']}")["fatalities"]["best"] == original


def test_edit_form_offers_the_servers_taxonomy(page: Page, server: Server) -> None:
    taxonomy = server.api("/api/taxonomy")
    types = [t["name"] for t in taxonomy["event_types"]]
    assert len(types) == 6  # ACLED's six event types
    event = find_event(server, sub_type="Air/drone strike")
    open_events(page, server)
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    card.locator("button.review-edit").click()
    options = card.locator("select[name=event_type] option").evaluate_all("nodes => nodes.map((o) => o.value)")
    assert options == ["", *types]
    expect(card.locator("select[name=event_type]")).to_have_value(event["event_type"])
    expect(card.locator("select[name=sub_event_type]")).to_have_value(event["sub_event_type"])
    card.locator("select[name=event_type]").select_option("Protests")
    subs = card.locator("select[name=sub_event_type] option").evaluate_all("nodes => nodes.map((o) => o.value)")
    protests = next(t["sub_event_types"] for t in taxonomy["event_types"] if t["name"] == "Protests")
    assert subs == ["", *protests]
    # The filter bar takes the same lists.
    filter_types = page.locator("select[name=type] option").evaluate_all("nodes => nodes.map((o) => o.value)")
    assert filter_types == ["", *types]
    certainties = page.locator("select[name=certainty] option").evaluate_all("nodes => nodes.map((o) => o.value)")
    assert certainties == ["", *taxonomy["certainty"]]


def test_a_failed_taxonomy_is_said_and_events_still_show(page: Page, server: Server, console_errors: list[str]) -> None:
    page.route("**/api/taxonomy", lambda route: route.fulfill(
        status=503, content_type="application/problem+json", body=json.dumps({"title": "Unavailable", "detail": "taxonomy is down"})))
    event = find_event(server, sub_type="Air/drone strike")
    open_events(page, server)
    expect(page.locator("#app-problem [role=alert]")).to_contain_text("event types could not be loaded from /api/taxonomy: taxonomy is down")
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    card.locator("button.review-edit").click()
    expect(card.locator(".edit-form .error")).to_contain_text("Only the event's current type is offered")
    # The lists come from the server only; the event keeps its own type, so saving another
    # field cannot blank it.
    options = card.locator("select[name=event_type] option").evaluate_all("nodes => nodes.map((o) => o.value)")
    assert options == ["", event["event_type"]]
    expect(card.locator("select[name=event_type]")).to_have_value(event["event_type"])
    expect(card.locator("select[name=sub_event_type]")).to_have_value(event["sub_event_type"])
    console_errors[:] = [e for e in console_errors if "status of 503" not in e]


def test_reject_marks_the_event(page: Page, server: Server) -> None:
    event = find_event(server, sub_type="Violent demonstration")
    remember_reviewer(page)
    open_events(page, server)
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    card.locator("button.review-reject").click()
    expect(card.locator(".event-card__state .badge")).to_contain_text("Rejected")
    expect(card.locator("button.review-reject")).to_be_disabled()
    expect(card.locator(".history__item")).to_contain_text("rejected")
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    # Rejected events leave the default list; the review filter shows them, marked.
    expect(page.locator(f'tr[data-event="{event["event_id"]}"]')).to_have_count(0)
    page.select_option("select[name=review]", "rejected")
    row = page.locator(f'tr[data-event="{event["event_id"]}"]')
    expect(row).to_have_class("is-rejected")
    expect(row.locator(".badge")).to_have_text("✕ Rejected")
    assert server.api(f"/api/events/{event['event_id']}")["review_status"] == "rejected"


def test_reader_highlights_are_the_annotated_text(page: Page, server: Server) -> None:
    article_id = next(a["id"] for a in server.api("/api/articles")["items"] if "Basra" in a["title"])
    article = server.api(f"/api/articles/{article_id}")
    page.goto(f"{server.base}/#/article/{article_id}")
    expect(page.locator("h1.reader__title")).to_have_text(article["title"])
    pieces = page.evaluate("""() => {
        const joined = {};
        for (const mark of document.querySelectorAll('.reader__article mark.hl[data-span], .reader__aside mark.hl[data-span]')) {
            const uid = mark.dataset.span;
            joined[uid] = joined[uid] || {kind: mark.dataset.kind, text: ''};
            // Only this mark's own text pieces in order: nested marks belong to their own spans,
            // but their text is part of this span too, so textContent is right here.
            joined[uid].text += mark.textContent;
        }
        return joined;
    }""")
    expected: dict[str, tuple[str, str]] = {}
    for entity in article["entities"]:
        for i, mention in enumerate(entity["mentions"]):
            expected[f"m-{entity['id']}-{i}"] = ("entity", mention["text"])
    for i, quote_ in enumerate(article["quotes"]):
        expected[f"q-{i}"] = ("quote", quote_["text"])
    for event in article["events"]:
        for i, span in enumerate(event["evidence"]):
            expected[f"e-{event['event_id']}-{i}"] = ("event", span["text"])
    assert set(pieces) == set(expected)
    for uid, (kind, text) in expected.items():
        assert pieces[uid]["kind"] == kind
        assert squeeze(pieces[uid]["text"]) == squeeze(text), uid
    # The offsets, counted in code points of each section's text, give the same text.
    for entity in article["entities"]:
        for mention in entity["mentions"]:
            source = body_text(article, mention["section"], mention["index"])
            assert source[mention["start"]:mention["end"]] == mention["text"]
    shot(page, "article-reader")

    # Entity card: canonical name, type, knowledge-base id, aliases.
    linked = next(e for e in article["entities"] if e["kb_id"] and any(m["section"] == "body" for m in e["mentions"]))
    page.locator(f'.reader__body mark[data-entity="{linked["id"]}"]').first.click()
    dialog = page.locator("dialog.dialog--small")
    expect(dialog.locator("h2")).to_have_text(linked["name"])
    expect(dialog).to_contain_text(linked["type"])
    expect(dialog).to_contain_text(linked["kb_id"])
    for alias in linked["aliases"]:
        expect(dialog).to_contain_text(alias)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # Quote card: speaker and title; keyboard: Enter on a focused highlight.
    quoted = next(q for q in article["quotes"] if q["speaker_title"])
    index = article["quotes"].index(quoted)
    page.locator(f'mark[data-span="q-{index}"]').first.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_contain_text(quoted["speaker"])
    expect(dialog).to_contain_text(quoted["speaker_title"])
    page.keyboard.press("Escape")
    expect(page.locator(f'mark[data-span="q-{index}"]').first).to_be_focused()

    # Event evidence opens the event card.
    event = article["events"][0]
    page.locator(f'.reader mark[data-event="{event["event_id"]}"]').first.click()
    expect(page.locator("dialog.dialog--panel h2")).to_contain_text(event["event_type"])
    page.keyboard.press("Escape")

    # Highlight kinds can be switched off.
    page.get_by_label("Entities", exact=False).first.uncheck()
    expect(page.locator(".reader__article mark.hl--entity")).to_have_count(0)
    expect(page.locator(".reader__article mark.hl--quote").first).to_be_visible()


def test_evidence_link_scrolls_to_the_highlighted_sentence(page: Page, server: Server) -> None:
    event = find_event(server, sub_type="Arrests")
    last = len(event["evidence"]) - 1
    page.goto(f"{server.base}/#/article/{event['article_id']}?event={event['event_id']}&evidence={last}")
    target = page.locator(f'mark[data-event="{event["event_id"]}"][data-evidence="{last}"]').first
    expect(target).to_be_focused()
    expect(target).to_have_class("hl hl--event is-target")
    expect(target).to_be_in_viewport()


def test_script_in_article_text_is_shown_as_text(page: Page, server: Server) -> None:
    article_id = next(a["id"] for a in server.api("/api/articles")["items"] if "Kassala" in a["title"])
    page.goto(f"{server.base}/#/article/{article_id}")
    body = page.locator(".reader__body")
    expect(body).to_contain_text("<script>window.sitrepInjected = true</script>")
    assert page.evaluate("() => window.sitrepInjected") is None
    assert page.locator(".reader script, .reader img, .reader iframe").count() == 0
    shot(page, "article-with-script-text")


def test_keyboard_reaches_a_row_and_enter_opens_its_card(page: Page, server: Server) -> None:
    open_events(page, server)
    first = page.locator(".events-table button.event-open").first
    page.locator("body").focus()
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('event-open')"):
            break
    else:
        pytest.fail("Tab never reached an event row's button")
    focused_id = page.evaluate("() => document.activeElement.closest('tr').dataset.event")
    assert focused_id == first.evaluate("b => b.closest('tr').dataset.event")
    page.keyboard.press("Enter")
    card = page.locator("dialog.dialog--panel")
    expect(card.locator(".details").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(first).to_be_focused()


def test_skip_link_moves_focus_to_the_main_content(page: Page, server: Server) -> None:
    open_events(page, server)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page.locator(".events-table")).to_be_visible()  # still the events view, not a route "#main"


def test_actor_page_shows_aliases_graph_and_events(page: Page, server: Server) -> None:
    actor = server.api("/api/actors/sitrep:houthis")
    page.goto(f"{server.base}/#/actor/{quote(actor['key'], safe='')}")
    expect(page.locator("h1")).to_have_text(actor["name"])
    aliases = page.locator("#article-aliases li")
    expect(aliases).to_have_count(len(actor["aliases"]))
    for alias in actor["aliases"]:
        expect(page.locator("#article-aliases")).to_contain_text(alias)
    graph = page.locator("svg.graph__svg")
    expect(graph).to_be_visible()
    relation = actor["relations"][0]
    expect(graph.locator(".graph__node text", has_text=relation["object"])).to_have_count(1)
    expect(graph.locator(".graph__edge-label text", has_text=relation["predicate"].replace("_", " ")).first).to_be_visible()
    expect(graph.locator("line.graph__edge")).to_have_count(len(page.locator(".graph__list li").all()))
    expect(page.locator(".events-table tbody tr[data-event]")).to_have_count(actor["events"])
    expect(page.locator("#actor-time ~ .chart .chart__bar")).to_have_count(len(actor["by_month"]))
    # Knowledge-base relations by name, linked to the actor page of the entity they name.
    kb_relations = actor["knowledge_base"]["relations"]
    assert kb_relations and all(r["object_id"] for r in kb_relations)
    for relation in kb_relations:
        item = page.locator(".graph__list li", has_text=relation["object"])
        expect(item).to_contain_text(relation["predicate"].replace("_", " "))
        assert item.locator("a.graph__entity").evaluate("a => decodeURIComponent(a.hash)") == f"#/actor/{relation['object_id']}"
        expect(graph.locator("a.graph__link .graph__node text", has_text=relation["object"])).to_have_count(1)
    shot(page, "actor-page")


def test_knowledge_base_parent_is_shown_by_name(page: Page, server: Server) -> None:
    # No demo entity has a parent: the real answer gets one of each kind (known id, name only).
    def with_parent(parent: dict[str, Any]) -> Any:
        def handle(route: Any) -> None:
            answer = route.fetch()
            data = answer.json()
            data["knowledge_base"]["parent"] = parent
            route.fulfill(response=answer, json=data)
        return handle

    page.route("**/api/actors/sitrep%3Ahouthis", with_parent({"id": "sitrep:quds_force", "name": "Quds Force"}))
    page.goto(f"{server.base}/#/actor/sitrep%3Ahouthis")
    part_of = page.locator(".details dt", has_text="Part of").locator("xpath=following-sibling::dd[1]")
    expect(part_of).to_have_text("Quds Force")
    assert part_of.locator("a").evaluate("a => decodeURIComponent(a.hash)") == "#/actor/sitrep:quds_force"
    page.unroute("**/api/actors/sitrep%3Ahouthis")
    page.route("**/api/actors/sitrep%3Ahouthis", with_parent({"id": None, "name": "Some Alliance"}))
    page.reload()
    expect(part_of).to_have_text("Some Alliance")
    expect(part_of.locator("a")).to_have_count(0)


def test_actor_merge_and_undo(page: Page, server: Server) -> None:
    actors = server.api("/api/actors")["items"]
    into, source = actors[0], actors[1]
    remember_reviewer(page)
    page.goto(f"{server.base}/#/actor/{quote(into['key'], safe='')}")
    expect(page.locator("h1")).to_have_text(into["name"])
    page.get_by_label("Find another actor to merge with").fill(source["name"])
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name=f"Merge {source['name']} into {into['name']}").click()
    page.locator("dialog.dialog--small").get_by_role("button", name="Merge", exact=True).click()
    merged = page.locator(".merges li", has_text=source["key"])
    expect(merged).to_have_count(1)
    expect(page.locator(".names")).to_contain_text(source["name"])
    assert server.api(f"/api/actors?q={quote(source['name'])}")["items"][0]["key"] == into["key"]
    merged.get_by_role("button", name=f"Undo merge {source['key']}").click()
    expect(page.locator(".merges li.is-undone")).to_have_count(1)
    expect(page.locator(".names")).not_to_contain_text(source["name"])
    assert server.api(f"/api/actors/{quote(source['key'], safe='')}")["key"] == source["key"]


def page_token(page: Page, server: Server) -> str:
    """The write token a localhost server puts in its page."""
    page.goto(server.base + "/#/articles")
    token = page.locator("meta[name=sitrep-token]").get_attribute("content")
    assert token
    return token


def test_split_button_is_absent_on_a_one_name_actor(page: Page, server: Server) -> None:
    actor = server.api("/api/actors/sitrep:houthis")
    assert len(actor["names"]) == 1  # the server refuses to split off an actor's only name
    page.goto(f"{server.base}/#/actor/sitrep%3Ahouthis")
    expect(page.locator(".names li")).to_have_count(1)
    expect(page.get_by_label("Find another actor to merge with")).to_be_visible()  # a writable page
    expect(page.get_by_role("button", name=SPLIT_BUTTON)).to_have_count(0)


def test_actor_split_and_undo(page: Page, server: Server) -> None:
    # Two actors merged (through the API) give one actor with two names; one is split off again.
    actors = server.api("/api/actors")["items"]
    into, source = actors[0], actors[1]
    name = source["names"][0]
    source_names = server.api(f"/api/actors/{quote(source['key'], safe='')}")["names"]
    into_names = server.api(f"/api/actors/{quote(into['key'], safe='')}")["names"]
    remember_reviewer(page)
    token = page_token(page, server)
    status, merged = _post(f"{server.base}/api/actors/merge", {"source": source["key"], "into": into["key"], "who": REVIEWER}, token)
    assert status == 200, merged
    try:
        page.goto(f"{server.base}/#/actor/{quote(into['key'], safe='')}")
        expect(page.locator(".names")).to_contain_text(name)
        expect(page.get_by_role("button", name=SPLIT_BUTTON)).to_have_count(len(into["names"]) + len(source["names"]))
        with page.expect_response(lambda answer: answer.url.endswith("/api/actors/split")) as answered:
            page.get_by_role("button", name=f"Split the name {name} off into an actor of its own").click()
            page.locator("dialog.dialog--small").get_by_role("button", name="Split", exact=True).click()
        new_key = answered.value.json()["actor"]
        notice = page.locator(".split-notice")
        expect(notice).to_contain_text(f"“{name}” is now an actor of its own")
        # The link goes to the key the server answered (the UI keeps no copy of its key rule).
        assert notice.locator("a.split-new-actor").evaluate("a => decodeURIComponent(a.hash)") == f"#/actor/{new_key}"
        expect(page.locator(".names")).not_to_contain_text(name)
        # This actor's merge list shows the split of a name it was given by the merge.
        expect(page.locator(".merges li", has_text=f"Split off “{new_key}”")).to_have_count(1)
        notice.locator("a.split-new-actor").click()
        expect(page.locator(".actor__header .mono")).to_have_text(new_key)
        expect(page.locator(".names")).to_contain_text(name)
        expect(page.get_by_role("button", name=SPLIT_BUTTON)).to_have_count(0)  # its only name
        split = page.locator(".merges li", has_text=f"Split off “{new_key}”")
        split.get_by_role("button", name=f"Undo split {new_key}").click()
        # The name goes back to the actor it was merged into; the page follows it there.
        expect(page.locator(".actor__header .mono")).to_have_text(into["key"])
        expect(page.locator(".names")).to_contain_text(name)
    finally:
        status, undone = _post(f"{server.base}/api/corrections/{merged['correction_id']}/undo", {}, token)
        assert status == 200, undone
    assert server.api(f"/api/actors/{quote(source['key'], safe='')}")["names"] == source_names
    assert server.api(f"/api/actors/{quote(into['key'], safe='')}")["names"] == into_names


def test_card_links_lead_to_the_actor_and_the_article(page: Page, server: Server) -> None:
    event = find_event(server, sub_type="Air/drone strike")
    key = event["actor_keys"]["actor1"]
    open_events(page, server)
    open_card(page, event["event_id"])
    anchor = page.locator("dialog.dialog--panel dd a", has_text=event["actor1"])
    # Straight to the actor's key as the event carries it, no look-up by name.
    assert anchor.evaluate("a => decodeURIComponent(a.hash)") == f"#/actor/{key}"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    anchor.click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(page.locator("h1")).to_have_text(server.api(f"/api/actors/{quote(key, safe='')}")["name"])
    expect(page.locator(".actor__header .mono")).to_have_text(key)
    assert not any("/api/actors?" in url for url in requests), requests
    page.go_back()
    expect(page.locator(".events-table")).to_be_visible()
    open_card(page, event["event_id"])
    page.locator("dialog.dialog--panel .evidence a").first.click()
    expect(page.locator("h1.reader__title")).to_have_text(event["article"]["title"])
    expect(page.locator(f'mark[data-event="{event["event_id"]}"]').first).to_be_focused()


def test_overlapping_spans_nest_and_keep_the_text(page: Page, server: Server) -> None:
    page.goto(server.base + "/#/articles")
    result = page.evaluate(r"""async () => {
        const { appendHighlighted, codePoints } = await import('/static/ui/highlight.js');
        const text = '\u{1F600} Mosul <b>x</b> strike';  // an emoji is one code point, two UTF-16 units
        const spans = [
            { start: 2, end: 9, kind: 'a', uid: 'A' },   // 'Mosul <'
            { start: 8, end: 12, kind: 'b', uid: 'B' },  // '<b>x' crosses the end of A
            { start: 2, end: 7, kind: 'c', uid: 'C' },   // 'Mosul' inside A
        ];
        const root = document.createElement('p');
        appendHighlighted(root, codePoints(text), spans, (span) => {
            const mark = document.createElement('mark');
            mark.dataset.span = span.uid;
            return mark;
        });
        const pieces = {};
        for (const mark of root.querySelectorAll('mark')) pieces[mark.dataset.span] = (pieces[mark.dataset.span] || '') + mark.textContent;
        const nesting = [...root.querySelectorAll('mark')].map((m) => `${m.parentElement.dataset.span || 'root'}>${m.dataset.span}`);
        return { text: root.textContent, pieces, nesting, tags: root.querySelectorAll('b').length };
    }""")
    assert result["text"] == "\U0001F600 Mosul <b>x</b> strike"
    assert result["pieces"] == {"A": "Mosul <", "B": "<b>x", "C": "Mosul"}
    assert result["nesting"] == ["root>A", "A>C", "A>B", "root>B"]
    assert result["tags"] == 0


def test_read_only_server_has_no_review_controls(page: Page, readonly_server: Server, server: Server) -> None:
    event = find_event(readonly_server, sub_type="Armed clash")
    open_events(page, readonly_server)
    expect(page.locator("meta[name=sitrep-writable]")).to_have_attribute("content", "no")
    expect(page.locator(".readonly-badge")).to_contain_text("Read-only server")
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    expect(card.locator(".readonly-note")).to_contain_text("Read-only server")
    for selector in ("button.review-confirm", "button.review-reject", "button.review-edit", ".history button"):
        expect(card.locator(selector)).to_have_count(0)
    page.keyboard.press("Escape")
    page.goto(f"{readonly_server.base}/#/actor/sitrep%3Ahouthis")
    expect(page.locator(".readonly-note")).to_contain_text("Read-only server")
    expect(page.get_by_role("button", name="Split", exact=False)).to_have_count(0)
    # The API refuses writes, even with the other server's valid token.
    page.goto(server.base + "/")
    token = page.locator("meta[name=sitrep-token]").get_attribute("content")
    assert token
    status, problem = _post(f"{readonly_server.base}/api/events/{event['event_id']}/reject", {"who": REVIEWER}, token)
    assert status == 403
    assert "read-only" in problem["detail"]
    assert readonly_server.api(f"/api/events/{event['event_id']}")["review_status"] != "rejected"


def test_api_errors_show_their_detail(page: Page, server: Server, console_errors: list[str]) -> None:
    page.goto(f"{server.base}/#/events?actor=nobody-by-this-name")
    expect(page.locator(".error[role=alert]").first).to_contain_text("no actor 'nobody-by-this-name'")
    expect(page.locator(".map-status")).to_contain_text("no actor 'nobody-by-this-name'")
    expect(page.locator(".timeline")).to_contain_text("no actor 'nobody-by-this-name'")
    # The browser itself logs each refused request; those are the expected ones here.
    console_errors[:] = [e for e in console_errors if "status of 404" not in e]


def test_remote_server_asks_for_the_token(page: Page, remote_server: Server, console_errors: list[str]) -> None:
    event = find_event(remote_server, sub_type="Armed clash")
    remember_reviewer(page)
    open_events(page, remote_server)
    expect(page.locator("meta[name=sitrep-writable]")).to_have_attribute("content", "yes")
    expect(page.locator("meta[name=sitrep-token]")).to_have_attribute("content", "")
    expect(page.get_by_label("Token")).to_be_visible()
    open_card(page, event["event_id"])
    card = page.locator("dialog.dialog--panel")
    card.locator("button.review-confirm").click()
    prompt = page.locator("dialog.dialog--small")
    expect(prompt.locator("h2")).to_have_text("Write token")
    prompt.locator("input[name=answer]").fill("not-the-token")
    prompt.locator("button[type=submit]").click()
    expect(card.locator(".error[role=alert]")).to_contain_text("Authorization: Bearer")
    card.locator("button.review-confirm").click()  # the wrong token was forgotten: asked again
    prompt.locator("input[name=answer]").fill(REMOTE_TOKEN)
    prompt.locator("button[type=submit]").click()
    expect(card.locator(".event-card__state .badge")).to_contain_text("Confirmed")
    assert page.evaluate("() => sessionStorage.getItem('sitrep.token')") == REMOTE_TOKEN
    item = card.locator(".history__item").first
    item.get_by_role("button", name="Undo").click()
    expect(card.locator(".event-card__state .badge")).not_to_contain_text("Confirmed")
    console_errors[:] = [e for e in console_errors if "status of 401" not in e]
