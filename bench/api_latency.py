"""API latency: start ``sitrep serve`` as a user would, then time its read endpoints.

    python bench/api_latency.py --db /tmp/x.db [--build 100000] [--requests 200] [--json out.json]

``measure(db_url)`` starts the server as a child process on a free loopback port, waits for
``GET /api/health``, learns filter values really present in the database (``/api/facets``,
``/api/actors``, a sample of ``/api/events``), warms every endpoint up, then sends
``requests_per_endpoint`` sequential requests per endpoint over one keep-alive connection with
varied, realistic query parameters. It reports p50/p95/p99/max in milliseconds per endpoint,
the same for ``GET /api/health`` (the in-process baseline) and each endpoint's p95 as a ratio
to health's, and a transport floor: an unknown path answered 404 (no database work). An
endpoint answering non-200 is reported with its status and the problem
document's title/detail, never a crash. Only 127.0.0.1 is ever contacted; every loop is bounded.
"""
from __future__ import annotations

import argparse
import json
import random
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))  # synth_events, beside this file

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 180.0  # a cold start imports FastAPI and opens (and may migrate) the store
STOP_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 60.0
WARMUP_REQUESTS = 5  # per endpoint, untimed in the statistics
GIVE_UP_AFTER = 10  # an endpoint whose first requests all fail is not hammered further
FLOOR_PATH = "/api/no-such-path-bench-floor"
LIST_TARGET_P95_MS = 100.0  # the target for list endpoints on 100,000 events
# Endpoints that page through records; the latency target is stated for these.
LIST_ENDPOINTS = ("events", "articles", "actors", "quotes", "claims", "search", "changes")
ENDPOINT_PATHS = {
    "events": "/api/events", "clusters": "/api/events/clusters", "timeline": "/api/events/timeline",
    "articles": "/api/articles", "actors": "/api/actors", "quotes": "/api/quotes", "claims": "/api/claims",
    "search": "/api/search", "changes": "/api/changes", "facets": "/api/facets",
}
_GENERIC_WORDS = ("clashes", "killed", "drone", "strike", "protesters", "ceasefire", "shelling", "abducted",
                  "curfew", "civilians", "army", "militia", "wounded", "displaced", "police")


class ServerDidNotStart(RuntimeError):
    """The server exited, or never answered /api/health with 200, within the startup timeout."""


class ServerDied(RuntimeError):
    """The server exited while being measured."""


@dataclass
class Vocabulary:
    """Filter values really present in the database, learnt before timing starts."""

    event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    certainty: list[str] = field(default_factory=list)
    actor_keys: list[str] = field(default_factory=list)
    actor_words: list[str] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)
    points_by_country: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    date_min: date = date(2019, 1, 1)
    date_max: date = date(2026, 11, 30)
    sources: list[str] = field(default_factory=list)  # where the values came from


def free_port() -> int:
    """A port the kernel just had free on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def serve_command(db_url: str, port: int) -> list[str]:
    """``sitrep serve`` as a user runs it: the venv's console script, else ``python -m sitrep.cli``."""
    script = Path(sys.executable).with_name("sitrep")
    prefix = [str(script)] if script.is_file() else [sys.executable, "-m", "sitrep.cli"]
    return [*prefix, "serve", "--db", db_url, "--host", HOST, "--port", str(port)]


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set (VmHWM) while it still runs; None off Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _tail(path: Path, lines: int = 15) -> str:
    """The server log's last lines, without the line that prints its write token (reports are shared)."""
    try:
        text = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "\n".join("[a line about the write token, left out]" if "token" in line.lower() else line for line in text)


def _wait_healthy(proc: subprocess.Popen, base_url: str, log: Path, timeout_s: float) -> float:
    """Seconds until GET /api/health answered 200; raises ServerDidNotStart otherwise."""
    start = time.perf_counter()
    last = "no answer"
    while time.perf_counter() - start < timeout_s:
        if proc.poll() is not None:
            raise ServerDidNotStart(f"server exited with status {proc.returncode}:\n{_tail(log)}")
        try:
            answer = httpx.get(f"{base_url}/api/health", timeout=2.0)
            if answer.status_code == 200:
                return time.perf_counter() - start
            last = f"HTTP {answer.status_code}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.2)
    raise ServerDidNotStart(f"no 200 from /api/health within {timeout_s:.0f} s (last: {last}):\n{_tail(log)}")


