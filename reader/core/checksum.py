"""The checksum of the cache's two big sections, which every warm start reads in full.

Before a warm start searches, it checks the parse cache's texts section (~90 MB for 55,000
papers) and the stored index's data (~100 MB) against the checksum written with them. zlib's
CRC-32 read them at 2-4 GB/s on this 2-core machine: 26-50 ms for the index alone, beside the
start's own work on the other core. XXH3 (64 bits, the ``xxhash`` library) reads them at
~25 GB/s, 4 ms for the index (same file, same process, best of five). Both let go of the
interpreter lock while they read.

Each record's and each paper blob's own CRC-32 stays (see ``catalog.crc32``): they are small and
read only when a file is mended or a paper first shown.
"""

from __future__ import annotations

import mmap

import xxhash

Data = bytes | memoryview | mmap.mmap


def checksum(data: Data) -> int:
    """The checksum of ``data`` in one call."""
    return xxhash.xxh3_64_intdigest(data)


class Checksum:
    """A running checksum: :meth:`update` with each piece in turn, then :meth:`value` (the same as
    :func:`checksum` of the pieces joined)."""

    def __init__(self) -> None:
        self._state = xxhash.xxh3_64()

    def update(self, data: Data) -> None:
        self._state.update(data)

    def value(self) -> int:
        return self._state.intdigest()
