"""Reading state: the SQLite store, two writers, corruption, and export --starred."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from datetime import date

import pytest

from reader.cli import main
from reader.core import state
from reader.core.state import StateError, StateStore, open_marks, state_path

from .conftest import SAMPLES


def test_round_trip(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    store.set_read("2405.00001")
    store.set_starred("2405.00002", True)
    store.set_note("2405.00003", "  읽어볼 것  ")
    store.close()
    again = StateStore(tmp_path / "s.sqlite3")
    marks = again.marks()
    assert marks.read == {"2405.00001"} and marks.starred == {"2405.00002"} and marks.noted == {"2405.00003"}
    assert again.note("2405.00003") == "읽어볼 것"
    again.set_starred("2405.00002", False)
    again.set_note("2405.00003", "")
    assert not again.marks().starred and not again.marks().noted


def _writer(path, prefix, count):
    store = StateStore(path)
    for i in range(count):
        store.set_starred(f"{prefix}.{i}", True)
    store.close()


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "s.sqlite3"
    StateStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, p, 200)) for p in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    starred = StateStore(path).marks().starred
    assert len(starred) == 400


def test_two_open_stores_interleaved(tmp_path):
    path = tmp_path / "s.sqlite3"
    one, two = StateStore(path), StateStore(path)
    one.set_starred("x", True)
    two.set_starred("y", True)
    one.set_note("x", "from one")
    assert StateStore(path).marks().starred == {"x", "y"}


def test_garbage_state_file_is_moved_aside_and_kept(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = StateStore(path)
    assert store.moved_aside is not None and store.moved_aside.read_bytes().startswith(b"this is not a database")
    assert store.moved_aside.name.startswith("s.sqlite3.corrupt-")
    store.set_starred("k", True)
    assert StateStore(path).marks().starred == {"k"}


def test_unwritable_state_directory_works_in_memory(tmp_path):
    blocker = tmp_path / "a-file"  # a folder that cannot be made, whoever runs the test (even root)
    blocker.write_text("x")
    store = StateStore(blocker / "sub" / "s.sqlite3")
    assert store.problem and "cannot be saved" in store.problem
    store.set_starred("k", True)
    assert store.marks().starred == {"k"}
    assert blocker.read_text() == "x"


def test_write_failure_raises_state_error(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    store.db.execute("PRAGMA query_only = ON")
    try:
        store.set_starred("k", True)
    except StateError as error:
        assert "could not save" in str(error)
    else:
        raise AssertionError("expected StateError")


def test_new_days_since_last_session(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    assert store.record_days([date(2024, 1, 1), date(2024, 1, 2)]) == set()  # first run: nothing is "new"
    assert store.record_days([date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]) == {date(2024, 1, 3)}
    assert store.record_days([date(2024, 1, 3)]) == set()
    assert store.record_days([date(2023, 6, 1), date(2024, 1, 4)]) == {date(2024, 1, 4)}  # an old archive is not "new"


def test_a_first_start_records_thousands_of_days_in_one_commit(tmp_path):
    from datetime import timedelta

    store = StateStore(tmp_path / "s.sqlite3")
    statements = []
    store.db.set_trace_callback(statements.append)
    days = [date(2018, 1, 1) + timedelta(days=n) for n in range(3000)]
    assert store.record_days(days) == set()
    # each its own commit was 0.7 s for 2,920 days, on the UI thread, at a first start
    assert sum(s.strip().upper() in ("BEGIN", "COMMIT") for s in statements) == 2
    assert store.record_days([*days, date(2027, 1, 1)]) == {date(2027, 1, 1)}  # every one of them was kept


def test_export_starred_and_unread(capsys, tmp_path):
    os.environ["DAILY_PAPERS_STATE"] = str(tmp_path / "state")
    try:
        store = StateStore(state_path())
        store.set_starred("2503.14001", True)
        store.set_starred("2407.05120", True)
        store.set_read("2503.14001")
        store.close()
        assert main(["export", str(SAMPLES), "--starred"]) == 0
        assert [r["arxiv_id"] for r in json.loads(capsys.readouterr().out)] == ["2503.14001", "2407.05120"]
        assert main(["export", str(SAMPLES), "--starred", "--unread", "-f", "bibtex"]) == 0
        assert capsys.readouterr().out.count("@misc") == 1
        assert main(["export", str(SAMPLES), "--query", "is:starred -is:unread", "-f", "jsonl"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 1
    finally:
        del os.environ["DAILY_PAPERS_STATE"]


def test_state_dir_option(capsys, tmp_path):
    store = StateStore(tmp_path / "elsewhere" / "state.sqlite3")
    store.set_starred("2503.14001", True)
    store.close()
    assert main(["export", str(SAMPLES), "--starred", "--state-dir", str(tmp_path / "elsewhere")]) == 0
    assert [r["arxiv_id"] for r in json.loads(capsys.readouterr().out)] == ["2503.14001"]


# --- telling "damaged" from "cannot write now" -----------------------------------------------


def _old_state_file(path):
    """A healthy state file from before the days/meta tables: opening it has to write."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE papers (key TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
               " note TEXT NOT NULL DEFAULT '', updated REAL NOT NULL DEFAULT 0)")
    db.executemany("INSERT INTO papers (key, starred, note) VALUES (?, 1, 'keep me')", [(f"2401.{i:05d}",) for i in range(50)])
    db.commit()
    db.close()


