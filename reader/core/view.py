"""What the paper list shows (:class:`ViewState`) and a catalog's rows in each order (:class:`Browser`).

The sort order is defined here and only here: the app's list and ``export`` both take it from
:meth:`Browser.order`. Orders are computed once per scope and sort and reused for every keystroke;
queries narrow them in :mod:`reader.core.search`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter

from .catalog import Catalog
from .model import Scope, Sort


@dataclass(frozen=True)
class ViewState:
    """The list's settings: one day or all, the order, the query text and the reading-state toggles."""

    scope: Scope = Scope.DAY
    day: date | None = None
    sort: Sort = Sort.VOTES
    query: str = ""
    unread_only: bool = False
    starred_only: bool = False

    def next_sort(self) -> ViewState:
        return replace(self, sort=Sort(self.sort).next())

    @property
    def order_day(self) -> date | None:
        """The day whose rows are listed, or None for every day."""
        return self.day if self.scope == Scope.DAY else None


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
            lists: dict[int, list[int]] = {}
            for row, ordinal in enumerate(catalog.days):
                lists.setdefault(ordinal, []).append(row)
            self._day_rows.update(lists)
        self._orders: dict[tuple[int | None, str], list[int]] = {}
        self._keys: dict[str, list[str] | list[int] | list[float]] | None = None
        self._weeks: list[int] | None = None  # each row's week (see weekly_counts)

    def _sorted(self, rows: Sequence[int], sort: str) -> list[int]:
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
        criteria = {Sort.VOTES: ("title", "day", "votes"), Sort.DATE: ("title", "votes", "day"), Sort.TITLE: ("day", "title")}[Sort(sort)]
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

    def weekly_counts(self, rows: list[int]) -> list[int]:
        """How many of ``rows`` fall in each week from the library's first week to its last."""
        if not self.days:
            return []
        first = self.days[-1].toordinal() - self.days[-1].weekday()
        weeks = (self.days[0].toordinal() - first) // 7 + 1
        if self._weeks is None:  # each row's week, once: counting is then a pass in C (was 10-20 ms a query)
            self._weeks = [(d - first) // 7 for d in self.catalog.days]
        counts = Counter(itemgetter(*rows)(self._weeks)) if len(rows) > 1 else Counter(self._weeks[r] for r in rows)
        return [counts.get(w, 0) for w in range(weeks)]
