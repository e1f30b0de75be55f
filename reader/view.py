"""What the paper list shows: scope (one day or all), sort, query and reading-state toggles.

Pure domain logic (no UI): the app keeps a :class:`ViewState`, asks a :class:`Browser` for the
rows, and only draws them. Orders are computed once per sort and reused for every keystroke.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .library import SORT_KEYS
from .model import Paper
from .query import And, Flag
from .search import Index, Marks

SORT_CYCLE = ("votes", "date", "title")


@dataclass(frozen=True)
class ViewState:
    scope: str = "day"  # "day" | "all"
    day: date | None = None
    sort: str = "votes"
    query: str = ""
    unread_only: bool = False
    starred_only: bool = False

    def next_sort(self) -> ViewState:
        return replace(self, sort=SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)])


class Browser:
    """The library as rows: an index over every paper plus cached orders per scope and sort."""

    def __init__(self, papers: list[Paper], index: Index | None = None):
        self.index = index or Index.build(papers)
        self.papers = self.index.papers
        self.days: list[date] = sorted({p.date for p in self.papers}, reverse=True)
        self._orders: dict[tuple[date | None, str], list[int]] = {}
        self._day_rows: dict[date, list[int]] = {}
        for row, paper in enumerate(self.papers):
            self._day_rows.setdefault(paper.date, []).append(row)

    def order(self, day: date | None, sort: str) -> list[int]:
        """Rows of one day (or all days for ``None``) in ``sort`` order; cached."""
        key = (day, sort)
        if key not in self._orders:
            rows = self._day_rows.get(day, []) if day is not None else range(len(self.papers))
            papers, sort_key = self.papers, SORT_KEYS[sort]
            self._orders[key] = sorted(rows, key=lambda r: sort_key(papers[r]))
        return self._orders[key]

    def rows(self, state: ViewState, node: object | None, marks: Marks | None = None) -> list[int]:
        """The visible rows for ``state`` filtered by ``node``, a parsed query (None: no query)."""
        flags = [Flag("unread")] * state.unread_only + [Flag("starred")] * state.starred_only
        if flags:
            node = And(tuple(n for n in (node, *flags) if n is not None))
        base = self.order(state.day if state.scope == "day" else None, state.sort)
        return self.index.search(node, base, marks) if node is not None else list(base)

    def weekly_counts(self, rows: list[int]) -> list[int]:
        """How many of ``rows`` fall in each week from the library's first week to its last."""
        if not self.days:
            return []
        first = self.days[-1] - timedelta(days=self.days[-1].weekday())
        weeks = (self.days[0] - first).days // 7 + 1
        counts = Counter((self.papers[r].date - first).days // 7 for r in rows)
        return [counts.get(w, 0) for w in range(weeks)]
