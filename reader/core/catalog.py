"""The catalog: every paper of a library as compact columns plus one folded search corpus.

Holding 55,000 full Paper objects costs seconds to load and hundreds of megabytes, so the
catalog keeps only what the list and search need (title, votes, day, id, url, where it came
from), every paper's folded searchable text as UTF-8 in one buffer (:mod:`reader.core.texts`:
the mapped cache after a warm start), and the search index over those texts (see
:mod:`reader.core.index`), built once and kept in the cache. Whole papers (for the detail pane and
export) stay encoded, one blob per file, made where the file is parsed: a warm start leaves them
in the mapped cache file and :meth:`Catalog.paper` decodes one file's blob when one of its papers
is asked for, so nothing reads or parses a file on the UI thread and memory does not grow with
the corpus.

A :class:`FileRecord` is one file's share: plain tuples, strings and bytes, so it can be stored
in the parse cache and sent from worker processes cheaply.
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from .lazy import lazy_module
from .model import Bullet, Paper, ParseWarning, Source
from .text import fold
from .texts import Texts, encode_rows, utf8_length

if TYPE_CHECKING:
    from . import parse
    from . import suspect as suspects
    from .index import TextIndex
else:  # needed once a file is parsed, not for the first screen (reader.core.lazy)
    parse = lazy_module("reader.core.parse")  # ~5 ms
    suspects = lazy_module("reader.core.suspect")  # its word lists and patterns: ~10 ms
FIELD_SEP = "\x1f"  # between title, authors, labels and summary of one paper
ROW_COLUMNS = ("titles", "votes", "days", "ids", "urls", "lines", "title_ends", "author_ends", "label_ends", "suspects")
"""The catalog's columns, in the order of a record's row tuple (see :attr:`FileRecord.rows`)."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One digest file as the catalog keeps it (see :func:`record_file`)."""

    path: str
    size: int
    mtime_ns: int
    rows: tuple  # (title, votes, ordinal, arxiv_id, url, line, title_end, authors_end, labels_end, suspect) per paper
    texts: bytes | memoryview  # folded searchable text of each paper, in row order, as one piece (reader.core.texts)
    warnings: tuple  # (line, message) per warning
    papers: bytes | memoryview = b""  # the whole papers, in row order (see encode_papers); b"": none kept
    papers_crc: int = 0  # zlib.crc32 of ``papers``, checked when they are decoded
    texts_crc: int = field(default=0, compare=False)  # zlib.crc32 of ``texts`` (0: not known yet)
    checked: bool = field(default=True, compare=False)
    """Whether the rows' suspects were checked; False: all None until :func:`check_summaries`
    fills them (a cold load checks after the index is built). Never stored unchecked."""


# --- whole papers, encoded ----------------------------------------------------------------------
# A file's blob: the number of papers n (4 bytes), n + 1 offsets (4 bytes each, little-endian),
# then each paper as a marshalled tuple. Only the papers asked for are unmarshalled and built,
# straight from the blob (mapped from the cache file after a warm start): nothing else is copied.

_COUNT = struct.Struct("<I")


def encode_papers(papers: Sequence[Paper]) -> bytes:
    """One file's papers as a blob (its path is the record's, so it is not repeated)."""
    encoded = [marshal.dumps(_paper_data(p)) for p in papers]
    ends = [0]
    for data in encoded:
        ends.append(ends[-1] + len(data))
    return _COUNT.pack(len(encoded)) + struct.pack(f"<{len(ends)}I", *ends) + b"".join(encoded)


class EncodedPapers:
    """The papers of one blob, each as a view of its bytes (see :func:`decode_paper`)."""

    __slots__ = ("_data", "_ends")

    def __init__(self, blob: bytes | memoryview) -> None:
        view = memoryview(blob)
        (count,) = _COUNT.unpack_from(view, 0)
        start = _COUNT.size + 4 * (count + 1)
        ends = list(struct.unpack_from(f"<{count + 1}I", view, _COUNT.size))
        if ends[0] != 0 or ends != sorted(ends) or start + ends[-1] != len(view):
            raise ValueError("not a blob of papers")
        self._data = view[start:]
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, index: int) -> memoryview:
        if not 0 <= index < len(self._ends) - 1:
            raise IndexError(index)
        return self._data[self._ends[index] : self._ends[index + 1]]


