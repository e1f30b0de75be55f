"""Loading a library in stages: the newest day first, then everything, from cache where it can.

No UI here: the app runs :func:`load_stages` in a worker thread and shows each catalog it yields.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .catalog import Catalog, FileRecord, check_summaries, file_signature, parse_record, record_file, with_suspects
from .lazy import lazy_module
from .library import MissingPathError, find_digest_files
from .model import Paper, ParseWarning, date_from_path

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from . import cache as parse_cache
    from . import index_frame
    from .index import TextIndex
else:  # imported by the thread that reads the newest day, in parallel with Textual's start (~15 ms)
    parse_cache = lazy_module("reader.core.cache")

Progress = Callable[[int, int], None]
Stop = Callable[[], bool]
POOL_MIN_BYTES = 8_000_000
"""Uncached input larger than this is parsed by worker processes, one per core."""


def split_newest(files: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files of the newest dated day (by file name), and the rest.

    Files whose names carry no date go with the rest: their day is known only once parsed.
    """
    dated = [(date_from_path(f), f) for f in files]
    newest = max((d for d, _ in dated if d is not None), default=None)
    if newest is None:
        return [], list(files)
    return [f for d, f in dated if d == newest], [f for d, f in dated if d != newest]


class LoadStopped(Exception):
    """Loading was asked to stop (the app is quitting)."""


class Workers:
    """Worker processes, one per core (up to four), started when first needed and kept for the
    rest of a load: a cold start parses in them and then builds the search index in the same
    ones, where starting a second pool cost ~0.3 s of the two cores (two interpreters importing
    the reader again). :func:`load_stages` owns one and shuts it down when it is done."""

    def __init__(self) -> None:
        self._pool: Executor | None = None
        self._unusable = False

    def pool(self) -> Executor | None:
        """The processes (started now if need be), or None where there are none to have."""
        if self._pool is None and not self._unusable:
            workers = min(os.cpu_count() or 1, 4)
            try:
                if workers < 2:
                    raise OSError("one core")
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _start_resource_tracker()
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker)
            except Exception:  # no processes here (a sandbox, no semaphores)
                self._unusable = True
        return self._pool

    def discard(self) -> None:
        """Stop the processes (a stop, or one of them failed): none are started again."""
        self.shutdown()
        self._unusable = True

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _parse_all(
    paths: list[str],
    sizes: int,
    progress: Progress | None,
    done: int,
    total: int,
    stop: Stop,
    workers: Workers | None = None,
    scratch: str | None = None,
    check_later: bool = False,
) -> list[FileRecord]:
    """Parse ``paths`` (``sizes`` bytes in all), in ``workers``' processes when they are many
    (else in processes of its own, shut down after: export's cold parse). The processes hand
    each record's texts and papers back through files in a temporary folder in ``scratch``
    (default: the system's; see :func:`spill_record`). With ``check_later``, the processes leave
    the summaries unchecked (see :attr:`FileRecord.checked` and :func:`_check_summaries`)."""
    if workers is None:
        own = Workers()
        try:
            return _parse_all(paths, sizes, progress, done, total, stop, own, scratch)
        finally:
            own.shutdown()
    pool = workers.pool() if sizes > POOL_MIN_BYTES and len(paths) > 8 else None
    if pool is not None:
        import tempfile

        try:
            with tempfile.TemporaryDirectory(prefix=".parse-", dir=scratch, ignore_cleanup_errors=True) as folder:
                spilled = []
                for result in pool.map(spill_record, paths, repeat(folder), repeat(not check_later), chunksize=8):
                    if stop():
                        workers.discard()
                        break
                    spilled.append(result)
                    done += 1
                    if progress and done % 16 == 0:
                        progress(done, total)
                else:
                    return _unspilled(spilled)
        except Exception:
            workers.discard()
    records = []
    for path in paths:
        if stop():
            raise LoadStopped
        records.append(record_file(path))
        done += 1
        if progress and done % 16 == 0:
            progress(done, total)
    return records


# --- records from worker processes ---------------------------------------------------------
# A record's texts and papers are most of its bytes (87 and 98 MB for 55,000 papers). Pickled
# back, they were all in this process's heap before the catalog was made, beside the catalog's
# own joined copy of the texts: 463 MB at the peak of a cold start. Written by the worker to a
# file of its own and mapped here, they are pages of the page cache, read once (by the catalog's
# join and the cache's write, which give them back as they go) and held by nobody after.

