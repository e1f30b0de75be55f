"""The parse cache: file records keyed by path, valid while the file's size and mtime match.

Three files in the platformdirs cache directory, each written atomically (temporary file, then
rename): the catalog of every file read, a snapshot of the newest day alone, which the first
screen shows without importing or running the parser (:func:`load_first_screen`), and the search
index of the whole catalog (:func:`read_index`, its format in :mod:`reader.core.index`). The
format of the first two:

    MAGIC, entries' and head's lengths (8 bytes each), entries (marshal), head (marshal),
    padding, texts (UTF-8, from a multiple of TEXTS_ALIGN), papers

The entries are one per file: its small columns (marshalled on their own), where its texts and
papers lie in the sections after the head and a CRC-32 of each of the two, with a CRC-32 of the
entry itself. A file's texts are one piece (see :mod:`reader.core.texts`), as its parser's worker
made it. The head holds the stamp, one checksum of the texts section as a whole (see
:mod:`reader.core.checksum`), and the image of
the catalog last made of these records (its columns as :meth:`Catalog.image` gives them, with
each file's size, mtime and sections, every row in each of the list's orders, and where each
row's text lies in the texts section, marshalled on their own with a CRC-32), or None. A warm
start whose files are exactly the image's, unchanged, reads the head alone (:func:`load_image`),
not the entries, and maps the texts section on its own: the catalog searches it in place, so
nothing is decoded. Otherwise it reads the records: it maps the file, checks that whole checksum
(one call, which lets the UI thread run meanwhile; when it fails, each record's own texts
instead, see :func:`~reader.core.catalog.crc32`) and each entry's, and each record keeps a view
of its texts in the map. The papers are neither read nor decoded: each record keeps a view of
its blob in the map, checked against its own CRC when first decoded (see :meth:`Catalog.paper`)
or by :func:`damaged_papers` in the background, and the pages the start touched are given back,
so the map costs no memory until a paper is shown.

A damaged record (a CRC mismatch, offsets past the end, any error while reading it) is dropped,
so only that file is parsed again and the cache rewritten; a cache whose header cannot be read,
or of another format or parser, is ignored as a whole. Only regular files are opened (without
blocking: a FIFO in their place is skipped). Failing to write a cache only costs the next start
its speed.
"""

from __future__ import annotations

import marshal
import mmap
import os
import stat
import struct
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from . import dirs
from .catalog import Catalog, FileRecord, crc32, file_signature
from .checksum import Checksum, checksum
from .library import FolderSignature, folder_signature
from .model import ParseWarning
from .texts import Texts, give_back
from .view import presort

if TYPE_CHECKING:
    from . import index_frame
    from .index import TextIndex

FORMAT = 9  # 3: a CRC-32 per record, whole papers in their own section; 4: suspect summaries; 5: no n-gram signatures (the index); 6: the catalog's image; 7: its orders, the entries apart from the head; 8: texts in UTF-8 searched in place, fields' ends in bytes; 9: the texts section's checksum XXH3
MAGIC = b"DPCACHE\x00"
TEXTS_ALIGN = mmap.ALLOCATIONGRANULARITY
"""The texts section starts at a multiple of this, so a warm start maps it on its own (see :func:`load_image`)."""
_LENGTHS = struct.Struct("<QQ")  # of the entries and of the head


