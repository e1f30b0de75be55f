"""The search index: which rows hold each piece of one, two or three characters of folded text.

A keystroke used to read every row's text (47 M characters for 55,000 real papers, ~20-70 ms a
word's first letters); with the index it looks up a few posting lists, and reads text only to
verify the few rows a longer word's pieces leave (see :meth:`TextIndex.candidates`).

Keys are n-grams of UTF-16 code units of each row's folded text (``Catalog.texts``): every
character, pair and triple of adjacent characters, Hangul syllables and Latin letters alike (so
two-syllable words such as 추론 or 모달 are one key), and the same for the initial consonants of
runs of Hangul syllables (ㄷㄱㅁ for 대규모). A needle of one to three characters is then
answered exactly by one key, with no text read; a longer one by the rows that have all its
triples, verified on their text.

Rows are kept in segments of :data:`SEGMENT_ROWS`. A segment holds its keys sorted (uint64) and,
per key, the rows that have it: as uint16 row numbers within the segment when they are few, as a
bitmap of the segment's rows when they are many, so a key costs at most ``SEGMENT_ROWS / 8``
bytes. Everything is a flat numpy array, built with sorts that run in C without the interpreter
lock (a segment per thread) and stored in the cache as is: a warm start maps the file and reads
only the postings a search asks for.

Each segment carries a mark of what its rows were made of (:func:`segment_marks`: the files and
which of their papers). The catalog gives the index its rows oldest file first, so a new day's
papers are the last rows: the next start rebuilds only the segments whose marks changed (the last
one or two) and takes the others from the stored index (see ``reuse`` in :func:`build`), where
rebuilding everything took ~6 s and ~500 MB for 55,000 papers after every sync. Rows in the
catalog's own order (newest first) are asked for through :meth:`TextIndex.arrange`.
"""

from __future__ import annotations

import mmap
import os
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Literal

import numpy as np

from . import index_frame
from .checksum import Checksum
from .text import CHOSEONG_LETTERS
from .texts import ENCODING, SEPARATOR, Texts

SEGMENT_ROWS = 4096
"""Rows per segment: a row number within a segment is 12 bits, so (key, row) packs in 64 bits."""
ROW_BITS = 12
ROW_SEP = 0x1E  # between rows' texts while building (a control character: folded text has none)

# key = kind << 48 | the n-gram's units, 16 bits each
_TEXT = (1, 2, 3)  # kinds of characters, pairs and triples of the text
_INITIALS = (4, 5, 6)  # the same of Hangul initials (0-18)
_HANGUL_FIRST, _HANGUL_LAST, _PER_INITIAL = 0xAC00, 0xD7A3, 588


def _key(kind: int, units: Sequence[int]) -> int:
    value = kind
    for unit in units:
        value = value << 16 | unit
    return value << 16 * (3 - len(units))


def needle_keys(units: Sequence[int], initials: bool = False) -> tuple[list[int], bool]:
    """The keys every row holding ``units`` has, and whether having them is exactly holding it.

    ``units``: UTF-16 code units of folded text, or initial consonant numbers (0-18) with
    ``initials``. One to three: their own key, exact; more: each triple's, to be verified.
    """
    kinds = _INITIALS if initials else _TEXT
    n = len(units)
    if n == 0:
        return [], False
    if n <= 3:
        return [_key(kinds[n - 1], units)], True
    return sorted({_key(kinds[2], units[i : i + 3]) for i in range(n - 2)}), False


def text_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return list(memoryview(data).cast("H")) if data else []


def initial_numbers(word: str) -> list[int]:
    """``ㄷㄱㅁ`` -> [3, 0, 6] (the word is initials only: see ``query.Text.choseong``)."""
    return [CHOSEONG_LETTERS.index(c) for c in word]


