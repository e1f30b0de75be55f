"""The search index: the rows it gives for a word are every row that holds it (exactly those for
one to three characters), it reads back from the cache only when intact and its own, and search
with it finds what reading every text finds."""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import cache, index
from reader.core.catalog import Catalog, record_file
from reader.core.loader import build_index, load_catalog
from reader.core.search import search
from reader.core.text import CHOSEONG_LETTERS, choseong_pattern, fold

from .conftest import SAMPLES, record_texts

LETTERS = list("ab cd-:3é확산모델대규모강화학습토큰추론😀𝒜\x1fㄷ")
TEXTS = st.lists(st.text(alphabet=st.sampled_from(LETTERS), max_size=30), max_size=12)
NEEDLES = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=5)
INITIALS = st.text(alphabet=st.sampled_from(list("ㄷㄱㅁㅎㅅㅌㅋㅈ")), min_size=1, max_size=4)


def rows_of(flags: bytes) -> list[int]:
    return [r for r, flag in enumerate(flags) if flag]


@settings(max_examples=300, deadline=None)
@given(TEXTS, NEEDLES, st.integers(1, 5))
def test_the_index_gives_every_row_holding_a_word_and_only_those_when_it_is_short(texts, needle, segment_rows):
    built = index.build(texts, segment_rows=segment_rows, workers=1)  # several segments: rows meet across their edges
    assert built is not None
    found = built.candidates(needle)
    assert found is not None
    flags, exact = found
    holding = [r for r, t in enumerate(texts) if needle in t]
    assert set(holding) <= set(rows_of(flags))
    assert exact == (len(needle.encode("utf-16-le")) <= 6)  # one to three UTF-16 units: one key, no text read
    if exact:
        assert rows_of(flags) == holding


@settings(max_examples=300, deadline=None)
@given(TEXTS, INITIALS, st.integers(1, 5))
def test_initials_give_every_row_with_such_syllables_in_a_row(texts, word, segment_rows):
    built = index.build(texts, segment_rows=segment_rows, workers=1)
    assert built is not None
    found = built.candidates(word, initials=True)
    assert found is not None
    flags, exact = found
    pattern = choseong_pattern(word)
    holding = [r for r, t in enumerate(texts) if pattern.search(t)]
    assert set(holding) <= set(rows_of(flags))
    assert exact == (len(word) <= 3)
    if exact:
        assert rows_of(flags) == holding


def test_a_word_in_no_row_and_an_empty_one():
    built = index.build(["diffusion models", "대규모 언어 모델", ""])
    assert built is not None
    assert built.candidates("zz") == (b"\0\0\0", True)
    assert rows_of(built.candidates("모델")[0]) == [1]
    assert rows_of(built.candidates("ㄷㄱㅁ", initials=True)[0]) == [1]
    assert built.candidates("") is None  # nothing to look up: the caller reads the texts
    assert index.build([], workers=1).rows == 0


def test_a_text_holding_the_row_separator_keeps_every_row_in_its_place():
    texts = ["alpha", "be\x1eta", "gamma"]  # parsed text never holds U+001E; a text made elsewhere might
    built = index.build(texts, workers=1)
    assert rows_of(built.candidates("gam")[0]) == [2]
    assert rows_of(built.candidates("be")[0]) == [1] and rows_of(built.candidates("ta")[0]) == [1]


def test_building_stops_when_asked():
    assert index.build(["a"] * 10, stop=lambda: True, segment_rows=2) is None


# --- stored -----------------------------------------------------------------------------------


def stored(tmp_path, built):
    """``built`` stored as the app stores its index (``cache.save_index``); read back by ``cache.read_index``."""
    path = tmp_path / "index.bin"
    assert cache.save_index(built, path) is None
    return path