_spill: list = [None, None, ""]  # in a worker process: the folder, the open file and its path


def spill_record(path: str, folder: str, check: bool = True) -> tuple[FileRecord, tuple[str, int, int, int]]:
    """In a worker process: :func:`record_file` with its texts and papers written to this
    process's file in ``folder`` instead: the record without them, and where they lie (the
    file, their offset, the texts' length, the papers')."""
    import tempfile

    record = record_file(path, check)
    if _spill[0] != folder:  # a new load's folder: a new file
        if _spill[1] is not None:
            _spill[1].close()
        handle, name = tempfile.mkstemp(prefix="records-", dir=folder)
        _spill[:] = [folder, os.fdopen(handle, "wb"), name]
    out = _spill[1]
    at = out.tell()
    out.write(record.texts)
    out.write(record.papers)
    out.flush()  # in the file before the record is handed back
    return replace(record, texts=b"", papers=b""), (_spill[2], at, len(record.texts), len(record.papers))


def _unspilled(spilled: list[tuple[FileRecord, tuple[str, int, int, int]]]) -> list[FileRecord]:
    """The records :func:`spill_record` handed back, their texts and papers views of their files, mapped."""
    import mmap

    views: dict[str, memoryview] = {}
    for name in {where[0] for _, where in spilled}:
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            views[name] = memoryview(mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ) if size else b"")
    records = []
    for record, (name, at, texts, papers) in spilled:
        view = views[name]
        if at + texts + papers > len(view):
            raise OSError(f"a worker's file is shorter than its records: {name}")
        records.append(replace(record, texts=view[at : at + texts], papers=view[at + texts : at + texts + papers]))
    return records


# --- summaries checked after the index ------------------------------------------------------
# The suspect check (reader.core.suspect) is a third of a parse's CPU: ~50 µs a paper, 1.4 s of
# a cold start of 55,680 papers on two cores. A cold load's processes leave it out, so the search
# index is built that much sooner, and check the papers' blobs once it is (see _complete_stage).

CHECK_FILES = 16
"""Files a worker process checks per task: a few hundred kilobytes of blobs sent."""
GIVE_BACK_EVERY = 8 << 20
"""Bytes of blobs read between two givings back of their pages (see :func:`_check_summaries`)."""


def check_blobs(blobs: list[tuple[bytes, str]]) -> list[list[str | None] | None]:
    """In a worker process: :func:`~reader.core.catalog.check_summaries` of each (blob, path);
    None for a blob that does not decode."""
    found: list[list[str | None] | None] = []
    for blob, path in blobs:
        try:
            found.append(check_summaries(blob, path))
        except ValueError:
            found.append(None)
    return found


def _check_summaries(catalog: Catalog, records: dict[str, FileRecord], names: list[str], workers: Workers | None, stop: Stop) -> None:
    """Check the summaries of ``names``' records (parsed unchecked) in ``workers``' processes (else
    here), a few tasks out at once (each holds a copy of its blobs): into the records, which the
    cache stores, and the catalog's column. A blob that does not decode is parsed again."""
    import mmap
    from collections import deque

    from .texts import give_back

    found: dict[str, list[str | None] | None] = {}
    pool = workers.pool() if workers is not None else None
    batches = [names[i : i + CHECK_FILES] for i in range(0, len(names), CHECK_FILES)]
    # the blobs are views of the parse's mapped files: each page read is this process's memory
    # until given back (98 MB for 55,680 papers, on top of the index's)
    maps = {id(view.obj): view.obj for view in (records[name].papers for name in names) if isinstance(view, memoryview) and isinstance(view.obj, mmap.mmap)}
    if pool is not None and workers is not None:
        ahead = min(os.cpu_count() or 1, 4) + 2
        running: deque[tuple[list[str], Future[list[list[str | None] | None]]]] = deque()
        copied = 0
        try:
            for batch in [*batches, None]:
                if batch is not None:
                    blobs = [(bytes(records[name].papers), name) for name in batch]
                    copied += sum(len(blob) for blob, _ in blobs)
                    if copied >= GIVE_BACK_EVERY:
                        give_back(maps.values())
                        copied = 0
                    running.append((batch, pool.submit(check_blobs, blobs)))
                    del blobs
                while running and (batch is None or len(running) >= ahead):
                    if stop():
                        workers.discard()
                        raise LoadStopped
                    done, future = running.popleft()
                    found.update(zip(done, future.result(), strict=True))
        except LoadStopped:
            raise
        except Exception:  # a worker died, the pool is shut, no memory to copy a blob: the rest here
            workers.discard()
    for name in names:
        record, mine = records[name], found.get(name)
        if mine is None or len(mine) != len(record.rows):
            if stop():
                raise LoadStopped
            mine = _checked_here(record)
        records[name] = with_suspects(record, mine)
    give_back(maps.values())
    catalog.take_suspects({name: [row[-1] for row in records[name].rows] for name in names})