def paper_blobs(blob: bytes | memoryview) -> EncodedPapers:
    """The encoded papers of one file's blob (ValueError, or struct.error, for anything else)."""
    try:
        return EncodedPapers(blob)
    except (struct.error, OverflowError, MemoryError) as error:
        raise ValueError(f"not a blob of papers: {error}") from None


def decode_paper(data: bytes | memoryview, path: str) -> Paper:
    """One paper of a blob; ValueError (never another error) if it is not one."""
    try:
        day, title, url, arxiv_id, votes, authors, summary, thumbnail, line = marshal.loads(data)
        return Paper(date.fromordinal(day), title, url, arxiv_id, votes, tuple(authors), tuple(map(_bullet, summary)), thumbnail, Source(path, line))
    except (EOFError, ValueError, TypeError, OverflowError) as error:
        raise ValueError(f"not an encoded paper: {error}") from None


def _paper_data(paper: Paper) -> tuple:
    summary = tuple(map(_bullet_data, paper.summary))
    return (paper.date.toordinal(), paper.title, paper.url, paper.arxiv_id, paper.votes, tuple(paper.authors), summary, paper.thumbnail, paper.source.line)


def _bullet_data(bullet: Bullet) -> tuple:
    return bullet.label, bullet.text, tuple(map(_bullet_data, bullet.children))


def _bullet(data: tuple) -> Bullet:
    label, text, children = data
    return Bullet(label, text, tuple(map(_bullet, children)))


def searchable(paper: Paper) -> tuple[str, tuple[int, int, int]]:
    """A paper's folded text ``title␟authors␟labels␟summary`` and the ends of the first three,
    in bytes of its UTF-8 (as :class:`~reader.core.texts.Texts` keeps it)."""
    title = fold(paper.title)
    authors = fold(", ".join(paper.authors))
    labels = fold(" ".join(b.label for _, b in paper.bullets() if b.label))
    summary = fold("\n".join(b.text for _, b in paper.bullets()))
    a = utf8_length(title)
    b = a + 1 + utf8_length(authors)
    c = b + 1 + utf8_length(labels)
    return FIELD_SEP.join((title, authors, labels, summary)), (a, b, c)


def record_papers(path: str, size: int, mtime_ns: int, papers: Sequence[Paper], warnings: Sequence[ParseWarning], check: bool = True) -> FileRecord:
    """``check``: whether to check the summaries now (see :attr:`FileRecord.checked`)."""
    rows, texts = [], []
    # why a summary may describe another paper (reader.core.suspect): checked once, when the file
    # is parsed or just after (see check_summaries), and cached with the row (~50 µs a paper)
    found = suspects.reasons(papers) if check else [None] * len(papers)
    for p, suspect in zip(papers, found, strict=True):
        text, (a, b, c) = searchable(p)
        texts.append(text)
        rows.append((p.title, p.votes, p.date.toordinal(), p.arxiv_id, p.url, p.source.line, a, b, c, suspect))
    warned = tuple((w.line, w.message) for w in warnings)
    blob = encode_papers(papers)
    encoded = encode_rows(texts)  # in the worker that parsed the file: sent and stored as is
    return FileRecord(path, size, mtime_ns, tuple(rows), encoded, warned, blob, crc32(blob), crc32(encoded), checked=check)


def record_file(path: str, check: bool = True) -> FileRecord:
    """Parse one file into a record (used in worker processes too: plain data in and out)."""
    return parse_record(path, check)[0]


def check_summaries(blob: bytes | memoryview, path: str) -> list[str | None]:
    """Each paper's suspect (see :mod:`reader.core.suspect`) in a blob of ``path``'s papers
    (:func:`encode_papers`), in order: what an unchecked record's rows lack (a worker process
    runs this after a cold load's index is built). ValueError for a blob that is not one."""
    blobs = paper_blobs(blob)
    papers = [decode_paper(blobs[n], path) for n in range(len(blobs))]
    return suspects.reasons(papers)