def _disk_full(monkeypatch):
    """A full disk, simulated by SQLite itself: every connection may not grow the file by a page
    (``PRAGMA max_page_count``), so any write that needs space fails with a real SQLITE_FULL."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        db = real(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return db

    monkeypatch.setattr(state.sqlite3, "connect", connect)


def test_full_disk_at_start_keeps_the_healthy_file_read_only(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite3"
    _old_state_file(path)
    _disk_full(monkeypatch)
    store = StateStore(path)
    assert store.moved_aside is None and not list(tmp_path.glob("*.corrupt-*"))
    assert "read-only" in store.problem and "full" in store.problem and str(path) in store.problem
    assert len(store.marks().starred) == 50 and store.note("2401.00001") == "keep me"  # reads work
    with pytest.raises(StateError, match=r"read-only now .*full"):
        store.set_starred("2401.99999", True)
    store.record_days([date(2024, 1, 1)])  # no crash, nothing written
    store.close()
    monkeypatch.undo()  # space freed: everything is still there and writable again
    again = StateStore(path)
    assert again.problem is None and len(again.marks().starred) == 50
    again.set_starred("2401.99999", True)
    assert len(StateStore(path).marks().starred) == 51


def test_full_disk_while_running_raises_state_error_and_keeps_the_file(tmp_path):
    path = tmp_path / "s.sqlite3"
    store = StateStore(path)
    store.set_starred("k", True)
    store.db.execute(f"PRAGMA max_page_count = {store.db.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(StateError, match="database or disk is full"):
        for i in range(2000):
            store.set_note(f"n{i}", "x" * 500)
    store.close()
    again = StateStore(path)
    assert again.moved_aside is None and "k" in again.marks().starred


def test_damaged_index_page_is_found_by_quick_check_and_moved_aside(tmp_path):
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    for i in range(500):
        store.set_starred(f"2401.{i:05d}", True)
    page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = store.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_papers_1'").fetchone()[0]
    store.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
    with pytest.raises(StateError, match="is damaged"):  # export must not say "nothing starred"
        _open_marks_at(tmp_path, path)
    store = StateStore(path)  # no DatabaseError at every start
    assert store.moved_aside is not None and store.moved_aside.read_bytes() == bytes(data)
    store.set_starred("k", True)
    assert store.marks().starred == {"k"} and store.note("k") == ""


def test_foreign_schema_is_moved_aside_not_a_crash(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE papers (id INTEGER PRIMARY KEY, title TEXT)")
    db.execute("INSERT INTO papers (title) VALUES ('someone else''s')")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="not a daily-papers state file"):
        _open_marks_at(tmp_path, path)
    store = StateStore(path)
    assert store.moved_aside is not None and "not a daily-papers state file" in store.damage
    store.set_note("k", "mine")
    assert store.notes() == {"k": "mine"}


def _open_marks_at(folder, path):
    os.environ["DAILY_PAPERS_STATE"] = str(folder)
    try:
        assert state_path() == path
        return open_marks()
    finally:
        del os.environ["DAILY_PAPERS_STATE"]


@pytest.mark.parametrize(("code", "damaged"), [(11, True), (26, True), (13, False), (10, False), (8, False), (14, False), (5, False), (3850, False)])
def test_damage_is_told_from_cannot_write_now(code, damaged):
    error = sqlite3.OperationalError("x")
    error.sqlite_errorcode = code
    assert state.is_damage(error) is damaged
