"""Every row's folded search text, as UTF-8 in one buffer, and the scans a search makes over it.

A warm start used to turn 55,000 papers' texts (47 M characters) into Python strings: ~70 ms
of decoding and splitting and ~95 MB of new memory the kernel hands over page by page (another
50 ms in a fresh process), before the first search. Kept as UTF-8 bytes they are searched where
they lie: in the mapped parse cache after a warm start (nothing read until a search asks), in
one joined buffer after a parse. A row is ``data[starts[r]:ends[r]]``; a word is found with a
bounded ``find`` on the buffer (valid UTF-8 matches a whole character sequence only where the
characters match, so a byte search finds what a string search does), the loop over rows in C
(``itemgetter``, ``compress``, as in :mod:`reader.core.rows`). Only a regular expression
decodes the rows it is asked about.

A file's texts travel as one piece (:func:`encode_rows`: its rows' texts joined by
:data:`SEPARATOR`), made in the worker that parsed the file and stored as is in the cache.
"""

from __future__ import annotations

import mmap
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from operator import add, itemgetter
from typing import cast

SEPARATOR = b"\x1e"
"""Between a file's (or a segment's) rows' texts: a control character, which folded text never has."""
ENCODING = ("utf-8", "replace")
"""Both ways: parsed text never has a lone surrogate (files are decoded with replacement), and
damaged bytes read back as U+FFFD rather than an error in the middle of a search."""


def encode_rows(texts: Iterable[str]) -> bytes:
    """Rows' texts as one piece: UTF-8, :data:`SEPARATOR` between them (one in a text becomes a
    space: no query can hold it, and a space finds the same)."""
    texts = list(texts)
    if any("\x1e" in text for text in texts):
        texts = [text.replace("\x1e", " ") for text in texts]
    return "\x1e".join(texts).encode(*ENCODING)


def utf8_length(text: str) -> int:
    """How many bytes ``text`` takes in a row (field ends are byte offsets)."""
    return len(text.encode(*ENCODING))


