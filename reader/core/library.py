"""Finding digest files (and their days, from their names) and loading many days into one library.

The parser is imported only to load papers: finding files and the newest day comes before the
first screen, which does without it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .model import ParseWarning


class MissingPathError(Exception):
    """A path named by the user does not exist."""


_SYSTEM_TREES = ("/proc", "/sys", "/dev")


FolderSignature = tuple[str, int, int, int, int]
"""A folder read by the walk: its path, device, inode, modification and status change times (ns).
Adding, removing or renaming an entry changes both times, a change of permissions the second;
replacing the folder changes the inode."""


def folder_signature(folder: str) -> FolderSignature:
    """``folder``'s signature now (OSError if it is gone)."""
    found = os.stat(folder)
    return folder, found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns


def find_digest_files(paths: Iterable[str | Path], folders: list[str] | None = None) -> tuple[list[str], list[ParseWarning]]:
    """Expand files and directories (recursively, ``*.md``) into digest files.

    A missing path raises :class:`MissingPathError`; unreadable folders and symlink loops give
    warnings. A file named directly is read whatever its extension, wherever it is, if it is a
    regular file. In a folder, only regular files inside that folder are read: a symbolic link
    leading outside it (``02.md -> /etc/passwd``, ``paper_logs -> /``), devices and pipes are
    skipped with a warning, and the walk never enters /proc, /sys or /dev. Files come in path
    order (a folder's entries by name), each real file once, as strings (no Path per file:
    this runs before the first screen). ``folders``, when given, receives each folder read
    (see ``cache.save_walk``).
    """
    files: list[str] = []
    warnings: list[ParseWarning] = []
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def add(path: str, real: str) -> None:
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    def walk(folder: str, real_folder: str, boundary: str) -> None:
        # one scandir per folder: entry types come from the directory listing, so a library of
        # thousands of files costs no stat per file (this runs before the first screen)
        if real_folder in seen_dirs:
            warnings.append(ParseWarning(folder, 0, "folder already read (symlink loop?); skipped"))
            return
        if _is_system_tree(real_folder):
            warnings.append(ParseWarning(folder, 0, f"{real_folder} is a system folder, not digests; skipped"))
            return
        seen_dirs.add(real_folder)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as error:
            warnings.append(ParseWarning(folder, 0, f"cannot read folder: {error.strerror}"))
            return
        if folders is not None:
            folders.append(folder)
        prefix = real_folder if real_folder.endswith(os.sep) else real_folder + os.sep
        for entry in entries:
            kind = _kind(entry)
            if entry.is_symlink():
                real = os.path.realpath(entry.path)
                if not _inside(real, boundary):
                    if kind == "dir" or entry.name.lower().endswith(".md"):
                        warnings.append(ParseWarning(entry.path, 0, f"symbolic link to {real}, outside {boundary}; skipped"))
                    continue
            else:
                real = prefix + entry.name
            if kind == "dir":
                walk(entry.path, real, boundary)
            elif not entry.name.lower().endswith(".md"):
                continue
            elif kind == "file":
                add(entry.path, real)
            else:
                warnings.append(ParseWarning(entry.path, 0, "not a regular file (broken link, pipe or device); skipped"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            real = os.path.realpath(path)
            walk(str(path), real, real)
        elif path.is_file():
            add(str(path), os.path.realpath(path))
        elif path.exists() or path.is_symlink():
            warnings.append(ParseWarning(str(path), 0, "not a regular file (broken link, pipe or device); skipped"))
        else:
            raise MissingPathError(f"{raw}: no such file or directory")
    return files, warnings


def _inside(real: str, boundary: str) -> bool:
    return real == boundary or real.startswith(boundary if boundary.endswith(os.sep) else boundary + os.sep)


def _is_system_tree(real: str) -> bool:
    return os.sep == "/" and any(real == tree or real.startswith(tree + "/") for tree in _SYSTEM_TREES)


def _kind(entry: os.DirEntry) -> str:
    """``dir``, ``file`` or ``other`` (symlinks followed; a broken or unreadable one is ``other``)."""
    try:
        return "dir" if entry.is_dir() else "file" if entry.is_file() else "other"
    except OSError:
        return "other"


def digest_root(folder: Path) -> Path:
    """Where a synced repository keeps its digests: ``paper_logs/`` upstream (its README repeats a day)."""
    logs = folder / "paper_logs"
    return logs if logs.is_dir() and not logs.is_symlink() else folder  # a link could lead out of the library
