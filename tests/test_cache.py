"""The parse cache: what is written reads back the same; anything damaged reads as empty."""

from __future__ import annotations

from reader import cache
from reader.catalog import FileRecord, record_file

from .conftest import SAMPLES


def sample_records(first_text: str | None = None) -> tuple[dict[str, FileRecord], str]:
    """The samples' records (the first paper's text replaced when given), and the first's path."""
    records = {str(p): record_file(str(p)) for p in sorted(SAMPLES.glob("*.md"))}
    name = next(iter(records))
    if first_text is not None:
        odd = records[name]
        records[name] = FileRecord(odd.path, odd.size, odd.mtime_ns, odd.rows, (first_text, *odd.texts[1:]), odd.warnings, odd.signatures)
    return records, name


def test_records_read_back_exactly(tmp_path):
    records, _ = sample_records("😀 emoji \ud800")  # outside the BMP, a lone surrogate: both survive UTF-16
    path = tmp_path / "c.bin"
    assert cache.save_cache(records, path) is None
    assert cache.load_cache(path) == records


def test_a_cut_or_foreign_file_reads_as_empty(tmp_path):
    path = tmp_path / "c.bin"
    assert cache.save_cache(sample_records()[0], path) is None
    whole = path.read_bytes()
    for cut in (0, 5, 20, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        assert cache.load_cache(path) == {}, cut
    path.write_bytes(whole.replace(b"daily-papers-cache", b"daily-papers-cachf", 1))  # another format's stamp
    assert cache.load_cache(path) == {}


def test_files_that_are_gone_are_dropped(tmp_path):
    records, _ = sample_records()
    records["/nonexistent/2024-01-01.md"] = next(iter(records.values()))
    path = tmp_path / "c.bin"
    cache.save_cache(records, path)
    assert "/nonexistent/2024-01-01.md" not in cache.load_cache(path)
    assert len(cache.load_cache(path)) == len(records) - 1


def test_a_text_the_parser_cannot_produce_is_not_cached(tmp_path):
    records, name = sample_records("a\x1eb")
    path = tmp_path / "c.bin"
    cache.save_cache(records, path)
    loaded = cache.load_cache(path)
    assert name not in loaded and len(loaded) == len(records) - 1