def _checked_here(record: FileRecord) -> list[str | None]:
    """The suspects of ``record``'s papers, checked in this thread: from its blob, else (damaged)
    from its file parsed again, else (changed since: the next start parses it) none."""
    try:
        return check_summaries(record.papers, record.path)
    except ValueError:
        again = record_file(record.path)
        return [row[-1] for row in again.rows] if len(again.rows) == len(record.rows) else [None] * len(record.rows)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr to hand down.

    It passes ``sys.stderr.fileno()`` to its process; under Textual ``sys.stderr`` is a capture
    object without a usable descriptor, which makes spawning fail.
    """
    import sys
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        if sys.stderr is None or not hasattr(sys.stderr, "fileno") or _bad_fileno(sys.stderr):
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def _bad_fileno(stream: TextIO) -> bool:
    try:
        return stream.fileno() < 0
    except (OSError, ValueError, AttributeError):
        return True


class Stage(NamedTuple):
    catalog: Catalog
    complete: bool
    warnings: Sequence[ParseWarning] = ()
    snapshot: Sequence[FileRecord] = ()
    """The newest day's records, when they were parsed for this stage (not read from the snapshot)."""
    workers: Workers | None = None
    """The load's worker processes, for :func:`build_index` (until the loader is done)."""


class Found(NamedTuple):
    """What :func:`first_stage` found."""

    stage: Stage | None  # the newest day's (None when that is all there is)
    files: list[str]  # every file
    warnings: list[ParseWarning]  # the walk's
    walk: Walk | None = None  # a walk made now, to keep for the next start; None: the last one's
    signatures: list[tuple[int, int] | None] | None = None
    """Each file's (size, mtime) when it was found (see :func:`first_stage`); None: not taken."""


class Walk(NamedTuple):
    """A walk to keep (see ``cache.save_walk``): its folders are looked at once the first screen
    is out, which is safe because a walk is kept only if none of them changed since it began."""

    folders: list[str]
    newest: list[str]  # the newest day's files
    started_ns: int


def first_stage(paths: Sequence[str | Path], use_cache: bool = True) -> Found:
    """The newest day's catalog (None when that is all there is), with every file found.

    Quick enough for the UI thread: the last walk's files when no folder changed since (else a
    folder walk) and the newest day from the first-screen snapshot (else one day's parse), so
    the first screen already shows the newest day.
    """
    walked = parse_cache.load_walk(paths) if use_cache else None
    walk: Walk | None = None
    if walked is not None:
        files, warnings, first = walked
        several = len(first) < len(files)
    else:
        folders: list[str] = []
        started = time.time_ns()
        files, warnings = find_digest_files(paths, folders)
        first, rest = split_newest(files)
        several = bool(rest)
        walk = Walk(folders, first, started)
    # every file's stat, for the load to compare with the cache's: taken here, where a launch runs
    # this in a process of its own (see FirstStage), the load's thread no longer makes 2,920 calls
    # that each took the interpreter lock back from the first frame's drawing
    signatures = [file_signature(name) for name in files]
    if not first or not several:
        return Found(None, files, warnings, walk, signatures)
    records = parse_cache.load_first_screen(first) if use_cache else None
    if records is not None:
        return Found(Stage(Catalog.from_records(records), complete=False), files, warnings, walk, signatures)
    parsed = [parse_record(f) for f in first]
    catalog = Catalog.from_records(record for record, _ in parsed)
    for file_no, (_, papers) in enumerate(parsed):
        catalog.keep_parsed(file_no, papers)  # the detail pane shows one at once: not decoded again
    return Found(Stage(catalog, complete=False, snapshot=[record for record, _ in parsed]), files, warnings, walk, signatures)