def _stamp() -> str:
    """Records depend on the parser: another mistune (or format) means a new cache.

    mistune is known by its installed ``__init__.py`` (size and mtime), found without importing
    it: asking importlib.metadata for its version costs ~40 ms of imports and reads, in the
    background of every start. A reinstall of the same version only costs one re-parse.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec("mistune")
        found = os.stat(spec.origin) if spec and spec.origin else None
    except (ImportError, ValueError, OSError):
        found = None
    mistune = f"{found.st_size}-{found.st_mtime_ns}" if found else "?"
    return f"daily-papers-cache {FORMAT} mistune {mistune}"


def cache_path() -> Path:
    return dirs.cache_dir() / f"catalog-v{FORMAT}.bin"


def load_cache(path: Path | None = None) -> dict[str, FileRecord]:
    """Every intact record of the cache at ``path`` (none if it is missing, foreign or unreadable)."""
    return _load(path or cache_path(), _stamp(), give_back=True)


def save_cache(
    records: dict[str, FileRecord],
    path: Path | None = None,
    mapped: dict[str, tuple[memoryview, int]] | None = None,
    catalog: Catalog | None = None,
) -> str | None:
    """Write ``records`` (dropping files that no longer exist); return a problem, or None.

    With ``mapped``, it receives each written file's papers (and their CRC) as a view of the new
    file, so the caller can let go of the copies in memory (see :meth:`Catalog.adopt_papers`).
    With ``catalog`` (made of some of these records), its image is kept too (see :func:`load_image`).
    """
    problem = _save(records, path or cache_path(), _stamp(), mapped=mapped, catalog=catalog)
    if path is None and problem is None:
        _forget_older_formats()
        forget_scratch()
    return problem


def _forget_older_formats() -> None:
    """Remove the caches of earlier formats (as big as this one) once this one is written."""
    for old in range(1, FORMAT):
        for name in (f"catalog-v{old}.bin", f"first-screen-v{old}.bin", f"index-v{old}.bin", f"walk-v{old}.bin"):
            try:
                (dirs.cache_dir() / name).unlink(missing_ok=True)
            except OSError:
                pass


SCRATCH = (".catalog-", ".index-", ".parse-", ".texts-", ".styles-")
"""The prefixes of what a load writes beside the cache for a while: temporary caches, the
folders of the worker processes' records and index segments, the joined texts, the app's parsed
styles being written (each removed once mapped or renamed, unless the app was killed meanwhile)."""
SCRATCH_MAX_AGE = 3600.0
"""Seconds after which such leftovers are removed (a load under way has newer ones, and keeps them)."""


def forget_scratch(now: float | None = None) -> None:
    """Remove what killed loads left beside the cache (up to a few hundred MB each)."""
    import shutil
    import time

    limit = (time.time() if now is None else now) - SCRATCH_MAX_AGE
    try:
        entries = list(os.scandir(dirs.cache_dir()))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.name.startswith(SCRATCH) or entry.stat(follow_symlinks=False).st_mtime > limit:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def damaged_papers(records: dict[str, FileRecord]) -> list[str]:
    """The files among ``records`` whose papers do not match their CRC (~50 ms for 55,000 papers)."""
    return _damaged((name, record.papers, record.papers_crc) for name, record in records.items())


def _damaged(blobs: Iterable[tuple[str, bytes | memoryview, int]]) -> list[str]:
    """The names whose blob does not match its CRC. The pages of a mapped cache this reads are
    given back afterwards (they stay in the page cache, not in this process's memory)."""
    damaged, maps = [], {}
    for name, blob, crc in blobs:
        if crc32(blob) != crc:
            damaged.append(name)
        if isinstance(blob, memoryview) and isinstance(blob.obj, mmap.mmap):
            maps[id(blob.obj)] = blob.obj
    for mapped in maps.values():
        _give_back(mapped)
    return damaged


def load_image(files: Sequence[str], signatures: Sequence[tuple[int, int] | None], path: Path | None = None) -> Catalog | None:
    """The catalog of ``files`` (whose size and mtime are ``signatures``) from the cache's image
    of it; None unless the image is of exactly these files, unchanged, and intact.

    The warm start's path: one unmarshal of the catalog's columns (~30 ms for 55,000 papers)
    and a map of the texts' section, which the catalog searches in place (nothing is decoded),
    while a thread checks the texts' checksum (without the interpreter lock), where reading every
    file's record and assembling the catalog from them took ~0.35 s. Any change or damage: None,
    and the records are read. The records themselves are not read: :func:`records_intact`
    checks them, in the background.
    """
    try:
        descriptor = _open_regular_file(path or cache_path())
    except OSError:
        return None
    try:
        mapped = mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
        view = memoryview(mapped)
    except (OSError, ValueError, OverflowError):
        os.close(descriptor)
        return None
    try:
        return _read_image(view, _stamp(), list(files), list(signatures), lambda at, length: mmap.mmap(descriptor, length, offset=at, access=mmap.ACCESS_READ))
    except Exception:  # damage the checks did not catch: the records' path checks each file
        return None
    finally:
        _give_back(mapped)  # the pages read (the papers stay mapped)
        view.release()
        os.close(descriptor)


def _read_image(
    view: memoryview,
    stamp: str,
    files: list[str],
    signatures: list[tuple[int, int] | None],
    map_region: Callable[[int, int], mmap.mmap],
) -> Catalog | None:
    found = _sections(view, stamp)
    if found is None or found[0][3] is None:
        return None
    (_, text_bytes, region_sum, (data_crc, data)), _, _, texts_at = found
    if crc32(data) != data_crc:
        return None
    columns, table, presorted, (start_bytes, end_bytes) = marshal.loads(data)
    if columns[1] != files or len(table) != len(files):
        return None
    papers_at = texts_at + text_bytes
    if papers_at > len(view):
        return None
    # the texts stay where they are: searched in their own map (see reader.core.texts), checked
    # as a whole in a thread (without the interpreter lock) while the columns are read
    region: bytes | mmap.mmap = map_region(texts_at, text_bytes) if text_bytes else b""
    checking = ThreadPoolExecutor(1, thread_name_prefix="check-texts")
    region_checked = checking.submit(checksum, region)
    checking.shutdown(wait=False)
    try:
        blobs: list[tuple[bytes | memoryview, int]] = []
        warnings: list[ParseWarning] = []
        for name, signature, entry in zip(files, signatures, table, strict=True):
            (size, mtime_ns, _, _, papers_offset, papers_length, papers_crc, file_warnings) = entry
            if signature != (size, mtime_ns):
                return None
            if file_warnings:
                warnings.extend(ParseWarning(name, line, message) for line, message in file_warnings)
            blobs.append((_section(view, papers_at, len(view), papers_offset, papers_length), papers_crc))
        starts, ends = memoryview(start_bytes).cast("q"), memoryview(end_bytes).cast("q")
        if len(starts) and (min(starts) < 0 or max(ends) > text_bytes):
            return None
    finally:
        intact = region_checked.result() == region_sum
        if isinstance(region, mmap.mmap):
            _give_back(region)  # the check read every page: they come back as a search reads them
    if not intact:
        return None
    catalog = Catalog.from_image(columns, Texts(region, starts, ends), blobs, warnings)
    if isinstance(presorted, tuple) and len(presorted) == 2 and isinstance(presorted[1], dict):
        catalog.presorted = (presorted[0], {k: v for k, v in presorted[1].items() if isinstance(k, str) and isinstance(v, bytes)})
    return catalog


def records_intact(path: Path | None = None) -> bool:
    """Whether every file's record in the cache matches its CRC (~10 ms for 2,920 files): after a
    start from the image, the loader mends damaged records behind a catalog already shown."""
    try:
        mapped = _map_regular_file(path or cache_path())
    except (OSError, ValueError, OverflowError):
        return False
    view = memoryview(mapped)
    try:
        found = _sections(view, _stamp())
        if found is None:
            return False
        _, entries_at, entries_length, _ = found
        entries = marshal.loads(view[entries_at : entries_at + entries_length])
        return all(isinstance(entry, tuple) and len(entry) == 2 and crc32(entry[1]) == entry[0] for entry in entries)
    except Exception:
        return False
    finally:
        view.release()
        mapped.close()


def damaged_blobs(catalog: Catalog) -> list[str]:
    """The files of ``catalog`` whose papers do not match their CRC (see :func:`damaged_papers`)."""
    return _damaged(zip(catalog.files, catalog.blobs, catalog.blob_crcs, strict=True))


# --- the walk: which digest files there are ---------------------------------------------------

WALK_MAGIC = b"DPWALK\x00\x00"
WALK_SETTLE_NS = 2_000_000_000
"""A walk is not kept when a folder it read changed less than this before it began: a change in
the same tick of the file system's clock would leave the folder's time as it was."""


def walk_path() -> Path:
    return dirs.cache_dir() / f"walk-v{FORMAT}.bin"


def _walk_stamp() -> str:
    """The cache's stamp and this reader's version: another version may walk by other rules."""
    return f"{_stamp()} walk {__version__}"


def _walk_key(paths: Sequence[str | Path]) -> tuple | None:
    """What a walk's result depends on besides its folders: the working folder and the paths as
    given, each a folder (its signature is the walk's first) or a file; None when one is neither,
    or the working folder is gone."""
    kinds = []
    for raw in paths:
        if os.path.isdir(raw):
            kinds.append("dir")
        elif os.path.isfile(raw):
            kinds.append("file")
        else:
            return None  # missing, or not a regular file: the walk itself says what it is
    try:
        working = os.getcwd()
    except OSError:  # deleted under the app: relative paths mean nothing to keep
        return None
    return (working, [os.fspath(raw) for raw in paths], kinds)


def load_walk(paths: Sequence[str | Path], path: Path | None = None) -> tuple[list[str], list[ParseWarning], list[str]] | None:
    """What the last walk of ``paths`` found (its files, its warnings and the newest day's files)
    when none of the folders it read has changed since (one stat each: ~1.5 ms for a library of
    500 folders, where walking it again and finding its newest day took ~15 ms before the first
    screen); else None."""
    try:
        descriptor = _open_regular_file(path or walk_path())
        try:
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                data = handle.read()
        finally:
            os.close(descriptor)
        if data[: len(WALK_MAGIC)] != WALK_MAGIC or crc32(data[len(WALK_MAGIC) + 4 :]) != int.from_bytes(data[len(WALK_MAGIC) : len(WALK_MAGIC) + 4], "little"):
            return None
        stamp, key, folders, files, warnings, newest = marshal.loads(data[len(WALK_MAGIC) + 4 :])
        if stamp != _walk_stamp() or key != _walk_key(paths):
            return None
        for folder in folders:
            if folder_signature(folder[0]) != tuple(folder):
                return None
        return list(files), [ParseWarning(*w) for w in warnings], list(newest)
    except Exception:  # missing, unreadable, damaged: walked again
        return None


def save_walk(
    paths: Sequence[str | Path],
    found: tuple[list[str], list[ParseWarning], list[str]],
    folders: Sequence[str],
    started_ns: int,
    path: Path | None = None,
) -> str | None:
    """Keep a walk of ``paths`` begun at ``started_ns`` (time.time_ns) for :func:`load_walk`:
    what it ``found`` and the signatures of the ``folders`` it read, taken now. Not kept when
    one of them changed after it began, or just before (see :data:`WALK_SETTLE_NS`): a folder
    whose times are older than that was listed as it is now. Its status change time decides,
    which nothing can set back (a copy that keeps times, rsync -a, sets the modification time
    back). Nor is a walk kept that met a problem (an unreadable folder, a link leading out):
    whatever fixes it may change no folder's times."""
    key = _walk_key(paths)
    if key is None or found[1]:
        return None
    signatures: list[FolderSignature] = []
    try:
        for folder in folders:
            signatures.append(folder_signature(folder))
    except OSError:
        return None  # gone since: the next start walks again
    if any(max(mtime, ctime) > started_ns - WALK_SETTLE_NS for _, _, _, mtime, ctime in signatures):
        return None
    files, warnings, newest = found
    body = marshal.dumps((_walk_stamp(), key, [list(f) for f in signatures], files, [(w.path, w.line, w.message) for w in warnings], newest))
    return _write(path or walk_path(), [WALK_MAGIC, crc32(body).to_bytes(4, "little"), body], what="the list of digest files")


# --- the first screen's snapshot ------------------------------------------------------------


def _first_screen_stamp() -> str:
    """The cache's stamp (format and parser, 0.1 ms to find out) and this reader's version."""
    return f"{_stamp()} first-screen {__version__}"


def first_screen_path() -> Path:
    return dirs.cache_dir() / f"first-screen-v{FORMAT}.bin"


def load_first_screen(names: Sequence[str], path: Path | None = None) -> list[FileRecord] | None:
    """The records of the files ``names``, or None unless the snapshot holds exactly those, intact and unchanged."""
    records = _load(path or first_screen_path(), _first_screen_stamp(), give_back=False)
    if list(records) != list(names):
        return None
    if any(file_signature(r.path) != (r.size, r.mtime_ns) for r in records.values()):
        return None
    return list(records.values())


def save_first_screen(records: Sequence[FileRecord], path: Path | None = None) -> str | None:
    """Keep the newest day's records (with their papers) for the next start's first screen."""
    return _save({r.path: r for r in records}, path or first_screen_path(), _first_screen_stamp())


# --- the search index -------------------------------------------------------------------------


def index_path() -> Path:
    return dirs.cache_dir() / f"index-v{FORMAT}.bin"


def _index_stamp() -> str:
    """The index depends on the texts the reader makes of a file: another version, another index."""
    from .. import __version__
    from . import index_frame

    return f"{_stamp()} index {index_frame.FORMAT} reader {__version__}"


def read_index(path: Path | None = None) -> TextIndex | None:
    """The stored index, checked against its checksum, whatever rows it is of (see ``Catalog.index_fits``)."""
    checked = check_index(path)
    return index_of(checked) if checked is not None else None


def check_index(path: Path | None = None) -> index_frame.Checked | None:
    """The stored index if its frame and checksum are intact, without numpy: the check reads the whole
    file without the interpreter lock, so the loader runs it while the first frame is written."""
    from . import index_frame

    try:
        return index_frame.check(_map_regular_file(path or index_path()), _index_stamp())
    except Exception:  # missing, not a regular file, a damaged header: rebuilt, never fatal
        return None


def index_of(checked: index_frame.Checked) -> TextIndex | None:
    """The index of a checked stored one (None if its segments do not add up)."""
    from . import index  # numpy (~60 ms): only when there is an index to read

    return index.from_checked(checked)


def save_index(found: TextIndex, path: Path | None = None) -> str | None:
    """Store ``found`` for the next start; return a problem, or None."""
    from . import index

    return _write(path or index_path(), index.encode(found, _index_stamp()), what="the search index", give_back=found.let_go)


# --- the format -------------------------------------------------------------------------------


def _load(path: Path, stamp: str, give_back: bool) -> dict[str, FileRecord]:
    try:
        mapped = _map_regular_file(path)
    except (OSError, ValueError, OverflowError):
        return {}
    view = memoryview(mapped)
    try:
        return _read(view, stamp)
    except Exception:  # any damage the checks below did not catch: the cache is ignored, not fatal
        return {}
    finally:
        if give_back:
            # the check read every page; they stay in the page cache, not in this process's memory
            try:
                mapped.madvise(mmap.MADV_DONTNEED)
            except (AttributeError, OSError, ValueError):
                pass
        # the map itself stays open while a record's papers are a view of it (closed with the last)
        view.release()


def _map_regular_file(path: Path) -> mmap.mmap:
    """Map ``path`` read-only; OSError unless it is a regular file. Never blocks (a FIFO would)."""
    descriptor = _open_regular_file(path)
    try:
        return mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(descriptor)


def _open_regular_file(path: Path) -> int:
    """A descriptor of ``path`` opened to read; OSError unless it is a regular file (a FIFO is not
    waited for)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def _texts_at(head_end: int) -> int:
    """Where the texts section starts after a head ending at ``head_end``: aligned (see :data:`TEXTS_ALIGN`)."""
    return head_end + -head_end % TEXTS_ALIGN


def _sections(view: memoryview, stamp: str) -> tuple[tuple, int, int, int] | None:
    """The head of a cache of this ``stamp`` (see the module's docstring), where its entries lie
    (start, length) and where its texts start; None if it is not one."""
    if view[: len(MAGIC)] != MAGIC:
        return None
    entries_length, head_length = _LENGTHS.unpack_from(view, len(MAGIC))
    entries_at = len(MAGIC) + _LENGTHS.size
    head_at = entries_at + entries_length
    head = marshal.loads(view[head_at : head_at + head_length])
    if not (isinstance(head, tuple) and len(head) == 4 and head[0] == stamp):
        return None
    return head, entries_at, entries_length, _texts_at(head_at + head_length)


def _read(view: memoryview, stamp: str) -> dict[str, FileRecord]:
    found = _sections(view, stamp)
    if found is None:
        return {}
    (_, text_bytes, region_sum, _), entries_at, entries_length, texts_at = found
    entries = marshal.loads(view[entries_at : entries_at + entries_length])
    papers_at = texts_at + text_bytes
    # One check of all texts, in one call that lets other threads run (the UI's): when it
    # matches, each record only checks its own entry; else each checks its own bytes.
    intact = papers_at <= len(view) and checksum(view[texts_at:papers_at]) == region_sum
    records = {}
    for entry in entries:
        try:
            record = _record(view, entry, (texts_at, papers_at, len(view)), intact)
        except Exception:  # damaged: this file is parsed again
            continue
        records[record.path] = record
    return records


def _record(view: memoryview, entry: tuple, sections: tuple[int, int, int], intact: bool) -> FileRecord:
    """One entry of the header, checked against its CRCs; ValueError (or another error) if damaged.

    ``intact``: the texts section is known to match its checksum as a whole.
    """
    meta_crc, meta = entry
    if crc32(meta) != meta_crc:
        raise ValueError("checksum mismatch")
    (name, size, mtime_ns, rows, warnings, text_offset, text_length, papers_offset, papers_length, text_crc, papers_crc) = marshal.loads(meta)
    text = _section(view, sections[0], sections[1], text_offset, text_length)
    papers = _section(view, sections[1], sections[2], papers_offset, papers_length)
    if not intact and crc32(text) != text_crc:
        raise ValueError("checksum mismatch")
    if not (isinstance(name, str) and isinstance(rows, tuple) and isinstance(warnings, tuple)):
        raise ValueError("not a record")
    if bool(rows) != bool(text_length) or (rows and bytes(text).count(b"\x1e") != len(rows) - 1):
        raise ValueError("not one text per row")  # (a row's text is never empty: it has its fields' separators)
    return FileRecord(name, size, mtime_ns, rows, text, warnings, papers, papers_crc, text_crc)


def _section(view: memoryview, start: int, end: int, offset: int, length: int) -> memoryview:
    if not (isinstance(offset, int) and isinstance(length, int) and 0 <= offset and 0 <= length and start + offset + length <= end):
        raise ValueError("a record points past its section")
    return view[start + offset : start + offset + length]


def _save(
    records: dict[str, FileRecord],
    path: Path,
    stamp: str,
    mapped: dict[str, tuple[memoryview, int]] | None = None,
    catalog: Catalog | None = None,
) -> str | None:
    entries: list[tuple[int, bytes]] = []
    texts: list[bytes | memoryview] = []
    blobs: list[bytes | memoryview] = []
    text_bytes = paper_bytes = 0
    placed: dict[str, tuple[int, int, int]] = {}
    table: dict[str, tuple] = {}  # per file, for the catalog's image
    maps: dict[int, mmap.mmap] = {}  # the caches read, whose pages the writing reads
    for name, record in records.items():
        if not os.path.exists(name):
            continue
        encoded = record.texts  # made by the parser's worker, or a view of the cache read
        text_crc = record.texts_crc or crc32(encoded)
        papers = record.papers
        for view in (encoded, papers):
            if isinstance(view, memoryview) and isinstance(view.obj, mmap.mmap):
                maps[id(view.obj)] = view.obj
        meta = marshal.dumps((name, record.size, record.mtime_ns, record.rows, record.warnings, text_bytes, len(encoded),
                              paper_bytes, len(papers), text_crc, record.papers_crc))
        entries.append((crc32(meta), meta))
        placed[name] = (paper_bytes, len(papers), record.papers_crc)
        table[name] = (record.size, record.mtime_ns, text_bytes, len(encoded), paper_bytes, len(papers), record.papers_crc, record.warnings)
        texts.append(encoded)
        blobs.append(papers)
        text_bytes += len(encoded)
        paper_bytes += len(papers)
    def give_back() -> None:
        for old in maps.values():
            _give_back(old)

    region = Checksum()
    read = 0
    for chunk in texts:  # views of maps (a cold start's texts, the cache replaced): read, then given back
        region.update(chunk)
        read += len(chunk)
        if read >= GIVE_BACK_EVERY:
            give_back()
            read = 0
    image = None
    columns = catalog.image() if catalog is not None else None
    if columns is not None and catalog is not None and all(name in table for name in catalog.files):
        spans = catalog.text_spans({name: (entry[2], entry[3]) for name, entry in table.items()})
        if spans is not None:
            data = marshal.dumps((columns, [table[name] for name in catalog.files], presort(catalog), spans))
            image = (crc32(data), data)
    listed = marshal.dumps(entries)
    head = marshal.dumps((stamp, text_bytes, region.value(), image))
    head_end = len(MAGIC) + _LENGTHS.size + len(listed) + len(head)
    texts_at = _texts_at(head_end)
    papers_at = texts_at + text_bytes

    def keep(written: mmap.mmap) -> None:
        view = memoryview(written)
        for name, (offset, length, crc) in placed.items():
            mapped[name] = (view[papers_at + offset : papers_at + offset + length], crc)  # type: ignore[index]

    chunks = [MAGIC + _LENGTHS.pack(len(listed), len(head)), listed, head, b"\0" * (texts_at - head_end), *texts, *blobs]
    return _write(path, chunks, keep if mapped is not None else None, give_back=give_back)


def _give_back(mapped: mmap.mmap) -> None:
    """Drop the pages of ``mapped`` from this process's memory (they stay in the page cache)."""
    give_back([mapped])


GIVE_BACK_EVERY = 8 << 20
"""Bytes written between two calls of ``give_back`` (see :func:`_write`)."""


def _write(
    path: Path,
    chunks: Iterable[bytes | memoryview],
    keep: Callable[[mmap.mmap], None] | None = None,
    what: str = "the parse cache",
    give_back: Callable[[], None] | None = None,
) -> str | None:
    """Write ``chunks`` to ``path`` atomically; return a problem, or None.

    ``keep``, when given, is called with a map of the written file before it takes ``path``'s
    place (so it maps the file written, whatever replaces it later). ``give_back`` is called
    every :data:`GIVE_BACK_EVERY` bytes and at the end: chunks that are views of a mapped cache
    (the one being replaced) page it in as they are written, and rewriting the 200 MB cache
    after a new day held all of it in memory at once (+185 MB at the peak for 55,000 papers).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                written = 0
                for chunk in chunks:
                    out.write(chunk)
                    written += len(chunk)
                    if give_back is not None and written >= GIVE_BACK_EVERY:
                        give_back()
                        written = 0
                if give_back is not None:
                    give_back()
                out.flush()
                if keep is not None:
                    keep(mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, ValueError) as error:
        return f"could not write {what} {path}: {getattr(error, 'strerror', None) or error}"
    return None