def stop(proc: subprocess.Popen) -> None:
    """Terminate, then kill if it has not gone within the timeout."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def running_server(command: list[str], base_url: str, timeout_s: float = STARTUP_TIMEOUT_S
                   ) -> Iterator[tuple[subprocess.Popen, float, Path]]:
    """The server process, healthy, its startup seconds and its log; always stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:  # a file, not a pipe: a chatty server can never block on it
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            yield proc, _wait_healthy(proc, base_url, log, timeout_s), log
        finally:
            stop(proc)


def percentile(sorted_ms: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of an ascending list."""
    if not sorted_ms:
        raise ValueError("no values")
    rank = (len(sorted_ms) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(sorted_ms) - 1)
    return sorted_ms[low] + (sorted_ms[high] - sorted_ms[low]) * (rank - low)


def summarize(latencies_ms: list[float]) -> dict[str, float]:
    ordered = sorted(latencies_ms)
    return {"p50_ms": round(percentile(ordered, 50), 2), "p95_ms": round(percentile(ordered, 95), 2),
            "p99_ms": round(percentile(ordered, 99), 2), "max_ms": round(ordered[-1], 2),
            "mean_ms": round(sum(ordered) / len(ordered), 2)}


def _problem(answer: httpx.Response) -> dict[str, Any]:
    """Status and, from an RFC 9457 body, title and detail (the raw start of any other body)."""
    out: dict[str, Any] = {"status": answer.status_code}
    try:
        body = answer.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and ("title" in body or "detail" in body):
        out.update(title=body.get("title"), detail=body.get("detail"))
    else:
        out["body"] = answer.text[:200]
    return out


def _get_json(client: httpx.Client, path: str, params: dict[str, Any] | None = None) -> Any:
    """GET outside the timed loops: the JSON of a 200, else None (also when the request failed)."""
    try:
        return _json(client.get(path, params=params))
    except httpx.HTTPError:
        return None


def _json(answer: httpx.Response) -> Any:
    """The answer's JSON when it is a 200 with a JSON body, else None."""
    if answer.status_code != 200:
        return None
    try:
        return answer.json()
    except ValueError:
        return None


def _item_count(body: Any) -> int | None:
    """How many records an answer carried, whatever its shape."""
    if not isinstance(body, dict):
        return None
    for key in ("items", "events", "clusters", "buckets"):
        if isinstance(body.get(key), list):
            return len(body[key])
    return None


# ---------------------------------------------------------------- learning real filter values


def _values(entries: Any) -> list[str]:
    """Facet entries ([{"value": ...}, ...] or plain strings) → values."""
    out = []
    for entry in entries or ():
        value = entry.get("value") if isinstance(entry, dict) else entry
        if isinstance(value, str) and value:
            out.append(value)
    return out


def _iso_day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def learn_vocabulary(client: httpx.Client) -> Vocabulary:
    """Filter values from the server itself, untimed; falls back to the synthetic cast."""
    vocab = Vocabulary()
    body = _get_json(client, "/api/facets")
    if isinstance(body, dict):
        vocab.event_types = _values(body.get("event_types"))
        vocab.countries = _values(body.get("countries"))
        vocab.certainty = _values(body.get("certainty"))
        vocab.words += [c["name"] for c in body.get("countries") or () if isinstance(c, dict) and c.get("name")]
        vocab.date_min = _iso_day(body.get("date_min")) or vocab.date_min
        vocab.date_max = _iso_day(body.get("date_max")) or vocab.date_max
        vocab.sources.append("facets")
    actors = _get_json(client, "/api/actors", {"limit": 200})
    if isinstance(actors, dict):
        items = actors.get("items") or []
        vocab.actor_keys = [i["key"] for i in items if isinstance(i, dict) and i.get("key")]
        names = [i.get("name") or "" for i in items if isinstance(i, dict)]
        vocab.actor_words = sorted({w.strip("()") for n in names for w in n.split() if len(w.strip("()")) >= 4})
        vocab.sources.append("actors")
    sample = _get_json(client, "/api/events", {"limit": 200})
    if isinstance(sample, dict):
        for item in sample.get("items") or []:
            location = item.get("location") if isinstance(item, dict) else None
            if isinstance(location, dict) and location.get("lat") is not None and location.get("lon") is not None:
                point = (float(location["lon"]), float(location["lat"]))
                vocab.points.append(point)
                if location.get("country_code"):
                    vocab.points_by_country.setdefault(str(location["country_code"]), []).append(point)
                if location.get("name"):
                    vocab.words.append(str(location["name"]))
        vocab.sources.append("events sample")
    _fill_from_synthetic_cast(vocab)
    vocab.words = sorted(set(vocab.words)) + list(_GENERIC_WORDS)
    return vocab


def _fill_from_synthetic_cast(vocab: Vocabulary) -> None:
    """Where the server could not tell (an endpoint not there yet), use what synth_events writes."""
    if vocab.event_types and vocab.countries and vocab.points and vocab.actor_keys:
        return
    from synth_events import COUNTRIES, TAXONOMY, make_world

    world = make_world(7)
    vocab.event_types = vocab.event_types or list(TAXONOMY)
    vocab.countries = vocab.countries or [code for code, *_ in COUNTRIES]
    vocab.certainty = vocab.certainty or ["reported", "claimed", "alleged", "uncertain", "denied", "confirmed"]
    vocab.actor_keys = vocab.actor_keys or world.actor_names
    vocab.actor_words = vocab.actor_words or ["Military", "Police", "Civilians", "Protesters", "Front", "Militia"]
    vocab.points = vocab.points or [(p.lon, p.lat) for c in world.countries for p in c.places]
    vocab.words += [p.name for c in world.countries for p in c.places[:3]]
    vocab.sources.append("synthetic cast (fallback)")


# ---------------------------------------------------------------- query parameters per endpoint


def _bbox_around(rng: random.Random, vocab: Vocabulary, zoom: int, country: str | None = None) -> str:
    """A map viewport about three tiles wide at ``zoom``, centred near a real event (of
    ``country`` when one is known: a user zooms into the country they filtered on)."""
    lon, lat = rng.choice(vocab.points_by_country.get(country or "") or vocab.points)
    width = min(360.0, 3 * 360.0 / 2 ** zoom)
    height = min(170.0, width / 2)
    lon += rng.uniform(-width / 4, width / 4)
    lat += rng.uniform(-height / 4, height / 4)
    box = (max(-180.0, lon - width / 2), max(-85.0, lat - height / 2),
           min(180.0, lon + width / 2), min(85.0, lat + height / 2))
    return ",".join(f"{v:.4f}" for v in box)


def _date_window(rng: random.Random, vocab: Vocabulary) -> tuple[str, str]:
    span = max(1, (vocab.date_max - vocab.date_min).days)
    first = vocab.date_min + timedelta(days=rng.randint(0, span))
    last = min(vocab.date_max, first + timedelta(days=rng.choice((7, 31, 92, 365, 730))))
    return first.isoformat(), last.isoformat()


def _event_filters(rng: random.Random, vocab: Vocabulary, share: float = 1.0) -> dict[str, Any]:
    """A random mix of the filters a user of the map/list would set (each present or not)."""
    params: dict[str, Any] = {}
    if rng.random() < 0.4 * share:
        params["type"] = rng.choice(vocab.event_types)
    if rng.random() < 0.5 * share:
        params["country"] = rng.choice(vocab.countries)
    if rng.random() < 0.2 * share:
        params["actor"] = rng.choice(vocab.actor_keys)
    if rng.random() < 0.4 * share:
        params["date_from"], params["date_to"] = _date_window(rng, vocab)
    if rng.random() < 0.15 * share:
        params["certainty"] = rng.choice(vocab.certainty)
    if rng.random() < 0.25 * share:
        params["bbox"] = _bbox_around(rng, vocab, rng.randint(3, 8), params.get("country"))
    return params


def _events_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    params = {"limit": 50, "offset": 50 * rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 10, 20)), **_event_filters(rng, vocab)}
    if rng.random() < 0.8:
        params["sort"] = rng.choice(("-date", "-date", "-date", "date", "-fatalities"))
    return params