def load_stages(
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    use_cache: bool = True,
    report: Callable[[str], None] | None = None,
    found: Found | None = None,
    stop: Stop = lambda: False,
    grace: float = 0.0,
    checked: Callable[[Catalog], object] | None = None,
) -> Iterator[Stage]:
    """Yield the newest day's catalog first (when there is more), then the whole library's.

    With ``found`` (what :func:`first_stage` returned, already shown) the first stage is skipped.
    The parse cache is updated once the caller asks for more after the last stage (the app builds
    the search index first, so it is searchable before the cache is written); ``report`` hears of
    a cache that could not be written.
    :class:`LoadStopped` is raised between files once ``stop()`` is true.
    ``grace``: seconds in which only work that lets go of the interpreter lock is done (the
    stored index's checksum, the files' stats), so that the caller's frame of the newest day is written
    out first; the cache's decoding would hold the lock for tens of milliseconds.
    ``checked``: the summaries of a cold parse are checked after the last stage, and this is
    called with its catalog then (see :func:`_complete_stage`); without it they are checked as
    the files are parsed.
    """
    if found is None:
        found = first_stage(paths, use_cache)
        if found.stage is not None:
            yield found.stage
    stage, files, warnings, walk, signatures = found

    def keep_what_the_start_found() -> None:
        # for the next start: a failure costs it a parse or a walk (the cache reports its own)
        if use_cache and stage is not None and stage.snapshot:
            parse_cache.save_first_screen(stage.snapshot)
        if use_cache and walk is not None:
            parse_cache.save_walk(paths, (files, warnings, walk.newest), walk.folders, walk.started_ns)

    workers = Workers()
    try:
        yield from _complete_stage(
            files, warnings, progress, use_cache, report, stop, check_papers=True, workers=workers, grace=grace, after_grace=keep_what_the_start_found,
            signatures=signatures, checked=checked,
        )
    finally:
        workers.shutdown()


