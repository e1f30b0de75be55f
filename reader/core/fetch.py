"""``daily-papers fetch``: today's (or any day's) Hugging Face Daily Papers, summarised, as a digest.

The upstream digest repository stopped on 2025-05-09; this makes the pipeline part of the
product. For each day: ``GET {HF_ENDPOINT}/api/daily_papers?date=YYYY-MM-DD``, one paper per
item, summarised by a :mod:`~reader.core.summarize` summariser, written in the upstream format
(:func:`reader.core.export.to_markdown`) to ``<library>/huggingface/YYYY/MM/DD.md`` so the reader,
``export`` and the parse cache read it as any other digest.

Guarantees:

- A day that cannot be listed (unreachable, HTTP error, not JSON, wrong shape, no papers)
  raises :class:`FetchError` naming the day and the cause, before anything is written.
- The day file is rewritten atomically (temporary file + ``os.replace``) after every finished
  paper, so an interrupt or crash keeps every paper done so far and never leaves half a file.
- A re-fetch keeps the papers already written as they are (their vote counts are updated) and
  summarises only ids that are new; a paper is never written twice.
- A day is *complete*, and skipped, once a fetch of it finished at least 24 hours after the day
  ended (UTC), when Hugging Face no longer adds to it. Those finish times are kept in
  ``<library>/huggingface/.fetched.json`` (hidden: the library finder ignores it); without that
  file every day is merely re-checked, which costs one request and writes nothing new.

No Rich or Textual here (the app runs this in a worker thread): progress goes to callbacks.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .. import __version__
from . import dirs
from .catalog import Catalog
from .export import to_markdown
from .model import Paper, Sort, Source
from .parse import parse_file
from .summarize import (
    NoneSummarizer,
    OpenAISettings,
    OpenAISummarizer,
    PaperText,
    Summarizer,
    SummarizerUnavailable,
    Summary,
    abstract_bullets,
    redact_urls,
)
from .text import clean
from .view import Browser

if TYPE_CHECKING:
    from .config import Config

DEFAULT_ENDPOINT = "https://huggingface.co"
FOLDER = "huggingface"
STATE_FILE = ".fetched.json"
MAX_TITLE_CHARS = 1000
MAX_ABSTRACT_CHARS = 20_000
MAX_NAME_CHARS = 300
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})$")
# Thumbnails are written into Markdown as ``![](url)``: only plain web addresses whose every
# character reads back unchanged (no spaces, brackets, quotes, entities or backslashes).
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~/%+=,:@-]*)?(?:\?[A-Za-z0-9._~/%+=,:@-]*)?$")


class FetchError(Exception):
    """A day that could not be fetched; the library is as it was (papers finished before are kept)."""

    def __init__(self, day: date | None, cause: str, *, fatal: bool = False) -> None:
        self.day = day
        self.cause = redact_urls(clean(cause))
        self.fatal = fatal
        """True when later days would fail the same way (the model is unusable): stop the run."""
        self.results: list[DayResult] = []
        super().__init__(f"{day.isoformat()}: {self.cause}" if day else self.cause)


class EmptyDayError(FetchError):
    """Hugging Face lists no papers for the day (weekends and holidays have none)."""


class OptionsError(ValueError):
    """A setting that makes fetching impossible (reported as a usage error)."""


@dataclass(frozen=True)
class FetchOptions:
    """Everything a fetch needs, built by :func:`build_options` from config, environment and flags."""

    library: Path
    endpoint: str = DEFAULT_ENDPOINT
    summarizer: str = "none"
    openai: OpenAISettings | None = None
    jobs: int = 4
    timeout: float = 30.0
    retries: int = 3
    """Extra attempts at listing a day after a connection error, HTTP 429 or 5xx."""
    backoff: float = 1.0
    """First retry delay in seconds, doubled each time (0 in tests)."""
    max_retry_after: float = 60.0
    max_bytes: int = 50_000_000
    """A day's list larger than this is refused (a real one is well under 1 MB)."""
    dry_run: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    @property
    def folder(self) -> Path:
        return self.library / FOLDER