# --- one segment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """The postings of rows ``first`` to ``first + rows - 1``."""

    first: int
    rows: int
    keys: np.ndarray  # uint64, sorted
    ends: np.ndarray  # uint32, len(keys) + 1: key k's sparse rows are sparse[ends[k]:ends[k + 1]]
    slots: np.ndarray  # int32 per key: its bitmap's number in ``dense``, or -1 when sparse
    sparse: np.ndarray  # uint16 row numbers within the segment
    dense: np.ndarray  # uint8, (bitmaps, ceil(rows / 8)): bit r of bitmap s, little-endian
    mark: int = 0  # what its rows were made of (see segment_marks); 0: unknown, never reused

    def flags(self, keys: np.ndarray) -> np.ndarray | None:
        """Each row's flag: has every key of ``keys`` (sorted uint64); None when none has."""
        where = np.searchsorted(self.keys, keys)
        if len(self.keys) == 0 or where[-1] >= len(self.keys) or not np.array_equal(self.keys[where], keys):
            return None
        found: np.ndarray | None = None
        for k in where.tolist():
            slot = int(self.slots[k])
            if slot < 0:
                mine = np.zeros(self.rows, dtype=bool)
                mine[self.sparse[self.ends[k] : self.ends[k + 1]]] = True
            else:
                mine = np.unpackbits(self.dense[slot], count=self.rows, bitorder="little").view(bool)
            found = mine if found is None else found & mine
        return found


def encoded_rows(piece: bytes, rows: int) -> bytes:
    """Rows' texts as the builder reads them: UTF-16-LE, :data:`ROW_SEP` between them, from their
    piece (see :func:`reader.core.texts.encode_rows`); ValueError if it does not hold ``rows``.

    A worker process is sent the piece (UTF-8, as the catalog keeps it) and makes this itself.
    """
    if piece.count(SEPARATOR) != max(rows - 1, 0):
        raise ValueError("a piece of texts does not hold its rows")
    return piece.decode(*ENCODING).encode("utf-16-le", "surrogatepass")


