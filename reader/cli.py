"""The ``daily-papers`` command: open the reader, or run one of its commands (``export``, ``sync``).

The command line reads the config once (:class:`~reader.core.settings.Settings`) and hands it
down; every command prints its own results here, the core only returns them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from . import __version__
from .core import dirs, memory
from .core.lazy import lazy_module
from .core.library import MissingPathError
from .core.loader import FIRST_STAGE_HEAD_START, FirstStage
from .core.model import Marks, Paper, Scope, Sort
from .core.settings import Origin, Settings, library_paths
from .core.state import StateError
from .core.text import terminal_safe

if TYPE_CHECKING:
    import argparse

    from .ui.app import DailyPapersApp
else:  # only for options and commands (see _paths_only)
    argparse = lazy_module("argparse")

PROG = "daily-papers"


class UsageError(Exception):
    """A mistake in what the user asked for: reported as ``daily-papers: error: ...``, exit 2."""


def error(message: str) -> int:
    print(f"{PROG}: error: {terminal_safe(message)}", file=sys.stderr)
    return 2


def report_problems(settings: Settings) -> None:
    for problem in settings.problems:
        print(terminal_safe(problem), file=sys.stderr)


# --- parsers --------------------------------------------------------------------------------


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="digest files or folders (default: your library, else the bundled samples)")
    parser.add_argument("--state-dir", metavar="DIR", help="where reading state is kept (default: $DAILY_PAPERS_STATE or the data directory)")


def open_parser() -> argparse.ArgumentParser:
    """``daily-papers [PATH ...]``: the reader."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A terminal reader for Daily Papers digests.",
        epilog="commands:\n  export   print papers as JSON, JSONL, CSV, Markdown or BibTeX (daily-papers export --help)\n"
        "  sync     fetch or update the digest library with git (daily-papers sync --help)\n"
        "  fetch    write today's Hugging Face Daily Papers digest, summarised in Korean (daily-papers fetch --help)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config-path", action="store_true", help="print the config file's path and exit")
    return parser


def commands_parser() -> argparse.ArgumentParser:
    """``daily-papers COMMAND ...``: one subparser per command, each naming the function that runs it.

    The commands' modules are imported here, not at the top: a plain launch of the reader needs none.
    """
    from . import fetch_command
    from .core.export import FORMATS
    from .core.model import Sort

    parser = argparse.ArgumentParser(prog=PROG)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    export = commands.add_parser("export", help="print papers for scripts", description="Print papers for scripts.")
    _add_paths(export)
    export.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    export.add_argument("--query", "-q", default="", help='only papers matching this query, e.g. "diffusion votes:>=20"')
    export.add_argument("--sort", "-s", choices=[str(s) for s in Sort], default="votes", help="order (default: votes, high first)")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    export.add_argument("--starred", action="store_true", help="only starred papers (same as is:starred)")
    export.add_argument("--unread", action="store_true", help="only unread papers (same as is:unread)")
    export.add_argument("--with-state", action="store_true", help='add your reading state to JSON/JSONL/CSV records: "read", "starred", "note"')
    export.add_argument("--with-checks", action="store_true", help='add "suspect" and "suspect_reason" (a summary that may describe another paper) to JSON/JSONL/CSV records')
    export.add_argument("--quiet", action="store_true", help="no warnings on standard error (a digest's problems, a cache not written); errors still print")
    export.set_defaults(run=run_export)

    sync = commands.add_parser("sync", help="clone or update the digest library with git", description="Clone or update the digest library with git.")
    which = sync.add_mutually_exclusive_group()
    which.add_argument("--source", metavar="URL_OR_PATH", help="git repository of digests (default: the config's sources, else upstream)")
    which.add_argument("--list", action="store_true", help="list the library's sources (clones and fetched days) and exit")
    which.add_argument("--remove", metavar="NAME", help="delete the library source NAME (see --list) and exit")
    sync.set_defaults(run=run_sync)

    fetch = commands.add_parser(
        "fetch",
        help="write today's Hugging Face Daily Papers digest into the library",
        description="Write Hugging Face Daily Papers digests (one Markdown file per day) into the library.",
        epilog="Environment: HF_ENDPOINT (default https://huggingface.co), OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL.",
    )
    fetch_command.add_arguments(fetch)
    fetch.set_defaults(run=run_fetch)
    return parser


