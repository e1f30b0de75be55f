"""The domain model: frozen records for papers and digests. No UI imports here.

The records are named tuples, not dataclasses: every command imports them before it shows or
prints anything, and on Python 3.11 a dataclass costs ~0.5 ms to define (its methods are
generated as source and compiled), a named tuple ~0.1 ms. They are immutable all the same, and
change with ``_replace``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from .text import safe_path, terminal_safe

_PATH_DATE = re.compile(r"(\d{4})[-/_](\d{1,2})[-/_](\d{1,2})(?:\.md)?$", re.I)


def date_from_path(path: str) -> date | None:
    """``2024-05-02.md`` or ``paper_logs/2024/05/02.md`` -> 2024-05-02."""
    match = _PATH_DATE.search(path.replace("\\", "/"))
    return make_date(*match.groups()) if match else None


def make_date(year: str, month: str, day: str) -> date | None:
    """The date, or None when the numbers make none (2024-02-30)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class Bullet(NamedTuple):
    """One summary bullet: an optional label ("What's New") and its text, nested items in order."""

    label: str | None
    text: str
    children: tuple[Bullet, ...] = ()

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Bullet]]:
        """Yield ``(depth, bullet)`` for this bullet and every nested one, in reading order."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


class Source(NamedTuple):
    """Where a paper was read from: a file and the line of its heading (1-based)."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Paper(NamedTuple):
    date: date
    title: str
    url: str
    arxiv_id: str | None
    votes: int | None
    authors: tuple[str, ...]
    summary: tuple[Bullet, ...]
    thumbnail: str | None
    source: Source

    @property
    def key(self) -> str:
        """The identity reading state is kept under: the arXiv id, else the URL."""
        return self.arxiv_id or self.url

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else self.url

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def hf_url(self) -> str | None:
        return f"https://huggingface.co/papers/{self.arxiv_id}" if self.arxiv_id else None

    def bullets(self) -> Iterator[tuple[int, Bullet]]:
        """Every summary bullet with its depth, nested ones included, in reading order."""
        for bullet in self.summary:
            yield from bullet.walk()


class Digest(NamedTuple):
    """One day's papers, in the order the file lists them."""

    date: date
    papers: tuple[Paper, ...]


def digests(papers: Iterable[Paper]) -> list[Digest]:
    """Papers grouped into days, newest day first, each day's papers in their given order."""
    days: dict[date, list[Paper]] = {}
    for paper in papers:
        days.setdefault(paper.date, []).append(paper)
    return [Digest(day, tuple(days[day])) for day in sorted(days, reverse=True)]


class ParseWarning(NamedTuple):
    """A problem met while reading input: shown as ``path:line: warning: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # file and folder names come from outside too (a synced repository names them): one
        # line, no escape sequence, whatever the path or message holds
        return f"{safe_path(self.path)}:{self.line}: warning: {terminal_safe(self.message).replace(chr(10), ' ')}"


class Marks(NamedTuple):
    """Reading state as sets of paper keys, for ``is:`` and ``has:`` words, and the notes' text."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    noted: frozenset[str] = frozenset()
    new: frozenset[str] = frozenset()
    notes: Mapping[str, str] = MappingProxyType({})
    """Each noted paper's note, folded for search (``note:`` words, and plain words too)."""


class Scope(StrEnum):
    """What the list shows: one day's papers, or the whole library's."""

    DAY = "day"
    ALL = "all"


class Sort(StrEnum):
    """The list's order (see :meth:`reader.core.view.Browser.order` for each one's criteria)."""

    VOTES = "votes"
    DATE = "date"
    TITLE = "title"

    def next(self) -> Sort:
        """The next sort of the cycle the ``s`` key walks: votes → date → title → votes."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]
