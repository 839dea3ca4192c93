"""Command line: each command builds Settings, makes one library call, and turns errors into
``sitrep: FILE: problem`` lines. Exit status (contract): 0 every input read, 1 none, 3 some failed."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import SitrepError
from .output import record_json, write_document_json
from .pipeline import PageResult, ingest_into, process
from .settings import DEFAULT_MAX_PAGE_BYTES, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="sitrep: conflict-news pages in, a sourced record of events out.")

EXIT_OK, EXIT_NONE, EXIT_SOME = 0, 1, 3


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"


def _parse_time(value: Optional[str], option: str) -> Optional[datetime]:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date/time", param_hint=option) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _settings(retrieved: Optional[str], published: Optional[str], url: Optional[str], max_page_bytes: int,
              db: Optional[str] = None, kb: Optional[list[Path]] = None, places: Optional[list[Path]] = None) -> Settings:
    if published is not None:
        _parse_time(published, "--published")
    for option, paths in (("--kb", kb), ("--places", places)):
        for path in paths or []:
            if not path.is_file():
                raise typer.BadParameter(f"{path}: no such file", param_hint=option)
    return Settings(retrieved=_parse_time(retrieved, "--retrieved"), published=published, url=url,
                    max_page_bytes=max_page_bytes, db=db, kb_files=tuple(kb or ()), place_files=tuple(places or ()))


class _Tally:
    """Counts inputs read and failed, and reports each problem on stderr as it happens."""

    def __init__(self) -> None:
        self.read = 0
        self.failed = 0

    def watch(self, results: Iterable[PageResult]) -> Iterator[PageResult]:
        for result in results:
            if result.failure is not None:
                self.failed += 1
                typer.echo(f"sitrep: {result.failure.source}: {result.failure.problem}", err=True)
            else:
                self.read += 1
            for rejection in result.rejected:
                typer.echo(f"sitrep: {rejection.input_id}: not an article: {rejection.reason}", err=True)
            yield result

    @property
    def exit_code(self) -> int:
        if self.failed == 0:
            return EXIT_OK
        return EXIT_NONE if self.read == 0 else EXIT_SOME


RetrievedOpt = Annotated[Optional[str], typer.Option("--retrieved", help="When the pages were fetched (ISO 8601); relative stamps resolve against it. Default: file modification time.")]
PublishedOpt = Annotated[Optional[str], typer.Option("--published", help="Publication date to use when a page states none.")]
UrlOpt = Annotated[Optional[str], typer.Option("--url", help="Where the page came from; the outlet may be read from it.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-page-bytes", help="Refuse (and keep raw) pages larger than this.")]
DbOpt = Annotated[Optional[str], typer.Option("--db", help="SQLite file path or URL (sqlite:///path, postgresql://...). Default: $SITREP_DB or ./sitrep.db")]
InputsArg = Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")]
PlacesOpt = Annotated[Optional[list[Path]], typer.Option("--places", help="Your own places/spellings YAML (docs/geo.md); repeatable. Also $SITREP_PLACES.")]
KbOpt = Annotated[Optional[list[Path]], typer.Option("--kb", help="Your own actor YAML file (schema: docs/knowledge-base.md); repeatable. Also $SITREP_KB.")]


@app.command()
def extract(
    inputs: InputsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", help="json: one object; jsonl: one line per input record.")] = ExtractFormat.json,
    retrieved: RetrievedOpt = None,
    published: PublishedOpt = None,
    url: UrlOpt = None,
    max_page_bytes: MaxBytesOpt = DEFAULT_MAX_PAGE_BYTES,
    kb: KbOpt = None,
    places: PlacesOpt = None,
) -> None:
    """Run the whole pipeline on INPUTS and print the contract's JSON; store nothing."""
    settings = _settings(retrieved, published, url, max_page_bytes, kb=kb, places=places)
    tally = _Tally()
    results = tally.watch(process(inputs, settings, stdin=sys.stdin.buffer))
    out = sys.stdout
    if format is ExtractFormat.jsonl:
        for result in results:
            out.write(json.dumps(record_json(result), ensure_ascii=False) + "\n")
    else:
        write_document_json(results, out)
    out.flush()
    raise typer.Exit(tally.exit_code)


