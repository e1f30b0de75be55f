"""The parse cache: what is written reads back the same; anything damaged reads as empty."""

from __future__ import annotations

from reader.core import cache
from reader.core.catalog import FileRecord, record_file
from reader.core.texts import encode_rows

from .conftest import SAMPLES, record_texts


def sample_records(first_text: str | None = None) -> tuple[dict[str, FileRecord], str]:
    """The samples' records (the first paper's text replaced when given), and the first's path."""
    records = {str(p): record_file(str(p)) for p in sorted(SAMPLES.glob("*.md"))}
    name = next(iter(records))
    if first_text is not None:
        odd = records[name]
        texts = encode_rows([first_text, *record_texts(odd)[1:]])
        records[name] = FileRecord(odd.path, odd.size, odd.mtime_ns, odd.rows, texts, odd.warnings, odd.papers)
    return records, name


def test_records_read_back_exactly(tmp_path):
    records, _ = sample_records("😀 emoji \ud800")  # outside the BMP, and a lone surrogate (kept as "?")
    path = tmp_path / "c.bin"
    assert cache.save_cache(records, path) is None
    assert cache.load_cache(path) == records


def test_a_cut_file_keeps_only_its_intact_records_and_a_foreign_one_reads_as_empty(tmp_path):
    path = tmp_path / "c.bin"
    records = sample_records()[0]
    assert cache.save_cache(records, path) is None
    whole = path.read_bytes()
    for cut in (0, 5, 20, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        loaded = cache.load_cache(path)
        assert len(loaded) < len(records), cut  # the last file's papers are the last bytes
        assert all(records[name] == record for name, record in loaded.items()), cut
    path.write_bytes(whole.replace(b"daily-papers-cache", b"daily-papers-cachf", 1))  # another format's stamp
    assert cache.load_cache(path) == {}


def test_files_that_are_gone_are_dropped(tmp_path):
    records, _ = sample_records()
    records["/nonexistent/2024-01-01.md"] = next(iter(records.values()))
    path = tmp_path / "c.bin"
    cache.save_cache(records, path)
    assert "/nonexistent/2024-01-01.md" not in cache.load_cache(path)
    assert len(cache.load_cache(path)) == len(records) - 1


def test_a_cache_rewritten_from_the_one_it_read_is_the_same_and_its_pages_are_given_back(tmp_path):
    from .test_index import resident_kb

    records, name = sample_records()
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    assert cache.save_cache({n: r for n, r in records.items() if n != name}, first) is None
    read = cache.load_cache(first)
    read[name] = records[name]  # a new day's file, parsed, beside the ones read from the cache
    assert cache.save_cache(read, second) is None
    assert cache.load_cache(second) == records
    assert resident_kb(first) <= 8  # written from the map of the old cache, which it does not keep in memory


def test_a_separator_in_a_text_is_kept_as_a_space_and_the_rows_stay_whole(tmp_path):
    records, name = sample_records("a\x1eb")
    path = tmp_path / "c.bin"
    assert cache.save_cache(records, path) is None
    loaded = cache.load_cache(path)
    assert loaded == records and record_texts(loaded[name])[0] == "a b"
    assert record_texts(loaded[name])[1:] == record_texts(records[name])[1:]


# --- the first screen's snapshot of the newest day -------------------------------------------


def newest_day(tmp_path):
    """A copy of a sample day with nested bullets, parsed as the first screen parses it."""
    from reader.core.catalog import parse_record

    copy = tmp_path / "2023-11-20.md"
    copy.write_bytes((SAMPLES / copy.name).read_bytes())
    return [parse_record(str(copy))[0]], copy


def test_the_newest_day_reads_back_with_every_field_of_its_papers(tmp_path):
    parsed, copy = newest_day(tmp_path)
    path = tmp_path / "first.bin"
    assert cache.save_first_screen(parsed, path) is None
    loaded = cache.load_first_screen([str(copy)], path)
    assert loaded == parsed
    from reader.core.catalog import Catalog
    from reader.core.parse import parse_file

    catalog = Catalog.from_records(loaded)
    assert catalog.papers(range(len(catalog))) == parse_file(str(copy))[0]  # every field, decoded
    assert any(b.children for p in catalog.papers(range(len(catalog))) for b in p.summary)  # nesting kept


def test_a_changed_file_or_another_newest_day_is_not_taken_from_the_snapshot(tmp_path):
    parsed, copy = newest_day(tmp_path)
    path = tmp_path / "first.bin"
    cache.save_first_screen(parsed, path)
    assert cache.load_first_screen([str(copy), str(copy) + "x"], path) is None  # another set of files
    assert cache.load_first_screen([], path) is None
    copy.write_bytes(copy.read_bytes() + b"\n")  # edited since
    assert cache.load_first_screen([str(copy)], path) is None


def test_a_cut_or_foreign_snapshot_is_ignored(tmp_path):
    parsed, copy = newest_day(tmp_path)
    path = tmp_path / "first.bin"
    cache.save_first_screen(parsed, path)
    whole = path.read_bytes()
    for cut in (0, 5, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        assert cache.load_first_screen([str(copy)], path) is None, cut
    path.write_bytes(whole.replace(b"first-screen", b"first-screem", 1))  # another format's stamp
    assert cache.load_first_screen([str(copy)], path) is None
    import marshal

    from reader.core.catalog import crc32

    meta = marshal.dumps((str(copy), 1, 2, "rows", None, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    entries = marshal.dumps([(crc32(meta), meta)])
    head = marshal.dumps((cache._first_screen_stamp(), 0, 0, None))
    path.write_bytes(cache.MAGIC + cache._LENGTHS.pack(len(entries), len(head)) + entries + head)
    assert cache.load_first_screen([str(copy)], path) is None  # the right shape of nonsense


def test_another_mistune_means_another_cache(tmp_path, monkeypatch):
    import importlib.util
    from types import SimpleNamespace

    fake = tmp_path / "mistune_init.py"
    fake.write_text("__version__ = '3.0.0'\n")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: SimpleNamespace(origin=str(fake)))
    records, _ = sample_records()
    path = tmp_path / "c.bin"
    cache.save_cache(records, path)
    assert cache.load_cache(path) == records
    first, copy = newest_day(tmp_path)
    cache.save_first_screen(first, tmp_path / "first.bin")
    fake.write_text("__version__ = '3.10.0'\n")  # upgraded: the parser may read files differently
    assert cache.load_cache(path) == {}
    assert cache.load_first_screen([str(copy)], tmp_path / "first.bin") is None


def test_writing_the_cache_removes_the_caches_of_earlier_formats():
    old = [cache.cache_path().with_name("catalog-v2.bin"), cache.cache_path().with_name("first-screen-v2.bin")]
    old[0].parent.mkdir(parents=True, exist_ok=True)
    for path in old:
        path.write_bytes(b"an earlier format, as big as the corpus")
    assert cache.save_cache(sample_records()[0]) is None
    assert not any(path.exists() for path in old) and cache.cache_path().is_file()


def test_a_record_whose_texts_do_not_hold_its_rows_is_dropped_and_its_file_read_again(tmp_path, monkeypatch):
    from reader.core.loader import load_catalog

    records, name = sample_records()
    odd = records[name]
    records[name] = FileRecord(odd.path, odd.size, odd.mtime_ns, odd.rows, encode_rows(record_texts(odd)[1:]), odd.warnings, odd.papers)
    path = tmp_path / "c.bin"
    assert cache.save_cache(records, path) is None  # its checksums are right: only its shape is wrong
    loaded = cache.load_cache(path)
    assert name not in loaded and len(loaded) == len(records) - 1
    monkeypatch.setattr(cache, "cache_path", lambda: path)
    catalog = load_catalog([SAMPLES])  # that file is parsed again, the others come from the cache
    assert len(catalog) == sum(len(r.rows) for r in records.values())


def test_writing_the_cache_removes_what_killed_loads_left_beside_it_and_nothing_else():
    import os
    import time

    from reader.core.dirs import cache_dir

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    hours_ago = time.time() - 2 * 3600
    left = [folder / ".parse-abc", folder / ".index-def", folder / ".texts-ghi", folder / ".catalog-jkl"]
    for path in left[:2]:
        path.mkdir()
        (path / "records-1").write_bytes(b"x" * 1000)
    for path in left[2:]:
        path.write_bytes(b"x" * 1000)
    for path in left:
        os.utime(path, (hours_ago, hours_ago))
    running = folder / ".parse-now"  # a load under way, in another window
    running.mkdir()
    (running / "records-2").write_bytes(b"x")
    other = folder / "notes.txt"
    other.write_text("mine")
    os.utime(other, (hours_ago, hours_ago))
    records, _ = sample_records()
    assert cache.save_cache(records) is None
    assert not any(path.exists() for path in left)
    assert (running / "records-2").exists() and other.read_text() == "mine"
