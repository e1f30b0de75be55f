"""Finding digest files and loading many days into one library."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import dirs
from .model import Paper, ParseWarning
from .parse import parse_file


class MissingPathError(Exception):
    """A path named by the user does not exist."""


def find_digest_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ParseWarning]]:
    """Expand files and directories (recursively, ``*.md``) into digest files.

    A missing path raises :class:`MissingPathError`; unreadable folders and symlink loops give
    warnings. A file named directly is read whatever its extension.
    """
    files: list[Path] = []
    warnings: list[ParseWarning] = []
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(path, followlinks=True, onerror=lambda e: warnings.append(ParseWarning(str(e.filename), 0, f"cannot read folder: {e.strerror}"))):
                real = os.path.realpath(root)
                if real in seen_dirs:
                    warnings.append(ParseWarning(root, 0, "folder already read (symlink loop?); skipped"))
                    dirs[:] = []
                    continue
                seen_dirs.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / n for n in names if n.lower().endswith(".md") and not n.startswith("."))
            for file in sorted(found):
                if file.is_file():
                    add(file)
                else:
                    warnings.append(ParseWarning(str(file), 0, "not a regular file (broken link, pipe or device); skipped"))
        elif path.is_file():
            add(path)
        elif path.exists() or path.is_symlink():
            warnings.append(ParseWarning(str(path), 0, "not a regular file (broken link, pipe or device); skipped"))
        else:
            raise MissingPathError(f"{raw}: no such file or directory")
    return files, warnings


def sort_newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest day first; within a day, the order of the file."""
    return sorted(papers, key=lambda p: p.date, reverse=True)


@dataclass
class Library:
    """Every paper loaded, newest day first, with the warnings met on the way."""

    papers: list[Paper] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        return sorted({p.date for p in self.papers}, reverse=True)


def load_files(files: Sequence[Path]) -> Library:
    papers: list[Paper] = []
    warnings: list[ParseWarning] = []
    for file in files:
        found, problems = parse_file(file)
        papers.extend(found)
        warnings.extend(problems)
    return Library(sort_newest_first(papers), warnings)


def load(paths: Iterable[str | Path]) -> Library:
    files, warnings = find_digest_files(paths)
    library = load_files(files)
    library.warnings[:0] = warnings
    return library


def _by_votes(p: Paper) -> tuple:
    return (p.votes is None, -(p.votes or 0), -p.date.toordinal(), p.title.casefold())


def _by_date(p: Paper) -> tuple:
    return (-p.date.toordinal(), p.votes is None, -(p.votes or 0), p.title.casefold())


def _by_title(p: Paper) -> tuple:
    return (p.title.casefold(), -p.date.toordinal())


SORT_KEYS = {"votes": _by_votes, "date": _by_date, "title": _by_title}
SORTS = tuple(SORT_KEYS)


def sort_papers(papers: Iterable[Paper], by: str = "votes") -> list[Paper]:
    """votes: high first, none last, then newest, then title; date: newest first; title: A-Z."""
    return sorted(papers, key=SORT_KEYS[by])


def default_paths() -> tuple[list[Path], str]:
    """What to read when no PATH is given: the synced library and configured folders, else samples."""
    from .config import load_config
    from .sync import digest_root

    config, _ = load_config()
    root = dirs.library_dir()
    synced = sorted(digest_root(p) for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []
    paths = [p for p in [*synced, *config.folders] if p.is_dir() and any(p.rglob("*.md"))]
    if paths:
        return paths, "library"
    return [dirs.samples_dir()], "samples"