def _kind_pairs(encoded: bytes) -> Iterator[np.ndarray]:
    """A segment's ``key << ROW_BITS | row``, sorted and unique, one kind of key at a time (in
    the order of kinds, so their concatenation is sorted): only one kind's are in memory.
    ``encoded``: see :func:`encoded_rows`.

    The sorts are most of a build. A kind whose units and row fit in 32 bits (single characters;
    initials, 5 bits each) is packed and sorted as uint32, twice as fast as uint64, and widened
    after: in the same order, since both packings put the first unit highest and the row lowest.
    Each kind's keys are made for every position and masked once (masking each unit before
    shifting it cost a third more). The initials are made of the Hangul syllables alone, kept
    apart with whether each directly follows the one before (two fifths of a real segment's
    units: the three kinds of initials took 59 ms a segment over every unit, 40 over these).
    """
    units = np.frombuffer(encoded, dtype="<u2")
    if len(units) == 0:
        return
    separator = units == ROW_SEP
    rows = np.cumsum(separator, dtype=np.uint32)  # each unit's row (a separator: the next row's, unused)
    text = ~separator
    # an n-gram starts at each position p where starts[p] and joins[p + 1 .. p + n - 1] hold
    families = [(_TEXT, units, rows, text, text, 16)]
    syllables = np.flatnonzero((units >= _HANGUL_FIRST) & (units <= _HANGUL_LAST))
    if len(syllables):
        follows = np.empty(len(syllables), dtype=bool)  # directly after the syllable before it
        follows[0] = False
        np.equal(syllables[1:], syllables[:-1] + 1, out=follows[1:])
        initials = ((units[syllables] - _HANGUL_FIRST) // _PER_INITIAL).astype(np.uint16)
        families.append((_INITIALS, initials, rows[syllables], np.ones(len(syllables), dtype=bool), follows, _INITIAL_BITS))
    for kinds, values, where, starts, joins, width in families:
        wide: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # this family's rows as uint64, and two buffers
        for n, kind in enumerate(kinds, 1):
            if len(values) < n:
                continue
            count = len(values) - n + 1
            ok = starts[:count].copy()
            for i in range(1, n):
                ok &= joins[i : i + count]
            if not ok.any():
                continue
            if width * n + ROW_BITS <= 32:
                yield _widened(_narrow_pairs(values, where, ok, n, width), kind, n, width)
                continue
            if wide is None:
                wide = (where.astype(np.uint64), np.empty(len(values), dtype=np.uint64), np.empty(len(values), dtype=np.uint64))
            row64, key, part = wide
            k, p = key[:count], part[:count]
            np.bitwise_or(row64[:count], np.uint64(kind << 48 + ROW_BITS), out=k)
            for i in range(n):
                np.left_shift(values[i : i + count], np.uint64(16 * (2 - i) + ROW_BITS), out=p, dtype=np.uint64)
                k |= p
            yield _sorted_unique(k[ok])


_INITIAL_BITS = 5  # an initial consonant's number (0-18)


def _narrow_pairs(values: np.ndarray, rows: np.ndarray, ok: np.ndarray, n: int, width: int) -> np.ndarray:
    """The n-grams of ``values`` (``width`` bits each) where ``ok``, packed with their row as
    uint32 (first unit highest, row lowest), sorted and unique."""
    count = len(ok)
    packed = rows[:count].copy()
    for i in range(n):
        packed |= values[i : i + count].astype(np.uint32) << np.uint32(width * (n - 1 - i) + ROW_BITS)
    return _sorted_unique(packed[ok])


def _widened(packed: np.ndarray, kind: int, n: int, width: int) -> np.ndarray:
    """Keys packed by :func:`_narrow_pairs` in the index's layout (see :func:`_key`)."""
    out = (packed & np.uint32((1 << ROW_BITS) - 1)).astype(np.uint64)
    out |= np.uint64(kind << 48 + ROW_BITS)
    grams = packed >> np.uint32(ROW_BITS)
    for i in range(n):
        unit = (grams >> np.uint32(width * (n - 1 - i))) & np.uint32((1 << width) - 1)
        out |= unit.astype(np.uint64) << np.uint64(16 * (2 - i) + ROW_BITS)
    return out


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, by a sort: numpy 2's ``unique`` hashes first, 25 times slower here."""
    values.sort(kind=_faster_sort(values))
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


SortKind = Literal["quicksort", "stable"]
_SORT_KINDS: dict[str, SortKind] = {}  # by dtype


def _faster_sort(sample: np.ndarray) -> SortKind:
    """The faster of numpy's two sorts for keys like ``sample`` on this machine, timed once per
    process and type on a piece of it (~10 ms). The sorts are most of a build, and which one wins
    depends on the CPU: "quicksort" is numpy's SIMD sort where the CPU has the instructions (with
    AVX-512 on Intel, 0.02-0.03 s for a segment's 3.5 million keys, 6-7 times "stable"; on AMD Zen 4
    its AVX2 sort, see :mod:`reader.core.simd`), while on a machine without them "stable" (a radix
    and merge sort, which likes the runs of rows) was 1.4 times faster."""
    known = _SORT_KINDS.get(sample.dtype.str)
    if known is not None:
        return known
    if len(sample) < 1 << 16:
        return "quicksort"  # too few to time, and quick either way: the first big one decides
    piece = sample[: 1 << 18]
    took: dict[SortKind, float] = {}
    kinds: tuple[SortKind, ...] = ("quicksort", "stable")
    for kind in kinds:
        trial = piece.copy()
        started = time.perf_counter()
        trial.sort(kind=kind)
        took[kind] = time.perf_counter() - started
    fastest: SortKind = min(kinds, key=took.__getitem__)
    _SORT_KINDS[sample.dtype.str] = fastest
    return fastest


def segment_marks(pieces: Iterable[tuple[tuple, int]], rows: int, segment_rows: int | None = None) -> list[int]:
    """The mark of each segment of ``rows`` rows made of ``pieces``, in row order: ``(what,
    count)`` per file (``what`` names the file as it was read: path, size, time), ``count`` of its
    papers. A segment's mark hashes the pieces of files (and which of their papers) that make it,
    so it stays the same while those files do. All 0 (unknown) when the pieces are not ``rows``."""
    segment_rows = segment_rows or SEGMENT_ROWS
    pieces = list(pieces)
    if sum(count for _, count in pieces) != rows:
        return [0] * -(-rows // segment_rows)
    marks: list[int] = []
    current: list[tuple[tuple, int, int]] = []
    filled = 0
    for what, count in pieces:
        start = 0
        while start < count:
            take = min(count - start, segment_rows - filled)
            current.append((what, start, start + take))
            filled += take
            start += take
            if filled == segment_rows:
                marks.append(_mark(current))
                current, filled = [], 0
    if current:
        marks.append(_mark(current))
    return marks


def _mark(pieces: list[tuple[tuple, int, int]]) -> int:
    made = repr(pieces).encode()  # repr: the same text for the same values (marshal's bytes are not)
    return (zlib.crc32(made) << 32 | zlib.adler32(made)) or 1


def build_segment(first: int, rows: int, piece: bytes, mark: int = 0) -> Segment:
    """The segment of ``rows`` rows from ``first`` whose texts are ``piece`` (see :func:`encoded_rows`)."""
    return _segment_of(first, rows, encoded_rows(piece, rows), mark)


def _segment_of(first: int, rows: int, encoded: bytes, mark: int) -> Segment:
    if rows > SEGMENT_ROWS:
        raise ValueError("too many rows for one segment")
    width = (rows + 7) // 8
    keys, sparse_counts, sparse, dense = [], [], [], []
    for pairs in _kind_pairs(encoded):  # each kind's postings made compact before the next's are made
        local = (pairs & np.uint64((1 << ROW_BITS) - 1)).astype(np.uint16)
        pairs >>= np.uint64(ROW_BITS)  # now each pair's key, in place
        starts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1])))
        keys.append(pairs[starts])
        del pairs
        counts = np.diff(np.append(starts, len(local)))
        dense_key = counts * 2 >= width  # a bitmap is no bigger than the row numbers
        in_dense = np.repeat(dense_key, counts)
        sparse.append(local[~in_dense])
        sparse_counts.append(np.where(dense_key, 0, counts))
        bits = np.zeros((int(dense_key.sum()), width * 8), dtype=bool)
        bits[np.repeat(np.arange(len(bits)), counts[dense_key]), local[in_dense]] = True
        dense.append(np.packbits(bits, axis=1, bitorder="little"))
    if not keys:
        return Segment(first, rows, np.zeros(0, np.uint64), np.zeros(1, np.uint32), np.zeros(0, np.int32), np.zeros(0, np.uint16), np.zeros((0, width), np.uint8), mark)
    all_keys = np.concatenate(keys)
    counted = np.concatenate(sparse_counts)
    dense_key = counted == 0  # every key has a row: no rows kept as numbers means a bitmap
    ends = np.concatenate(([0], np.cumsum(counted))).astype(np.uint32)
    slots = np.where(dense_key, np.cumsum(dense_key) - 1, -1).astype(np.int32)
    return Segment(first, rows, all_keys, ends, slots, np.concatenate(sparse), np.concatenate(dense), mark)


