"""The ``daily-papers`` command: open the reader, ``export`` papers, ``sync`` the library."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from . import __version__
from .core import dirs

if TYPE_CHECKING:
    import argparse

    from .core.library import Library

PROG = "daily-papers"
COMMANDS = ("export", "sync")


class UsageError(Exception):
    """A mistake in what the user asked for: reported as ``daily-papers: error: ...``, exit 2."""


def error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def print_warnings(library: Library) -> None:
    for warning in library.warnings:
        print(warning, file=sys.stderr)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="digest files or folders (default: your library, else the bundled samples)")
    parser.add_argument("--state-dir", metavar="DIR", help="where reading state is kept (default: $DAILY_PAPERS_STATE or the data directory)")


def main_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A terminal reader for Daily Papers digests.",
        epilog="commands:\n  export   print papers as JSON, JSONL, CSV, Markdown or BibTeX (daily-papers export --help)\n"
        "  sync     fetch or update the digest library with git (daily-papers sync --help)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config-path", action="store_true", help="print the config file's path and exit")
    return parser


def export_parser() -> argparse.ArgumentParser:
    import argparse

    from .core.export import FORMATS
    from .core.library import SORTS

    parser = argparse.ArgumentParser(prog=f"{PROG} export", description="Print papers for scripts.")
    _add_common(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    parser.add_argument("--query", "-q", default="", help='only papers matching this query, e.g. "diffusion votes:>=20"')
    parser.add_argument("--sort", "-s", choices=SORTS, default="votes", help="order (default: votes, high first)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--starred", action="store_true", help="only starred papers (same as is:starred)")
    parser.add_argument("--unread", action="store_true", help="only unread papers (same as is:unread)")
    return parser


def sync_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog=f"{PROG} sync", description="Clone or update the digest library with git.")
    parser.add_argument("--source", metavar="URL_OR_PATH", help="git repository of digests (default: the config's sources, else upstream)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        # Start-up creates hundreds of thousands of objects (Textual's, then the library's): the
        # cyclic garbage collector would walk them again and again while they are created
        # (~15 ms of a 0.25 s first screen). The app turns it back on once the library is loaded.
        gc.disable()
    from .core.library import MissingPathError

    try:
        if argv and argv[0] == "export":
            return run_export(export_parser().parse_args(argv[1:]))
        if argv and argv[0] == "sync":
            from .core.sync import run_sync

            return run_sync(sync_parser().parse_args(argv[1:]))
        args = _paths_only(argv) or main_parser().parse_args(argv)
        if args.config_path:
            print(dirs.config_path())
            return 0
        return run_app(args)
    except (MissingPathError, UsageError) as problem:
        return error(str(problem))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        gc.enable()  # whatever happened (the app has done so once its library was loaded)


def _paths_only(argv: list[str]) -> SimpleNamespace | None:
    """The usual launch, paths and no options, read without argparse (~3 ms of the first screen)."""
    if any(arg.startswith("-") for arg in argv):
        return None
    return SimpleNamespace(paths=argv, state_dir=None, config_path=False)


def _apply_state_dir(args: argparse.Namespace) -> None:
    if getattr(args, "state_dir", None):
        os.environ["DAILY_PAPERS_STATE"] = str(Path(args.state_dir).expanduser())


def run_export(args: argparse.Namespace) -> int:
    from .core.export import export
    from .core.library import default_paths
    from .core.loader import load_catalog
    from .core.query import QueryError, parse_query
    from .core.view import Browser, ViewState

    _apply_state_dir(args)
    query = " ".join(filter(None, [args.query, "is:starred" if args.starred else "", "is:unread" if args.unread else ""]))
    index_query = None
    try:
        index_query = parse_query(query)
    except QueryError as problem:
        return error(f"bad query: {problem.message} (at character {problem.position + 1})")
    if not args.paths:
        from .core.config import load_config

        for problem in load_config()[1]:
            print(problem, file=sys.stderr)
    paths = args.paths or default_paths()[0]
    gc.disable()  # as for the app: loading makes ~10^6 objects, the collector would walk them again and again
    catalog = load_catalog(paths, report=lambda problem: print(f"{PROG}: warning: {problem}", file=sys.stderr))
    print_warnings(catalog)
    marks = None
    if index_query is not None:
        from .core.state import open_marks

        marks = open_marks()
    rows = Browser(catalog).rows(ViewState(scope="all", sort=args.sort), index_query, marks)
    papers = catalog.papers(rows)
    text = export(papers, args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as problem:
            return error(f"cannot write {args.output}: {problem.strerror or problem}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def run_app(args: argparse.Namespace) -> int:
    from .core.library import MissingPathError, default_paths

    _apply_state_dir(args)
    if args.paths:
        for path in args.paths:
            if not os.path.lexists(path):
                raise MissingPathError(f"{path}: no such file or directory")
        paths, origin = [Path(p) for p in args.paths], "paths"
    else:
        paths, origin = default_paths()
    from .ui.app import DailyPapersApp

    app = DailyPapersApp(paths, origin=origin)
    app.run()
    return app.return_code or 0