@app.command()
def ingest(
    inputs: InputsArg,
    db: DbOpt = None,
    retrieved: RetrievedOpt = None,
    published: PublishedOpt = None,
    url: UrlOpt = None,
    max_page_bytes: MaxBytesOpt = DEFAULT_MAX_PAGE_BYTES,
    kb: KbOpt = None,
    places: PlacesOpt = None,
) -> None:
    """Run the pipeline on INPUTS and store everything, raw input included. Re-running changes nothing."""
    from .store import open_store

    settings = _settings(retrieved, published, url, max_page_bytes, db, kb, places)
    tally = _Tally()
    try:
        store = open_store(settings.db_url)
    except SitrepError as exc:
        typer.echo(f"sitrep: {settings.db_url}: {exc}", err=True)
        raise typer.Exit(EXIT_NONE) from None
    with store:
        results = tally.watch(process(inputs, settings, stdin=sys.stdin.buffer))
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            columns = (SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("pages"), TimeElapsedColumn(), TextColumn("{task.description}"))
            with Progress(*columns, transient=False) as progress:
                task = progress.add_task("", total=None)
                report = ingest_into(store, results, on_page=lambda r: progress.update(task, advance=1, description=r.input_id[-50:]))
        else:
            report = ingest_into(store, results)
        if report.articles_new or report.versions_new:
            store.optimize(full=True)  # planner statistics for the API's filters
    typer.echo(
        f"{report.pages} pages: {report.articles_new} new articles, {report.versions_new} new versions, "
        f"{report.unchanged} unchanged, {report.rejected} not articles, {report.failed} unreadable → {settings.db_url}",
        err=True,
    )
    raise typer.Exit(tally.exit_code)