def with_suspects(record: FileRecord, found: Sequence[str | None]) -> FileRecord:
    """``record`` checked: ``found`` (one per row, in order) in its rows."""
    if len(found) != len(record.rows):
        raise ValueError("not one suspect per row")
    rows = tuple((*row[:-1], suspect) for row, suspect in zip(record.rows, found, strict=True))
    return replace(record, rows=rows, checked=True)


def parse_record(path: str, check: bool = True) -> tuple[FileRecord, list[Paper]]:
    """One file's record and its papers (the first screen keeps them: see :meth:`Catalog.keep_parsed`)."""
    try:
        stat = os.stat(path)
        size, mtime = stat.st_size, stat.st_mtime_ns
    except OSError:
        size, mtime = -1, -1
    papers, warnings = parse.parse_file(path)
    return record_papers(path, size, mtime, papers, warnings, check), papers


class Catalog:
    """Papers as rows (ints): columns for the list and sorting, folded ``texts`` for search."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.titles: list[str] = []
        self.votes: list[int | None] = []
        self.days: list[int] = []  # date ordinals
        self.ids: list[str | None] = []
        self.urls: list[str] = []
        self.file_of: list[int] = []
        self.lines: list[int] = []
        self.title_ends: list[int] = []  # in each row's text: where the title, authors and labels end
        self.author_ends: list[int] = []
        self.label_ends: list[int] = []
        self.suspects: list[str | None] = []
        """Why each row's summary may describe another paper (reader.core.suspect), or None."""
        self.suspects_known = True
        """False while some rows' summaries are not checked yet (None in :attr:`suspects` until
        :meth:`take_suspects`): a cold load checks them once the index is built."""
        self.texts = Texts(b"", [], [])  # folded searchable text of each row
        self.index: TextIndex | None = None  # over ``texts``, once built or read from the cache (see use_index)
        self.index_rows: list[int] = []
        """The rows in the index's order: oldest file first, each file's papers in file order, so a
        new day's papers come last and the index's other segments stay as they were."""
        self.index_pieces: list[tuple[tuple, int]] = []
        """What the index's rows are made of, in its order: ((path, size, time), papers) per file."""
        self.warnings: list[ParseWarning] = []
        self.positions: list[int] = []  # each row's place among its file's papers (in its blob)
        self.blobs: list[bytes | memoryview] = []  # each file's encoded papers (see encode_papers)
        self.blob_crcs: list[int] = []  # and their CRC-32, checked before a blob is first decoded
        self._checked: set[int] = set()  # files whose blob matched its CRC
        self._papers: dict[int, Paper] = {}  # rows whose Paper is held in memory (built from papers)
        self._decoded: OrderedDict[int, tuple[EncodedPapers | tuple, dict[int, Paper]]] = OrderedDict()
        self._parsed: OrderedDict[int, dict[int, Paper]] = OrderedDict()  # files parsed for want of a blob
        self._keys: list[str] | None = None
        self._iso: dict[int, str] = {}
        self.presorted: tuple[str, dict[str, bytes]] | None = None
        """Every row in each order as the cache kept them with its image (see :func:`reader.core.view.presort`)."""

    def __len__(self) -> int:
        return len(self.titles)

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[FileRecord], folder: str | None = None) -> Catalog:
        """A catalog of these files, newest day first (file order within a day). ``folder``: where
        their texts may be joined in a file instead of memory (see :meth:`Texts.joined`)."""
        catalog = cls()
        records = list(records)
        catalog.files = [record.path for record in records]
        for record in records:
            catalog.warnings.extend(ParseWarning(record.path, line, message) for line, message in record.warnings)
        # A digest file holds one day, so ordering files by day orders their rows with no
        # per-row permutation; a file spanning days (rare) makes the rows sorted one by one.
        day_of = itemgetter(2)
        spans = [set(map(day_of, record.rows)) for record in records]
        by_file = all(len(days) <= 1 for days in spans)
        file_order = sorted(range(len(records)), key=lambda n: max(spans[n], default=0), reverse=True) if by_file else range(len(records))
        catalog.blobs = [record.papers for record in records]
        catalog.blob_crcs = [record.papers_crc for record in records]
        file_of: list[int] = []
        positions: list[int] = []
        rows: list[tuple] = []
        text_pieces: list[tuple[bytes | memoryview, int]] = []
        for file_no in file_order:  # stable: file order kept within a day
            record = records[file_no]
            if not record.rows:
                continue
            rows.extend(record.rows)
            text_pieces.append((record.texts, len(record.rows)))
            file_of.extend([file_no] * len(record.rows))
            positions.extend(range(len(record.rows)))
        texts = Texts.joined(text_pieces, folder)  # ValueError: a record's texts do not match its rows
        if rows:
            # transposed in C, a column at a time (zip(*rows) takes 2-4 times as long: it steps
            # 55,000 row iterators in turn); this runs for every start
            columns = [list(map(itemgetter(k), rows)) for k in range(len(rows[0]))]
            if not by_file:
                days = columns[2]
                order = sorted(range(len(rows)), key=days.__getitem__, reverse=True)
                pick = itemgetter(*order) if len(order) > 1 else (lambda seq: (seq[order[0]],))
                columns = [list(pick(c)) for c in columns]
                texts = texts.ordered(order)
                file_of, positions = list(pick(file_of)), list(pick(positions))
            catalog._set_row_columns(columns)
        catalog.texts = texts
        catalog.file_of = file_of
        catalog.positions = positions
        # the index's order: oldest file first (by its newest day, then as found), each file's
        # papers in file order, so a new day's rows come last (see index_rows)
        block: dict[int, tuple[int, int]] = {}  # file -> (its first row above, its rows)
        start = 0
        for file_no in file_order:
            count = len(records[file_no].rows)
            block[file_no] = (start, count)
            start += count
        index_rows: list[int] = []
        pieces: list[tuple[tuple, int]] = []
        for file_no in sorted(block, key=lambda n: max(spans[n], default=0)):  # stable: as found within a day
            first, count = block[file_no]
            if count:
                record = records[file_no]
                index_rows.extend(range(first, first + count))
                pieces.append(((record.path, record.size, record.mtime_ns), count))
        if not by_file and rows:  # the rows were sorted one by one: where each went
            moved = [0] * len(order)
            for new_row, old_row in enumerate(order):
                moved[old_row] = new_row
            index_rows = [moved[r] for r in index_rows]
        catalog.index_rows = index_rows
        catalog.index_pieces = pieces
        return catalog

    def file_texts(self) -> list[bytes | memoryview]:
        """Each file's texts as its record holds them (see :func:`~reader.core.texts.encode_rows`),
        as views of this catalog's buffer; b"" for a file without rows. A loader that gives its
        records these instead of their own pieces lets go of a second copy of every text (~90 MB
        for 55,680 papers, through the index's build and the cache's write)."""
        spans: dict[int, list[int]] = {}
        starts, ends = self.texts.starts, self.texts.ends
        for row, file_no in enumerate(self.file_of):
            span = spans.get(file_no)
            if span is None:
                spans[file_no] = [starts[row], ends[row]]
            else:
                span[0] = min(span[0], starts[row])
                span[1] = max(span[1], ends[row])
        view = memoryview(self.texts.data)
        return [view[spans[n][0] : spans[n][1]] if n in spans else b"" for n in range(len(self.files))]

    # --- the catalog's image (a warm start reads it in place of every file's record) ---------

    def image(self) -> tuple | None:
        """This catalog's columns as plain data (see :meth:`from_image`), or None when its rows
        are not whole files in turn (a file spanning days: its rows are sorted one by one).

        The texts, papers and warnings are not in it: the parse cache keeps them per file already."""
        blocks = self._blocks()
        if blocks is None:
            return None
        return (len(self), list(self.files), blocks, self._row_columns(), self.index_rows, self.index_pieces)

    def _blocks(self) -> list[tuple[int, int]] | None:
        """(file, rows) in row order when the rows are whole files in turn, else None."""
        blocks: list[list[int]] = []
        for file_no, position in zip(self.file_of, self.positions, strict=True):
            if blocks and blocks[-1][0] == file_no and position == blocks[-1][1]:
                blocks[-1][1] += 1
            elif position == 0:
                blocks.append([file_no, 1])
            else:
                return None
        if len({file_no for file_no, _ in blocks}) != len(blocks):
            return None
        return [(file_no, rows) for file_no, rows in blocks]

    def text_spans(self, placed: Mapping[str, tuple[int, int]]) -> tuple[bytes, bytes] | None:
        """Where each row's text starts and ends (int64s, in row order) in a region that holds
        each file's texts at ``placed[path]`` (offset, length): what the image keeps, so a warm
        start searches the stored texts in place. None unless every file's texts there are as long
        as this catalog's."""
        blocks = self._blocks()
        if blocks is None:
            return None
        starts, ends = self.texts.starts, self.texts.ends
        new_starts, new_ends = array("q"), array("q")
        row = 0
        for file_no, rows in blocks:
            offset, length = placed.get(self.files[file_no], (-1, -1))
            if offset < 0 or ends[row + rows - 1] - starts[row] != length:
                return None
            shift = offset - starts[row]
            new_starts.extend(map(shift.__add__, starts[row : row + rows]))
            new_ends.extend(map(shift.__add__, ends[row : row + rows]))
            row += rows
        return new_starts.tobytes(), new_ends.tobytes()

    @classmethod
    def from_image(cls, image: tuple, texts: Texts, blobs: Sequence[tuple[bytes | memoryview, int]], warnings: Sequence[ParseWarning]) -> Catalog:
        """The catalog :meth:`image` described, with its rows' texts (in row order), each file's
        encoded papers with their CRC (one per file of the image), and the files' warnings.
        ValueError if they do not fit."""
        count, files, blocks, columns, index_rows, index_pieces = image
        if len(columns) != len(ROW_COLUMNS) or len(files) != len(blobs) or len(texts) != count:
            raise ValueError("not a catalog's image")
        if not all(isinstance(c, list) and len(c) == count for c in (*columns, index_rows)):
            raise ValueError("not a catalog's image")
        catalog = cls()
        catalog.files = files
        file_of: list[int] = []
        positions: list[int] = []
        for file_no, rows in blocks:
            file_of.extend([file_no] * rows)
            positions.extend(range(rows))
        if len(file_of) != count:
            raise ValueError("not a catalog's image")
        catalog._set_row_columns(columns)
        catalog.texts, catalog.file_of, catalog.positions = texts, file_of, positions
        catalog.index_rows = index_rows
        catalog.index_pieces = [(tuple(piece), rows) for piece, rows in index_pieces]
        catalog.blobs = [blob for blob, _ in blobs]
        catalog.blob_crcs = [crc for _, crc in blobs]
        catalog.warnings = list(warnings)
        return catalog

    @classmethod
    def from_papers(cls, papers: Sequence[Paper], warnings: Sequence[ParseWarning] = ()) -> Catalog:
        """A catalog over papers already in memory (export, tests); rows keep the given order."""
        catalog = cls()
        catalog.files = sorted({p.source.path for p in papers})
        file_no = {path: n for n, path in enumerate(catalog.files)}
        rows = []
        for p, suspect in zip(papers, suspects.reasons(papers), strict=True):
            text, (a, b, c) = searchable(p)
            rows.append((file_no[p.source.path], (p.title, p.votes, p.date.toordinal(), p.arxiv_id, p.url, p.source.line, a, b, c, suspect), text))
        catalog._fill(rows)
        catalog.texts = Texts.of(text for _, _, text in rows)
        catalog.positions = list(range(len(papers)))  # unused: every row's paper is in _papers
        catalog.blobs = [b""] * len(catalog.files)
        catalog.blob_crcs = [0] * len(catalog.files)
        catalog._papers = dict(enumerate(papers))
        catalog.warnings = list(warnings)
        catalog.index_rows = list(range(len(papers)))  # no pieces: an index of them is never stored
        return catalog

    def _fill(self, rows: list[tuple]) -> None:
        for file_no, (title, votes, ordinal, arxiv_id, url, line, a, b, c, suspect), _ in rows:
            self.titles.append(title)
            self.votes.append(votes)
            self.days.append(ordinal)
            self.ids.append(arxiv_id)
            self.urls.append(url)
            self.file_of.append(file_no)
            self.lines.append(line)
            self.title_ends.append(a)
            self.author_ends.append(b)
            self.label_ends.append(c)
            self.suspects.append(suspect)

    # --- the search index ---------------------------------------------------------------------

    def index_texts(self) -> Texts:
        """The rows' texts in the index's order (see :attr:`index_rows`)."""
        return self.texts.ordered(self.index_rows)

    def index_marks(self) -> list[int]:
        """What each segment of this catalog's index is made of (see ``index.segment_marks``)."""
        from . import index

        return index.segment_marks(self.index_pieces, len(self))

    def index_fits(self, found: TextIndex) -> bool:
        """Whether ``found`` (a stored index) is the index of these rows."""
        return found.rows == len(self) and bool(self.index_pieces) and found.marks == self.index_marks()

    def use_index(self, found: TextIndex) -> None:
        """Search with ``found``, the index of :meth:`index_texts` (its flags then come in row order)."""
        found.arrange(self.index_rows)
        self.index = found

    # --- rows ---------------------------------------------------------------------------------

    def key(self, row: int) -> str:
        """Reading state is kept under the arXiv id, else the URL."""
        return self.ids[row] or self.urls[row]

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [i or u for i, u in zip(self.ids, self.urls, strict=True)]
        return self._keys

    def day(self, row: int) -> date:
        return date.fromordinal(self.days[row])

    def iso(self, row: int) -> str:
        """The row's date as ``YYYY-MM-DD`` (one string per day, shared)."""
        return self.iso_day(self.days[row])

    def iso_day(self, ordinal: int) -> str:
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def find_row(self, key: str, ordinal: int | None = None) -> int | None:
        """The row of the paper with ``key`` (on day ``ordinal`` when given)."""
        keys = self.keys
        for row, k in enumerate(keys):
            if k == key and (ordinal is None or self.days[row] == ordinal):
                return row
        return None

    def file_rows(self, path: str) -> tuple:
        """The rows of file ``path`` as its record holds them (in its order), for comparing with a new parse."""
        file_no = self.files.index(path)
        rows = sorted((r for r, f in enumerate(self.file_of) if f == file_no), key=self.positions.__getitem__)
        columns = self._row_columns()
        return tuple(tuple(column[r] for column in columns) for r in rows)

    def _row_columns(self) -> list[list]:
        return [getattr(self, name) for name in ROW_COLUMNS]

    def _set_row_columns(self, columns: Sequence[list]) -> None:
        for name, column in zip(ROW_COLUMNS, columns, strict=True):
            setattr(self, name, column)

    def take_suspects(self, found: Mapping[str, Sequence[str | None]]) -> None:
        """Each file's suspects (one per paper, in file order) in its rows, in one new column:
        the UI thread reading the old one meanwhile sees it whole. The catalog's suspects are
        then known."""
        by_file = {file_no: found[path] for file_no, path in enumerate(self.files) if path in found}
        column = list(self.suspects)
        for row, (file_no, position) in enumerate(zip(self.file_of, self.positions, strict=True)):
            mine = by_file.get(file_no)
            if mine is not None:
                column[row] = mine[position]
        self.suspects = column
        self.suspects_known = True

    def keep_parsed(self, file_no: int, papers: Sequence[Paper]) -> None:
        """Papers of file ``file_no`` parsed already (in row order): :meth:`paper` takes them from here."""
        self._decoded[file_no] = ((), dict(enumerate(papers)))

    def adopt_papers(self, blobs: Mapping[str, tuple[bytes | memoryview, int]]) -> None:
        """Take these files' blobs (and CRCs) in place of the ones held: the same papers mapped
        from the cache just written (a cold start would otherwise hold the whole corpus in
        memory), or a damaged blob's file parsed again."""
        for file_no, path in enumerate(self.files):
            if path in blobs:
                self.blobs[file_no], self.blob_crcs[file_no] = blobs[path]
                self._checked.discard(file_no)

    def paper_ready(self, row: int) -> bool:
        """True when :meth:`paper` can give ``row`` without reading its file (it decodes a blob
        at most, well under a millisecond), which is always so for a catalog from the loader.
        False for a file kept without its papers (a record built by hand) or whose papers are
        damaged (their CRC does not match): then :meth:`paper` parses the file, so a UI asks for
        it in a worker thread."""
        if row in self._papers:
            return True
        file_no = self.file_of[row]
        return file_no in self._decoded or file_no in self._parsed or self._blob_intact(file_no)

    def _blob_intact(self, file_no: int) -> bool:
        """Whether file ``file_no`` has a blob matching its CRC (checked once: ~20 µs a file)."""
        if file_no in self._checked:
            return True
        blob = self.blobs[file_no]
        if not blob or crc32(blob) != self.blob_crcs[file_no]:
            self.blobs[file_no] = b""  # damaged: its papers come from the file (see paper_ready)
            return False
        self._checked.add(file_no)
        return True

    def paper(self, row: int) -> Paper:
        """The full paper of ``row``, decoded from its file's blob (the last files are kept).

        Never parses while :meth:`paper_ready` is true; otherwise it reads the file back.
        """
        if row in self._papers:
            return self._papers[row]
        file_no = self.file_of[row]
        paper = self._from_blob(file_no, self.positions[row])
        return paper if paper is not None else self._from_file(row)

    def papers(self, rows: Iterable[int]) -> list[Paper]:
        """The full papers of ``rows``, in that order (export): each file's blob decoded once."""
        rows = list(rows)
        by_file: dict[int, list[int]] = {}
        for row in rows:
            if row not in self._papers:
                by_file.setdefault(self.file_of[row], []).append(row)
        found: dict[int, Paper] = {}
        for file_no, file_rows in by_file.items():
            cached = self._decoded.get(file_no)
            try:
                blobs = cached[0] if cached and cached[0] else paper_blobs(self.blobs[file_no]) if self._blob_intact(file_no) else None
                if blobs is not None:
                    path = self.files[file_no]
                    for row in file_rows:
                        found[row] = decode_paper(blobs[self.positions[row]], path)
                    continue
            except (ValueError, EOFError, TypeError, IndexError):
                pass
            for row in file_rows:
                found[row] = self.paper(row)
        return [found[row] if row in found else self._papers[row] for row in rows]

    def _from_blob(self, file_no: int, position: int) -> Paper | None:
        decoded = self._decoded.get(file_no)
        if decoded is None:
            if not self._blob_intact(file_no):
                return None
            try:
                decoded = (paper_blobs(self.blobs[file_no]), {})
            except (ValueError, EOFError, TypeError):
                self.blobs[file_no] = b""  # not decodable: paper_ready is false from now on
                return None
            self._decoded[file_no] = decoded
            if len(self._decoded) > 32:
                self._decoded.popitem(last=False)
        else:
            self._decoded.move_to_end(file_no)
        blobs, papers = decoded
        paper = papers.get(position)
        if paper is None:
            try:
                paper = papers[position] = decode_paper(blobs[position], self.files[file_no])
            except (ValueError, IndexError):
                return None
        return paper

    def _from_file(self, row: int) -> Paper:
        """The slow path, for a file kept without its papers: parse it (see :meth:`paper_ready`)."""
        file_no = self.file_of[row]
        parsed = self._parsed.get(file_no)
        if parsed is None:
            papers, _ = parse.parse_file(self.files[file_no])
            parsed = {p.source.line: p for p in papers}
            self._parsed[file_no] = parsed
            if len(self._parsed) > 32:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(file_no)
        paper = parsed.get(self.lines[row])
        if paper is None or paper.title != self.titles[row]:  # the file changed since it was read
            paper = Paper(self.day(row), self.titles[row], self.urls[row], self.ids[row], self.votes[row], (), (), None, Source(self.files[file_no], self.lines[row]))
        return paper


_CRC_PIECE = 4096


def crc32(data: bytes | memoryview, value: int = 0) -> int:
    """``zlib.crc32(data, value)`` (the checksum of cache records and paper blobs), in pieces.

    zlib lets go of the interpreter lock for pieces over 5 KiB, and taking it back from a busy
    thread (the UI's, drawing the first screen) waits a switch interval, 5 ms, each time: that
    made a warm start of 2,200 checks take seconds. Pieces of 4 KiB keep the lock at 6 GB/s.
    """
    view = memoryview(data)
    crc = zlib.crc32
    for start in range(0, len(view), _CRC_PIECE):
        value = crc(view[start : start + _CRC_PIECE], value)
    return value


def file_signature(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