def _clusters_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    zoom = rng.randint(2, 10)
    filters = _event_filters(rng, vocab, share=0.5)
    return {"zoom": zoom, "bbox": _bbox_around(rng, vocab, zoom, filters.get("country")), **filters}


def _timeline_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    return {"interval": "month", **_event_filters(rng, vocab, share=0.5)}


def _articles_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    return {"limit": 50, "offset": 50 * rng.choice((0, 0, 1, 2, 5, 10, 40))}


def _actors_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 50, "offset": 50 * rng.choice((0, 0, 0, 1, 2))}
    if rng.random() < 0.6 and vocab.actor_words:
        word = rng.choice(vocab.actor_words)
        params["q"] = word[: rng.randint(4, len(word))]  # people type prefixes
    return params


def _quotes_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 50, "offset": 50 * rng.choice((0, 0, 1, 2, 5))}
    if rng.random() < 0.4:
        params["q"] = rng.choice(vocab.words)
    return params


def _claims_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    return _quotes_params(rng, vocab)


def _search_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    words = rng.sample(vocab.words, 2) if rng.random() < 0.25 else [rng.choice(vocab.words)]
    return {"q": " ".join(words)}


def _changes_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    ago = timedelta(minutes=rng.choice((1, 5, 30, 120, 1440, 10080)))
    since = (datetime.now(timezone.utc) - ago).isoformat(timespec="seconds")
    return {"since": since, "limit": 500}


