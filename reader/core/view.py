"""What the paper list shows (:class:`ViewState`) and a catalog's rows in each order (:class:`Browser`).

The sort order is defined here and only here: the app's list and ``export`` both take it from
:meth:`Browser.order`. Orders are computed once per scope and sort and reused for every keystroke;
queries narrow them in :mod:`reader.core.search`.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

from .catalog import Catalog
from .model import Scope, Sort

CRITERIA: dict[Sort, tuple[str, ...]] = {Sort.VOTES: ("title", "day", "votes"), Sort.DATE: ("title", "votes", "day"), Sort.TITLE: ("day", "title")}
"""Each order's sort keys, least significant first (see :meth:`Browser._sorted`)."""

ORDER_RULES = f"orders 1 {sorted(CRITERIA.items())}"
"""What the orders kept in a cache (see :func:`presort`) were made by: another rule, not used.
The number counts changes to the keys themselves (``Browser._key``)."""

_ROW = array("i")  # a row number in a kept order (4 bytes)

SMALL_SHARE = 8
"""Rows fewer than the catalog's / this are sorted by keys made for them alone (a day's 20 of
55,680: the keys of every row took 17 ms)."""


class ViewState(NamedTuple):
    """The list's settings: one day or all, the order, the query text and the reading-state toggles."""

    scope: Scope = Scope.DAY
    day: date | None = None
    sort: Sort = Sort.VOTES
    query: str = ""
    unread_only: bool = False
    starred_only: bool = False

    def next_sort(self) -> ViewState:
        return self._replace(sort=Sort(self.sort).next())

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
        self._weeks: list[int] | None = None  # each row's week (see weekly_counts)
        self._presorted: dict[str, bytes] = {}
        if catalog.presorted is not None and catalog.presorted[0] == ORDER_RULES:
            self._presorted = catalog.presorted[1]

    def _key(self, name: str, rows: int) -> Callable[[int], Any]:
        """The sort key ``name`` of a row: from a list of every row's, made for this sort, unless
        only ``rows`` rows are sorted, a few of the catalog's (their keys are then made one by one)."""
        c = self.catalog
        if rows * SMALL_SHARE < len(c):
            if name == "title":
                titles = c.titles
                return lambda r: titles[r].casefold()
            if name == "day":
                days = c.days
                return lambda r: -days[r]
            votes = c.votes
            return lambda r: -v if (v := votes[r]) is not None else math.inf
        # every row's, for this sort alone: kept, the three lists held 11 MB (55,000 papers) for
        # sorts that are made once per scope and order (see order), or never (the cache's orders)
        if name == "title":
            keys: list[str] | list[int] | list[float] = [t.casefold() for t in c.titles]
        elif name == "day":
            keys = [-d for d in c.days]
        else:
            keys = [-v if v is not None else math.inf for v in c.votes]
        return keys.__getitem__

    def _sorted(self, rows: Sequence[int], sort: str) -> list[int]:
        """``rows`` by ``sort``: one C-keyed stable sort per criterion, least significant first.

        votes: most first, none last, then newest, then title; date: newest first, then votes,
        then title; title: A-Z, then newest.
        """
        order = list(rows)
        for name in CRITERIA[Sort(sort)]:
            order.sort(key=self._key(name, len(order)))
        return order

    def order(self, day: date | None, sort: str) -> list[int]:
        """Rows of one day (or all days for ``None``) in ``sort`` order; cached (every row's
        orders come from the cache's image when it kept them: 1 ms where sorting took 60)."""
        ordinal = day.toordinal() if day is not None else None
        key = (ordinal, sort)
        if key not in self._orders:
            kept = self._presorted.get(str(sort)) if ordinal is None else None
            rows_kept = array(_ROW.typecode, kept) if kept is not None and len(kept) == _ROW.itemsize * len(self.catalog) else None
            if rows_kept and min(rows_kept) >= 0 and max(rows_kept) < len(self.catalog):
                self._orders[key] = rows_kept.tolist()
            else:
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


def presort(catalog: Catalog) -> tuple[str, dict[str, bytes]]:
    """Every row of ``catalog`` in each order, for the cache to keep with its image (see
    :meth:`Browser.order`): a start in all days' scope then sorts nothing."""
    browser = Browser(catalog)
    return ORDER_RULES, {str(sort): array(_ROW.typecode, browser.order(None, sort)).tobytes() for sort in Sort}