def test_a_stored_index_reads_back_and_a_damaged_or_foreign_one_does_not(tmp_path):
    texts = [fold(f"paper {i} 확산 모델 {'diffusion' if i % 3 else 'agent'}") for i in range(40)]
    built = index.build(texts, marks=[7, 8, 9], segment_rows=16)
    path = stored(tmp_path, built)
    back = cache.read_index(path)
    assert back is not None and back.rows == 40 and back.marks == [7, 8, 9]  # whose rows they are
    for word in ("diffusion", "agent", "확산", "ㅎ", "zz"):
        assert back.candidates(word) == built.candidates(word)
    whole = path.read_bytes()
    path.write_bytes(b"".join(index.encode(built, "another stamp")))
    assert cache.read_index(path) is None  # another version's
    for damaged in (whole[:-1], whole[: len(whole) // 2], whole[:5], whole[:-9] + bytes([whole[-9] ^ 1]) + whole[-8:]):
        path.write_bytes(damaged)
        assert cache.read_index(path) is None, len(damaged)


def test_the_cache_keeps_the_index_of_these_files_and_rebuilds_a_damaged_one(tmp_path):
    folder = tmp_path / "digests"
    folder.mkdir()
    for p in sorted(SAMPLES.glob("*.md")):
        (folder / p.name).write_bytes(p.read_bytes())
    catalog = load_catalog([folder])
    assert catalog.index is None  # a first start: nothing stored yet
    assert build_index(catalog)
    assert cache.index_path().is_file()
    warm = load_catalog([folder])
    assert warm.index is not None  # read from the cache, not built
    assert search(warm, "모델") == search(catalog, "모델")
    path = cache.index_path()
    path.write_bytes(path.read_bytes()[:-3])
    assert load_catalog([folder]).index is None  # damaged: ignored, and built again
    rebuilt = load_catalog([folder])
    assert build_index(rebuilt) and load_catalog([folder]).index is not None
    newest = max(folder.glob("*.md"))
    newest.write_text(newest.read_text() + "\n", encoding="utf-8")  # the files changed: not this index
    assert load_catalog([folder]).index is None


# --- search with the index finds what reading every text finds ----------------------------------

QUERIES = [
    "diffusion", "di", "d", "모", "모델", "확산 모델", "language model", "author:kim", "authors:ki", "title:efficient",
    "title:모델", "ㄷㄱㅁ", "ㅁㄷ", "ㅎ", "ㄷㄱㅁㅎ", "title:ㅁㄷ", "-diffusion", "\"large language\"", "re:dif+u",
    "모델 -diffusion", "확산 | agent", "labels:cv", "zz", "3d", "효율적인 추론", "토큰 압축", "(x)", "llm re:^a",
]


def assert_same_results(catalog: Catalog, monkeypatch) -> None:
    from reader.core import search as search_module

    monkeypatch.setattr(search_module, "INDEX_MIN_ROWS", 0)  # the index even for a few rows (the samples have 16)
    built = index.build(catalog.index_texts(), catalog.index_marks())
    assert built is not None
    looked_up = []
    candidates = built.candidates
    monkeypatch.setattr(built, "candidates", lambda *args, **kwargs: looked_up.append(args) or candidates(*args, **kwargs))
    scanned = Catalog.from_records([])
    scanned.__dict__.update(catalog.__dict__)
    scanned.index = None
    catalog.use_index(built)
    everything = list(range(len(catalog)))
    some = everything[::-1][: len(everything) * 3 // 4]  # an order that is not storage order
    for query in QUERIES:
        for rows in (everything, some):
            assert search(catalog, query, rows=rows) == search(scanned, query, rows=rows), query
    assert len(looked_up) > len(QUERIES)  # the index answered (it is not the scan compared with itself)


def test_search_with_the_index_finds_what_reading_the_texts_finds(monkeypatch):
    assert_same_results(Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md"))), monkeypatch)


def test_search_with_the_index_finds_what_reading_the_texts_finds_on_real_digests(real_digests, monkeypatch):
    catalog = load_catalog([real_digests], use_cache=False)
    assert len(catalog) > 1000
    assert_same_results(catalog, monkeypatch)
    words = {w for t in list(catalog.texts)[::40] for w in re.split(r"[\s\x1f]+", t)[::9] if w}
    built = catalog.index
    assert built is not None
    for word in sorted(words)[:300]:
        flags, exact = built.candidates(word)
        holding = {r for r, t in enumerate(catalog.texts) if word in t}
        assert holding <= set(rows_of(flags)), word
        if exact:
            assert set(rows_of(flags)) == holding, word


def test_every_initial_is_a_letter_the_index_knows():
    assert index.initial_numbers(CHOSEONG_LETTERS) == list(range(19))


def resident_kb(path) -> int:
    """How much of the mapped file ``path`` this process holds in memory (Linux), in KB."""
    import pytest

    smaps = Path("/proc/self/smaps")
    if not smaps.exists():
        pytest.skip("no /proc/self/smaps here")
    total, current = 0, None
    for line in smaps.read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            current = line.split()[-1]
        elif line.startswith("Rss:") and current == str(path):
            total += int(line.split()[1])
    return total


def test_look_ups_in_a_stored_index_do_not_keep_its_pages_in_memory(tmp_path):
    samples = [text for p in sorted(SAMPLES.glob("*.md")) for text in record_texts(record_file(str(p)))]
    texts = [f"{samples[i % len(samples)]} {i}" for i in range(12_000)]
    built = index.build(texts)
    path = stored(tmp_path, built)
    back = cache.read_index(path)
    assert back is not None
    for word in ("diffusion", "모델", "agents", "ㄷㄱㅁ", "1999", "e"):
        assert back.candidates(word, initials=word.startswith("ㄷ")) == built.candidates(word, initials=word.startswith("ㄷ"))
    # 55,000 real papers' index is 103 MB: a few hundred keystrokes left half of it counted in the
    # app's memory, 64 KB around each page a look-up read
    assert resident_kb(path) <= 64, resident_kb(path)


def test_initials_find_a_paper_by_its_note():
    from reader.core.model import Marks

    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))
    key = catalog.keys[0]
    marks = Marks(noted=frozenset({key}), notes={key: fold("대규모 실험 다시 볼 것")})
    assert search(catalog, "note:ㄷㄱㅁ", marks=marks) == [0]
    assert search(catalog, "note:ㄷㅅ", marks=marks) == [0]
    assert search(catalog, "note:ㄷㅅㅂ", marks=marks) == []  # 다시 볼: initials do not join across a space
    assert search(catalog, "note:ㅎㄷ", marks=marks) == []


# --- a new day rebuilds only the segments it changed ------------------------------------------


def test_segment_marks_change_only_with_the_pieces_of_their_own_segment():
    pieces = [(("a.md", 10, 1), 5), (("b.md", 20, 2), 6), (("c.md", 30, 3), 2)]
    marks = index.segment_marks(pieces, 13, segment_rows=4)
    assert len(marks) == 4 and 0 not in marks and len(set(marks)) == 4
    later = index.segment_marks([*pieces, (("d.md", 40, 4), 5)], 18, segment_rows=4)
    assert later[:3] == marks[:3] and later[3] != marks[3]  # a new day: the last segment and new ones
    changed = index.segment_marks([pieces[0], (("b.md", 21, 5), 6), pieces[2]], 13, segment_rows=4)
    assert changed[0] == marks[0] and changed[1:3] != marks[1:3] and changed[3] == marks[3]  # b.md is rows 5-10
    assert index.segment_marks(pieces, 12, segment_rows=4) == [0, 0, 0]  # not these rows: unknown


def dated_copies(folder: Path, days: list[str]) -> Path:
    """``folder`` (made if need be) with a digest for each of ``days``, copied from the samples."""
    folder.mkdir(exist_ok=True)
    samples = sorted(SAMPLES.glob("*.md"))
    for n, day in enumerate(days):
        text = samples[n % len(samples)].read_text(encoding="utf-8")
        (folder / f"{day}.md").write_text(re.sub(r"Daily Papers \(\d{4}-\d{2}-\d{2}\)", f"Daily Papers ({day})", text), encoding="utf-8")
    return folder


def test_a_new_day_rebuilds_only_the_segments_it_changed_and_search_finds_the_same(tmp_path, monkeypatch):
    from reader.core import search as search_module

    monkeypatch.setattr(index, "SEGMENT_ROWS", 4)
    monkeypatch.setattr(search_module, "INDEX_MIN_ROWS", 0)
    folder = dated_copies(tmp_path / "digests", [f"2024-01-{d:02}" for d in range(1, 13)])
    assert build_index(load_catalog([folder]))
    built = []
    segment = index.build_segment
    monkeypatch.setattr(index, "build_segment", lambda first, rows, piece, mark=0: built.append(first) or segment(first, rows, piece, mark))
    dated_copies(folder, ["2024-02-01"])  # the next day's digest arrives
    catalog = load_catalog([folder])
    assert catalog.index is None  # not the index of these rows: built again, in part
    assert build_index(catalog)
    arrived = sum(catalog.files[f].endswith("2024-02-01.md") for f in catalog.file_of)
    assert 0 < len(built) <= 1 + -(-arrived // 4) < -(-len(catalog) // 4)  # the new day's segments and the one it joins
    assert load_catalog([folder]).index is not None  # stored whole
    scanned = load_catalog([folder], use_cache=False)
    for query in QUERIES:
        assert search(catalog, query) == search(scanned, query), query


def test_the_index_holds_the_rows_oldest_file_first_whatever_order_the_catalog_lists(tmp_path, monkeypatch):
    from reader.core import search as search_module

    monkeypatch.setattr(search_module, "INDEX_MIN_ROWS", 0)
    folder = dated_copies(tmp_path / "digests", ["2024-01-01", "2024-01-03"])
    one_day = (folder / "2024-01-03.md").read_text(encoding="utf-8")
    (folder / "2024-01-02.md").write_text(one_day.replace("2024-01-03", "2024-01-02") + "\n" + one_day.replace("2024-01-03", "2024-01-04"), encoding="utf-8")
    both = ["2024-01-01.md", "2024-01-03.md"]
    for paths, oldest_first in (([folder / name for name in both], both), ([folder], [*both, "2024-01-02.md"])):  # 01-02.md ends on 01-04
        catalog = load_catalog(paths, use_cache=False)
        rows = catalog.index_rows
        assert sorted(rows) == list(range(len(catalog))) and catalog.index_texts() == [catalog.texts[r] for r in rows]
        files = [Path(catalog.files[catalog.file_of[r]]).name for r in rows]
        assert list(dict.fromkeys(files)) == oldest_first and files == sorted(files, key=oldest_first.index)
        assert all(catalog.lines[a] < catalog.lines[b] for a, b in pairwise(rows) if catalog.file_of[a] == catalog.file_of[b])
        scanned = load_catalog(paths, use_cache=False)
        assert build_index(catalog, use_cache=False) and catalog.index is not None
        for query in QUERIES:
            assert search(catalog, query) == search(scanned, query), query


def small_segments_in_processes(monkeypatch) -> None:
    """Segments of 4 rows, built in worker processes from 2 segments on: a few digests exercise both."""
    from reader.core import loader

    monkeypatch.setattr(index, "SEGMENT_ROWS", 4)
    monkeypatch.setattr(loader, "PROCESS_MIN_SEGMENTS", 2)


def assert_same_look_ups(catalog: Catalog, expected: Catalog) -> None:
    for word in ("모델", "diffusion", "ㄷㄱㅁ", "e", "zz"):
        initials = word.startswith("ㄷ")
        assert catalog.index.candidates(word, initials) == expected.index.candidates(word, initials)


def test_segments_built_in_worker_processes_are_the_ones_threads_build(tmp_path, monkeypatch):
    from reader.core import loader

    small_segments_in_processes(monkeypatch)
    folder = dated_copies(tmp_path / "digests", [f"2024-01-{d:02}" for d in range(1, 7)])
    in_threads = load_catalog([folder], use_cache=False)
    assert build_index(in_threads, use_cache=False)
    pools = []
    real = loader._segment_processes

    @contextmanager
    def watched(segments, workers=None):
        with real(segments, workers) as pool:
            pools.append(pool)
            yield pool

    monkeypatch.setattr(loader, "_segment_processes", watched)
    in_processes = load_catalog([folder], use_cache=False)
    assert build_index(in_processes, use_cache=False)
    assert len(pools) == 1 and isinstance(pools[0], ProcessPoolExecutor)
    assert_same_look_ups(in_processes, in_threads)


def test_when_the_workers_numpy_will_not_start_the_index_is_built_in_threads(tmp_path, monkeypatch):
    from reader.core import loader

    small_segments_in_processes(monkeypatch)
    folder = dated_copies(tmp_path / "digests", [f"2024-04-{d:02}" for d in range(1, 7)])
    expected = load_catalog([folder], use_cache=False)
    assert build_index(expected, use_cache=False)
    # what the workers inherit: numpy refuses to start with both set (as it does a CPU setting
    # that its build cannot do without, see reader.core.simd); this process's numpy is loaded
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "X86_V4")
    monkeypatch.setenv("NPY_ENABLE_CPU_FEATURES", "X86_V3")
    catalog = load_catalog([folder], use_cache=False)
    workers = loader.Workers()
    try:
        assert build_index(catalog, use_cache=False, workers=workers)
        assert workers.pool() is None  # the processes were given up
    finally:
        workers.shutdown()
    assert_same_look_ups(catalog, expected)


def test_a_build_in_processes_leaves_no_files_behind_whether_it_ends_or_is_stopped(tmp_path):
    import multiprocessing

    texts = [fold(f"paper {i} 확산 모델 diffusion") for i in range(40)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        built = index.build(texts, segment_rows=4, processes=pool, scratch=str(tmp_path))
        assert built is not None and rows_of(built.candidates("모델")[0]) == list(range(40))
        assert list(tmp_path.iterdir()) == []
        asked = []
        assert index.build(texts, segment_rows=4, processes=pool, scratch=str(tmp_path), stop=lambda: asked.append(1) or len(asked) > 2) is None
        assert list(tmp_path.iterdir()) == []


def test_either_sort_the_build_may_choose_gives_the_same_index(monkeypatch):
    samples = [text for p in sorted(SAMPLES.glob("*.md")) for text in record_texts(record_file(str(p)))]
    texts = [f"{samples[i % len(samples)]} {i}" for i in range(600)]
    built = {}
    for kind in ("quicksort", "stable"):  # the machine's faster one is timed once per process
        monkeypatch.setattr(index, "_SORT_KINDS", {"<u4": kind, "<u8": kind})
        built[kind] = index.build(texts, segment_rows=256, workers=1)
    for word in ("diffusion", "모델", "ㄷㄱㅁ", "e", "12", "zz"):
        initials = word.startswith("ㄷ")
        assert built["quicksort"].candidates(word, initials) == built["stable"].candidates(word, initials)


@pytest.fixture
def started_pools(monkeypatch) -> list[ProcessPoolExecutor]:
    """Every pool of worker processes started while the test runs."""
    import concurrent.futures

    started: list[ProcessPoolExecutor] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    return started


def test_a_cold_load_parses_and_builds_the_index_in_one_set_of_worker_processes(tmp_path, monkeypatch, started_pools):
    from reader.core import loader

    small_segments_in_processes(monkeypatch)
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    folder = dated_copies(tmp_path / "digests", [f"2024-02-{d:02}" for d in range(1, 13)])
    built = None
    for stage in loader.load_stages([folder], use_cache=False):
        if stage.complete:
            assert len(started_pools) == 1  # the parse's
            assert build_index(stage.catalog, use_cache=False, workers=stage.workers)
            built = stage.catalog
    assert built is not None and built.index is not None
    assert len(started_pools) == 1  # the parse's processes built the index too
    in_threads = load_catalog([folder], use_cache=False)
    assert build_index(in_threads, use_cache=False)
    assert_same_look_ups(built, in_threads)


def test_a_cold_export_parses_in_worker_processes_too(tmp_path, monkeypatch, started_pools):
    from reader.core import loader

    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    folder = dated_copies(tmp_path / "digests", [f"2024-03-{d:02}" for d in range(1, 13)])
    parsed = load_catalog([folder], use_cache=False)
    assert len(started_pools) == 1 and len(parsed) == len(load_catalog([folder], use_cache=False))
