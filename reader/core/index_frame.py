"""The stored search index's frame: its magic, header and checksum, written and checked without numpy.

A stored index (see ``reader.core.index``) is :data:`MAGIC`, the header's length (8 bytes,
little-endian), the header (marshal: the stamp, the rows, the data's checksum (see
``reader.core.checksum``) and size, each segment's meta), zeros up to a multiple of 8 bytes, then
the data: every segment's arrays.

Checking a stored index reads all of it (~100 MB for 55,000 papers: ~4 ms, without the
interpreter lock). Doing that here, where numpy is not imported, lets a warm start check the
index while its first frame is written out, and import numpy (~60 ms that hold the lock) only
after: see ``loader._stored_index``.
"""

from __future__ import annotations

import marshal
import mmap
from collections.abc import Sequence
from typing import NamedTuple

from .checksum import Checksum

FORMAT = 3  # 2: a mark per segment, no fingerprint of the whole; 3: XXH3, not CRC-32
MAGIC = b"DPINDEX\x00"
CHECK_PIECE = 16 << 20
"""Bytes of a stored index checked between two give-backs of the pages read (one pass held all
100 MB of it at the peak of a start)."""


class Checked(NamedTuple):
    """A stored index whose frame and checksum are intact: what its segments are made from."""

    mapped: mmap.mmap
    rows: int
    metas: list[tuple]  # each segment's (see ``index._segment_meta``)
    data: memoryview  # the segments' arrays, one after the other
    size: int  # of ``data``


def pad(length: int) -> int:
    """Zeros that bring ``length`` bytes to a multiple of 8 (numpy's arrays are read in place)."""
    return -length % 8


def head(stamp: str, rows: int, checksum: int, size: int, metas: Sequence[tuple]) -> bytes:
    """The frame before the data, padded (see the module's docstring)."""
    header = marshal.dumps((stamp, rows, checksum, size, list(metas)))
    framed = MAGIC + len(header).to_bytes(8, "little") + header
    return framed + b"\0" * pad(len(framed))


def check(mapped: mmap.mmap, stamp: str) -> Checked | None:
    """``mapped`` if it is an index of ``stamp`` whose data has its checksum, else None (any damage:
    marshal's and the header's errors are the caller's to catch, see ``cache.check_index``).
    The pages the check read are given back as it goes (they stay in the page cache)."""
    if mapped[: len(MAGIC)] != MAGIC:
        return None
    length = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    found, rows, written, size, metas = marshal.loads(mapped[start : start + length])
    if found != stamp or not isinstance(rows, int) or not isinstance(size, int) or not isinstance(metas, list):
        return None
    data_at = start + length + pad(start + length)
    if data_at + size != len(mapped):
        return None
    data = memoryview(mapped)[data_at:]
    read = Checksum()
    for at in range(0, len(data), CHECK_PIECE):  # in C, without the interpreter lock
        read.update(data[at : at + CHECK_PIECE])
        try:
            mapped.madvise(mmap.MADV_DONTNEED)  # the pages the check read, given back until asked for
        except (AttributeError, OSError, ValueError):
            pass
    if read.value() != written:
        return None
    return Checked(mapped, rows, metas, data, size)
