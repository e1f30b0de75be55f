"""The terminal side of ``daily-papers fetch``: arguments, a progress bar, the end summary.

The work is :mod:`reader.core.fetch`; this module only shows it. Progress goes to standard error
(a Rich progress bar on a terminal, plain lines otherwise), the per-day summary to standard
output, problems as ``daily-papers: error: ...`` (exit 1 for a failed day, 2 for a usage error,
130 after Ctrl+C, which keeps every paper finished so far).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from .core.fetch import DayResult, EmptyDayError, FetchError, FetchOptions, FetchProgress, OptionsError
from .core.settings import Settings
from .core.summarize import scrub
from .core.text import clean

PROG = "daily-papers fetch"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="fetch this day (default: today, UTC)")
    when.add_argument("--since", metavar="YYYY-MM-DD", help="fetch every day from this one to today")
    parser.add_argument("--model", metavar="NAME", help="summarise with this model (OpenAI-compatible; default: $OPENAI_MODEL or [summarize] model)")
    parser.add_argument("--summarizer", choices=("none", "openai"), help="none: HF's AI summary and the abstract; openai: Korean sections from a model")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="model requests at a time (default: 4)")
    parser.add_argument("--dry-run", "-n", action="store_true", help="list the days and papers that would be fetched; write nothing")


def _error(message: str) -> None:
    print(f"daily-papers: error: {clean(message)}", file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch what ``args`` asks for with ``settings`` (the config read once; its problems already reported)."""
    from .core.fetch import build_options, days_to_fetch, parse_day, utc_today

    config = settings.config
    try:
        day = parse_day(args.date) if args.date else None
        since = parse_day(args.since) if args.since else None
        options = build_options(config, os.environ, model=args.model, summarizer=args.summarizer, jobs=args.jobs, dry_run=args.dry_run, library=settings.library_dir)
        days = days_to_fetch(utc_today(), day, since)
    except (ValueError, OptionsError) as problem:
        _error(str(problem))
        return 2
    secrets = [options.openai.api_key if options.openai else None]
    return _run(days, options, many=since is not None, secrets=secrets)


def _run(days: list[date], options: FetchOptions, *, many: bool, secrets: Sequence[str | None]) -> int:
    from .core.fetch import fetch_days

    failures: list[FetchError] = []
    notes: list[str] = []

    def on_error(problem: FetchError) -> None:
        if many and isinstance(problem, EmptyDayError):
            notes.append(f"{problem.day}: no papers listed; nothing written")
        else:
            failures.append(problem)

    view = _view(sys.stderr.isatty())
    results: list[DayResult] = []
    try:
        with view:
            results = fetch_days(days, options, progress=view.update, on_error=on_error)
    except KeyboardInterrupt:
        kept = view.kept()
        print(f"interrupted; kept every paper finished ({kept} this run) in {options.folder}", file=sys.stderr)
        return 130
    for result in results:
        for warning in result.warnings:
            print(f"{result.day}: warning: {clean(scrub(warning, secrets))}", file=sys.stderr)
        print(summary_line(result))
    for note in notes:
        print(note)
    for problem in failures:
        _error(scrub(str(problem), secrets))
    if any(r.new for r in results if not r.dry_run):
        print(f"written to {options.folder}", file=sys.stderr)
    return 1 if failures else 0


def summary_line(result: DayResult) -> str:
    """``2026-11-30: 41 papers (38 summarised, 3 from the abstract)`` and its variants."""
    day = result.day.isoformat()
    if result.skipped_complete:
        return f"{day}: complete, skipped ({_papers(result.total)})"
    if result.dry_run:
        return f"{day}: would write {result.new} new of {_papers(result.total)} to {result.path}"
    how = f"({result.summarised} summarised, {result.from_abstract} from the abstract)"
    if result.interrupted:
        return f"{day}: interrupted; {result.new} new paper(s) kept {how}, {_papers(result.total)} in the file"
    if result.new == result.total:
        return f"{day}: {_papers(result.total)} {how}"
    if result.new == 0:
        return f"{day}: {_papers(result.total)}, none new"
    return f"{day}: {_papers(result.total)}, {result.new} new {how}"


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


class _PlainView:
    """Progress as plain lines (standard error is not a terminal: a log, a pipe, a test)."""

    def __init__(self) -> None:
        self.done: dict[date, int] = {}

    def __enter__(self) -> _PlainView:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, step: FetchProgress) -> None:
        self.done[step.day] = step.done if step.stage != "skipped" else 0
        if step.stage == "listing":
            print(f"{step.day}: listing papers", file=sys.stderr)
        elif step.stage == "summarising" and step.total:
            print(f"{step.day}: {step.done}/{step.total} papers", file=sys.stderr)

    def kept(self) -> int:
        return sum(self.done.values())


class _RichView(_PlainView):
    """A Rich progress bar per day: papers done / total."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.tasks: dict[date, object] = {}

    def __enter__(self) -> _RichView:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, step: FetchProgress) -> None:
        self.done[step.day] = step.done if step.stage != "skipped" else 0
        label = f"{step.day.isoformat()} {step.stage}"  # dates and fixed words only: no markup can get in
        total, completed = step.total or None, step.done
        if step.stage in ("done", "skipped") and not step.total:
            total, completed = 1, 1  # nothing (new) to summarise: a full bar, not a pulsing one
        task = self.tasks.get(step.day)
        if task is None:
            task = self.tasks[step.day] = self.progress.add_task(label, total=total)
        self.progress.update(task, description=label, completed=completed, total=total)  # type: ignore[arg-type]


def _view(interactive: bool) -> _PlainView:
    return _RichView() if interactive else _PlainView()