def _no_params(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    return {}


PARAMS: dict[str, Callable[[random.Random, Vocabulary], dict[str, Any]]] = {
    "events": _events_params, "clusters": _clusters_params, "timeline": _timeline_params,
    "articles": _articles_params, "actors": _actors_params, "quotes": _quotes_params, "claims": _claims_params,
    "search": _search_params,
    "changes": _changes_params, "facets": _no_params,
}


# ---------------------------------------------------------------- timing


def time_endpoint(client: httpx.Client, path: str, param_sets: list[dict[str, Any]], expect: int = 200
                  ) -> dict[str, Any]:
    """Send the requests in order; latency = request sent to body fully read (JSON parsing
    excluded). Statistics cover the answers with status ``expect``; others are tallied."""
    ok_ms: list[float] = []
    statuses: Counter[str] = Counter()
    problems: list[dict[str, Any]] = []
    items: list[int] = []
    for n, params in enumerate(param_sets):
        start = time.perf_counter()
        try:
            answer = client.get(path, params=params)
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1
            if len(problems) < 3:
                problems.append({"status": type(exc).__name__, "detail": str(exc)[:200], "params": params})
            if n + 1 >= GIVE_UP_AFTER and not ok_ms:
                break
            continue
        elapsed = (time.perf_counter() - start) * 1000
        statuses[str(answer.status_code)] += 1
        if answer.status_code == expect:
            ok_ms.append(elapsed)
            count = _item_count(_json(answer))
            if count is not None:
                items.append(count)
        else:
            if len(problems) < 3 and all(p["status"] != answer.status_code for p in problems):
                problems.append({**_problem(answer), "params": params})
            if n + 1 >= GIVE_UP_AFTER and not ok_ms:
                break
    result: dict[str, Any] = {"path": path, "requests": sum(statuses.values()), "ok": len(ok_ms),
                              "statuses": dict(statuses)}
    if ok_ms:
        result.update(summarize(ok_ms))
    if items:
        result["mean_items"] = round(sum(items) / len(items), 1)
        result["empty_share"] = round(sum(1 for i in items if i == 0) / len(items), 2)
    if problems:
        result["problems"] = problems
    return result


def _assess(name: str, result: dict[str, Any], health_p95: float | None) -> None:
    """Add the ratio to health's p95 and, for list endpoints, whether the target was met."""
    p95 = result.get("p95_ms")
    result["ratio_p95_to_health"] = round(p95 / health_p95, 1) if p95 is not None and health_p95 else None
    if name in LIST_ENDPOINTS:
        result["target_p95_ms"] = LIST_TARGET_P95_MS
        result["met_target"] = None if p95 is None else p95 < LIST_TARGET_P95_MS


def measure(db_url: str, requests_per_endpoint: int = 200, seed: int = 11,
            command: list[str] | None = None, port: int | None = None) -> dict[str, Any]:
    """Start the server over ``db_url`` and time every endpoint; see the module docstring.

    ``command`` replaces ``sitrep serve ...`` (``{db}`` and ``{port}`` are filled in), e.g. to
    time a stand-in app. Server start-up failures are reported in ``error``, not raised.
    """
    port = port or free_port()
    base_url = f"http://{HOST}:{port}"
    argv = [a.format(db=db_url, port=port) for a in command] if command else serve_command(db_url, port)
    rng = random.Random(seed)
    report: dict[str, Any] = {"db": db_url, "command": argv, "requests_per_endpoint": requests_per_endpoint,
                              "seed": seed, "target": f"p95 < {LIST_TARGET_P95_MS:.0f} ms for list endpoints "
                                                      "on 100,000 events"}
    try:
        with running_server(argv, base_url) as (proc, startup_s, log):
            report["startup_s"] = round(startup_s, 2)
            report["server_peak_rss_mb"] = None
            try:
                with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S) as client:
                    _measure_all(client, rng, requests_per_endpoint, proc, report)
                report["server_peak_rss_mb"] = _peak_rss_mb(proc.pid)
            except (ServerDied, httpx.HTTPError) as exc:  # gone mid-run: say so, with its last words
                state = "still running" if proc.poll() is None else f"exited with status {proc.returncode}"
                report["error"] = f"{type(exc).__name__}: {exc}; server {state}:\n{_tail(log)}"
    except (ServerDidNotStart, OSError) as exc:  # OSError: the command could not even be started
        report["error"] = f"{type(exc).__name__}: {exc}"
    return report


