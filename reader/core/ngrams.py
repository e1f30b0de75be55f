"""N-gram signatures: a small bitmap per paper that rules most papers out before ``str.find``.

Scanning 55,000 papers' folded text (60 M characters) for a two-letter word costs ~60 ms, which
is what a keystroke after the first letter of a word used to cost. Each paper's signature has
two bits set for every pair of adjacent characters in its text and one for every triple,
hashed into :data:`BITS` buckets. A paper whose signature lacks a bucket of the
needle cannot contain the needle, so a search checks a few bytes per paper first and runs
``str.find`` only on the papers that pass (the check has false positives, never false
negatives: results are always verified on the text).

Signatures are computed while parsing (in the worker processes of a cold start) and kept in
the parse cache.
"""

from __future__ import annotations

from collections.abc import Sequence

from .rows import kept

BITS = 8192
BYTES = BITS // 8


def _table(seed: int, mask: int = 255) -> bytes:
    """256 fixed pseudo-random bytes (a 64-bit LCG; never :mod:`random`: signatures are cached)."""
    out = bytearray()
    state = seed
    for _ in range(256):
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out.append((state >> 56) & mask)
    return bytes(out)


_HIGH = bytes((i * 167) & 255 for i in range(256))  # a permutation of the bytes, 0 kept as 0
_PAIR = [(_table(1), _table(2)), (_table(3, 31), _table(4, 31))]
_PAIR_AGAIN = [(_table(11), _table(12)), (_table(13, 31), _table(14, 31))]  # a second bucket per pair
_TRIPLE = [(_table(5), _table(6), _table(7)), (_table(8, 31), _table(9, 31), _table(10, 31))]


def _xor(parts: list[bytes]) -> bytes:
    value = 0
    for part in parts:
        value ^= int.from_bytes(part, "little")
    return value.to_bytes(len(parts[0]), "little")


def _hashed(grams: list[bytes], tables: Sequence[tuple[bytes, ...]]) -> memoryview:
    """Tabulation hashing of the n-grams spelled by ``grams`` (one byte string per position).

    Bucket = an 8-bit hash + 256 x a 5-bit hash, each the XOR of a table lookup per character.
    """
    low = _xor([g.translate(t) for g, t in zip(grams, tables[0], strict=True)])
    high = _xor([g.translate(t) for g, t in zip(grams, tables[1], strict=True)])
    both = bytearray(2 * len(low))
    both[0::2] = low
    both[1::2] = high
    return memoryview(both).cast("H")


def _grams(text: str) -> tuple[memoryview, memoryview, memoryview]:
    """Two buckets for each pair of adjacent characters of ``text``, one for each triple.

    A character is first folded to one byte (its UTF-16 code unit's low byte XOR a scramble of
    the high byte: ASCII keeps its code, Hangul syllables spread over all 256). All the work per
    character runs in C (bytes.translate, int XOR, slice assignment, memoryview.cast).
    """
    units = text.encode("utf-16-le", "surrogatepass")
    n = len(units) // 2
    chars = _xor([units[0::2], units[1::2].translate(_HIGH)]) if n else b""
    pair: list[bytes] = [chars[:-1], chars[1:]]
    return _hashed(pair, _PAIR), _hashed(pair, _PAIR_AGAIN), _hashed([chars[:-2], chars[1:-1], chars[2:]], _TRIPLE)


def signature(text: str) -> bytes:
    """The :data:`BYTES`-byte signature of ``text`` (bit ``k`` of byte ``k // 8``: bucket ``k``)."""
    digits = bytearray(b"0" * BITS)  # binary digits, least significant first, read by one int()
    for grams in _grams(text):
        for bucket in grams:
            digits[bucket] = 49
    return int(digits[::-1], 2).to_bytes(BYTES, "little")


def buckets(needle: str, most: int = 3) -> list[tuple[int, int]]:
    """``(byte offset, bit mask)`` of up to ``most`` buckets every text containing ``needle`` has.

    Triples first (a word's pairs are common, its triples much less so), else both buckets of
    each pair; empty for a needle shorter than two characters (nothing to rule out with).
    """
    pairs, again, triples = _grams(needle)
    keys = sorted(set(triples)) or sorted({*pairs, *again})
    if len(keys) > most:  # spread over the needle: a few buckets rule out nearly everything
        keys = [keys[i * (len(keys) - 1) // (most - 1)] for i in range(most)]
    return [(k >> 3, 1 << (k & 7)) for k in keys]


def transpose(signatures: list[bytes]) -> bytes:
    """Rows' signatures as one block, byte column by byte column (column ``k``: byte ``k`` of each row)."""
    rows = b"".join(signatures)
    return b"".join(rows[k :: BYTES] for k in range(BYTES)) if signatures else b""


_BIT_SET = {1 << b: bytes(int(bool(v & (1 << b))) for v in range(256)) for b in range(8)}
"""For each one-bit mask, a ``bytes.translate`` table mapping a byte to 1 if it has that bit, else 0."""


class Signatures:
    """The signatures of a catalog's rows, read one byte column at a time.

    A search checks the same byte of every row's signature, in display order (by votes, say).
    Reading a row-major 56 MB table in that order is a cache miss per row, so each file keeps its
    signatures column-major (:func:`transpose`) and a column of the whole catalog is the files'
    slices of it joined: 55 KB that then sits in the CPU cache. Columns are kept for the next
    keystrokes, a bounded number of them.
    """

    KEPT = 256

    def __init__(self, blocks: list[bytes], counts: list[int], order: list[int] | None = None):
        """``blocks``: each file's :func:`transpose` d signatures (``counts[i]`` rows), in catalog
        order; ``order``: catalog row -> position in those rows, when rows are not simply the
        files' rows one after another."""
        if any(len(b) != n * BYTES for b, n in zip(blocks, counts, strict=True)):
            raise ValueError("a signature block does not match its number of rows")
        self.blocks, self.counts, self.order = blocks, counts, order
        self._columns: dict[int, bytes] = {}

    @classmethod
    def from_rows(cls, signatures: list[bytes]) -> Signatures:
        return cls([transpose(signatures)], [len(signatures)])

    def __len__(self) -> int:
        return sum(self.counts)

    def column(self, offset: int) -> bytes:
        """Byte ``offset`` of every row's signature, by catalog row."""
        column = self._columns.get(offset)
        if column is None:
            if len(self._columns) >= self.KEPT:
                del self._columns[next(iter(self._columns))]  # the oldest
            column = b"".join([block[offset * n : offset * n + n] for block, n in zip(self.blocks, self.counts, strict=True)])
            if self.order is not None:
                column = bytes([column[p] for p in self.order])
            self._columns[offset] = column
        return column

    def candidates(self, needle: str, rows: list[int]) -> list[int]:
        """The rows of ``rows`` whose signature may hold ``needle`` (in the order given)."""
        for offset, mask in buckets(needle):
            rows = kept(rows, self.column(offset).translate(_BIT_SET[mask]))  # byte & mask, in C
        return rows