COMMANDS = ("export", "sync", "fetch")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        memory.pause_collector()  # the app turns it back on once the library is loaded
    else:
        memory.resume_collector()  # off since reader.launch; export turns it off while it loads
    try:
        if argv and argv[0] in COMMANDS:
            args = commands_parser().parse_args(argv)
            command: Callable[[argparse.Namespace], int] = args.run
            return command(args)
        args = _paths_only(argv) or open_parser().parse_args(argv)
        if args.config_path:
            print(dirs.config_path())
            return 0
        return run_app(args)
    except (MissingPathError, UsageError, StateError) as problem:
        return error(str(problem))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        memory.resume_collector()  # whatever happened (the app has done so once its library was loaded)


def _paths_only(argv: list[str]) -> argparse.Namespace | None:
    """The usual launch, paths and no options, read without argparse: ~10 ms of the first screen
    (argparse and its gettext imports, which :mod:`reader.core.lazy` defers), ``python -X importtime``."""
    if any(arg.startswith("-") for arg in argv):
        return None
    return cast("argparse.Namespace", SimpleNamespace(paths=argv, state_dir=None, config_path=False))


# --- the commands -----------------------------------------------------------------------------


def run_app(args: argparse.Namespace) -> int:
    settings = Settings.load(args.state_dir)
    paths, origin = resolve_paths(args.paths, settings)
    app = reader_app(paths, origin, settings)
    app.run()
    return app.return_code or 0


def reader_app(paths: list[Path], origin: Origin, settings: Settings) -> DailyPapersApp:
    """The app as a launch makes it (``bench.probe`` too): the newest day is read, in a process of its own, while the UI is imported."""
    first = FirstStage(paths, head_start=FIRST_STAGE_HEAD_START, process=True)
    from .ui.app import DailyPapersApp

    return DailyPapersApp(paths, origin=origin, settings=settings, first=first)


def resolve_paths(named: Sequence[str], settings: Settings) -> tuple[list[Path], Origin]:
    """The paths named on the command line (each must exist), else the library, else the samples."""
    if not named:
        return library_paths(settings)
    for path in named:
        if not os.path.lexists(path):
            raise MissingPathError(f"{path}: no such file or directory")
    return [Path(p) for p in named], "paths"


