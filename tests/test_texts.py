"""Rows' texts kept as UTF-8 are found, sliced and decoded exactly as the strings they are."""

from __future__ import annotations

import mmap
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.texts import Texts, encode_rows

TEXT = st.text(alphabet="ab가나각 \x1f", max_size=8)
strings_and_rows = st.lists(TEXT, min_size=1, max_size=30).flatmap(
    lambda strings: st.tuples(st.just(strings), st.lists(st.integers(0, len(strings) - 1), max_size=40))
)


def in_pieces(strings: list[str], cuts: list[int]) -> Texts:
    """The strings as the catalog gets them: one piece per file (files of ``cuts`` rows in turn)."""
    pieces, at = [], 0
    for size in cuts:
        if at >= len(strings):
            break
        part = strings[at : at + size]
        pieces.append((encode_rows(part), len(part)))
        at += size
    if at < len(strings):
        pieces.append((encode_rows(strings[at:]), len(strings) - at))
    return Texts.joined(pieces)


@given(strings_and_rows, st.lists(st.integers(1, 5), max_size=10))
def test_rows_read_back_as_their_strings(case, cuts):
    strings, rows = case
    texts = in_pieces(strings, cuts)
    assert len(texts) == len(strings) and list(texts) == strings and texts == strings
    assert texts.ordered(rows) == [strings[r] for r in rows]


@given(strings_and_rows, st.text(alphabet="ab가각", max_size=2), st.lists(st.integers(1, 5), max_size=10))
def test_containing_is_the_comprehension(case, needle, cuts):
    strings, rows = case
    assert in_pieces(strings, cuts).containing(rows, needle) == [r for r in rows if needle in strings[r]]


@given(strings_and_rows, st.text(alphabet="ab가", min_size=1, max_size=2), st.data())
def test_found_between_is_the_sliced_find_in_bytes(case, needle, data):
    strings, rows = case
    texts = Texts.of(strings)
    encoded = [s.encode() for s in strings]
    starts = [data.draw(st.integers(0, len(e))) for e in encoded]  # a field lies within its row
    ends = [data.draw(st.integers(0, len(e))) for e in encoded]
    word = needle.encode()
    assert texts.found_between(rows, needle, starts, ends) == [r for r in rows if word in encoded[r][starts[r] : ends[r]]]
    assert texts.found_between(rows, needle, None, ends) == [r for r in rows if word in encoded[r][: ends[r]]]
    assert texts.found_between(rows, needle, starts, None) == [r for r in rows if word in encoded[r][starts[r] :]]


@given(strings_and_rows, st.sampled_from(["a+b", "^가", "나$", "b?", "각"]))
def test_matching_is_the_comprehension(case, pattern):
    strings, rows = case
    search = re.compile(pattern).search
    assert Texts.of(strings).matching(rows, search) == [r for r in rows if search(strings[r])]


def test_a_field_is_matched_alone_so_anchors_hold_at_its_ends():
    texts = Texts.of(["가나\x1f다라", "다라\x1f가나"])
    second = [len("가나\x1f".encode())] * 2
    assert texts.matching([0, 1], re.compile("^다").search, second, None) == [0]
    assert texts.matching([0, 1], re.compile("나$").search, None, [len("가나".encode())] * 2) == [0]


def test_a_word_never_runs_from_one_row_into_the_next():
    texts = Texts.of(["ab", "cd"])
    assert texts.containing([0, 1], "bc") == [] and texts.containing([0, 1], "b") == [0]


def test_texts_in_a_map_are_searched_in_place(tmp_path):
    piece = encode_rows(["확산 모델", "diffusion", "언어 모델"])
    path = tmp_path / "texts"
    path.write_bytes(piece)
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    joined = Texts.joined([(piece, 3)])
    texts = Texts(mapped, joined.starts, joined.ends)
    assert texts.containing([0, 1, 2], "모델") == [0, 2] and texts[1] == "diffusion"
    assert texts.matching([0, 1, 2], re.compile("^언").search) == [2]


def test_a_separator_in_a_text_becomes_a_space():
    assert Texts.of(["a\x1eb", "c"]) == ["a b", "c"]


@pytest.mark.parametrize("pieces", [[(b"a\x1eb", 1)], [(b"a", 2)], [(b"", 0)]])
def test_a_piece_that_does_not_hold_its_rows_is_refused(pieces):
    with pytest.raises(ValueError):
        Texts.joined(pieces)


def test_damaged_bytes_and_lone_surrogates_read_back_as_replacements_not_errors():
    assert Texts.of(["a\udcffb"])[0] == "a?b"
    texts = Texts(b"ok \xff\xfe", [0], [5])
    assert texts[0] == "ok \ufffd\ufffd" and texts.matching([0], re.compile("ok").search) == [0]


def test_a_needle_with_a_lone_surrogate_matches_nothing():
    texts = Texts.of(["a?b", "a\udcffb"])  # the second is stored with "?" in its place
    assert texts.containing([0, 1], "\udcff") == [] and texts.containing([0, 1], "?") == [0, 1]


@given(strings_and_rows, st.lists(st.integers(1, 5), max_size=10))
def test_texts_joined_from_mapped_pieces_or_into_a_file_read_back_the_same(case, cuts):
    import tempfile

    import reader.core.texts as texts_module

    strings, rows = case
    expected = in_pieces(strings, cuts)
    pieces, at = [], 0
    for size in [*cuts, len(strings)]:
        if at < len(strings):
            part = strings[at : at + size]
            pieces.append((encode_rows(part), len(part)))
            at += size
    with tempfile.TemporaryDirectory() as folder:
        # pieces that are views of a map (a cache's, the parse's processes' files), as loading has them
        mapped = mmap.mmap(-1, sum(len(p) for p, _ in pieces) or 1)
        views, offset = [], 0
        for piece, count in pieces:
            mapped[offset : offset + len(piece)] = piece
            views.append((memoryview(mapped)[offset : offset + len(piece)], count))
            offset += len(piece)
        from_maps = Texts.joined(views)
        saved = texts_module.FILE_MIN_BYTES
        texts_module.FILE_MIN_BYTES = 0
        try:
            in_file = Texts.joined(pieces, folder)
        finally:
            texts_module.FILE_MIN_BYTES = saved
        assert isinstance(in_file.data, mmap.mmap) or not any(strings)  # not this process's memory
        assert list(from_maps) == list(in_file) == list(expected) == strings
        assert from_maps.ordered(rows) == in_file.ordered(rows) == [strings[r] for r in rows]
        assert from_maps.containing(list(range(len(strings))), "가") == in_file.containing(list(range(len(strings))), "가") == [
            r for r, s in enumerate(strings) if "가" in s
        ]
        import os

        assert os.listdir(folder) == []  # the file is gone, its map stays


def test_texts_that_cannot_be_joined_in_a_file_are_joined_in_memory(tmp_path, monkeypatch):
    import reader.core.texts as texts_module

    monkeypatch.setattr(texts_module, "FILE_MIN_BYTES", 0)
    pieces = [(encode_rows(["확산 모델", "diffusion"]), 2), (encode_rows(["추론"]), 1)]
    joined = Texts.joined(pieces, str(tmp_path / "missing"))
    assert list(joined) == ["확산 모델", "diffusion", "추론"]
    with pytest.raises(ValueError):  # a piece that does not hold its rows is still found out
        Texts.joined([(encode_rows(["a"]), 2)], str(tmp_path))
    assert list(tmp_path.iterdir()) == []
