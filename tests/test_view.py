"""Orders of the paper list: each sort's criteria, ties and papers without votes."""

from __future__ import annotations

import random

import pytest

from reader.core.catalog import Catalog
from reader.core.view import Browser


def reference(c: Catalog, sort: str) -> list[int]:
    keys = {
        "votes": lambda r: (c.votes[r] is None, -(c.votes[r] or 0), -c.days[r], c.titles[r].casefold()),
        "date": lambda r: (-c.days[r], c.votes[r] is None, -(c.votes[r] or 0), c.titles[r].casefold()),
        "title": lambda r: (c.titles[r].casefold(), -c.days[r]),
    }
    return sorted(range(len(c)), key=keys[sort])


@pytest.mark.parametrize("sort", ["votes", "date", "title"])
def test_each_sort_orders_by_all_its_criteria_in_turn(sort):
    rnd = random.Random(7)
    catalog = Catalog()
    n = 2000
    catalog.titles = [rnd.choice(["Alpha", "beta", "GAMMA", "alpha", "Beta", "삼성", "Émile"]) + str(rnd.randrange(3)) for _ in range(n)]
    catalog.votes = [rnd.choice([None, 0, 1, 5, 5, 10, 250]) for _ in range(n)]
    catalog.days = [rnd.randrange(738000, 738010) for _ in range(n)]
    order = Browser(catalog).order(None, sort)
    assert order == reference(catalog, sort)
    if sort == "votes":
        assert catalog.votes[order[0]] == 250 and catalog.votes[order[-1]] is None