def _check_alive(proc: subprocess.Popen, stage: str) -> None:
    if proc.poll() is not None:
        raise ServerDied(f"the server exited during {stage}")


def _measure_all(client: httpx.Client, rng: random.Random, requests_per_endpoint: int,
                 proc: subprocess.Popen, out: dict[str, Any]) -> None:
    """Learn filter values, warm up, time health, the 404 floor and each endpoint, into ``out``
    (filled as it goes, so a server that dies midway leaves what was measured)."""
    out["health_body"] = _get_json(client, "/api/health")
    vocab = learn_vocabulary(client)
    out["filter_values_from"] = vocab.sources
    plans = {name: [make(rng, vocab) for _ in range(requests_per_endpoint)] for name, make in PARAMS.items()}
    start = time.perf_counter()  # warm-up: first-call imports, query compilation, page cache
    time_endpoint(client, "/api/health", [{}] * WARMUP_REQUESTS)
    for name, path in ENDPOINT_PATHS.items():
        time_endpoint(client, path, [PARAMS[name](rng, vocab) for _ in range(WARMUP_REQUESTS)])
        _check_alive(proc, f"the warm-up of {path}")
    out["warmup_s"] = round(time.perf_counter() - start, 2)
    baseline = time_endpoint(client, "/api/health", [{}] * requests_per_endpoint)
    out["baseline"] = baseline
    # The transport floor: an unknown path answered by the 404 problem handler, no database work.
    out["floor_404"] = time_endpoint(client, FLOOR_PATH, [{}] * requests_per_endpoint, expect=404)
    health_p95 = baseline.get("p95_ms")
    out["endpoints"] = endpoints = {}
    for name, path in ENDPOINT_PATHS.items():
        endpoints[name] = time_endpoint(client, path, plans[name])
        _assess(name, endpoints[name], health_p95)
        _check_alive(proc, f"the timed requests to {path}")


# ---------------------------------------------------------------- command line


def table(report: dict[str, Any]) -> str:
    """A plain-text table of the report."""
    if "error" in report:
        return f"not measured: {report['error']}\n"
    lines = [f"{'endpoint':<26} {'ok/sent':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
             f"{'x health':>8}  target p95<{LIST_TARGET_P95_MS:.0f}ms"]
    rows = [("GET /api/health", report["baseline"])] + [
        (f"GET {r['path']}", r) for r in report["endpoints"].values()]
    for label, r in rows:
        if r.get("ok"):
            target = {True: "met", False: "NOT met", None: ""}[r.get("met_target")]
            lines.append(f"{label:<26} {r['ok']:>4}/{r['requests']:<3} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                         f"{r['p99_ms']:>8.1f} {r['max_ms']:>8.1f} {r.get('ratio_p95_to_health') or '':>8}  {target}")
        else:
            first = (r.get("problems") or [{}])[0]
            why = " ".join(f"{first.get('status')} {first.get('title') or ''} "
                           f"{first.get('detail') or first.get('body') or ''}".split())
            lines.append(f"{label:<26} {r['ok']:>4}/{r['requests']:<3} not measured: {why[:160]}")
    health = report.get("health_body") or {}
    if isinstance(health.get("events"), int):
        lines.append(f"database: {health['events']} events, {health.get('articles')} articles (from /api/health); "
                     "the target is stated for 100,000 events")
    floor = report.get("floor_404") or {}
    if floor.get("p95_ms") is not None:
        lines.append(f"transport floor (404 on an unknown path): p50 {floor['p50_ms']:.1f} ms, p95 {floor['p95_ms']:.1f} ms")
    lines.append(f"server start {report['startup_s']} s, warm-up {report['warmup_s']} s, "
                 f"peak RSS {report.get('server_peak_rss_mb')} MB; filter values from {', '.join(report['filter_values_from'])}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="SQLite path or database URL")
    parser.add_argument("--build", type=int, metavar="N", help="first build a synthetic store of N events at --db")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--server-cmd", help="instead of 'sitrep serve': a command with {db} and {port}")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args()
    if args.build:
        from synth_events import build_database

        if "://" not in args.db and Path(args.db).exists():
            parser.error(f"{args.db} exists: remove it or drop --build")
        built = build_database(args.db, args.build)
        print(f"built {built['events']} events in {built['articles']} articles in {built['seconds']} s", flush=True)
    command = shlex.split(args.server_cmd) if args.server_cmd else None
    report = measure(args.db, args.requests, args.seed, command=command)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    print(table(report), end="")
    if "error" in report:
        sys.exit(1)


if __name__ == "__main__":
    main()
