"""Finding digest files (and their days, from their names) and loading many days into one library.

The parser is imported only to load papers: finding files and the newest day comes before the
first screen, which does without it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import dirs
from .model import Paper, ParseWarning

_PATH_DATE = re.compile(r"(\d{4})[-/_](\d{1,2})[-/_](\d{1,2})(?:\.md)?$", re.I)


class MissingPathError(Exception):
    """A path named by the user does not exist."""


def date_from_path(path: str) -> date | None:
    """``2024-05-02.md`` or ``paper_logs/2024/05/02.md`` -> 2024-05-02."""
    match = _PATH_DATE.search(path.replace("\\", "/"))
    return make_date(*match.groups()) if match else None


def make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_digest_files(paths: Iterable[str | Path]) -> tuple[list[str], list[ParseWarning]]:
    """Expand files and directories (recursively, ``*.md``) into digest files.

    A missing path raises :class:`MissingPathError`; unreadable folders and symlink loops give
    warnings. A file named directly is read whatever its extension. Files come in path order
    (a folder's entries by name), each real file once, as strings (no Path per file: this
    runs before the first screen).
    """
    files: list[str] = []
    warnings: list[ParseWarning] = []
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def add(path: str, real: str) -> None:
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    def walk(folder: str, real_folder: str) -> None:
        # one scandir per folder: entry types come from the directory listing, so a library of
        # thousands of files costs no stat per file (this runs before the first screen)
        if real_folder in seen_dirs:
            warnings.append(ParseWarning(folder, 0, "folder already read (symlink loop?); skipped"))
            return
        seen_dirs.add(real_folder)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as error:
            warnings.append(ParseWarning(folder, 0, f"cannot read folder: {error.strerror}"))
            return
        prefix = real_folder if real_folder.endswith(os.sep) else real_folder + os.sep
        for entry in entries:
            kind = _kind(entry)
            real = os.path.realpath(entry.path) if entry.is_symlink() else prefix + entry.name
            if kind == "dir":
                walk(entry.path, real)
            elif not entry.name.lower().endswith(".md"):
                continue
            elif kind == "file":
                add(entry.path, real)
            else:
                warnings.append(ParseWarning(entry.path, 0, "not a regular file (broken link, pipe or device); skipped"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk(str(path), os.path.realpath(path))
        elif path.is_file():
            add(str(path), os.path.realpath(path))
        elif path.exists() or path.is_symlink():
            warnings.append(ParseWarning(str(path), 0, "not a regular file (broken link, pipe or device); skipped"))
        else:
            raise MissingPathError(f"{raw}: no such file or directory")
    return files, warnings


def _kind(entry: os.DirEntry) -> str:
    """``dir``, ``file`` or ``other`` (symlinks followed; a broken or unreadable one is ``other``)."""
    try:
        return "dir" if entry.is_dir() else "file" if entry.is_file() else "other"
    except OSError:
        return "other"


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


def load_files(files: Sequence[str | Path]) -> Library:
    from .parse import parse_file

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


SORTS = ("votes", "date", "title")
"""The orders papers can be listed in; :meth:`reader.core.view.Browser.order` is where they are defined."""


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
