"""The parse cache: file records keyed by path, valid while the file's size and mtime match.

One marshal file in the platformdirs cache directory, written atomically (temporary file, then
rename). A missing, corrupt, unreadable or old-format cache is ignored and rebuilt; failing to
write it only costs the next start its speed.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path

from . import dirs
from .catalog import FileRecord

FORMAT = 1



def _stamp() -> str:
    """Records depend on the parser: a new mistune (or format) means a new cache."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        mistune_version = version("mistune")
    except PackageNotFoundError:
        mistune_version = "?"
    return f"daily-papers-cache {FORMAT} mistune {mistune_version}"


def cache_path() -> Path:
    return dirs.cache_dir() / f"catalog-v{FORMAT}.marshal"


def load_cache(path: Path | None = None) -> dict[str, FileRecord]:
    path = path or cache_path()
    try:
        with open(path, "rb") as handle:
            data = marshal.load(handle)
        if not isinstance(data, tuple) or len(data) != 2 or data[0] != _stamp() or not isinstance(data[1], dict):
            return {}
        return {name: FileRecord.from_tuple(value) for name, value in data[1].items()}
    except (OSError, EOFError, ValueError, TypeError, MemoryError):
        return {}


def save_cache(records: dict[str, FileRecord], path: Path | None = None) -> str | None:
    """Write ``records`` (dropping files that no longer exist); return a problem, or None."""
    path = path or cache_path()
    kept = {name: r.to_tuple() for name, r in records.items() if os.path.exists(name)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump((_stamp(), kept), out)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, ValueError) as error:
        return f"could not write the parse cache {path}: {getattr(error, 'strerror', None) or error}"
    return None