def load_catalog(
    paths: Sequence[str | Path],
    *,
    use_cache: bool = True,
    report: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> Catalog:
    """The whole library's catalog, through the stages the app uses (the cache read and written).

    For commands (export): no first screen, so no newest-day stage, and no check of every
    file's papers ahead of their use (each blob is checked when decoded: a damaged one is
    parsed from its file instead). Every paper is then :meth:`Catalog.papers` away.
    """
    files, warnings = find_digest_files(paths)
    catalog = Catalog()
    for stage in _complete_stage(files, warnings, progress, use_cache, report, lambda: False, check_papers=False):
        catalog = stage.catalog
    return catalog


class Library(NamedTuple):
    """Every paper of some digests in full, newest day first, with the warnings met on the way."""

    papers: list[Paper]
    warnings: list[ParseWarning]

    @property
    def days(self) -> list[date]:
        return sorted({p.date for p in self.papers}, reverse=True)


def load(paths: Sequence[str | Path], use_cache: bool = False) -> Library:
    """Every paper in full, through :func:`load_catalog` (for scripts and tests; by default
    without the cache, so the files themselves are read)."""
    catalog = load_catalog(paths, use_cache=use_cache)
    return Library(catalog.papers(range(len(catalog))), list(catalog.warnings))


def _complete_stage(
    files: list[str],
    warnings: list[ParseWarning],
    progress: Progress | None,
    use_cache: bool,
    report: Callable[[str], None] | None,
    stop: Stop,
    check_papers: bool,
    workers: Workers | None = None,
    grace: float = 0.0,
    after_grace: Callable[[], object] = lambda: None,
    signatures: list[tuple[int, int] | None] | None = None,
    checked: Callable[[Catalog], object] | None = None,
) -> Iterator[Stage]:
    """The whole library from the cache and a parse of what it lacks, then the cache rewritten.

    With ``check_papers``, the cached papers are checked against their CRCs once the catalog
    is out (in the background of a search-ready app): a damaged file is parsed again, taken
    into the catalog and the cache rewritten, so damage never outlives a start. ``grace``: see
    :func:`load_stages`; ``after_grace`` runs when it is over (work that holds the lock).
    ``signatures``: the files' stats when they were found (:attr:`Found.signatures`), else taken now.

    With ``checked``, the summaries of files parsed in ``workers``' processes are checked once
    the caller asks for more after the stage (it builds the search index first): until then the
    stage's catalog says :attr:`Catalog.suspects_known` is False; ``checked(catalog)`` is called
    once its suspects are filled in.
    """
    started = time.monotonic()
    stored_index: Future[TextIndex | None] | None = None
    decode_index = threading.Event()
    try:
        if use_cache:
            from concurrent.futures import ThreadPoolExecutor

            reading = ThreadPoolExecutor(1, thread_name_prefix="read-index")
            # named here: the cache module loads on first use, and two threads must not both load it
            stored_index = reading.submit(_stored_index, parse_cache.check_index, parse_cache.index_of, decode_index)
            reading.shutdown(wait=False)  # its thread ends with this one task
        # meanwhile: each stat lets go of the interpreter lock, and beside numpy's import taking it
        # back waited a switch interval each time (2,920 files: 5 ms alone, 30-75 beside it)
        if signatures is None:
            signatures = [file_signature(name) for name in files]
        time.sleep(max(0.0, grace - (time.monotonic() - started)))
    finally:
        decode_index.set()
    after_grace()
    imaged = parse_cache.load_image(files, signatures) if use_cache else None
    if imaged is not None:  # nothing changed since the cache was written: its image is the catalog
        catalog = imaged
        records: dict[str, FileRecord] = {}
        cache: dict[str, FileRecord] = {}
        stale: list[str] = []
        if progress:
            progress(len(files), len(files))
    else:
        cache = parse_cache.load_cache() if use_cache else {}
        records = {}
        stale = []
        stale_bytes = 0
        for name, signature in zip(files, signatures, strict=True):
            cached = cache.get(name)
            if cached is not None and signature is not None and (cached.size, cached.mtime_ns) == signature:
                records[name] = cached
            else:
                stale.append(name)
                stale_bytes += signature[0] if signature else 0
        if progress:
            progress(len(records), len(files))
        check_later = checked is not None and workers is not None
        for record in _parse_all(stale, stale_bytes, progress, len(records), len(files), stop, workers, _scratch(use_cache), check_later):
            records[record.path] = record
        catalog = Catalog.from_records((records[name] for name in files), _scratch(use_cache))
        for name, texts in zip(catalog.files, catalog.file_texts(), strict=True):
            if texts:  # the records' own copies go: they are written to the cache from the catalog's
                records[name] = replace(records[name], texts=texts)
    # nothing changed, yet no image fitted (damaged, or not written): written again below
    mend_image = use_cache and imaged is None and bool(files) and not stale and catalog.image() is not None
    catalog.warnings[:0] = warnings
    found = stored_index.result() if stored_index is not None else None
    if found is not None and catalog.index_fits(found):
        catalog.use_index(found)  # mapped: searchable at once (else see build_index)
    unchecked = [name for name in stale if not records[name].checked]
    catalog.suspects_known = not unchecked
    yield Stage(catalog, complete=True, warnings=list(catalog.warnings), workers=workers)
    if unchecked:
        _check_summaries(catalog, records, unchecked, workers, stop)
        if checked is not None:
            checked(catalog)
    if use_cache and check_papers:
        if imaged is not None:  # the records are read only when a file needs mending
            damaged = parse_cache.damaged_blobs(catalog)
            if damaged or not parse_cache.records_intact():
                cache = parse_cache.load_cache()  # without the damaged records
                records = {name: cache[name] for name in files if name in cache}
                damaged += [name for name in files if name not in records and name not in damaged]
        else:
            fresh = set(stale)
            damaged = parse_cache.damaged_papers({name: record for name, record in records.items() if name not in fresh})
        again = {}
        for record in _parse_all(damaged, 0, None, 0, len(damaged), stop, workers):
            if record.rows == catalog.file_rows(record.path):  # else the file changed: next start's work
                again[record.path] = record
        records.update(again)
        catalog.adopt_papers({name: (record.papers, record.papers_crc) for name, record in again.items()})
        stale += damaged
    if use_cache and (stale or mend_image):
        cache.update(records)
        records.clear()
        mapped: dict[str, tuple[memoryview, int]] = {}
        problem = parse_cache.save_cache(cache, mapped=mapped, catalog=catalog)
        cache.clear()
        if problem:
            if report:
                report(problem)
        else:
            catalog.adopt_papers(mapped)  # the parsed papers' copies in memory are let go


def _stored_index(
    check: Callable[[], index_frame.Checked | None], index_of: Callable[[index_frame.Checked], TextIndex | None], decode: threading.Event
) -> TextIndex | None:
    """The stored index (``cache.check_index`` and ``cache.index_of``): its checksum read at once
    (~4 ms for 100 MB, without the interpreter lock, so beside a first frame being written out),
    its segments made once ``decode`` is set (they import numpy: ~60 ms that hold the lock).
    None when there is none, or it is damaged."""
    checked = check()
    decode.wait()
    return index_of(checked) if checked is not None else None


def build_index(
    catalog: Catalog,
    use_cache: bool = True,
    stop: Stop = lambda: False,
    report: Callable[[str], None] | None = None,
    workers: Workers | None = None,
    ready: Callable[[], object] | None = None,
) -> bool:
    """Give ``catalog`` its search index unless it has one: built (seconds for 55,000 papers, on
    every core; the segments of the stored index whose files did not change are taken as they
    are, so after a new day only the last ones are built) and stored for the next start. False if
    ``stop()`` came true first. Until then a search reads the texts, with the same results.
    ``workers``: the load's processes (see :attr:`Stage.workers`), else its own are started.
    ``ready`` is called once the catalog searches as it will (with its index, or knowing it has
    none), before the index is stored: storing 100 MB took a quarter of a second."""
    ready = ready or (lambda: None)
    if catalog.index is not None:
        ready()
        return True
    from concurrent.futures import BrokenExecutor

    from . import index

    stored = parse_cache.read_index() if use_cache else None
    marks = catalog.index_marks()
    try:
        with _segment_processes(index.to_build(len(catalog), marks, stored), workers) as processes:
            if processes is not None:  # while they build, the parse's freed memory goes back (~35 ms, ~70 MB)
                threading.Thread(target=release_freed_memory, name="release-memory", daemon=True).start()
            try:
                # the workers' files go beside the index (/tmp may be memory)
                built = index.build(catalog.index_texts(), marks, stop, reuse=stored, processes=processes, scratch=_scratch(use_cache))
            except (BrokenExecutor, OSError):  # a worker died (killed, out of memory), no room for its file: threads
                if workers is not None:
                    workers.discard()
                built = index.build(catalog.index_texts(), marks, stop, reuse=stored)
    except MemoryError:  # the sorts need a few hundred MB: without them search reads every text
        if report:
            report("not enough memory to build the search index: searching reads every paper's text (slower)")
        ready()
        return True
    del stored
    if built is None:
        return False
    catalog.use_index(built)
    ready()
    if use_cache and len(catalog):
        try:
            problem = parse_cache.save_index(built)
        except MemoryError:
            problem = "not enough memory to store the search index: it is built again at the next start"
        if problem:
            if report:
                report(problem)
            return True
        written = parse_cache.read_index()
        if written is not None and catalog.index_fits(written):  # the same, mapped: the built one's memory goes back
            catalog.use_index(written)
    return True


PROCESS_MIN_SEGMENTS = 4
"""With this many segments of the index to build (16,000 papers and more), they are built in
worker processes, one per core: each one's sorts take ~130 MB, and threads left that (and the
heap it fragments) in the app, 830 MB at the peak of a cold start of 55,680 papers. Fewer are
built in threads, with no process to start."""


@contextmanager
def _segment_processes(segments: int, workers: Workers | None = None) -> Iterator[Executor | None]:
    """A pool of worker processes for building ``segments`` segments (``workers``' when given),
    or None (threads)."""
    if (os.cpu_count() or 1) < 2 or segments < PROCESS_MIN_SEGMENTS:
        yield None
        return
    own = workers is None
    workers = workers or Workers()
    try:
        yield workers.pool()
    finally:
        if own:
            workers.shutdown()


def _scratch(use_cache: bool) -> str | None:
    """Where worker processes hand built index segments back: the cache folder when it can be
    written (a disk, where the system's temporary folder may be memory), else the system's."""
    if use_cache:
        try:
            folder = parse_cache.index_path().parent
            folder.mkdir(parents=True, exist_ok=True)
            return str(folder)
        except OSError:
            pass
    return None


def release_freed_memory() -> None:
    """Give memory freed after loading back to the system (glibc keeps it otherwise).

    Loading leaves holes in the heap (per-file records, the encoded cache) that glibc does not
    return by itself, so a cold start would hold ~100 MB more than a warm one. Elsewhere a no-op.
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)  # the process's own symbols: glibc's, where it is glibc
    except (OSError, AttributeError):
        pass


def start_worker() -> None:
    """First thing in each worker process: its memory policy and numpy's sort (see
    :func:`keep_freed_memory`, :mod:`reader.core.simd`). Its standard error goes nowhere: a worker
    shares the terminal the app draws on, and its errors come back through its futures (a worker
    that dies, numpy refusing the CPU setting, breaks the pool: the index is built in threads)."""
    import gc

    from .simd import prefer_avx2_sort

    gc.enable()  # importing the command's module (reader.launch, as the main module's) turned it off
    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, 2)
        os.close(nowhere)
    except OSError:
        pass
    keep_freed_memory()
    prefer_avx2_sort()


def keep_freed_memory() -> None:
    """In a worker process: glibc serves big blocks from the heap and keeps what is freed.

    A worker builds segment after segment of the index, each with a few hundred MB of arrays of
    tens of MB. By default glibc maps each such array afresh and unmaps it when freed, so every
    segment paid again for faulting in its pages: 230 ms a segment, 200 ms with this (270-520 ->
    250 ms for a worker's first), medians of five alternating runs. Workers end with the load,
    and their memory with them. Elsewhere than glibc a no-op.
    """
    import ctypes

    mmap_threshold, trim_threshold = -3, -1  # glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(mmap_threshold, 256 << 20)  # blocks up to 256 MB from the heap
        libc.mallopt(trim_threshold, 1 << 30)  # and up to 1 GB freed at its top kept
    except (OSError, AttributeError):
        pass


# The newest day, read beside the command's start: finding the files and reading the newest day
# (its snapshot, ~5 ms at 2,920 files; without a cache a walk and a parse, ~25 ms) is I/O, which
# the UI thread does not do. At a launch a process of its own does it on the other core while
# this one imports Textual (~110 ms) and leaves it, pickled, in a memory file (~250 KB, 0.7 ms to
# unpickle): a cold start's first frame came ~35 ms sooner (255 -> 220 ms, median of 16
# alternating pty launches), a warm one's the same. Elsewhere a thread does it, given a head
# start: run beside the imports, each of its ~100 folder listings let go of the interpreter lock
# and waited up to a switch interval (5 ms) to get it back, so it took ~200 ms and was seldom done
# when the screen mounted. Waited for, it is done before the imports start; a slow disk waits at
# most FIRST_STAGE_HEAD_START, then goes on beside them.

FIRST_STAGE_HEAD_START = 0.1
"""Seconds the command waits for the newest day before it imports the UI (when a thread reads it)."""


class FirstStage:
    """``first_stage(paths)`` running beside the caller; :meth:`result` when it is done.

    ``process``: in a process of its own where one can be started (the command's launch: see
    :meth:`_spawn`), else in a thread. ``head_start``: seconds to wait for a thread here (the
    caller has nothing else to do meanwhile).
    """

    def __init__(self, paths: Sequence[Path], head_start: float = 0.0, process: bool = False) -> None:
        self._done = threading.Event()
        self._found: Found | None = None
        self._problem: MissingPathError | None = None
        self._child: tuple[int, int, list[Path]] | None = None  # the process, its memory file, the paths
        self._collecting = threading.Lock()  # ready() on the UI thread, result() in the loader's
        paths = list(paths)
        if process and self._spawn(paths):
            return
        self._start_thread(paths)
        if head_start > 0:
            self._done.wait(head_start)

    def _start_thread(self, paths: list[Path]) -> None:
        threading.Thread(target=self._run, args=(paths,), name="first-stage", daemon=True).start()

    def _run(self, paths: list[Path]) -> None:
        try:
            self._found = first_stage(paths)
        except MissingPathError as problem:
            self._problem = problem
        finally:
            self._done.set()

    def _spawn(self, paths: list[Path]) -> bool:
        """Start the stage in a new process (False where none could be started).

        Not a fork: after a fork every page this process then wrote was first copied (~1,500
        page faults while Textual is imported, ~15 ms). A new interpreter costs the other core
        ~45 ms before it begins, which the imports here outlast. It writes the stage, pickled, to
        descriptor 3, a memory file (no pipe: a pipe's ~64 KB would have it wait for a reader
        here, and a thread to read it took 0.2-5 ms of this one to start, 2.8 ms in the median
        of twelve launches), and nothing to the terminal. Its path is this one's (not the
        current folder), then this package's folder, and if it finds another copy of the package
        than this one there it writes nothing and fails, and the stage is read here.
        """
        if not sys.platform.startswith("linux") or not hasattr(os, "posix_spawn") or not hasattr(os, "memfd_create"):
            return False
        try:
            memory = os.memfd_create("daily-papers-first-stage")  # closed on exec, except as the child's 3
        except OSError:
            return False
        try:
            child = os.posix_spawn(
                sys.executable,
                [sys.executable, "-S", "-P", "-c", _CHILD, str(Path(__file__).resolve()), os.pathsep.join(p for p in sys.path if p), *map(str, paths)],
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, memory, 3),
                ],
            )
        except OSError:
            os.close(memory)
            return False
        self._child = (child, memory, paths)
        return True

    def _collect(self, wait: bool) -> None:
        """The process's stage, once it has ended (``wait``: until then); if it failed (killed,
        out of memory, no such interpreter), a thread reads the stage instead. Without ``wait``
        (the UI thread) it never blocks, not even while result() waits in another thread."""
        if not self._collecting.acquire(blocking=wait):
            return
        try:
            if self._child is None:
                return
            child, memory, paths = self._child
            try:
                ended, status = os.waitpid(child, 0 if wait else os.WNOHANG)
            except ChildProcessError:  # reaped by someone else: what it left cannot be trusted
                ended, status = child, -1
            if not ended:
                return
            self._child = None
            try:
                if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                    raise OSError(f"status {status}")
                import mmap
                import pickle

                with mmap.mmap(memory, 0, access=mmap.ACCESS_READ) as stored:
                    kind, value = pickle.loads(stored)
            except Exception:
                self._start_thread(paths)
                return
            finally:
                os.close(memory)
        finally:
            self._collecting.release()
        if kind == "missing":
            self._problem = value
        else:
            self._found = value
        self._done.set()

    def ready(self) -> bool:
        if not self._done.is_set():
            self._collect(wait=False)
        return self._done.is_set()

    def result(self) -> Found:
        """The stage (waiting for it): raises :class:`MissingPathError` as first_stage would."""
        self._collect(wait=True)
        self._done.wait()
        if self._problem is not None:
            raise self._problem
        assert self._found is not None
        return self._found


# -S and the starter's path instead of site's (~18 ms: .pth files, an editable install's finder),
# then this package's folder (where a finder found it).
_CHILD = (
    "import sys, os; sys.path[:] = [*sys.argv[2].split(os.pathsep), sys.argv[1].rsplit(os.sep, 3)[0]]; "
    "from reader.core.loader import send_first_stage; send_first_stage(sys.argv[1], sys.argv[3:])"
)


def send_first_stage(module: str, paths: Sequence[str]) -> None:
    """In the process :class:`FirstStage` starts: ``first_stage(paths)``, pickled, to descriptor 3,
    if this module is ``module`` (the starter's); else nothing."""
    import copyreg
    import pickle

    if Path(__file__).resolve() != Path(module):
        raise SystemExit(1)
    try:
        sent: tuple[str, object] = ("found", first_stage([Path(p) for p in paths]))
    except MissingPathError as problem:
        sent = ("missing", problem)
    with os.fdopen(3, "wb") as out:
        sender = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        sender.dispatch_table = {**copyreg.dispatch_table, memoryview: _as_bytes}  # the snapshot's blobs are views of its map
        sender.dump(sent)


def _as_bytes(view: memoryview) -> tuple[type[bytes], tuple[bytes]]:
    return bytes, (view.tobytes(),)