# --- the index --------------------------------------------------------------------------------


class TextIndex:
    """The postings of every row of a catalog, segment by segment."""

    def __init__(self, rows: int, segments: list[Segment], maps: Sequence[mmap.mmap] = ()) -> None:
        self.rows = rows
        self.segments = segments
        self._maps = list(maps)  # the files the arrays are views of (the stored index, see from_checked; built segments)
        self._order: np.ndarray | None = None  # see arrange

    @property
    def marks(self) -> list[int]:
        """Each segment's mark (see :func:`segment_marks`)."""
        return [segment.mark for segment in self.segments]

    def arrange(self, rows: Sequence[int]) -> None:
        """Give flags in another order of the same rows: this index's row ``i`` is row ``rows[i]``
        of the flags (the catalog lists newest first, its index holds the oldest file first)."""
        where = np.asarray(rows, dtype=np.intp)
        if where.shape != (self.rows,) or not np.array_equal(np.bincount(where, minlength=self.rows), np.ones(self.rows, np.intp)):
            raise ValueError("not an order of the index's rows")
        order = np.empty(self.rows, dtype=np.intp)
        order[where] = np.arange(self.rows)  # the index's row of each row of the flags
        self._order = order

    def flags(self, keys: Iterable[int]) -> bytes:
        """A byte per row, 1 where the row has every key of ``keys`` (in the order of :meth:`arrange`)."""
        wanted = np.array(sorted(set(keys)), dtype=np.uint64)
        found = np.zeros(self.rows, dtype=bool)
        if len(wanted):
            for segment in self.segments:
                mine = segment.flags(wanted)
                if mine is not None:
                    found[segment.first : segment.first + segment.rows] = mine
        self.let_go()
        return (found if self._order is None else found[self._order]).tobytes()

    def let_go(self) -> None:
        """Unmap the pages of the stored index that a look-up read (they stay in the page cache).

        A look-up reads a few scattered pages, but the kernel maps 64 KB around each: after a few
        hundred keystrokes half the file (55 MB of 103) was counted in the app's memory. Mapped
        again on the next look-up, from the page cache: ~0.3 ms a keystroke.
        """
        for mapped in self._maps:
            try:
                mapped.madvise(mmap.MADV_DONTNEED)
            except (AttributeError, OSError, ValueError):
                pass

    def candidates(self, needle: str, initials: bool = False) -> tuple[bytes, bool] | None:
        """Flags of the rows that may hold ``needle`` and whether they surely do; None when
        the index cannot say (an empty needle)."""
        keys, exact = needle_keys(initial_numbers(needle) if initials else text_units(needle), initials)
        if not keys:
            return None
        return self.flags(keys), exact


