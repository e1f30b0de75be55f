"""Orders of the paper list: each sort's criteria, ties and papers without votes."""

from __future__ import annotations

import random
from array import array

import pytest

from reader.core.catalog import Catalog
from reader.core.view import Browser, presort


def reference(c: Catalog, sort: str) -> list[int]:
    keys = {
        "votes": lambda r: (c.votes[r] is None, -(c.votes[r] or 0), -c.days[r], c.titles[r].casefold()),
        "date": lambda r: (-c.days[r], c.votes[r] is None, -(c.votes[r] or 0), c.titles[r].casefold()),
        "title": lambda r: (c.titles[r].casefold(), -c.days[r]),
    }
    return sorted(range(len(c)), key=keys[sort])


def random_catalog(n: int = 2000, days: int = 10) -> Catalog:
    rnd = random.Random(7)
    catalog = Catalog()
    catalog.titles = [rnd.choice(["Alpha", "beta", "GAMMA", "alpha", "Beta", "삼성", "Émile"]) + str(rnd.randrange(3)) for _ in range(n)]
    catalog.votes = [rnd.choice([None, 0, 1, 5, 5, 10, 250]) for _ in range(n)]
    catalog.days = [rnd.randrange(738000, 738000 + days) for _ in range(n)]
    return catalog


@pytest.mark.parametrize("sort", ["votes", "date", "title"])
def test_each_sort_orders_by_all_its_criteria_in_turn(sort):
    catalog = random_catalog()
    order = Browser(catalog).order(None, sort)
    assert order == reference(catalog, sort)
    if sort == "votes":
        assert catalog.votes[order[0]] == 250 and catalog.votes[order[-1]] is None


@pytest.mark.parametrize("sort", ["votes", "date", "title"])
def test_one_day_is_in_the_same_order_as_among_all_days(sort):
    catalog = random_catalog(days=40)  # a day's rows are a few of the catalog's
    browser = Browser(catalog)
    for day in browser.days[:5]:
        assert browser.order(day, sort) == [r for r in reference(catalog, sort) if catalog.days[r] == day.toordinal()]


@pytest.mark.parametrize("sort", ["votes", "date", "title"])
def test_orders_kept_by_the_cache_are_used_only_when_made_by_these_rules(sort):
    catalog = random_catalog()
    rules, kept = presort(catalog)
    assert set(kept) == {"votes", "date", "title"}
    backwards = {name: array("i", reversed(array("i", order))).tobytes() for name, order in kept.items()}
    catalog.presorted = (rules, kept)
    assert Browser(catalog).order(None, sort) == reference(catalog, sort)
    for stale in (("orders 0 (rules of an older version)", backwards), (rules, {name: order[:-4] for name, order in backwards.items()})):
        catalog.presorted = stale  # made by other rules, or not of every row: sorted again
        assert Browser(catalog).order(None, sort) == reference(catalog, sort)


def test_the_trend_counts_every_match_of_the_query_per_week_whatever_the_list_shows(tmp_path):
    from reader.core.loader import load_catalog
    from reader.core.model import Scope
    from reader.core.search import search
    from reader.core.session import ReaderSession
    from reader.core.state import StateStore

    from .conftest import SAMPLES

    catalog = load_catalog([SAMPLES], use_cache=False)
    session = ReaderSession(StateStore(tmp_path / "s.sqlite3"))
    session.install(catalog, complete=True)
    session.marks = session.marks._replace(read=frozenset(catalog.keys[::2]))  # the unread list shows half
    first = min(catalog.days) - Browser(catalog).days[-1].weekday()
    for query in ("모델", "diffusion", "", "zz"):
        matches = search(catalog, query)
        expected = [0] * ((max(catalog.days) - first) // 7 + 1)
        for row in matches:
            expected[(catalog.days[row] - first) // 7] += 1
        for scope, unread in ((Scope.ALL, False), (Scope.DAY, False), (Scope.ALL, True)):  # the list's own search, or one of its own
            session.view = session.view._replace(scope=scope, unread_only=unread)
            session.set_query(query)
            session.listing()
            counts, line = session.trend()
            assert counts == expected and f"{len(matches)} paper" in line, (query, scope, unread)


def test_the_trend_after_a_new_library_is_of_the_new_library(tmp_path):
    from reader.core.loader import load_catalog
    from reader.core.model import Scope
    from reader.core.session import ReaderSession
    from reader.core.state import StateStore

    from .conftest import SAMPLES

    files = sorted(SAMPLES.glob("*.md"))
    session = ReaderSession(StateStore(tmp_path / "s.sqlite3"))
    session.install(load_catalog(files[1:], use_cache=False), complete=True)
    session.view = session.view._replace(scope=Scope.ALL)
    session.listing()
    session.trend()
    session.listing()  # the list of the old library, searched
    bigger = load_catalog(files, use_cache=False)  # an older day added (the newest, and the view, stay)
    session.install(bigger, complete=True)
    session.view = session.view._replace(scope=Scope.ALL)
    session.listing()
    counts, line = session.trend()
    assert sum(counts) == len(bigger) and f"{len(bigger)} papers" in line
