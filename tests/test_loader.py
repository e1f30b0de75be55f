"""Loading in stages, and stopping when the app quits (a thread cannot be interrupted)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reader.core.catalog import Catalog, record_file
from reader.core.library import MissingPathError
from reader.core.loader import LoadStopped, load_stages

from .conftest import SAMPLES


def test_loading_stops_between_files_when_asked():
    stages = load_stages([SAMPLES], stop=lambda: True)
    next(stages)  # the newest day is parsed before the first screen, whatever happens
    with pytest.raises(LoadStopped):
        next(stages)


def test_building_the_index_stops_when_asked_and_searches_read_the_texts_meanwhile(monkeypatch):
    from reader.core import search as search_module
    from reader.core.loader import build_index
    from reader.core.search import search

    monkeypatch.setattr(search_module, "INDEX_MIN_ROWS", 0)  # the samples' 16 rows are looked up too
    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))
    scanned = search(catalog, "모델")
    assert build_index(catalog, use_cache=False, stop=lambda: True) is False
    assert catalog.index is None
    assert build_index(catalog, use_cache=False) is True
    assert catalog.index is not None and search(catalog, "모델") == scanned != []
    assert search(Catalog.from_records([]), "모델") == []


def test_without_memory_to_store_the_index_the_app_is_told_and_keeps_the_index(monkeypatch):
    from reader.core import cache
    from reader.core.loader import build_index

    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))

    def no_memory(found):
        raise MemoryError

    monkeypatch.setattr(cache, "save_index", no_memory)
    said: list[str] = []
    assert build_index(catalog, report=said.append) is True
    assert catalog.index is not None and "next start" in said[0]


def test_without_memory_for_the_index_search_reads_the_texts_and_says_why(monkeypatch):
    from reader.core import index
    from reader.core.loader import build_index
    from reader.core.search import search

    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(index, "build", no_memory)
    said: list[str] = []
    assert build_index(catalog, use_cache=False, report=said.append) is True  # done: nothing to wait for
    assert catalog.index is None and "search index" in said[0]
    assert search(catalog, "모델") != []


def test_the_newest_day_is_parsed_once_then_read_from_the_snapshot(monkeypatch):
    from reader.core import parse
    from reader.core.loader import first_stage

    stages = list(load_stages([SAMPLES]))  # what a first start does: it keeps the newest day
    parses = []
    real = parse.parse_file
    monkeypatch.setattr(parse, "parse_file", lambda path: parses.append(path) or real(path))
    stage = first_stage([SAMPLES]).stage
    assert parses == [] and not stage.snapshot  # nothing parsed, nothing to save again
    parsed_stage = stages[0]
    assert stage.catalog.titles == parsed_stage.catalog.titles and stage.catalog.texts == parsed_stage.catalog.texts
    assert stage.catalog.paper(0) == parsed_stage.catalog.paper(0)  # the detail pane's paper, whole
    assert parses == []
    fresh = first_stage([SAMPLES], use_cache=False).stage
    assert parses and fresh.snapshot


def test_the_newest_day_is_read_before_the_ui_starts_but_a_slow_disk_does_not_hold_it(monkeypatch):
    import threading

    from reader.core import loader

    first = loader.FirstStage([SAMPLES], head_start=60)  # returns as soon as it is done
    assert first.ready() and first.result()[0] is not None  # the first frame can show the newest day

    disk = threading.Event()
    real = loader.first_stage
    monkeypatch.setattr(loader, "first_stage", lambda paths: disk.wait() and real(paths))
    slow = loader.FirstStage([SAMPLES], head_start=0.01)
    assert not slow.ready()  # the UI starts meanwhile, with "Loading…"
    disk.set()
    assert slow.result()[0] is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a process of its own only on Linux")
@pytest.mark.parametrize("start", ["cold", "warm"])
def test_a_launch_reads_the_newest_day_in_a_process_of_its_own_and_gets_the_same(start, tmp_path, monkeypatch):
    from reader.core import loader

    monkeypatch.setenv("DAILY_PAPERS_CACHE", str(tmp_path / "cache"))
    if start == "warm":  # the newest day from the snapshot (views of its map), the walk kept
        list(load_stages([SAMPLES]))
    here = loader.first_stage([SAMPLES])
    monkeypatch.setattr(loader, "first_stage", lambda paths: pytest.fail("read in this process"))
    found = loader.FirstStage([SAMPLES], process=True).result()
    assert found.files == here.files and found.warnings == here.warnings
    assert found.stage is not None and here.stage is not None
    assert found.stage.catalog.titles == here.stage.catalog.titles and found.stage.catalog.paper(0) == here.stage.catalog.paper(0)
    assert (found.walk and found.walk[:2]) == (here.walk and here.walk[:2])  # to keep for the next start (folders, newest files), as a thread's
    with pytest.raises(MissingPathError):
        loader.FirstStage([tmp_path / "gone"], process=True).result()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a process of its own only on Linux")
def test_once_that_process_has_ended_its_day_is_ready_without_waiting_for_it(monkeypatch):
    from reader.core import loader

    started = []
    spawn = loader.os.posix_spawn
    monkeypatch.setattr(loader.os, "posix_spawn", lambda *args, **kwargs: started.append(spawn(*args, **kwargs)) or started[-1])
    first = loader.FirstStage([SAMPLES], process=True)
    assert started
    os.waitid(os.P_PID, started[0], os.WEXITED | os.WNOWAIT)  # until it has ended, leaving it to be collected
    assert first.ready()  # what the screen asks at mount: the first frame shows the newest day
    assert first.result().stage is not None


def test_when_that_process_fails_the_newest_day_is_read_here(monkeypatch):
    from reader.core import loader

    monkeypatch.setattr(loader.sys, "executable", "/bin/false")  # starts, writes nothing, exits 1
    found = loader.FirstStage([SAMPLES], process=True).result()
    assert found.stage is not None and found.stage.catalog.titles
    with pytest.raises(SystemExit):  # it found another copy of the reader than the one that started it
        loader.send_first_stage("/elsewhere/reader/core/loader.py", [str(SAMPLES)])


# --- the walk: kept while no folder changed ---------------------------------------------------


def sample_library(root):
    """The samples in a folder per day under ``root``."""
    import shutil

    for path in sorted(SAMPLES.glob("*.md")):
        folder = root / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    return root


@pytest.fixture
def walks_begin_later(monkeypatch):
    """Walks that begin 3 s from now, so the library a test has just written is older than the
    2 s within which a changed folder is never trusted (a test does not wait that long)."""
    import time
    from types import SimpleNamespace

    from reader.core import loader

    monkeypatch.setattr(loader, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 3_000_000_000, monotonic=time.monotonic, sleep=time.sleep))


def test_a_start_takes_the_last_walk_while_no_folder_changed_and_walks_again_when_one_did(tmp_path, monkeypatch, walks_begin_later):
    from reader.core import loader

    library = sample_library(tmp_path / "library")
    walked = loader.first_stage([library])
    list(loader.load_stages([library], found=walked))  # the start goes on, and keeps its walk
    real_walk = loader.find_digest_files

    def no_walk(*args, **kwargs):
        raise AssertionError("walked again")

    monkeypatch.setattr(loader, "find_digest_files", no_walk)
    again = loader.first_stage([library])
    assert again[1] == walked[1] and again[2] == walked[2] and [Path(f).name for f in again[0].catalog.files] == [Path(f).name for f in walked[0].catalog.files]
    monkeypatch.setattr(loader, "find_digest_files", real_walk)
    newest = sorted(library.rglob("*.md"))[-1]
    (newest.parent / "2099-01-01.md").write_bytes(newest.read_bytes())  # a new day arrives in that folder
    found = loader.first_stage([library])
    assert found[1] == sorted([*walked[1], str(newest.parent / "2099-01-01.md")]) and found[0] is not None
    assert [Path(f).name for f in found[0].catalog.files] == ["2099-01-01.md"]
    (newest.parent / "2099-01-01.md").unlink()  # and goes
    assert loader.first_stage([library])[1] == walked[1]


def test_a_walk_is_not_kept_when_a_folder_changes_before_the_start_keeps_it(tmp_path):
    import os

    from reader.core import cache, loader

    library = sample_library(tmp_path / "library")
    found = loader.first_stage([library])  # the first screen's walk; its folders are looked at later
    newest = sorted(library.rglob("*.md"))[-1]
    (newest.parent / "2099-01-01.md").write_bytes(newest.read_bytes())  # arrives while the first screen is drawn
    os.utime(newest.parent, (1, 1))  # by a copy that keeps times (rsync -a): the status change time still says
    list(loader.load_stages([library], found=found))
    assert cache.load_walk([library]) is None
    assert str(newest.parent / "2099-01-01.md") in loader.first_stage([library]).files


def test_a_walk_that_met_a_problem_or_is_damaged_is_walked_again(tmp_path, walks_begin_later):
    from reader.core import cache, loader

    library = sample_library(tmp_path / "library")
    found = loader.first_stage([library])
    list(loader.load_stages([library], found=found))
    assert cache.load_walk([library]) is not None
    assert cache.load_walk([library / "2023-11-20", library]) is None  # other paths: another walk
    data = bytearray(cache.walk_path().read_bytes())
    data[-3] ^= 0xFF
    cache.walk_path().write_bytes(bytes(data))
    assert cache.load_walk([library]) is None and loader.first_stage([library])[1] == found[1]
    (library / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # a link leading out: a warning
    found = loader.first_stage([library])
    list(loader.load_stages([library], found=found))
    assert found.warnings and cache.load_walk([library]) is None  # whatever fixes it may change no folder's times


def test_a_walk_of_relative_paths_is_not_taken_from_another_folder_nor_kept_without_one(tmp_path, monkeypatch, walks_begin_later):
    import os

    from reader.core import cache, loader

    for name in ("one", "two"):
        sample_library(tmp_path / name / "library")
    (next((tmp_path / "two" / "library").rglob("*.md"))).unlink()
    monkeypatch.chdir(tmp_path / "one")
    list(loader.load_stages([Path("library")]))
    assert cache.load_walk([Path("library")]) is not None
    monkeypatch.chdir(tmp_path / "two")
    assert cache.load_walk([Path("library")]) is None
    assert len(loader.first_stage([Path("library")])[1]) == len(list((tmp_path / "two" / "library").rglob("*.md")))
    absolute = tmp_path / "one" / "library"
    (tmp_path / "gone").mkdir()
    monkeypatch.chdir(tmp_path / "gone")
    os.rmdir(tmp_path / "gone")  # the working folder deleted under the app: the load still ends
    assert len(list(loader.load_stages([absolute]))) == 2


def test_the_app_hears_the_index_is_ready_before_it_is_stored_and_once(monkeypatch):
    from reader.core import cache
    from reader.core.loader import build_index

    catalog = Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))
    happened: list[str] = []
    save_index = cache.save_index
    monkeypatch.setattr(cache, "save_index", lambda found: happened.append("stored") or save_index(found))
    assert build_index(catalog, ready=lambda: happened.append(f"ready, searching with {'an' if catalog.index else 'no'} index"))
    assert happened == ["ready, searching with an index", "stored"]
    happened.clear()
    assert build_index(catalog, ready=lambda: happened.append("ready again"))  # it has one: said at once
    assert happened == ["ready again"]


def test_the_catalog_gives_back_each_file_s_texts_as_its_record_had_them():
    records = [record_file(str(p)) for p in sorted(SAMPLES.glob("*.md"))]
    catalog = Catalog.from_records(records)  # newest day first: not the records' order
    assert [bytes(texts) for texts in catalog.file_texts()] == [bytes(r.texts) for r in records]


def test_records_parsed_in_worker_processes_come_back_whole_and_leave_no_files(tmp_path, monkeypatch):
    """Their texts and papers come back through files (see loader.spill_record), mapped: the
    catalog has every paper and text a parse here gives, the cache is written from them, and no
    worker's file is left in the cache's folder."""
    import os

    from reader.core import loader
    from reader.core.dirs import cache_dir
    from reader.core.search import search

    from .test_index import dated_copies

    folder = dated_copies(tmp_path / "digests", [f"2024-04-{d:02}" for d in range(1, 13)])
    here = loader.load_catalog([folder], use_cache=False)  # small: parsed in this process
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    spilled = []
    real = loader._unspilled
    monkeypatch.setattr(loader, "_unspilled", lambda records: spilled.append(len(records)) or real(records))
    stages = list(load_stages([folder]))
    assert spilled == [12]  # every file, in the processes
    for catalog in (stages[-1].catalog, loader.load_catalog([folder])):  # as parsed, then from the cache written
        assert len(catalog) == len(here)
        assert list(catalog.texts) == list(here.texts)
        assert catalog.papers(range(len(catalog))) == here.papers(range(len(here)))
        assert search(catalog, "모델") == search(here, "모델")
    assert [name for name in os.listdir(cache_dir()) if name.startswith(".")] == []  # no worker's (or temporary) file


def test_a_cold_load_checks_the_summaries_after_its_stage_and_stores_them(tmp_path, monkeypatch):
    """A cold parse in worker processes leaves the suspect check for after the complete stage
    (the app builds the index first): the stage says its suspects are not known, and once the
    loader goes on they are the ones a parse that checks as it goes finds, the callback hears
    of it, and the cache written holds them."""
    from reader.core import loader

    from .test_index import dated_copies

    folder = dated_copies(tmp_path / "digests", [f"2024-05-{d:02}" for d in range(1, 13)])
    here = loader.load_catalog([folder], use_cache=False)  # checked as each file is parsed
    assert any(here.suspects) and here.suspects_known
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    heard: list[Catalog] = []
    stages = load_stages([folder], checked=heard.append)
    complete = next(stage for stage in stages if stage.complete)
    catalog = complete.catalog
    assert not catalog.suspects_known and not any(catalog.suspects) and heard == []
    for _ in stages:  # the check, then the cache's write
        pass
    assert heard == [catalog] and catalog.suspects_known
    assert [(catalog.key(r), catalog.suspects[r]) for r in range(len(catalog))] == [(here.key(r), here.suspects[r]) for r in range(len(here))]
    warm = loader.load_catalog([folder])  # from the cache just written
    assert warm.suspects_known and warm.suspects == catalog.suspects


def test_without_a_listener_a_cold_load_checks_the_summaries_as_it_parses(tmp_path, monkeypatch):
    from reader.core import loader

    from .test_index import dated_copies

    folder = dated_copies(tmp_path / "digests", [f"2024-06-{d:02}" for d in range(1, 13)])
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    complete = next(stage for stage in load_stages([folder], use_cache=False) if stage.complete)
    assert complete.catalog.suspects_known and any(complete.catalog.suspects)


def test_a_summary_check_whose_blob_does_not_decode_parses_the_file_again(tmp_path):
    from dataclasses import replace

    from reader.core import loader

    path = str(SAMPLES / "2024-12-10.md")
    checked = record_file(path)
    unchecked = record_file(path, check=False)
    assert any(row[-1] for row in checked.rows)  # a summary of this sample describes another paper
    assert not unchecked.checked and not any(row[-1] for row in unchecked.rows)
    records = {path: replace(unchecked, papers=b"not a blob")}
    catalog = Catalog.from_records(records.values())
    catalog.suspects_known = False
    loader._check_summaries(catalog, records, [path], None, lambda: False)
    assert records[path].rows == checked.rows and records[path].checked
    assert catalog.suspects_known and catalog.suspects == [row[-1] for row in checked.rows]


def test_when_the_worker_processes_fail_the_summaries_are_checked_here(tmp_path, monkeypatch):
    from reader.core import loader

    from .test_index import dated_copies

    folder = dated_copies(tmp_path / "digests", [f"2024-08-{d:02}" for d in range(1, 13)])
    here = loader.load_catalog([folder], use_cache=False)
    monkeypatch.setattr(loader, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "check_blobs", lambda blobs: [])  # a task the processes cannot run (not picklable)
    discarded: list[bool] = []
    discard = loader.Workers.discard
    monkeypatch.setattr(loader.Workers, "discard", lambda self: (discarded.append(True), discard(self)))
    probe = loader.Workers()
    if probe.pool() is None:
        pytest.skip("no worker processes on this machine: nothing to fall back from")
    probe.shutdown()
    heard: list[Catalog] = []
    stages = list(load_stages([folder], use_cache=False, checked=heard.append))
    catalog = stages[-1].catalog
    assert discarded  # the processes failed the check: it was done here
    assert heard == [catalog] and catalog.suspects_known
    assert catalog.suspects == here.suspects and any(catalog.suspects)
