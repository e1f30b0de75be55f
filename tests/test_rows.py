"""Row filters with the loop in C give exactly what the comprehensions they replace give."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.core.rows import containing, found_between, kept, matching

flags_and_rows = st.lists(st.booleans(), max_size=60).flatmap(
    lambda flags: st.tuples(st.just(flags), st.lists(st.integers(0, max(len(flags) - 1, 0)), max_size=80) if flags else st.just([]))
)


@given(flags_and_rows)
def test_kept_is_the_comprehension(case):
    flags, rows = case
    assert kept(rows, flags) == [r for r in rows if flags[r]]
    assert kept(rows, bytes(flags)) == [r for r in rows if flags[r]]


@given(st.lists(st.text(alphabet="ab가나 ", max_size=6), min_size=1, max_size=30), st.text(alphabet="ab가", max_size=2), st.data())
def test_containing_is_the_comprehension(strings, needle, data):
    rows = data.draw(st.lists(st.integers(0, len(strings) - 1), max_size=40))
    assert containing(rows, strings, needle) == [r for r in rows if needle in strings[r]]
    encoded = [s.encode() for s in strings]
    assert containing(rows, encoded, needle.encode()) == [r for r in rows if needle.encode() in encoded[r]]


@given(st.lists(st.text(alphabet="ab가나 ", max_size=6), min_size=1, max_size=30), st.sampled_from(["a+b", "^가", "나$", "b?"]), st.data())
def test_matching_is_the_comprehension(strings, pattern, data):
    rows = data.draw(st.lists(st.integers(0, len(strings) - 1), max_size=40))
    search = re.compile(pattern).search
    assert matching(rows, strings, search) == [r for r in rows if search(strings[r])]


@given(st.lists(st.text(alphabet="ab가나 ", max_size=8), min_size=1, max_size=30), st.text(alphabet="ab가", min_size=1, max_size=2), st.data())
def test_found_between_is_the_sliced_find(strings, needle, data):
    rows = data.draw(st.lists(st.integers(0, len(strings) - 1), max_size=40))  # a word is never empty
    starts = [data.draw(st.integers(0, 8)) for _ in strings]
    ends = [data.draw(st.integers(0, 8)) for _ in strings]
    assert found_between(rows, strings, needle, starts, ends) == [r for r in rows if needle in strings[r][starts[r] : ends[r]]]
    assert found_between(rows, strings, needle, None, ends) == [r for r in rows if needle in strings[r][: ends[r]]]
    assert found_between(rows, strings, needle, starts, None) == [r for r in rows if needle in strings[r][starts[r] :]]