class Texts:
    """Row ``r``'s text is ``data[starts[r]:ends[r]]`` (UTF-8); ``texts[r]`` decodes it."""

    __slots__ = ("data", "ends", "starts")

    def __init__(self, data: bytes | bytearray | mmap.mmap, starts: Sequence[int], ends: Sequence[int]) -> None:
        if len(starts) != len(ends):
            raise ValueError("not one end per start")
        self.data = data
        self.starts = starts
        self.ends = ends

    @classmethod
    def of(cls, texts: Iterable[str]) -> Texts:
        """Texts of these strings, one row each."""
        texts = list(texts)
        return cls.joined([(encode_rows(texts), len(texts))] if texts else [])

    @classmethod
    def joined(cls, pieces: Sequence[tuple[bytes | memoryview, int]], folder: str | None = None) -> Texts:
        """The texts of pieces (see :func:`encode_rows`) and how many rows each holds, one after
        the other; ValueError if a piece does not hold that many.

        With ``folder``, when they are many (:data:`FILE_MIN_BYTES`), they are joined in a file
        there (removed at once), mapped: pages of the page cache, which a search reads in as a
        warm start's map of the cache does, not 87 MB (55,000 papers) of this process's memory
        from a cold start on. Where it cannot be written, in memory."""
        total = sum(len(piece) for piece, _ in pieces) + len(pieces) - 1
        if folder is not None and total >= max(FILE_MIN_BYTES, 1):  # an empty file cannot be mapped
            try:
                return cls._joined_in_file(pieces, folder)
            except OSError:
                pass
        maps = _maps_of(piece for piece, _ in pieces)
        if not maps or total <= 0:
            data: bytes | bytearray = SEPARATOR.join(piece for piece, _ in pieces)
            starts, ends = _row_spans(pieces, data)
            return cls(data, starts, ends)
        # views of maps (a cache's, the parse's worker processes' files): copied a piece at a time,
        # the maps' pages given back as they go (the join read them all and held them till the end)
        joined = bytearray(total)  # not an anonymous map: a give-back of its pages would lose them
        at = 0

        def write(chunk: bytes) -> None:
            nonlocal at
            joined[at : at + len(chunk)] = chunk
            at += len(chunk)

        starts, ends = _copied(pieces, write, maps)
        return cls(joined, starts, ends)

    @classmethod
    def _joined_in_file(cls, pieces: Sequence[tuple[bytes | memoryview, int]], folder: str) -> Texts:
        import os
        import tempfile

        handle, name = tempfile.mkstemp(prefix=".texts-", dir=folder)
        try:
            with os.fdopen(handle, "wb", buffering=1 << 20) as out:
                starts, ends = _copied(pieces, out.write, _maps_of(piece for piece, _ in pieces))
                out.flush()
                return cls(mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ), starts, ends)
        finally:
            os.unlink(name)  # the map keeps the file

    def let_go(self) -> None:
        """Give back the pages of a mapped buffer read so far (they stay in the page cache)."""
        if isinstance(self.data, mmap.mmap):
            give_back([self.data])

    def ordered(self, rows: Sequence[int]) -> Texts:
        """These rows' texts, in this order (sharing the buffer)."""
        starts, ends = self.starts, self.ends
        return Texts(self.data, [starts[r] for r in rows], [ends[r] for r in rows])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, row: int) -> str:
        return self.data[self.starts[row] : self.ends[row]].decode(*ENCODING)

    def __iter__(self) -> Iterator[str]:
        return map(self.__getitem__, range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Texts equal anything holding the same strings in the same order."""
        if not isinstance(other, Texts | list | tuple):
            return NotImplemented
        return len(self) == len(other) and all(map(str.__eq__, self, other))

    __hash__ = None  # type: ignore[assignment]

    def piece(self, first: int, count: int) -> bytes:
        """Rows ``first`` to ``first + count - 1`` as one piece (see :func:`encode_rows`)."""
        data, starts, ends = self.data, self.starts, self.ends
        return SEPARATOR.join([data[starts[r] : ends[r]] for r in range(first, min(first + count, len(self)))])

    # --- the scans of a search ------------------------------------------------------------------

    def containing(self, rows: list[int], needle: str) -> list[int]:
        """The rows of ``rows`` whose text holds ``needle``, in their order."""
        return self.found_between(rows, needle, None, None)

    def found_between(self, rows: list[int], needle: str, starts: Sequence[int] | None, ends: Sequence[int] | None) -> list[int]:
        """The rows ``r`` of ``rows`` holding ``needle`` between bytes ``starts[r]`` and ``ends[r]``
        of their text (a field; None: from its start, to its end)."""
        if not rows:
            return rows
        low, high = self._bounds(rows, starts, ends)
        # a lone surrogate (from a terminal's undecodable byte) stays one: it matches no stored text
        found = map(self.data.find, repeat(needle.encode("utf-8", "surrogatepass")), low, high)
        return list(compress(rows, map((-1).__lt__, found)))

    def matching(self, rows: list[int], test: Callable[[str], object], starts: Sequence[int] | None = None, ends: Sequence[int] | None = None) -> list[int]:
        """The rows ``r`` of ``rows`` whose text (or field, as in :meth:`found_between`) passes
        ``test`` (a regular expression's search: only these rows are decoded)."""
        if not rows:
            return rows
        data = cast(bytes, self.data)  # a slice of each kind of buffer it may be decodes as bytes do
        low, high = self._bounds(rows, starts, ends)
        pieces = map(data.__getitem__, map(slice, low, high))
        return list(compress(rows, map(test, map(_decode, pieces))))

    def _bounds(self, rows: list[int], starts: Sequence[int] | None, ends: Sequence[int] | None) -> tuple[Iterable[int], Iterable[int]]:
        """Where in ``data`` each row's (field's) text starts and ends, for ``rows`` in turn."""
        pick = itemgetter(*rows) if len(rows) > 1 else (lambda seq: (seq[rows[0]],))
        base = pick(self.starts)
        low = map(add, base, pick(starts)) if starts is not None else base
        high = map(add, base, pick(ends)) if ends is not None else pick(self.ends)
        return low, high


FILE_MIN_BYTES = 16 << 20
"""Texts joined in a file, given a folder for it (see :meth:`Texts.joined`), from this size on."""
GIVE_BACK_EVERY = 32 << 20
"""Bytes copied from mapped pieces between two give-backs of their pages (see :func:`_copied`)."""


def _maps_of(pieces: Iterable[bytes | memoryview]) -> list[mmap.mmap]:
    """The maps that some of ``pieces`` are views of."""
    return list({id(p.obj): p.obj for p in pieces if isinstance(p, memoryview) and isinstance(p.obj, mmap.mmap)}.values())


def _row_spans(pieces: Sequence[tuple[bytes | memoryview, int]], data: bytes | bytearray) -> tuple[array[int], array[int]]:
    """Where each row of ``pieces`` starts and ends in ``data``, their join (ValueError: a piece
    does not hold as many rows as it says), as int64s: a list held an int object for each
    (4.4 MB more for 55,000 rows than a warm start's, which are the cache's int64s)."""
    find = data.find
    starts, ends = array("q"), array("q")
    at = 0
    for piece, rows in pieces:
        end = at + len(piece)
        for _ in range(rows - 1):
            cut = find(SEPARATOR, at, end)
            if cut < 0:
                raise ValueError("a file's texts do not match its rows")
            starts.append(at)
            ends.append(cut)
            at = cut + 1
        if rows < 1 or find(SEPARATOR, at, end) >= 0:
            raise ValueError("a file's texts do not match its rows")
        starts.append(at)
        ends.append(end)
        at = end + 1
    return starts, ends


def _copied(pieces: Sequence[tuple[bytes | memoryview, int]], write: Callable[[bytes], object], maps: list[mmap.mmap]) -> tuple[array[int], array[int]]:
    """Write the join of ``pieces`` a piece at a time, each read once (its rows found in the copy),
    and give back the pages of ``maps`` every :data:`GIVE_BACK_EVERY` bytes; where each row
    starts and ends in the join (ValueError as :func:`_row_spans`)."""
    starts, ends = array("q"), array("q")
    at = copied = 0
    for number, (piece, rows) in enumerate(pieces):
        chunk = piece if isinstance(piece, bytes) else bytes(piece)
        if number:
            write(SEPARATOR)
        write(chunk)
        spans = _row_spans([(chunk, rows)], chunk)
        starts.extend(map(at.__add__, spans[0]))
        ends.extend(map(at.__add__, spans[1]))
        at += len(chunk) + 1
        copied += len(chunk)
        if copied >= GIVE_BACK_EVERY:
            give_back(maps)
            copied = 0
    give_back(maps)
    return starts, ends


def give_back(maps: Iterable[mmap.mmap]) -> None:
    """Drop the pages of ``maps`` from this process's memory (they stay in the page cache)."""
    for mapped in maps:
        try:
            mapped.madvise(mmap.MADV_DONTNEED)
        except (AttributeError, OSError, ValueError):
            pass


def _decode(piece: bytes | bytearray) -> str:
    return piece.decode(*ENCODING)
