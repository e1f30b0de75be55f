"""Row filters with the loop in C give exactly what the comprehensions they replace give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.rows import kept

flags_and_rows = st.lists(st.booleans(), max_size=60).flatmap(
    lambda flags: st.tuples(st.just(flags), st.lists(st.integers(0, max(len(flags) - 1, 0)), max_size=80) if flags else st.just([]))
)


@given(flags_and_rows)
def test_kept_is_the_comprehension(case):
    flags, rows = case
    assert kept(rows, flags) == [r for r in rows if flags[r]]
    assert kept(rows, bytes(flags)) == [r for r in rows if flags[r]]
