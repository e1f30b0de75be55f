"""Loading a library in stages: the newest day first, then everything else (no UI here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .library import find_digest_files, sort_newest_first
from .model import Paper, ParseWarning
from .parse import date_from_path, parse_file

Progress = Callable[[int, int], None]


def split_newest(files: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The files of the newest dated day (by file name), and the rest.

    Files whose names carry no date go with the rest: their day is known only once parsed.
    """
    dated = [(date_from_path(str(f)), f) for f in files]
    newest = max((d for d, _ in dated if d is not None), default=None)
    if newest is None:
        return [], list(files)
    first = [f for d, f in dated if d == newest]
    return first, [f for d, f in dated if d != newest]


def parse_files(files: Iterable[Path], progress: Progress | None = None, total: int = 0) -> tuple[list[Paper], list[ParseWarning]]:
    papers: list[Paper] = []
    warnings: list[ParseWarning] = []
    for done, file in enumerate(files, start=1):
        found, problems = parse_file(file)
        papers.extend(found)
        warnings.extend(problems)
        if progress and (done % 16 == 0 or done == total):
            progress(done, total)
    return papers, warnings


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[ParseWarning]]:
    return find_digest_files(paths)


__all__ = ["discover", "parse_files", "sort_newest_first", "split_newest"]