@app.command()
def demo(db: DbOpt = None) -> None:
    """Ingest the bundled demo page (two invented articles) into the database and show what was found."""
    from importlib import resources

    from .store import open_store

    settings = Settings(db=db, retrieved=datetime(2025, 11, 20, 9, 0, tzinfo=timezone.utc))  # when the demo page was "saved"
    page = resources.files("sitrep").joinpath("data").joinpath("demo").joinpath("demo-page.txt")
    with resources.as_file(page) as path, open_store(settings.db_url) as store:
        report = ingest_into(store, process([str(path)], settings))
        typer.echo(f"{report.articles_new} new articles, {report.unchanged} unchanged → {settings.db_url}")
        for article in store.articles(limit=20):
            stamp = article.published.value if article.published else "undated"
            typer.echo(f"  {article.id}  {stamp}  {article.outlet or '?'}  {article.title}")
            typer.echo(f"      {len(article.body.split())} words, {len(article.captions)} captions, "
                       f"{len(article.entities)} entities, {len(article.quotes)} quotes, {len(article.events)} events")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in article titles and bodies.")],
    db: DbOpt = None,
    limit: Annotated[int, typer.Option(help="How many hits.")] = 20,
) -> None:
    """Full-text search over stored articles."""
    from .store import open_store

    with open_store(Settings(db=db).db_url) as store:
        hits = store.search(query, limit=limit)
    for hit in hits:
        typer.echo(json.dumps(hit if isinstance(hit, dict) else _plain(hit), ensure_ascii=False))
    if not hits:
        typer.echo(f"sitrep: no article matches {query!r}", err=True)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="An article id (a_...).")],
    db: DbOpt = None,
    version: Annotated[Optional[str], typer.Option(help="A version id; default the latest.")] = None,
) -> None:
    """Print one stored article (latest version, or --version) as the contract's JSON."""
    from .output import article_json
    from .store import open_store

    with open_store(Settings(db=db).db_url) as store:
        article = store.get_article(article_id, version)
    if article is None:
        typer.echo(f"sitrep: {article_id}: no such article" + (f" version {version}" if version else ""), err=True)
        raise typer.Exit(EXIT_NONE)
    typer.echo(json.dumps(article_json(article), ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- export, corrections, re-extraction


class ExportChoice(str, Enum):
    acled_csv = "acled-csv"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"


WhoOpt = Annotated[Optional[str], typer.Option("--who", help="Who makes the correction. Default: $SITREP_USER, else your login name.")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", help="Why: kept with the correction.")]
ArticleArg = Annotated[str, typer.Argument(help="An article id (a_...).")]
EventArg = Annotated[str, typer.Argument(help="The event: its id in the latest version (v2) or its stable id (ev_...).")]


def _fail(problem: str) -> None:
    typer.echo(f"sitrep: {problem}", err=True)
    raise typer.Exit(EXIT_NONE)


def _open(db: Optional[str]):
    from .store import open_store

    url = Settings(db=db).db_url
    try:
        return open_store(url)
    except SitrepError as exc:
        _fail(f"{url}: {exc}")


def _who(who: Optional[str]) -> str:
    if who and who.strip():
        return who.strip()
    import getpass
    import os

    try:
        return os.environ.get("SITREP_USER") or getpass.getuser()
    except Exception:  # no login name (some containers): the caller must say
        _fail("say who makes the correction with --who")
        raise


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _correction_line(info) -> str:
    event = f"{info.event_key} ({info.event_id})" if info.event_key else info.event_id
    line = (f"#{info.id} {info.status:<8} {info.article_id} {event}  {info.field}: "
            f"{_value(info.before)} -> {_value(info.after)}  by {info.who} at {info.created_at[:19]}")
    if info.undone_at:
        line += f", undone at {info.undone_at[:19]}"
    return line + (f"  ({info.note})" if info.note else "")


@app.command()
def export(
    format: Annotated[ExportChoice, typer.Option("--format", help="acled-csv: ACLED's columns + sitrep's; jsonl: one article a line (contract JSON); geojson: events with coordinates; parquet: flat events table.")],
    db: DbOpt = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write. Default: standard output.")] = None,
    background: Annotated[bool, typer.Option("--include-background/--no-background", help="Keep events the articles recall as context (marked in a background column).")] = True,
    since: Annotated[Optional[str], typer.Option("--since", help="Only events on or after this day (YYYY-MM-DD).")] = None,
) -> None:
    """Write stored events, analysts' corrections applied. What ACLED cannot hold is counted on stderr."""
    from datetime import date

    from .export import export_events
    from .nlp.kb import KnowledgeBase

    try:
        since_day = date.fromisoformat(since.strip()) if since else None
    except ValueError:
        raise typer.BadParameter(f"{since!r} is not a day (YYYY-MM-DD)", param_hint="--since") from None
    if format is ExportChoice.parquet and output is None and sys.stdout.isatty():
        _fail("parquet is binary: write it to a file with -o FILE")
    settings = Settings(db=db)
    kb = None if format is ExportChoice.jsonl else KnowledgeBase.bundled(settings.user_kb_files)
    with _open(db) as store:
        try:
            report = export_events(store, format.value, output if output is not None else sys.stdout.buffer,
                                   include_background=background, since=since_day, kb=kb)
            sys.stdout.flush()
        except BrokenPipeError:  # `sitrep export ... | head`: the reader has all it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except (SitrepError, OSError) as exc:
            _fail(f"export: {exc}")
    for line in report.problems():
        typer.echo(f"sitrep: export: {line}", err=True)
    typer.echo(f"sitrep: export: {report.summary()}" + (f" -> {output}" if output else ""), err=True)


@app.command()
def correct(
    article_id: ArticleArg,
    event_key: EventArg,
    assignments: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE (fatalities.best=14, actor2=..., date=2024-11-17, location.admin1=...); repeat for several.")],
    who: WhoOpt = None,
    note: NoteOpt = None,
    db: DbOpt = None,
) -> None:
    """Correct fields of an extracted event. The correction survives re-extraction."""
    from .review import ReviewError, correct_event_fields, parse_assignment

    with _open(db) as store:
        try:
            changes = dict(parse_assignment(a) for a in assignments)
            made = correct_event_fields(store, article_id, event_key, changes, _who(who), note)
        except (ReviewError, SitrepError) as exc:
            _fail(str(exc))
    for info in made:
        typer.echo(_correction_line(info))


def _status_command(kind: str, article_id: str, event_key: str, who: Optional[str], note: Optional[str],
                    db: Optional[str]) -> None:
    from . import review

    action = review.reject_event if kind == "reject" else review.confirm_event
    with _open(db) as store:
        try:
            info = action(store, article_id, event_key, _who(who), note)
        except (review.ReviewError, SitrepError) as exc:
            _fail(str(exc))
    typer.echo(_correction_line(info))


@app.command()
def reject(article_id: ArticleArg, event_key: EventArg, who: WhoOpt = None, note: NoteOpt = None, db: DbOpt = None) -> None:
    """Mark an event as wrongly extracted: reads and exports leave it out (undo brings it back)."""
    _status_command("reject", article_id, event_key, who, note, db)


@app.command()
def confirm(article_id: ArticleArg, event_key: EventArg, who: WhoOpt = None, note: NoteOpt = None, db: DbOpt = None) -> None:
    """Mark an event as checked by an analyst (exports show review = confirmed)."""
    _status_command("confirm", article_id, event_key, who, note, db)


@app.command()
def undo(
    correction_id: Annotated[int, typer.Argument(help="The correction's number (see sitrep corrections).")],
    db: DbOpt = None,
) -> None:
    """Undo a correction: the field returns to its value before it. The correction stays listed."""
    from .review import ReviewError, undo as undo_correction

    with _open(db) as store:
        try:
            info = undo_correction(store, correction_id)
        except (ReviewError, SitrepError) as exc:
            _fail(str(exc))
    typer.echo(_correction_line(info))


@app.command("corrections")
def list_corrections(
    article: Annotated[Optional[str], typer.Option("--article", help="Only this article's corrections.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
    db: DbOpt = None,
) -> None:
    """List corrections, oldest first: applied, orphaned (its event is gone from the latest version) or undone."""
    from .review import corrections

    with _open(db) as store:
        items = corrections(store, article)
    for info in items:
        typer.echo(json.dumps(_plain(info), ensure_ascii=False) if as_json else _correction_line(info))
    orphaned = sum(1 for i in items if i.status == "orphaned")
    if orphaned:
        typer.echo(f"sitrep: {orphaned} corrections are orphaned: no event of the latest version matches them", err=True)


@app.command()
def reextract(
    db: DbOpt = None,
    article: Annotated[Optional[str], typer.Option("--article", help="Only this article (and the inputs it was read from).")] = None,
) -> None:
    """Run the current cleaner and annotators again over stored inputs; keep every correction."""
    from .reextract import reextract as run

    settings = Settings(db=db)
    with _open(db) as store:
        try:
            report = run(store, settings, article_id=article,
                         on_progress=lambda message: typer.echo(f"sitrep: reextract: {message}", err=True))
        except SitrepError as exc:
            _fail(f"reextract: {exc}")
    typer.echo(f"sitrep: reextract: {report.summary()} -> {settings.db_url}", err=True)


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files: one page ({input, articles}) or many records ({records}).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="Also list what was missed: events, metadata fields, quote speakers...")] = False,
    profile: Annotated[bool, typer.Option("--profile", help="Also report the time spent in each pipeline stage (docs/evaluation.md).")] = False,
    kb: KbOpt = None,
    places: PlacesOpt = None,
) -> None:
    """Score the pipeline against gold files: precision, recall and F1 per aspect, per event type and per event field."""
    from .evaluate import evaluate_files

    settings = _settings(None, None, None, DEFAULT_MAX_PAGE_BYTES, kb=kb, places=places)
    report = evaluate_files([str(p) for p in gold], settings, profile=profile)
    for path, problem in report.failures:
        typer.echo(f"sitrep: {path}: {problem}", err=True)
    if as_json:
        typer.echo(json.dumps(report.to_dict(misses=misses), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.table(misses=misses), nl=False)
    if report.failures:
        raise typer.Exit(EXIT_SOME if report.files else EXIT_NONE)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but localhost makes the server read-only unless a token is set.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[Optional[str], typer.Option(help="Token that writes (ingest, review) must send as 'Authorization: Bearer ...' (default: $SITREP_TOKEN; on localhost a fresh one per run).", envvar="SITREP_TOKEN", show_envvar=False)] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write, even with a token.")] = False,
    kb: KbOpt = None,
    places: PlacesOpt = None,
) -> None:
    """Serve the REST API (docs at /docs) and the web UI over the database, offline."""
    from .api import ServeConfig, serve as run_server

    settings = _settings(None, None, None, DEFAULT_MAX_PAGE_BYTES, db, kb, places)
    config = ServeConfig.from_environment(settings.db_url, host, token=token, read_only=read_only, settings=settings)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    mode = "read-only" if not config.writable else ("writes need the token" if not config.local else
                                                    "writes from this machine's browser")
    typer.echo(f"sitrep: serving {settings.db_url} at {where} ({mode}); API docs at {where}docs", err=True)
    if config.writable and not token:
        typer.echo(f"sitrep: write token for API clients (this run only): {config.token}", err=True)
    try:
        run_server(config, port=port)
    except SitrepError as exc:
        _fail(f"{settings.db_url}: {exc}")


def _plain(record) -> dict:
    from .models import to_dict

    return to_dict(record)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")] = False) -> None:
    """sitrep turns raw conflict-news pages into a sourced, queryable record."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