def run_export(args: argparse.Namespace) -> int:
    from .core.export import export, write_output
    from .core.loader import load_catalog
    from .core.query import QueryError, parse_query
    from .core.search import SearchEngine
    from .core.state import open_marks
    from .core.text import fold
    from .core.view import Browser, ViewState

    settings = Settings.load(args.state_dir)
    query = " ".join(filter(None, [args.query, "is:starred" if args.starred else "", "is:unread" if args.unread else ""]))
    try:
        node = parse_query(query)
    except QueryError as problem:
        return error(f"bad query: {problem.message} (at character {problem.position + 1})")
    if not args.paths:
        report_problems(settings)
    paths, _ = resolve_paths(args.paths, settings)
    memory.pause_collector()  # as for the app: loading makes ~10^6 objects, the collector would walk them again and again
    # the same pipeline as the app: files → parse cache → catalog (a warm export parses nothing)
    def warn(problem: str) -> None:
        if not args.quiet:
            print(f"{PROG}: warning: {terminal_safe(problem)}", file=sys.stderr)

    catalog = load_catalog(paths, report=warn)
    if not args.quiet:
        for warning in catalog.warnings:
            print(warning, file=sys.stderr)
    marks = open_marks(settings.state_path) if node is not None or args.with_state else Marks()
    searched = marks._replace(notes={key: fold(note) for key, note in marks.notes.items()})
    rows = SearchEngine(Browser(catalog)).scan(ViewState(scope=Scope.ALL, sort=Sort(args.sort)), node, searched)
    papers = catalog.papers(rows)
    extras = [state_fields(marks)] if args.with_state else []
    if args.with_checks:
        extras.append(check_fields({(catalog.key(r), catalog.days[r]): catalog.suspects[r] for r in rows}))
    text = export(papers, args.format, combined(extras) if extras else None)
    if args.output:
        try:
            write_output(Path(args.output), text)  # atomically: a failed write leaves the old file
        except OSError as problem:
            return error(f"cannot write {terminal_safe(args.output)}: {problem.strerror or problem}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def state_fields(marks: Marks) -> Callable[[Paper], dict[str, object]]:
    """``export --with-state``: each record's ``read``, ``starred`` and ``note`` (null without one)."""

    def fields(paper: Paper) -> dict[str, object]:
        key = paper.key
        return {"read": key in marks.read, "starred": key in marks.starred, "note": marks.notes.get(key)}

    return fields


def check_fields(reasons: dict[tuple[str, int], str | None]) -> Callable[[Paper], dict[str, object]]:
    """``export --with-checks``: ``suspect`` and ``suspect_reason`` (null when the summary fits)."""

    def fields(paper: Paper) -> dict[str, object]:
        reason = reasons.get((paper.key, paper.date.toordinal()))
        return {"suspect": reason is not None, "suspect_reason": reason}

    return fields


def combined(extras: list[Callable[[Paper], dict[str, object]]]) -> Callable[[Paper], dict[str, object]]:
    def fields(paper: Paper) -> dict[str, object]:
        return {key: value for extra in extras for key, value in extra(paper).items()}

    return fields


def run_fetch(args: argparse.Namespace) -> int:
    from . import fetch_command

    settings = Settings.load()
    report_problems(settings)
    return fetch_command.run(args, settings)


def run_sync(args: argparse.Namespace) -> int:
    from .core.sync import SyncError, library_sources, remove_source, sync
    from .core.text import plural

    settings = Settings.load()
    report_problems(settings)
    if args.list:
        folders = library_sources(settings.library_dir)
        for folder in folders:
            print(f"{folder.name}\t{plural(folder.days, 'day')}\t{folder.origin}")
        if not folders:
            print(f"no sources in {settings.library_dir} yet: daily-papers sync or daily-papers fetch", file=sys.stderr)
        return 0
    if args.remove:
        try:
            print(f"removed {remove_source(settings.library_dir, args.remove)}")
        except (SyncError, OSError) as problem:
            return error(f"sync --remove: {problem}")
        return 0
    sources = [args.source] if args.source else list(settings.config.sources)
    interactive = sys.stderr.isatty()

    def show(line: str) -> None:
        if interactive:
            print(f"\r\x1b[K{line[:120]}", end="", file=sys.stderr, flush=True)

    def clear_line() -> None:
        if interactive:
            print("\r\x1b[K", end="", file=sys.stderr)

    failed = False
    for source in sources:
        print(f"Syncing {source}", file=sys.stderr)
        try:
            result = sync(source, output=show)
        except SyncError as problem:
            clear_line()
            print(f"{PROG}: error: sync {source}: {problem}", file=sys.stderr)
            failed = True
            continue
        clear_line()
        if not result.cloned and not result.new_days and not result.new_papers:
            print(f"{source}: {result.folder}: already up to date")
            continue
        verb = "cloned into" if result.cloned else "updated"
        print(f"{source}: {verb} {result.folder}: {plural(result.new_days, 'new day')}, {plural(result.new_papers, 'new paper')}")
    return 1 if failed else 0