def build(
    texts: Texts | Sequence[str],
    marks: Sequence[int] = (),
    stop: Callable[[], bool] = lambda: False,
    workers: int | None = None,
    segment_rows: int | None = None,
    reuse: TextIndex | None = None,
    processes: Executor | None = None,
    scratch: str | None = None,
) -> TextIndex | None:
    """The index of ``texts`` (a segment per thread: the sorts run without the interpreter lock);
    None if ``stop()`` came true first. ``segment_rows``: at most (and by default) :data:`SEGMENT_ROWS`.

    ``marks``: each segment's (see :func:`segment_marks`; none: unknown). A segment of ``reuse``
    with the same rows and mark is taken as it is instead of being built again. ``processes``:
    a pool of worker processes to build the segments in instead (see ``loader.build_index``),
    which hand them back as files in a temporary folder in ``scratch`` (default: the system's).
    """
    if not isinstance(texts, Texts):
        texts = Texts.of(texts)
    segment_rows = segment_rows or SEGMENT_ROWS
    starts = range(0, len(texts), segment_rows)
    workers = workers or min(os.cpu_count() or 1, 4)
    marks = _marks_of(marks, len(starts))
    stored = _reusable(reuse)

    def one(number: int) -> Segment | None:
        first = starts[number]
        rows = min(segment_rows, len(texts) - first)
        kept = stored.get((first, rows, marks[number]))  # never one of mark 0 (unknown): see _reusable
        if kept is not None:
            return kept
        return None if stop() else build_segment(first, rows, texts.piece(first, rows), marks[number])

    maps: list[mmap.mmap] = []
    if processes is not None:
        segments = _built_in(processes, texts, starts, segment_rows, marks, stored, stop, maps, scratch)
    elif workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(workers, thread_name_prefix="index") as pool:
            segments = list(pool.map(one, range(len(starts))))
    else:
        segments = [one(number) for number in range(len(starts))]
    if any(s is None for s in segments):
        return None
    if reuse is not None and any(s is stored.get((s.first, s.rows, s.mark)) for s in segments if s is not None):
        maps += reuse._maps
    return TextIndex(len(texts), [s for s in segments if s is not None], maps)


