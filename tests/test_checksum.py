"""The checksum of the cache's big sections: the same however the data is cut, and it tells damage."""

from hypothesis import given
from hypothesis import strategies as st

from reader.core.checksum import Checksum, checksum


@given(st.binary(max_size=4096), st.lists(st.integers(min_value=0, max_value=4096), max_size=8))
def test_a_running_checksum_is_the_checksum_of_the_whole_however_it_is_cut(data, cuts):
    # the index is summed chunk by chunk as it is written and piece by piece as it is read back:
    # the two cut it in different places
    summed = Checksum()
    start = 0
    for cut in sorted(c % (len(data) + 1) for c in cuts):
        summed.update(memoryview(data)[start:cut])
        start = cut
    summed.update(data[start:])
    assert summed.value() == checksum(data)


@given(st.binary(min_size=1, max_size=4096), st.data())
def test_one_changed_byte_changes_the_checksum(data, draw):
    at = draw.draw(st.integers(min_value=0, max_value=len(data) - 1))
    changed = bytearray(data)
    changed[at] ^= draw.draw(st.integers(min_value=1, max_value=255))
    assert checksum(bytes(changed)) != checksum(data)
