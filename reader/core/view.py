"""What the paper list shows: scope (one day or all), sort, query and reading-state toggles.

Pure domain logic (no UI): the app keeps a :class:`ViewState`, asks a :class:`Browser` for the
rows of its catalog, and only draws them. Orders are computed once per sort and reused for
every keystroke.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .catalog import Catalog
from .model import Marks

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
    """A catalog as rows: cached orders per scope and sort, and the days it holds."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        counts = Counter(catalog.days)  # counted in C
        ordinals = sorted(counts, reverse=True)
        self.days: list[date] = [date.fromordinal(o) for o in ordinals]
        self._day_rows: dict[int, Sequence[int]] = {}
        if catalog.days == sorted(catalog.days, reverse=True):  # newest first, as loaded: one range a day
            start = 0
            for ordinal in ordinals:
                self._day_rows[ordinal] = range(start, start + counts[ordinal])
                start += counts[ordinal]
        else:
            for row, ordinal in enumerate(catalog.days):
                self._day_rows.setdefault(ordinal, []).append(row)  # type: ignore[union-attr]
        self._orders: dict[tuple[int | None, str], list[int]] = {}
        self._keys: dict[str, list] | None = None

    def _sorted(self, rows, sort: str) -> list[int]:
        """``rows`` by ``sort``: one C-keyed stable sort per criterion, least significant first.

        votes: most first, none last, then newest, then title; date: newest first, then votes,
        then title; title: A-Z, then newest.
        """
        if self._keys is None:
            c = self.catalog
            self._keys = {
                "title": [t.casefold() for t in c.titles],
                "day": [-d for d in c.days],
                "votes": [-v if v is not None else math.inf for v in c.votes],
            }
        criteria = {"votes": ("title", "day", "votes"), "date": ("title", "votes", "day"), "title": ("day", "title")}[sort]
        order = list(rows)
        for name in criteria:
            order.sort(key=self._keys[name].__getitem__)
        return order

    def order(self, day: date | None, sort: str) -> list[int]:
        """Rows of one day (or all days for ``None``) in ``sort`` order; cached."""
        ordinal = day.toordinal() if day is not None else None
        key = (ordinal, sort)
        if key not in self._orders:
            rows = self._day_rows.get(ordinal, []) if ordinal is not None else range(len(self.catalog))
            self._orders[key] = self._sorted(rows, sort)
        return self._orders[key]

    def day_size(self, day: date | None) -> int:
        return len(self._day_rows.get(day.toordinal(), [])) if day is not None else 0

    def rows(self, state: ViewState, node: object | None, marks: Marks | None = None) -> list[int]:
        """The visible rows for ``state`` filtered by ``node``, a parsed query (None: no query)."""
        base = self.order(state.day if state.scope == "day" else None, state.sort)
        if node is None and not state.unread_only and not state.starred_only:
            return list(base)
        # the query machinery is imported on first use: the first screen does without it
        from .query import And, Flag
        from .search import search

        flags = [Flag("unread")] * state.unread_only + [Flag("starred")] * state.starred_only
        if flags:
            node = And(tuple(n for n in (node, *flags) if n is not None))
        return search(self.catalog, node, base, marks)

    def weekly_counts(self, rows: list[int]) -> list[int]:
        """How many of ``rows`` fall in each week from the library's first week to its last."""
        if not self.days:
            return []
        first = self.days[-1].toordinal() - self.days[-1].weekday()
        weeks = (self.days[0].toordinal() - first) // 7 + 1
        days = self.catalog.days
        counts = Counter((days[r] - first) // 7 for r in rows)
        return [counts.get(w, 0) for w in range(weeks)]