def to_build(rows: int, marks: Sequence[int], reuse: TextIndex | None) -> int:
    """How many segments :func:`build` would build for ``rows`` rows (the others are in ``reuse``)."""
    stored = _reusable(reuse)
    starts = range(0, rows, SEGMENT_ROWS)
    return sum((first, min(SEGMENT_ROWS, rows - first), mark) not in stored for first, mark in zip(starts, _marks_of(marks, len(starts)), strict=True))


def _marks_of(marks: Sequence[int], segments: int) -> list[int]:
    """``marks`` when there is one per segment, else all unknown."""
    return list(marks) if len(marks) == segments else [0] * segments


def _reusable(reuse: TextIndex | None) -> dict[tuple[int, int, int], Segment]:
    """The segments of ``reuse`` by (first row, rows, mark), those with a known mark."""
    return {(s.first, s.rows, s.mark): s for s in reuse.segments if s.mark} if reuse is not None else {}


def _built_in(
    processes: Executor,
    texts: Texts,
    starts: range,
    segment_rows: int,
    marks: list[int],
    stored: dict[tuple[int, int, int], Segment],
    stop: Callable[[], bool],
    maps: list[mmap.mmap],
    scratch: str | None,
) -> list[Segment | None]:
    """The segments, those not in ``stored`` built by ``processes``: their texts are sent, and
    each comes back as a file in a temporary folder, mapped (its map added to ``maps``) and
    unlinked. The sorts' memory is the workers', given back when they end; the arrays are the
    files' pages, not this process's heap (received through pickle they left ~100 MB there).
    Only a few segments' texts are out at once (:data:`SEGMENTS_AHEAD`): all of them sent at the
    start held a second copy of every text here while they waited (~87 MB for 55,000 papers)."""
    jobs: list[Segment | tuple[int, int, int]] = []  # kept, or (first, rows, mark) to build
    for number, first in enumerate(starts):
        rows = min(segment_rows, len(texts) - first)
        kept = stored.get((first, rows, marks[number]))
        jobs.append(kept if kept is not None else (first, rows, marks[number]))
    building = [n for n, job in enumerate(jobs) if not isinstance(job, Segment)]
    running: dict[int, Future[tuple[str, tuple]]] = {}
    with tempfile.TemporaryDirectory(prefix=".index-", dir=scratch, ignore_cleanup_errors=True) as folder:

        def send(until: int) -> None:  # every segment to build up to ``until`` sent, and a few more
            while building and (building[0] <= until or len(running) < SEGMENTS_AHEAD):
                number = building.pop(0)
                first, rows, mark = jobs[number]  # type: ignore[misc]
                running[number] = processes.submit(build_segment_file, first, rows, texts.piece(first, rows), mark, folder)
                texts.let_go()  # the pages the piece read, where the texts are mapped

        segments: list[Segment | None] = []
        for number, job in enumerate(jobs):
            if stop():
                pending = [other for other in running.values() if not other.cancel()]
                wait(pending)  # the running ones (a second at most): then the folder goes with their files
                return [None]
            if isinstance(job, Segment):
                segments.append(job)
                continue
            send(number)
            path, meta = running.pop(number).result()
            with open(path, "rb") as handle:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            os.unlink(path)  # the map keeps its pages
            maps.append(mapped)
            segments.append(_segment_at(memoryview(mapped), 0, meta)[0])
    return segments


SEGMENTS_AHEAD = min(os.cpu_count() or 1, 4) + 2
"""Segments sent to the worker processes at once: one running on each, and two waiting."""


def build_segment_file(first: int, rows: int, piece: bytes, mark: int, folder: str) -> tuple[str, tuple]:
    """The segment of ``rows`` rows whose texts are ``piece`` (see :func:`build_segment`), written
    to a new file in ``folder`` as it is stored (for a worker process): the file's path and the
    segment's entry of the stored header."""
    segment = build_segment(first, rows, piece, mark)
    handle, path = tempfile.mkstemp(prefix="segment-", dir=folder)
    with os.fdopen(handle, "wb") as out:
        out.writelines(_segment_chunks(segment))
    return path, _segment_meta(segment)


