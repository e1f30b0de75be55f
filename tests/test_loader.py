"""Loading in stages, and stopping when the app quits (a thread cannot be interrupted)."""

from __future__ import annotations

import pytest

from reader.catalog import Catalog, record_file
from reader.loader import LoadStopped, load_stages

from .conftest import SAMPLES


def test_loading_stops_between_files_when_asked():
    stages = load_stages([SAMPLES], stop=lambda: True)
    next(stages)  # the newest day is parsed before the first screen, whatever happens
    with pytest.raises(LoadStopped):
        next(stages)


def test_search_preparation_stops_when_asked_and_is_then_done_on_first_use():
    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))
    assert catalog.prepare_search(stop=lambda: True) is False
    assert catalog._choseong is None
    assert len(catalog.choseong_texts()) == len(catalog)  # built when a search needs it
    assert catalog.prepare_search() is True
    assert len(catalog.field_texts("title")) == len(catalog)
