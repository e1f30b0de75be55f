"""Damaged or hostile caches: never a crash, never wrong data, never a hang.

Copies of a real cache (and of the first-screen snapshot) with 1-16 random bytes changed must
load exactly the catalog a parse of the files gives; a FIFO in place of either file must not
block a start.
"""

from __future__ import annotations

import os
import random
import shutil
import threading

import pytest

from reader.core import cache
from reader.core.catalog import Catalog, FileRecord, record_file
from reader.core.loader import first_stage, load_catalog, load_stages
from reader.core.model import Sort
from reader.core.parse import parse_file
from reader.core.view import Browser

from .conftest import SAMPLES


def library_copy(tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(SAMPLES, folder)
    return folder


def seen(catalog: Catalog) -> tuple:
    """Everything a user can see of a catalog: its columns, texts and whole papers."""
    return (
        catalog.titles, catalog.ids, catalog.urls, catalog.votes, catalog.days, catalog.texts, catalog.lines,
        [catalog.files[f] for f in catalog.file_of], catalog.papers(range(len(catalog))), [(w.path, w.line, w.message) for w in catalog.warnings],
    )


def damage(whole: bytes, rng: random.Random) -> bytes:
    data = bytearray(whole)
    for at in rng.sample(range(len(data)), rng.randint(1, 16)):
        data[at] = (data[at] + rng.randint(1, 255)) % 256  # always another value
    return bytes(data)


def test_300_damaged_copies_of_a_cache_load_what_the_files_hold(tmp_path):
    folder = library_copy(tmp_path)
    expected = seen(load_catalog([folder], use_cache=False))
    list(load_stages([folder]))  # the cache and the snapshot a first start writes
    path = cache.cache_path()
    whole = path.read_bytes()
    assert len(cache.load_cache(path)) == 6
    rng = random.Random(20261202)
    for copy in range(300):
        path.write_bytes(damage(whole, rng))
        if copy % 2:  # what export does (papers checked when decoded) ...
            catalog = load_catalog([folder])
        else:  # ... and the app (papers checked in the background, damage repaired)
            catalog = list(load_stages([folder]))[-1].catalog
            rewritten = cache.load_cache(path)
            assert len(rewritten) == 6 and cache.damaged_papers(rewritten) == [], copy
        assert seen(catalog) == expected, copy


def test_200_damaged_copies_of_the_snapshot_show_what_the_newest_day_holds(tmp_path):
    folder = library_copy(tmp_path)
    stage = first_stage([folder], use_cache=False).stage
    expected = seen(stage.catalog)
    list(load_stages([folder]))
    path = cache.first_screen_path()
    whole = path.read_bytes()
    rng = random.Random(7)
    from_snapshot = 0
    for copy in range(200):
        path.write_bytes(damage(whole, rng))
        stage = first_stage([folder]).stage
        from_snapshot += not stage.snapshot
        assert seen(stage.catalog) == expected, copy
    assert from_snapshot < 200  # some damage (in a paper's blob) is only found when that paper is decoded


def test_a_damaged_blob_is_parsed_from_its_file_and_paper_ready_says_so(tmp_path, monkeypatch):
    folder = library_copy(tmp_path)
    catalog = load_catalog([folder])
    row = 0
    file_no = catalog.file_of[row]
    blob = bytearray(catalog.blobs[file_no])
    blob[len(blob) // 2] ^= 0xFF
    catalog.blobs[file_no] = bytes(blob)
    assert catalog.paper_ready(row) is False  # the UI fetches this one in a worker
    expected = {p.source.line: p for p in parse_file(catalog.files[file_no])[0]}
    assert catalog.paper(row) == expected[catalog.lines[row]]


@pytest.mark.parametrize("where", ["cache", "snapshot", "both"])
def test_a_fifo_in_place_of_a_cache_file_does_not_block_a_start(tmp_path, where):
    folder = library_copy(tmp_path)
    list(load_stages([folder]))
    for path in {"cache": [cache.cache_path()], "snapshot": [cache.first_screen_path()], "both": [cache.cache_path(), cache.first_screen_path()]}[where]:
        path.unlink()
        os.mkfifo(path)
    result: list = []

    def start() -> None:  # what the app does: the first screen, then the rest in a worker
        found = first_stage([folder])
        result.append(list(load_stages([folder], found=found))[-1].catalog)

    thread = threading.Thread(target=start, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "a start blocked on a FIFO"
    assert len(result[0]) == 16
    assert cache.cache_path().is_file() and len(cache.load_cache()) == 6  # a cache written in its place


def test_a_fifo_in_place_of_the_cache_does_not_block_export(tmp_path):
    import subprocess
    import sys

    folder = library_copy(tmp_path)
    cache.cache_path().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache.cache_path())
    done = subprocess.run([sys.executable, "-m", "reader", "export", str(folder), "-f", "jsonl"], capture_output=True, text=True, timeout=60, env=os.environ)
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 16


def test_after_a_start_every_paper_comes_from_the_cache_without_parsing(tmp_path, monkeypatch):
    folder = library_copy(tmp_path)
    cold = list(load_stages([folder]))[-1].catalog
    assert all(isinstance(blob, memoryview) for blob in cold.blobs)  # the parsed copies let go: mapped from the cache
    expected = seen(load_catalog([folder], use_cache=False))
    from reader.core import parse

    def no_parsing(path):
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(parse, "parse_file", no_parsing)
    for catalog in (cold, list(load_stages([folder]))[-1].catalog, load_catalog([folder])):
        assert all(catalog.paper_ready(row) for row in range(len(catalog)))
        assert [catalog.paper(row) for row in range(len(catalog))] == expected[8]
        assert seen(catalog) == expected


def test_a_record_without_papers_is_not_ready_and_its_paper_is_read_from_the_file():
    records = [record_file(str(p)) for p in sorted(SAMPLES.glob("*.md"))]
    bare = [FileRecord(r.path, r.size, r.mtime_ns, r.rows, r.texts, r.warnings) for r in records]
    catalog = Catalog.from_records(bare)
    assert not any(catalog.paper_ready(row) for row in range(len(catalog)))
    assert catalog.papers(range(len(catalog))) == Catalog.from_records(records).papers(range(len(catalog)))


# --- the catalog's image: a warm start reads it alone ---------------------------------------------


def everything(catalog: Catalog) -> tuple:
    """What a user sees, and what the index and the list's order are made of."""
    return (*seen(catalog), catalog.file_of, catalog.positions, catalog.index_rows, catalog.index_pieces, catalog.suspects,
            catalog.title_ends, catalog.author_ends, catalog.label_ends)


def test_a_warm_start_takes_the_whole_catalog_from_its_image_without_reading_a_record(tmp_path, monkeypatch, real_digests):
    list(load_stages([real_digests]))  # a first start writes the cache and the image
    parsed = everything(load_catalog([real_digests], use_cache=False))

    def no_records(*args, **kwargs):
        raise AssertionError("a warm start read the records")

    monkeypatch.setattr(cache, "load_cache", no_records)
    stages = list(load_stages([real_digests]))  # the app's way: papers checked, nothing to mend
    assert everything(stages[-1].catalog) == parsed
    assert everything(load_catalog([real_digests])) == parsed  # export's


def test_a_warm_start_lists_all_days_in_the_orders_a_sort_gives(tmp_path, real_digests):
    list(load_stages([real_digests]))
    warm = list(load_stages([real_digests]))[-1].catalog
    parsed = load_catalog([real_digests], use_cache=False)
    assert warm.presorted is not None  # kept with the image: nothing is sorted
    for sort in Sort:
        assert Browser(warm).order(None, sort) == Browser(parsed).order(None, sort)


def test_a_changed_or_new_file_means_the_records_are_read_and_the_image_written_again(tmp_path, monkeypatch):
    folder = library_copy(tmp_path)
    list(load_stages([folder]))
    newest = sorted(folder.glob("*.md"))[-1]
    newest.write_text(newest.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another size
    shutil.copy(sorted(folder.glob("*.md"))[0], folder / "2020-01-01.md")
    files = sorted(str(p) for p in folder.glob("*.md"))
    signatures = [(os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in files]
    assert cache.load_image(files, signatures) is None  # not the image of these files
    catalog = list(load_stages([folder]))[-1].catalog
    assert everything(catalog) == everything(load_catalog([folder], use_cache=False))
    found = cache.load_image(catalog.files, [(os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in catalog.files])
    assert found is not None and everything(found) == everything(catalog) and cache.records_intact()  # the new image


def test_a_file_spanning_days_has_no_image_and_loads_from_its_records(tmp_path):
    folder = library_copy(tmp_path)
    first, second = sorted(folder.glob("*.md"))[:2]
    (folder / "both.md").write_text(first.read_text(encoding="utf-8") + "\n" + second.read_text(encoding="utf-8"), encoding="utf-8")
    list(load_stages([folder]))
    catalog = load_catalog([folder])
    assert catalog.image() is None
    assert cache.load_image(catalog.files, [(os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in catalog.files]) is None
    assert everything(catalog) == everything(load_catalog([folder], use_cache=False))


def test_damaged_records_under_an_intact_image_are_mended_at_the_next_start(tmp_path):
    folder = library_copy(tmp_path)
    list(load_stages([folder]))
    path = cache.cache_path()
    whole = bytearray(path.read_bytes())
    records = cache.load_cache(path)
    name = next(iter(records))
    at = whole.find(name.encode()) + len(name) + 2  # inside the first record's entry, not the image
    whole[at] ^= 0xFF
    path.write_bytes(bytes(whole))
    assert len(cache.load_cache(path)) == len(records) - 1 and not cache.records_intact(path)
    catalog = list(load_stages([folder]))[-1].catalog  # shown from the image, the record mended behind it
    assert everything(catalog) == everything(load_catalog([folder], use_cache=False))
    assert cache.load_cache(path) == records


def test_a_cache_without_a_fitting_image_gets_one_at_the_next_start(tmp_path):
    folder = library_copy(tmp_path)
    list(load_stages([folder]))
    path = cache.cache_path()
    assert cache.save_cache(cache.load_cache(path), path) is None  # the same records, no image (or a damaged one)
    files = sorted(str(p) for p in folder.glob("*.md"))
    signatures = [(os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in files]
    assert cache.load_image(files, signatures) is None
    catalog = list(load_stages([folder]))[-1].catalog  # from the records, nothing changed
    found = cache.load_image(files, signatures)
    assert found is not None and everything(found) == everything(catalog)