# --- stored -------------------------------------------------------------------------------------
# The frame (magic, header, checksum: see index_frame; a segment's meta in the header is (first, rows,
# keys, sparse, bitmaps, mark)), then each segment's five arrays, each at an offset that is a
# multiple of 8 from the start of the data.

_ARRAYS = (("keys", np.uint64), ("ends", np.uint32), ("slots", np.int32), ("sparse", np.uint16), ("dense", np.uint8))


def encode(index: TextIndex, stamp: str) -> list[bytes | memoryview]:
    """``index`` as the chunks of its stored form (see :mod:`reader.core.index_frame`)."""
    chunks: list[bytes | memoryview] = []
    metas = []
    size = 0
    summed = Checksum()
    for s in index.segments:
        metas.append(_segment_meta(s))
        for data in _segment_chunks(s):
            summed.update(data)
            chunks.append(data)
            size += len(data)
        index.let_go()  # the checksum read the segment's pages (mapped from its file): ~100 MB in all
    return [index_frame.head(stamp, index.rows, summed.value(), size, metas), *chunks]


def _segment_meta(s: Segment) -> tuple:
    """A segment's entry in the stored header: (first, rows, keys, sparse rows, bitmaps, mark)."""
    return (s.first, s.rows, len(s.keys), len(s.sparse), len(s.dense), s.mark)


def _segment_chunks(s: Segment) -> list[bytes | memoryview]:
    """A segment's five arrays as stored, each padded to a multiple of 8 bytes: views, not copies
    (~100 MB less to save)."""
    chunks: list[bytes | memoryview] = []
    for name, dtype in _ARRAYS:
        array = np.ascontiguousarray(getattr(s, name), dtype=dtype)
        data = array.data.cast("B") if array.size else b""
        chunks += [data, b"\0" * index_frame.pad(len(data))]
    return chunks


def _segment_at(view: memoryview, offset: int, meta: tuple) -> tuple[Segment, int]:
    """The segment whose header entry is ``meta``, its arrays views of ``view`` from ``offset``,
    and the offset after it; ValueError when they do not fit together."""
    first, count, keys, sparse, bitmaps, mark = meta
    if not 0 < count <= SEGMENT_ROWS or not isinstance(mark, int):
        raise ValueError("not a segment")
    width = (count + 7) // 8
    arrays = {}
    for (name, dtype), n in zip(_ARRAYS, (keys, keys + 1, keys, sparse, bitmaps * width), strict=True):
        nbytes = n * np.dtype(dtype).itemsize
        arrays[name] = np.frombuffer(view, dtype=dtype, count=n, offset=offset)
        offset += nbytes + index_frame.pad(nbytes)
    arrays["dense"] = arrays["dense"].reshape(bitmaps, width)
    segment = Segment(first, count, **arrays, mark=mark)
    if len(segment.ends) and (int(segment.ends[-1]) != sparse or int(segment.slots.max(initial=-1)) >= bitmaps):
        raise ValueError("a segment's postings do not add up")
    return segment, offset


def from_checked(checked: index_frame.Checked) -> TextIndex | None:
    """The index of a stored one whose frame and checksum are intact, or None if its segments do not
    add up. Its arrays are views of the map: only the postings a search reads are paged in.
    Whose rows it holds, its segments' marks say."""
    try:
        return _segments_of(checked)
    except Exception:  # any damage the checks did not catch: rebuilt, never fatal
        return None


def _segments_of(checked: index_frame.Checked) -> TextIndex | None:
    mapped, rows, metas, view, size = checked
    segments: list[Segment] = []
    offset = expected_first = 0
    for meta in metas:
        if meta[0] != expected_first:
            return None
        segment, offset = _segment_at(view, offset, meta)  # ValueError: damaged (see from_checked)
        segments.append(segment)
        expected_first += segment.rows
    if expected_first != rows or offset != size:
        return None
    return TextIndex(rows, segments, [mapped])