@dataclass(frozen=True)
class FetchProgress:
    """A step of one day's fetch: ``done`` of ``total`` new papers finished."""

    day: date
    done: int
    total: int
    stage: str
    """``listing`` (asking Hugging Face), ``summarising``, ``done`` or ``skipped``."""


@dataclass(frozen=True)
class DayResult:
    day: date
    path: Path
    total: int = 0
    """Papers in the day's file after the fetch (what it would hold, for a dry run)."""
    new: int = 0
    """Papers added by this fetch (would be added, for a dry run)."""
    summarised: int = 0
    from_abstract: int = 0
    skipped_complete: bool = False
    interrupted: bool = False
    dry_run: bool = False
    warnings: tuple[str, ...] = ()


def utc_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(UTC).date()


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` -> date; ValueError with a readable message otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"not a date (YYYY-MM-DD): {clean(text)[:40]!r}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"no such day: {clean(text)[:40]!r}") from None


def days_to_fetch(today: date, day: date | None = None, since: date | None = None) -> list[date]:
    """The days asked for: one ``day``, every day from ``since`` to ``today``, else ``today``."""
    if day is not None and since is not None:
        raise OptionsError("--date and --since cannot be used together")
    if day is not None:
        if day > today:
            raise OptionsError(f"{day.isoformat()} is in the future (today is {today.isoformat()} UTC)")
        return [day]
    if since is not None:
        if since > today:
            raise OptionsError(f"--since {since.isoformat()} is in the future (today is {today.isoformat()} UTC)")
        return [since + timedelta(days=n) for n in range((today - since).days + 1)]
    return [today]


def _http_url(value: str, what: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"(?i)^https?://[^/\s?#]+", value):
        raise OptionsError(f"{what} must be an http(s) address, not {clean(value)[:80]!r}")
    return value


def build_options(
    config: Config,
    env: Mapping[str, str],
    *,
    model: str | None = None,
    summarizer: str | None = None,
    jobs: int | None = None,
    dry_run: bool = False,
    library: Path | None = None,
) -> FetchOptions:
    """Options from the config (``[fetch]``, ``[summarize]``), the environment and command-line flags.

    Precedence: flags, then environment (``HF_ENDPOINT``, ``OPENAI_BASE_URL``, ``OPENAI_MODEL``,
    the key variable), then the config. The ``openai`` summariser is used when a model is named
    anywhere (or asked for); otherwise ``none``.
    """
    endpoint = _http_url(env.get("HF_ENDPOINT") or config.fetch_endpoint or DEFAULT_ENDPOINT, "HF_ENDPOINT")
    flag_model = (model or "").strip() or None
    model = flag_model or (env.get("OPENAI_MODEL") or config.summarize_model or "").strip() or None
    kind = summarizer or ("openai" if flag_model else None) or config.summarize_provider or ("openai" if model else "none")
    if kind not in ("none", "openai"):
        raise OptionsError(f"unknown summariser {kind!r} (none | openai)")
    settings = None
    if kind == "openai":
        if not model:
            raise OptionsError("the openai summariser needs a model: --model NAME, $OPENAI_MODEL or [summarize] model")
        raw_base = env.get("OPENAI_BASE_URL") or config.summarize_base_url
        base_url = _http_url(raw_base, "OPENAI_BASE_URL") if raw_base else None
        key_env = config.summarize_api_key_env or "OPENAI_API_KEY"
        key = env.get(key_env) or None
        if key is None and base_url is None:
            raise OptionsError(f"the OpenAI API needs a key in ${key_env}; for a local server (Ollama) set OPENAI_BASE_URL")
        settings = OpenAISettings(model=model, base_url=base_url, api_key=key, api_key_env=key_env)
    jobs = jobs if jobs is not None else config.fetch_jobs or 4
    if not 1 <= jobs <= 64:
        raise OptionsError(f"--jobs must be between 1 and 64, not {jobs}")
    return FetchOptions(library=library or dirs.library_dir(), endpoint=endpoint, summarizer=kind, openai=settings, jobs=jobs, dry_run=dry_run)


def make_summarizer(options: FetchOptions) -> Summarizer:
    if options.summarizer == "openai" and options.openai is not None:
        return OpenAISummarizer(options.openai)
    return NoneSummarizer()


def day_path(options: FetchOptions, day: date) -> Path:
    return options.folder / f"{day.year:04d}" / f"{day.month:02d}" / f"{day.day:02d}.md"


# --- which days are complete ----------------------------------------------------------------


def _read_state(options: FetchOptions) -> dict[str, str]:
    try:
        data = json.loads((options.folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def _finished_late_enough(day: date, finished: datetime) -> bool:
    """Finished at least 24 h after the day ended (UTC): Hugging Face's list no longer changes."""
    settled = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=2)
    return finished >= settled


def is_complete(options: FetchOptions, day: date, state: Mapping[str, str] | None = None) -> bool:
    state = _read_state(options) if state is None else state
    try:
        finished = datetime.fromisoformat(state.get(day.isoformat(), ""))
    except ValueError:
        return False
    if finished.tzinfo is None:
        finished = finished.replace(tzinfo=UTC)
    return day_path(options, day).is_file() and _finished_late_enough(day, finished)


def _mark_finished(options: FetchOptions, day: date) -> None:
    state = _read_state(options)
    state[day.isoformat()] = options.now().astimezone(UTC).isoformat(timespec="seconds")
    write_atomic(options.folder / STATE_FILE, json.dumps(dict(sorted(state.items())), indent=1) + "\n")


# --- writing ------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a temporary file in the same folder, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


def _render(papers: Sequence[Paper]) -> str:
    """The day's file: papers by votes, high first (as upstream, and in the order the reader and
    ``export`` use, from :meth:`reader.core.view.Browser.order`)."""
    catalog = Catalog.from_papers(papers)
    return to_markdown(catalog.papers(Browser(catalog).order(None, Sort.VOTES)))


# --- the Hugging Face list ------------------------------------------------------------------


def retry_delay(response_headers: Mapping[str, str] | None, attempt: int, options: FetchOptions) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): ``Retry-After`` (seconds or a date), else backoff."""
    value = (response_headers or {}).get("retry-after")
    if value:
        seconds: float | None = None
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                seconds = (when - options.now()).total_seconds()
        if seconds is not None and seconds == seconds:  # not NaN
            return min(max(seconds, 0.0), options.max_retry_after)
    return min(options.backoff * 2**attempt, options.max_retry_after)


def list_day(client: httpx.Client, options: FetchOptions, day: date) -> list:
    """The raw items Hugging Face lists for ``day``; FetchError on any failure (after retries)."""
    url = f"{options.endpoint}/api/daily_papers"
    shown = f"{url}?date={day.isoformat()}"
    for attempt in range(options.retries + 1):
        last = attempt == options.retries
        try:
            response, body = _get(client, url, {"date": day.isoformat()}, options.max_bytes)
        except httpx.TimeoutException:
            if last:
                raise FetchError(day, f"{shown} did not answer within {options.timeout:g} s") from None
            options.sleep(retry_delay(None, attempt, options))
            continue
        except httpx.TransportError as problem:  # refused, reset, DNS: worth another try
            if last:
                raise FetchError(day, f"cannot reach {options.endpoint}: {type(problem).__name__}: {problem}"[:300]) from None
            options.sleep(retry_delay(None, attempt, options))
            continue
        except httpx.HTTPError as problem:  # too many redirects, a broken encoding: not
            raise FetchError(day, f"cannot read {shown}: {type(problem).__name__}: {problem}"[:300]) from None
        if body is None:
            raise FetchError(day, f"the answer from {shown} is larger than {options.max_bytes // 1_000_000} MB; not read")
        if response.status_code == 429 or response.status_code >= 500:
            if not last:
                options.sleep(retry_delay(response.headers, attempt, options))
                continue
        if response.status_code != 200:
            phrase = response.reason_phrase or ""
            tries = f" (after {options.retries + 1} attempts)" if response.status_code == 429 or response.status_code >= 500 else ""
            raise FetchError(day, f"Hugging Face answered HTTP {response.status_code} {phrase}{tries} for {shown}".replace("  ", " "))
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            kind = response.headers.get("content-type", "no content type")
            start = clean(body[:60].decode("utf-8", "replace"))
            raise FetchError(day, f"the answer from {shown} is not JSON ({kind}; starts {start!r})") from None
        if not isinstance(data, list):
            raise FetchError(day, f"the answer from {shown} is not a list of papers (a JSON {_json_kind(data)})")
        return data
    raise AssertionError("unreachable")  # pragma: no cover


def _get(client: httpx.Client, url: str, params: dict[str, str], limit: int) -> tuple[httpx.Response, bytes | None]:
    """The response and its body, read no further than ``limit`` bytes (None when it is larger)."""
    with client.stream("GET", url, params=params) as response:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return response, None
            chunks.append(chunk)
    return response, b"".join(chunks)


def _json_kind(value: object) -> str:
    return {dict: "object", str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}.get(type(value), "value")


@dataclass(frozen=True)
class Listed:
    """One usable item of the list: the paper as it will be written (bullets still to come)."""

    paper: Paper
    text: PaperText


def _string(value: object, limit: int) -> str:
    return clean(value)[:limit].strip() if isinstance(value, str) else ""


def listed_papers(items: Sequence[object], day: date, path: Path) -> tuple[list[Listed], list[str]]:
    """Papers from the API items (each string cleaned; unusable items skipped with a warning)."""
    found: list[Listed] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            warnings.append(f"item {number} is a JSON {_json_kind(item)}, not a paper; skipped")
            continue
        inner = item.get("paper")
        paper: dict[str, Any] = inner if isinstance(inner, dict) else item
        raw_id = paper.get("id")
        arxiv_id = raw_id.strip() if isinstance(raw_id, str) else ""
        if not arxiv_id:
            warnings.append(f"item {number} has no paper id; skipped")
            continue
        if not _ARXIV_ID.match(arxiv_id):
            warnings.append(f"item {number} has an id that is not an arXiv id ({clean(arxiv_id)[:40]!r}); skipped")
            continue
        if arxiv_id in seen:
            continue
        seen.add(arxiv_id)
        title = _string(paper.get("title"), MAX_TITLE_CHARS) or _string(item.get("title"), MAX_TITLE_CHARS)
        if not title:
            warnings.append(f"{arxiv_id} has no title; skipped")
            continue
        votes = paper.get("upvotes")
        votes = votes if isinstance(votes, int) and not isinstance(votes, bool) and votes >= 0 else None
        authors_raw = paper.get("authors")
        names = []
        for author in authors_raw if isinstance(authors_raw, list) else ():
            name = author.get("name") if isinstance(author, dict) else author
            if name := _string(name, MAX_NAME_CHARS):
                names.append(name)
        thumb = item.get("thumbnail") if isinstance(item.get("thumbnail"), str) else paper.get("thumbnail")
        thumbnail = thumb.strip() if isinstance(thumb, str) and _SAFE_URL.match(thumb.strip()) else None
        if isinstance(thumb, str) and thumb.strip() and thumbnail is None:
            warnings.append(f"{arxiv_id}: thumbnail is not a plain web address; left out")
        abstract = _string(paper.get("summary"), MAX_ABSTRACT_CHARS)
        ai_summary = _string(paper.get("ai_summary"), MAX_ABSTRACT_CHARS) or None
        record = Paper(day, title, f"https://arxiv.org/abs/{arxiv_id}", arxiv_id, votes, tuple(names), (), thumbnail, Source(str(path), 0))
        found.append(Listed(record, PaperText(arxiv_id, title, abstract, ai_summary)))
    return found, warnings


# --- one day ------------------------------------------------------------------------------


def _existing(path: Path, day: date) -> list[Paper]:
    """The papers already in the day's file; FetchError if it cannot be read back faithfully."""
    if not path.exists():
        return []
    papers, problems = parse_file(path)
    if problems:
        raise FetchError(day, f"{problems[0]}; the existing digest is left as it is (fix or move it to fetch again)")
    return papers


class _Day:
    """The state of one day's file while papers finish: rewritten after each one.

    Only the thread running the fetch writes (workers hand their summaries back through a queue).
    """

    def __init__(self, path: Path, papers: list[Paper]) -> None:
        self.path = path
        self.papers = papers

    def add(self, paper: Paper) -> None:
        self.papers.append(paper)
        write_atomic(self.path, _render(self.papers))


def fetch_day(
    client: httpx.Client,
    summarizer: Summarizer | None,
    options: FetchOptions,
    day: date,
    progress: Callable[[FetchProgress], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> DayResult:
    path = day_path(options, day)
    report = progress or (lambda _step: None)
    report(FetchProgress(day, 0, 0, "listing"))
    items = list_day(client, options, day)
    if not items:
        raise EmptyDayError(day, "Hugging Face lists no papers for this day (weekends and holidays have none); nothing written")
    listed, warnings = listed_papers(items, day, path)
    if not listed:
        raise FetchError(day, f"none of the {len(items)} listed item(s) is a usable paper ({warnings[0]}); nothing written")
    existing = _existing(path, day)
    votes = {item.paper.arxiv_id: item.paper.votes for item in listed}
    have = {p.key for p in existing}
    kept = [p._replace(votes=votes.get(p.key) if votes.get(p.key) is not None else p.votes) for p in existing]
    todo = [item for item in listed if item.paper.key not in have]
    if options.dry_run:
        report(FetchProgress(day, 0, len(todo), "done"))
        return DayResult(day, path, total=len(kept) + len(todo), new=len(todo), dry_run=True, warnings=tuple(warnings))
    try:
        return _write_day(summarizer, options, day, existing, kept, todo, warnings, report, stop)
    except OSError as problem:
        where = problem.filename or path
        raise FetchError(day, f"cannot write {where}: {problem.strerror or problem}; papers finished before are kept") from None


def _write_day(
    summarizer: Summarizer | None,
    options: FetchOptions,
    day: date,
    existing: list[Paper],
    kept: list[Paper],
    todo: list[Listed],
    warnings: list[str],
    report: Callable[[FetchProgress], None],
    stop: Callable[[], bool],
) -> DayResult:
    """Write the day: the kept papers at once if their votes changed, then each new one as it is summarised."""
    path = day_path(options, day)
    state = _Day(path, kept)
    if kept != existing:
        write_atomic(path, _render(kept))
    counts = {"summarised": 0, "from_abstract": 0}
    report(FetchProgress(day, 0, len(todo), "summarising"))

    def finished(item: Listed, summary: Summary) -> None:
        bullets = summary.bullets or abstract_bullets(item.text)
        state.add(item.paper._replace(summary=bullets))
        counts["summarised" if summary.from_model else "from_abstract"] += 1
        if summary.warning:
            warnings.append(clean(summary.warning))
        report(FetchProgress(day, counts["summarised"] + counts["from_abstract"], len(todo), "summarising"))

    interrupted = _summarise(todo, summarizer or NoneSummarizer(), options.jobs, finished, stop, day)
    done = counts["summarised"] + counts["from_abstract"]
    if not interrupted:
        _mark_finished(options, day)
    report(FetchProgress(day, done, len(todo), "done"))
    return DayResult(
        day, path, total=len(state.papers), new=done, summarised=counts["summarised"], from_abstract=counts["from_abstract"],
        interrupted=interrupted, warnings=tuple(warnings),
    )


def _summarise(
    todo: list[Listed],
    summarizer: Summarizer,
    jobs: int,
    finished: Callable[[Listed, Summary], None],
    stop: Callable[[], bool],
    day: date,
) -> bool:
    """Summarise ``todo`` with at most ``jobs`` requests at a time; True when stopped early.

    Worker threads are daemons: on Ctrl+C the main thread leaves at once (papers already
    finished are written; the ones in flight are abandoned, never written half).
    """
    if not todo:
        return False
    tasks: queue.SimpleQueue[Listed] = queue.SimpleQueue()
    for item in todo:
        tasks.put(item)
    results: queue.SimpleQueue[tuple[Listed, Summary | SummarizerUnavailable]] = queue.SimpleQueue()
    halt = threading.Event()

    def work() -> None:
        while not halt.is_set():
            try:
                item = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                outcome: Summary | SummarizerUnavailable = summarizer.summarize(item.text)
            except SummarizerUnavailable as problem:
                outcome = problem
                halt.set()
            except Exception as problem:  # a summariser bug must not lose the paper
                outcome = Summary(abstract_bullets(item.text), False, f"{item.text.arxiv_id}: summariser failed ({type(problem).__name__}); wrote the abstract instead")
            results.put((item, outcome))

    threads = [threading.Thread(target=work, name=f"summarise-{n}", daemon=True) for n in range(min(jobs, len(todo)))]
    for thread in threads:
        thread.start()
    unavailable: SummarizerUnavailable | None = None
    pending = len(todo)
    try:
        while pending:
            if stop():
                halt.set()
            try:
                item, outcome = results.get(timeout=0.05)
            except queue.Empty:
                if halt.is_set() and not any(t.is_alive() for t in threads) and results.empty():
                    break
                continue
            pending -= 1
            if isinstance(outcome, SummarizerUnavailable):
                unavailable = unavailable or outcome
            else:
                finished(item, outcome)
    except BaseException:
        halt.set()
        raise
    if unavailable is not None:
        raise FetchError(day, f"{unavailable}; the papers finished so far are kept", fatal=True)
    return pending > 0


# --- many days ------------------------------------------------------------------------------


def fetch_days(
    days: Sequence[date],
    options: FetchOptions,
    progress: Callable[[FetchProgress], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
    on_error: Callable[[FetchError], None] | None = None,
) -> list[DayResult]:
    """Fetch each day in order; complete days are skipped.

    A failing day raises :class:`FetchError` (its ``results`` holds the days done before) unless
    ``on_error`` is given: then it is told and the next day follows, except after a fatal error
    (the model is unusable), which ends the run. ``progress``, ``stop`` and ``on_error`` are
    called on the thread that runs this (the app's worker posts them to the UI as messages);
    ``stop`` returning True ends the run after the papers in flight.
    """
    results: list[DayResult] = []
    state = _read_state(options)
    summarizer: Summarizer | None = None
    headers = {"User-Agent": f"daily-papers-reader/{__version__}", "Accept": "application/json"}
    timeout = httpx.Timeout(options.timeout, connect=min(options.timeout, 10.0))
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=True) as client, contextlib.ExitStack() as cleanup:
        for day in days:
            if stop():
                break
            if is_complete(options, day, state):
                path = day_path(options, day)
                total = _count(path)
                if progress:
                    progress(FetchProgress(day, total, total, "skipped"))
                results.append(DayResult(day, path, total=total, skipped_complete=True))
                continue
            try:
                if summarizer is None and not options.dry_run:
                    try:
                        summarizer = make_summarizer(options)
                        cleanup.callback(getattr(summarizer, "close", lambda: None))
                    except SummarizerUnavailable as problem:
                        raise FetchError(day, str(problem), fatal=True) from None
                result = fetch_day(client, summarizer, options, day, progress, stop)
            except FetchError as problem:
                problem.results = list(results)
                if on_error is None:
                    raise
                on_error(problem)
                if problem.fatal:
                    break
                continue
            results.append(result)
            if result.interrupted:
                break
    return results


def _count(path: Path) -> int:
    return len(parse_file(path)[0])
