"""The parse cache: file records keyed by path, valid while the file's size and mtime match.

Two files in the platformdirs cache directory, each written atomically (temporary file, then
rename). The catalog of every file read:

    MAGIC, header length (8 bytes), header (marshal), texts (UTF-16-LE), signatures

The header holds each file's small columns and where its texts and signatures lie in the two
blobs after it. A warm start maps the file and decodes each file's texts straight from the map:
UTF-16 decodes about three times faster than the UTF-8 marshal writes, and no step copies the
whole corpus. A missing, corrupt, unreadable or old-format cache is ignored and rebuilt; failing
to write it only costs the next start its speed.

And a snapshot of the newest day, records and full papers, which the first screen shows without
importing or running the parser (:func:`load_first_screen`).
"""

from __future__ import annotations

import codecs
import marshal
import mmap
import os
import struct
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from .. import __version__
from . import dirs
from .catalog import SIGNATURE_BYTES, FileRecord, file_signature
from .model import Bullet, Paper, Source

FORMAT = 2  # 2: texts as UTF-16 after the header, n-gram signatures
MAGIC = b"DPCACHE\x00"
ROW_SEP = "\x1e"  # between a file's papers' texts (a control character: cleaned text has none)
_LENGTH = struct.Struct("<Q")


def _stamp() -> str:
    """Records depend on the parser: another mistune (or format) means a new cache.

    mistune is known by its installed ``__init__.py`` (size and mtime), found without importing
    it: asking importlib.metadata for its version costs ~40 ms of imports and reads, in the
    background of every start. A reinstall of the same version only costs one re-parse.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec("mistune")
        stat = os.stat(spec.origin) if spec and spec.origin else None
    except (ImportError, ValueError, OSError):
        stat = None
    mistune = f"{stat.st_size}-{stat.st_mtime_ns}" if stat else "?"
    return f"daily-papers-cache {FORMAT} mistune {mistune}"


def cache_path() -> Path:
    return dirs.cache_dir() / f"catalog-v{FORMAT}.bin"


def load_cache(path: Path | None = None) -> dict[str, FileRecord]:
    path = path or cache_path()
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            view = memoryview(mapped)
            try:
                return _read(view)
            finally:
                view.release()
    except (OSError, EOFError, ValueError, TypeError, IndexError, MemoryError, BufferError, struct.error):
        return {}


def _read(view: memoryview) -> dict[str, FileRecord]:
    if view[: len(MAGIC)] != MAGIC:
        return {}
    start = len(MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack_from(view, len(MAGIC))
    stamp, entries, text_bytes = marshal.loads(view[start : start + length])
    if stamp != _stamp() or not isinstance(entries, dict):
        return {}
    texts_at = start + length
    signatures_at = texts_at + text_bytes
    decode = codecs.utf_16_le_decode
    records = {}
    for name, (size, mtime_ns, rows, warnings, text_offset, text_length, signature_offset) in entries.items():
        at = texts_at + text_offset
        end = signatures_at + signature_offset + len(rows) * SIGNATURE_BYTES
        if at + text_length > signatures_at or end > len(view):
            raise ValueError("cache entry points past the end of the file")
        # one decode and one split per file: a Python step per paper would be most of the load
        texts = tuple(decode(view[at : at + text_length], "surrogatepass", True)[0].split(ROW_SEP)) if rows else ()
        if len(texts) != len(rows):
            raise ValueError("cache entry without one text per row")
        signatures = view[signatures_at + signature_offset : end].tobytes()
        records[name] = FileRecord(name, size, mtime_ns, rows, texts, warnings, signatures)
    return records


def save_cache(records: dict[str, FileRecord], path: Path | None = None) -> str | None:
    """Write ``records`` (dropping files that no longer exist); return a problem, or None."""
    path = path or cache_path()
    entries: dict[str, tuple] = {}
    texts: list[bytes] = []
    signatures: list[bytes] = []
    text_bytes = signature_bytes = 0
    for name, record in records.items():
        if not os.path.exists(name):
            continue
        signed = record.signatures if len(record.signatures) == len(record.rows) * SIGNATURE_BYTES else b""
        if not signed and record.rows:
            continue  # a record without signatures (the first screen's) is not worth keeping
        if any(ROW_SEP in text for text in record.texts):
            continue  # not from the parser (its text has no control characters): not splittable
        encoded = ROW_SEP.join(record.texts).encode("utf-16-le", "surrogatepass")
        entries[name] = (record.size, record.mtime_ns, record.rows, record.warnings, text_bytes, len(encoded), signature_bytes)
        texts.append(encoded)
        signatures.append(signed)
        text_bytes += len(encoded)
        signature_bytes += len(signed)
    header = marshal.dumps((_stamp(), entries, text_bytes))
    return _write(path, [MAGIC + _LENGTH.pack(len(header)), header, *texts, *signatures])


def _write(path: Path, chunks: Iterable[bytes]) -> str | None:
    """Write ``chunks`` to ``path`` atomically; return a problem, or None."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.writelines(chunks)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, ValueError) as error:
        return f"could not write the parse cache {path}: {getattr(error, 'strerror', None) or error}"
    return None


# --- the first screen's snapshot ------------------------------------------------------------

Parsed = list[tuple[FileRecord, list[Paper]]]


def _first_screen_stamp() -> str:
    """The cache's stamp (format and parser, 0.1 ms to find out) and this reader's version."""
    return f"{_stamp()} first-screen {__version__}"


def first_screen_path() -> Path:
    return dirs.cache_dir() / f"first-screen-v{FORMAT}.bin"


def load_first_screen(names: Sequence[str], path: Path | None = None) -> Parsed | None:
    """The files ``names`` as the snapshot holds them, or None unless it holds exactly those, unchanged."""
    path = path or first_screen_path()
    try:
        stamp, entries = marshal.loads(path.read_bytes())
        if stamp != _first_screen_stamp() or [entry[0] for entry in entries] != list(names):
            return None
        parsed = []
        for name, size, mtime_ns, rows, texts, warnings, papers in entries:
            if file_signature(name) != (size, mtime_ns) or len(texts) != len(rows):
                return None
            parsed.append((FileRecord(name, size, mtime_ns, rows, texts, warnings), [_paper(p) for p in papers]))
        return parsed
    except (OSError, EOFError, ValueError, TypeError, IndexError, AttributeError, OverflowError):
        return None


def save_first_screen(parsed: Parsed, path: Path | None = None) -> str | None:
    """Keep the newest day's records and papers for the next start's first screen."""
    entries = [(r.path, r.size, r.mtime_ns, r.rows, r.texts, r.warnings, [_paper_data(p) for p in papers]) for r, papers in parsed]
    return _write(path or first_screen_path(), [marshal.dumps((_first_screen_stamp(), entries))])


def _paper_data(paper: Paper) -> tuple:
    source = paper.source
    summary = tuple(map(_bullet_data, paper.summary))
    return (paper.date.toordinal(), paper.title, paper.url, paper.arxiv_id, paper.votes, paper.authors, summary, paper.thumbnail, source.path, source.line)


def _bullet_data(bullet: Bullet) -> tuple:
    return bullet.label, bullet.text, tuple(map(_bullet_data, bullet.children))


def _paper(data: tuple) -> Paper:
    day, title, url, arxiv_id, votes, authors, summary, thumbnail, source, line = data
    return Paper(date.fromordinal(day), title, url, arxiv_id, votes, tuple(authors), tuple(map(_bullet, summary)), thumbnail, Source(source, line))


def _bullet(data: tuple) -> Bullet:
    label, text, children = data
    return Bullet(label, text, tuple(map(_bullet, children)))
